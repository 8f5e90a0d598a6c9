// Triangles of matrices (tril, triu) and one-hot encoding.
#include "autograd/cpu/dispatch.h"
#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/indexing.h"

namespace buildgpt {
namespace {

// x with every element (row i, column j) of its last two dimensions zeroed unless keep(j - i).
template <typename Keep>
Tensor triangle(const char* op, const Tensor& x, Keep keep) {
  check_defined(op, x);
  check_cpu(op, x);
  if (x.dim() < 2) fail(op, "needs at least 2 dimensions, got shape " + shape_str(x.shape()));
  Tensor out = empty(x.shape(), x.dtype(), x.device());
  const int64_t rows = x.size(-2), cols = x.size(-1);
  if (out.numel() == 0) return out;
  cpu::dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = x.data<T>();
    T* o = out.data<T>();
    // One task per row of every matrix; the row's index inside its matrix is r % rows.
    cpu::parallel_for(out.numel() / cols, cpu::grain_for(cols), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const int64_t i = r % rows;
        for (int64_t j = 0; j < cols; ++j) {
          o[r * cols + j] = keep(j - i) ? in[r * cols + j] : T{};
        }
      }
    });
  });
  return out;
}

}  // namespace

Tensor tril(const Tensor& x, int64_t diagonal) {
  Tensor out = triangle("tril", x, [diagonal](int64_t offset) { return offset <= diagonal; });
  // d tril(x) = tril(dx)
  return record("tril", out, {x}, [diagonal](const Tensor& g, const NeedsGrad&) -> Grads {
    return {tril(g, diagonal)};
  });
}

Tensor triu(const Tensor& x, int64_t diagonal) {
  Tensor out = triangle("triu", x, [diagonal](int64_t offset) { return offset >= diagonal; });
  // d triu(x) = triu(dx)
  return record("triu", out, {x}, [diagonal](const Tensor& g, const NeedsGrad&) -> Grads {
    return {triu(g, diagonal)};
  });
}

Tensor one_hot(const Tensor& ids, int64_t num_classes) {
  check_dtype("one_hot", ids, kInt64, "ids");
  check_cpu("one_hot", ids);
  if (num_classes <= 0) {
    fail("one_hot", "num_classes must be positive, got " + std::to_string(num_classes));
  }
  Shape shape = ids.shape();
  shape.push_back(num_classes);
  Tensor out = zeros(shape, kInt64, ids.device());
  const int64_t* id = ids.data<int64_t>();
  int64_t* o = out.data<int64_t>();
  for (int64_t i = 0; i < ids.numel(); ++i) {
    if (id[i] < 0 || id[i] >= num_classes) {
      fail("one_hot", "id " + std::to_string(id[i]) + " is out of range for num_classes " +
                          std::to_string(num_classes));
    }
    o[i * num_classes + id[i]] = 1;
  }
  return out;
}

Tensor Tensor::tril(int64_t diagonal) const { return buildgpt::tril(*this, diagonal); }
Tensor Tensor::triu(int64_t diagonal) const { return buildgpt::triu(*this, diagonal); }

}  // namespace buildgpt
