// Printing tensors the way PyTorch does: nested brackets, aligned columns, and "..." in the middle
// of long dimensions once a tensor has more than a thousand elements.
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

#include "autograd/graph.h"
#include "autograd/tensor.h"

namespace buildgpt {
namespace {

constexpr int64_t kSummarizeAbove = 1000;  // elements
constexpr int64_t kEdgeItems = 3;          // shown at each end of a summarised dimension

struct Printer {
  const Tensor& t;
  bool summarize;
  bool scientific = false;
  size_t width = 0;
  std::vector<int64_t> strides;

  bool shown(int64_t i, int64_t size) const {
    return !summarize || size <= 2 * kEdgeItems || i < kEdgeItems || i >= size - kEdgeItems;
  }

  std::string element(int64_t flat) const {
    char buf[64];
    switch (t.dtype()) {
      case DType::Float32: {
        const float v = t.data<float>()[flat];
        std::snprintf(buf, sizeof buf, scientific ? "%.4e" : "%.4f", static_cast<double>(v));
        return buf;
      }
      case DType::Int32:
        return std::to_string(t.data<int32_t>()[flat]);
      case DType::Int64:
        return std::to_string(t.data<int64_t>()[flat]);
      case DType::Bool:
        return t.data<bool>()[flat] ? "True" : "False";
    }
    return "?";
  }

  // Visits the shown elements to choose the float notation and the column width.
  void measure(int64_t d, int64_t offset) {
    if (d == t.dim()) {
      width = std::max(width, element(offset).size());
      return;
    }
    for (int64_t i = 0; i < t.shape()[d]; ++i) {
      if (shown(i, t.shape()[d])) measure(d + 1, offset + i * strides[d]);
    }
  }

  void print(std::ostream& os, int64_t d, int64_t offset, int indent) const {
    if (d == t.dim()) {
      const std::string s = element(offset);
      os << std::string(width - s.size(), ' ') << s;
      return;
    }
    const int64_t size = t.shape()[d];
    os << "[";
    bool skipped = false;
    for (int64_t i = 0; i < size; ++i) {
      if (!shown(i, size)) {
        if (!skipped) {
          os << (d + 1 == t.dim() ? "..., " : "...,\n" + std::string(indent + 1, ' '));
          if (d + 1 < t.dim() && d + 2 < t.dim()) os << "\n" << std::string(indent + 1, ' ');
        }
        skipped = true;
        continue;
      }
      print(os, d + 1, offset + i * strides[d], indent + 1);
      if (i + 1 < size) {
        if (d + 1 == t.dim()) {
          os << ", ";
        } else {
          os << "," << std::string(t.dim() - d - 1, '\n') << std::string(indent + 1, ' ');
        }
      }
    }
    os << "]";
  }
};

bool needs_scientific(const Tensor& t) {
  if (t.dtype() != kFloat32) return false;
  const float* p = t.data<float>();
  double lo = INFINITY, hi = 0;
  for (int64_t i = 0, n = t.numel(); i < n; ++i) {
    const double a = std::fabs(static_cast<double>(p[i]));
    if (!std::isfinite(a) || a == 0) continue;
    lo = std::min(lo, a);
    hi = std::max(hi, a);
  }
  return hi >= 1e5 || (hi > 0 && lo < 1e-4);
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  if (!t.defined()) return os << "tensor(undefined)";
  const Tensor host = t.detach().to(Device::cpu());  // the values, read on the CPU
  Printer p{host, t.numel() > kSummarizeAbove, false, 0, contiguous_strides(t.shape())};
  p.scientific = needs_scientific(host);
  p.measure(0, 0);
  os << "tensor(";
  if (t.numel() == 0) {
    os << "[]";
  } else {
    p.print(os, 0, 0, 7);
  }
  os << ", shape=" << shape_str(t.shape());
  if (t.dtype() != kFloat32) os << ", dtype=" << dtype_name(t.dtype());
  if (!t.device().is_cpu()) os << ", device=" << t.device().str();
  if (t.grad_fn()) {
    os << ", grad_fn=" << t.grad_fn()->op;
  } else if (t.requires_grad()) {
    os << ", requires_grad=True";
  }
  return os << ")";
}

}  // namespace buildgpt
