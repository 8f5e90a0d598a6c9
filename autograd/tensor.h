// Tensor: a cheap handle to shared state — storage, shape, dtype, device — plus what autograd
// needs: a requires_grad flag, the accumulated gradient and the node that produced the tensor.
//
// Storage is always contiguous and row-major. view/reshape share storage; every other op that
// changes the layout (transpose, permute, narrow, expand, ...) writes new storage.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autograd/device.h"
#include "autograd/dtype.h"
#include "autograd/shape.h"
#include "autograd/storage.h"

namespace buildgpt {

struct Node;
class Generator;
struct TensorImpl;

using Dims = std::vector<int64_t>;

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor: defined() is false
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}
  // A fresh, uninitialised tensor. Prefer zeros()/empty() from creation.h.
  Tensor(const Shape& shape, DType dtype, Device device = Device::cpu());

  // ---- metadata -------------------------------------------------------------------------
  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const;
  int64_t size(int64_t dim) const;  // negative dims count from the end
  int64_t dim() const;
  int64_t numel() const;
  DType dtype() const;
  Device device() const;
  size_t nbytes() const;
  std::string str() const;  // the printed form, as operator<< writes it
  const std::string& name() const;
  Tensor& set_name(std::string name);  // a label for printed graphs

  // ---- raw data ------------------------------------------------------------------------
  // Typed pointers into storage; throw unless T matches dtype() and the tensor is on the CPU.
  template <typename T>
  T* data();
  template <typename T>
  const T* data() const;
  // The storage's address on its device (a device pointer off the CPU).
  void* raw_data() const;
  // The elements copied to host memory, from any device.
  template <typename T>
  std::vector<T> to_vector() const;
  // The single value of a one-element tensor on any device, as a double; throws otherwise.
  double item() const;
  template <typename T>
  T item() const {
    return static_cast<T>(item());
  }
  bool same_storage(const Tensor& other) const;
  // Whether `handles` handles (this one among them) are all there are to this tensor, and no
  // other tensor (a view, a value a backward saved) shares its storage: then whoever owns those
  // handles may reuse or overwrite it unseen.
  bool owned_alone(long handles = 1) const;

  // ---- autograd -------------------------------------------------------------------------
  bool requires_grad() const;
  Tensor& requires_grad_(bool flag = true);  // only on leaves
  bool is_leaf() const;
  Tensor grad() const;  // undefined until a backward pass reaches this leaf
  void set_grad(const Tensor& grad);
  void zero_grad();  // drops the accumulated gradient
  const std::shared_ptr<Node>& grad_fn() const;
  // The same values (shared storage) cut out of the graph.
  Tensor detach() const;
  // Gradients of this tensor with respect to every leaf that requires grad. A scalar needs no
  // `grad`; a non-scalar needs one of its shape. The graph is freed unless retain_graph is set.
  void backward(const Tensor& grad = Tensor(), bool retain_graph = false) const;

  // ---- copies and conversions -----------------------------------------------------------
  Tensor clone() const;            // conversion.cpp
  Tensor to(DType dtype) const;    // conversion.cpp
  Tensor to(Device device) const;  // conversion.cpp; the gradient flows back to this device
  // In place, no grad; shapes and dtypes must match; src may be on another device.
  void copy_(const Tensor& src);  // conversion.cpp
  void fill_(double value);       // in place, no grad (conversion.cpp)
  // Writes src over positions [start, start + src.size(dim)) of dim, in place, no grad: PyTorch's
  // x.narrow(dim, start, n).copy_(src). The other dimensions, the dtype and the device must
  // match; a source that requires grad is refused while grad mode is on. A key-value cache
  // appends a token's keys this way without copying what it holds. (conversion.cpp)
  void write_slice_(int64_t dim, int64_t start, const Tensor& src);
  // Replaces the values and device of a leaf in place with those of `data` (same shape and
  // dtype), keeping its identity: handles to it, tied parameters and requires_grad stay as they
  // were; a gradient moves along. What Module::to uses. (conversion.cpp)
  void set_data(const Tensor& data);

  // ---- method forms of the ops (each defined beside its op) -----------------------------
  // elementwise.cpp
  Tensor operator-() const;
  Tensor add(const Tensor& other) const;
  Tensor sub(const Tensor& other) const;
  Tensor mul(const Tensor& other) const;
  Tensor div(const Tensor& other) const;
  // unary.cpp
  Tensor pow(double exponent) const;
  Tensor exp() const;
  Tensor log() const;
  Tensor sqrt() const;
  Tensor tanh() const;
  Tensor sigmoid() const;
  Tensor relu() const;
  Tensor abs() const;
  Tensor clamp(double min, double max) const;
  // compare.cpp
  Tensor masked_fill(const Tensor& mask, double value) const;
  // reduce.cpp
  Tensor sum() const;
  Tensor sum(const Dims& dims, bool keepdim = false) const;
  Tensor mean() const;
  Tensor mean(const Dims& dims, bool keepdim = false) const;
  Tensor max() const;
  Tensor max(int64_t dim, bool keepdim = false) const;
  Tensor min() const;
  Tensor min(int64_t dim, bool keepdim = false) const;
  Tensor argmax(int64_t dim, bool keepdim = false) const;
  Tensor argmin(int64_t dim, bool keepdim = false) const;
  Tensor var(const Dims& dims, bool keepdim = false, int64_t correction = 1) const;
  Tensor std(const Dims& dims, bool keepdim = false, int64_t correction = 1) const;
  // matmul.cpp
  Tensor matmul(const Tensor& other) const;
  // shape_ops.cpp
  Tensor view(const Shape& shape) const;
  Tensor reshape(const Shape& shape) const;
  Tensor contiguous() const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;  // transpose of a 2-D tensor
  Tensor permute(const Dims& dims) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor expand(const Shape& shape) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor slice(int64_t dim, int64_t start, int64_t end, int64_t step = 1) const;
  Tensor select(int64_t dim, int64_t index) const;
  // indexing.cpp
  Tensor index_select(int64_t dim, const Tensor& index) const;
  Tensor gather(int64_t dim, const Tensor& index) const;
  // triangular.cpp
  Tensor tril(int64_t diagonal = 0) const;
  Tensor triu(int64_t diagonal = 0) const;

  std::shared_ptr<TensorImpl> impl() const { return impl_; }

 private:
  TensorImpl& checked_impl() const;
  std::shared_ptr<TensorImpl> impl_;
};

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  Shape shape;
  DType dtype = DType::Float32;
  bool requires_grad = false;
  std::shared_ptr<TensorImpl> grad;
  std::shared_ptr<Node> grad_fn;  // null for leaves
  std::string name;
};

std::ostream& operator<<(std::ostream& os, const Tensor& t);

// Throws std::invalid_argument with a message prefixed by the op's name.
[[noreturn]] void fail(const char* op, const std::string& message);
// Common argument checks; each names the op and the offending values in its error.
void check_defined(const char* op, const Tensor& t, const char* what = "input");
void check_dtype(const char* op, const Tensor& t, DType expected, const char* what = "input");
void check_float(const char* op, const Tensor& t, const char* what = "input");
void check_same_device(const char* op, const Tensor& a, const Tensor& b);
void check_same_dtype(const char* op, const Tensor& a, const Tensor& b);
// Refuses bool tensors where arithmetic is needed.
void check_numeric(const char* op, const Tensor& t);

}  // namespace buildgpt
