// Copies and conversions of a tensor: clone, a change of dtype or device, copy_, fill_,
// write_slice_ and set_data.
#include "autograd/backend.h"
#include "autograd/creation.h"
#include "autograd/graph.h"

#include <cstring>

namespace buildgpt {
namespace {

// Host tensors up to this size reach another device through its pinned staging memory.
constexpr size_t kStagedBytes = size_t{16} << 20;

// A block of a device's pinned staging memory, given back at the end of the scope.
class PinnedBlock {
 public:
  PinnedBlock(Backend& kernels, size_t nbytes)
      : kernels_(kernels), nbytes_(nbytes), data_(kernels.allocate_pinned(nbytes)) {}
  ~PinnedBlock() { kernels_.deallocate_pinned(data_, nbytes_); }
  PinnedBlock(const PinnedBlock&) = delete;
  PinnedBlock& operator=(const PinnedBlock&) = delete;
  void* data() const { return data_; }

 private:
  Backend& kernels_;
  size_t nbytes_;
  void* data_;
};

// dst = the host tensor src's bytes. Small tensors (a step's batch) go through the device's
// pinned memory, so the copy is queued behind the device's work instead of waiting for it; the
// block returns to the device's cache once the queued copy has read it. Larger ones (a model's
// weights, moved once) are copied from where they are, which waits for the device's queue.
void copy_from_cpu(const Tensor& src, Tensor& dst) {
  Backend& kernels = kernels_for(dst);
  const size_t n = dst.nbytes();
  if (dst.device().is_cpu() || n == 0 || n > kStagedBytes) {
    kernels.copy_from_host(src.raw_data(), dst);
    return;
  }
  const PinnedBlock staging(kernels, n);
  std::memcpy(staging.data(), src.raw_data(), n);
  kernels.copy_from_host(staging.data(), dst);
}

}  // namespace

Tensor Tensor::clone() const {
  check_defined("clone", *this, "tensor");
  Tensor out = empty(shape(), dtype(), device());
  kernels_for(out).copy(*this, out);
  // d clone(x) = dx
  return record("clone", out, {*this},
                [](const Tensor& g, const NeedsGrad&) -> Grads { return {g}; });
}

Tensor Tensor::to(DType target) const {
  if (target == dtype()) return *this;
  Tensor out = empty(shape(), target, device());
  kernels_for(out).cast(*this, out);
  return out;  // a change of dtype leaves float32, so no gradient flows through it
}

Tensor Tensor::to(Device target) const {
  if (target == device()) return *this;
  Tensor out = empty(shape(), dtype(), target);
  if (device().is_cpu()) {
    copy_from_cpu(*this, out);
  } else if (target.is_cpu()) {
    kernels_for(*this).copy_to_host(*this, out.raw_data());
  } else {  // between two devices, through host memory
    out.copy_(to(Device::cpu()));
  }
  // d x.to(device) = dy.to(x's device)
  return record(
      "to", out, {*this},
      [source = device()](const Tensor& g, const NeedsGrad&) -> Grads { return {g.to(source)}; });
}

void Tensor::copy_(const Tensor& src) {
  check_defined("copy_", src, "source");
  if (src.shape() != shape()) {
    fail("copy_", "source shape " + shape_str(src.shape()) + " differs from destination " +
                      shape_str(shape()));
  }
  check_same_dtype("copy_", *this, src);
  if (src.device() == device()) {
    kernels_for(*this).copy(src, *this);
  } else {
    copy_from_cpu(src.detach().to(Device::cpu()), *this);
  }
}

void Tensor::fill_(double value) { kernels_for(*this).fill(*this, value); }

void Tensor::write_slice_(int64_t dim, int64_t start, const Tensor& src) {
  constexpr const char* op = "write_slice_";
  check_defined(op, src, "source");
  check_same_device(op, *this, src);
  check_same_dtype(op, *this, src);
  if (grad_mode_enabled() && src.requires_grad()) {
    fail(op,
         "the write is not differentiable and would drop the source's gradient: write under "
         "NoGradGuard or write src.detach()");
  }
  const int64_t d = normalize_dim(dim, this->dim(), op);
  Shape expected = shape();
  if (src.dim() == this->dim()) expected[d] = src.size(d);
  if (src.shape() != expected || start < 0 || start + src.size(d) > size(d)) {
    fail(op, "cannot write " + shape_str(src.shape()) + " at " + std::to_string(start) +
                 " along dimension " + std::to_string(d) + " of " + shape_str(shape()));
  }
  kernels_for(*this).copy_into_slice(src, *this, d, start);
}

void Tensor::set_data(const Tensor& data) {
  TensorImpl& impl = checked_impl();
  check_defined("set_data", data, "data");
  if (impl.grad_fn) fail("set_data", "can only replace the data of a leaf tensor");
  if (data.shape() != impl.shape || data.dtype() != impl.dtype) {
    fail("set_data", "data " + std::string(dtype_name(data.dtype())) + " " +
                         shape_str(data.shape()) + " does not match the tensor's " +
                         dtype_name(impl.dtype) + " " + shape_str(impl.shape));
  }
  impl.storage = data.impl()->storage;
  if (impl.grad) impl.grad = Tensor(impl.grad).detach().to(data.device()).impl();
}

}  // namespace buildgpt
