#include "autograd/tensor.h"

#include <sstream>
#include <stdexcept>

#include "autograd/graph.h"

namespace buildgpt {

void fail(const char* op, const std::string& message) {
  throw std::invalid_argument(std::string(op) + ": " + message);
}

void check_defined(const char* op, const Tensor& t, const char* what) {
  if (!t.defined()) fail(op, std::string(what) + " is an undefined tensor");
}

void check_dtype(const char* op, const Tensor& t, DType expected, const char* what) {
  check_defined(op, t, what);
  if (t.dtype() != expected) {
    fail(op, std::string(what) + " must be " + dtype_name(expected) + ", got " +
                 dtype_name(t.dtype()) + " of shape " + shape_str(t.shape()));
  }
}

void check_float(const char* op, const Tensor& t, const char* what) {
  check_dtype(op, t, kFloat32, what);
}

void check_same_device(const char* op, const Tensor& a, const Tensor& b) {
  if (a.device() != b.device()) {
    fail(op, "tensors are on different devices: " + a.device().str() + " and " + b.device().str());
  }
}

void check_same_dtype(const char* op, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype()) {
    fail(op, std::string("dtypes differ: ") + dtype_name(a.dtype()) + " " + shape_str(a.shape()) +
                 " and " + dtype_name(b.dtype()) + " " + shape_str(b.shape()));
  }
}

void check_numeric(const char* op, const Tensor& t) {
  if (t.dtype() == kBool) fail(op, std::string("does not support dtype ") + dtype_name(t.dtype()));
}

Tensor::Tensor(const Shape& shape, DType dtype, Device device)
    : impl_(std::make_shared<TensorImpl>()) {
  for (int64_t s : shape) {
    if (s < 0) fail("Tensor", "negative size in shape " + shape_str(shape));
  }
  impl_->storage = std::make_shared<Storage>(shape_nbytes(shape, dtype_size(dtype)), device);
  impl_->shape = shape;
  impl_->dtype = dtype;
}

TensorImpl& Tensor::checked_impl() const {
  if (!impl_) throw std::logic_error("Tensor: use of an undefined tensor");
  return *impl_;
}

const Shape& Tensor::shape() const { return checked_impl().shape; }
int64_t Tensor::size(int64_t d) const { return shape()[normalize_dim(d, dim(), "size")]; }
int64_t Tensor::dim() const { return static_cast<int64_t>(shape().size()); }
int64_t Tensor::numel() const { return shape_numel(shape()); }
DType Tensor::dtype() const { return checked_impl().dtype; }
Device Tensor::device() const { return checked_impl().storage->device(); }
size_t Tensor::nbytes() const { return numel() * dtype_size(dtype()); }
const std::string& Tensor::name() const { return checked_impl().name; }
Tensor& Tensor::set_name(std::string name) {
  checked_impl().name = std::move(name);
  return *this;
}

std::string Tensor::str() const {
  std::ostringstream os;
  os << *this;
  return os.str();
}

void* Tensor::raw_data() const { return checked_impl().storage->data(); }

template <typename T>
T* Tensor::data() {
  return const_cast<T*>(static_cast<const Tensor*>(this)->data<T>());
}

template <typename T>
const T* Tensor::data() const {
  if (dtype() != dtype_of<T>()) {
    fail("data",
         std::string("tensor holds ") + dtype_name(dtype()) + ", not " + dtype_name(dtype_of<T>()));
  }
  if (!device().is_cpu()) {
    fail("data", "the tensor is on " + device().str() +
                     "; its elements can be read on the CPU only (use to(Device::cpu()) or "
                     "to_vector())");
  }
  return static_cast<const T*>(raw_data());
}

template <typename T>
std::vector<T> Tensor::to_vector() const {
  const Tensor host = detach().to(Device::cpu());
  const T* p = host.data<T>();
  return std::vector<T>(p, p + numel());
}

#define BUILDGPT_INSTANTIATE_DATA(T)         \
  template T* Tensor::data<T>();             \
  template const T* Tensor::data<T>() const; \
  template std::vector<T> Tensor::to_vector<T>() const;
BUILDGPT_INSTANTIATE_DATA(float)
BUILDGPT_INSTANTIATE_DATA(int32_t)
BUILDGPT_INSTANTIATE_DATA(int64_t)
BUILDGPT_INSTANTIATE_DATA(bool)
#undef BUILDGPT_INSTANTIATE_DATA

double Tensor::item() const {
  if (numel() != 1)
    fail("item", "needs a tensor with one element, got shape " + shape_str(shape()));
  const Tensor host = detach().to(Device::cpu());
  switch (dtype()) {
    case DType::Float32:
      return *host.data<float>();
    case DType::Int32:
      return *host.data<int32_t>();
    case DType::Int64:
      return static_cast<double>(*host.data<int64_t>());
    case DType::Bool:
      return *host.data<bool>() ? 1.0 : 0.0;
  }
  return 0;
}

bool Tensor::same_storage(const Tensor& other) const {
  return defined() && other.defined() && impl_->storage == other.impl_->storage;
}

bool Tensor::owned_alone(long handles) const {
  return impl_ && impl_.use_count() == handles && impl_->storage.use_count() == 1;
}

bool Tensor::requires_grad() const { return checked_impl().requires_grad; }

Tensor& Tensor::requires_grad_(bool flag) {
  TensorImpl& impl = checked_impl();
  if (impl.grad_fn) {
    fail("requires_grad_", "can only be set on a leaf tensor; this one was made by '" +
                               impl.grad_fn->op + "' (use detach() first)");
  }
  if (flag && !is_floating(impl.dtype)) {
    fail("requires_grad_",
         std::string("only float32 tensors can require grad, got ") + dtype_name(impl.dtype));
  }
  impl.requires_grad = flag;
  return *this;
}

bool Tensor::is_leaf() const { return checked_impl().grad_fn == nullptr; }

Tensor Tensor::grad() const {
  const auto& g = checked_impl().grad;
  return g ? Tensor(g) : Tensor();
}

void Tensor::set_grad(const Tensor& grad) {
  if (grad.defined() && grad.shape() != shape()) {
    fail("set_grad", "gradient of shape " + shape_str(grad.shape()) + " for a tensor of shape " +
                         shape_str(shape()));
  }
  checked_impl().grad = grad.impl();
}

void Tensor::zero_grad() { checked_impl().grad.reset(); }

const std::shared_ptr<Node>& Tensor::grad_fn() const { return checked_impl().grad_fn; }

Tensor Tensor::detach() const {
  const TensorImpl& src = checked_impl();
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = src.storage;
  impl->shape = src.shape;
  impl->dtype = src.dtype;
  impl->name = src.name;
  return Tensor(std::move(impl));
}

void Tensor::backward(const Tensor& grad, bool retain_graph) const {
  run_backward(*this, grad, retain_graph);
}

}  // namespace buildgpt
