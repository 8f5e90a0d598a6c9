// Elementwise kernels of the GPU. The op code travels into the kernel as an argument and each
// element switches on it: every thread of a launch takes the same branch, so this costs nothing
// next to the memory traffic, and one kernel per dtype serves every function of a family.
#include <type_traits>

#include "autograd/cpu/dtype_switch.h"
#include "cuda/cuda_backend.h"
#include "cuda/gelu.cuh"
#include "cuda/launch.cuh"
#include "cuda/layouts.cuh"

namespace buildgpt::cuda {
namespace {

using cpu::dispatch_all;
using cpu::dispatch_numeric;

// The float32 → float32 functions of UnaryOp, as the CPU's elementwise.cpp computes them.
struct FloatFunction {
  UnaryOp op;
  float a, b;
  __device__ float operator()(float v) const {
    switch (op) {
      case UnaryOp::Exp:
        return expf(v);
      case UnaryOp::Log:
        return logf(v);
      case UnaryOp::Sqrt:
        return sqrtf(v);
      case UnaryOp::Tanh:
        return tanhf(v);
      case UnaryOp::Sigmoid:
        return 1 / (1 + expf(-v));
      case UnaryOp::Relu:
        return v > 0 || isnan(v) ? v : 0.0f;
      case UnaryOp::GeluErf:
        return gelu(v, false);
      case UnaryOp::GeluTanh:
        return gelu(v, true);
      case UnaryOp::Abs:
        return fabsf(v);
      case UnaryOp::Pow:
        return powf(v, a);
      case UnaryOp::Clamp:  // std::clamp: NaN stays NaN
        return v < a ? a : (b < v ? b : v);
      default:
        return v;
    }
  }
};

// x + a, x · a, a - x, a / x and -x in x's numeric dtype.
template <typename T>
struct ScalarArithmetic {
  UnaryOp op;
  T a;
  __device__ T operator()(T v) const {
    switch (op) {
      case UnaryOp::Neg:
        return static_cast<T>(-v);
      case UnaryOp::AddScalar:
        return static_cast<T>(v + a);
      case UnaryOp::MulScalar:
        return static_cast<T>(v * a);
      case UnaryOp::RsubScalar:
        return static_cast<T>(a - v);
      default:  // RdivScalar
        return static_cast<T>(a / v);
    }
  }
};

template <typename C>
__device__ bool compare_values(int code, C x, C y) {
  switch (code) {
    case 0:
      return x == y;
    case 1:
      return x != y;
    case 2:
      return x < y;
    case 3:
      return x <= y;
    case 4:
      return x > y;
    default:
      return x >= y;
  }
}

// x against a as bool: a float32 x meets a rounded to float32, an integer x meets a unrounded.
template <typename T>
struct ScalarCompare {
  using C = std::conditional_t<std::is_floating_point_v<T>, float, double>;
  int code;  // 0..5: ==, !=, <, <=, >, >=
  C a;
  __device__ bool operator()(T v) const { return compare_values(code, static_cast<C>(v), a); }
};

struct LogicalNot {
  __device__ bool operator()(bool m) const { return !m; }
};

template <typename T>
struct Arithmetic {
  BinaryOp op;
  __device__ T operator()(T x, T y) const {
    switch (op) {
      case BinaryOp::Add:
        return static_cast<T>(x + y);
      case BinaryOp::Sub:
        return static_cast<T>(x - y);
      case BinaryOp::Mul:
        return static_cast<T>(x * y);
      default:  // Div
        return static_cast<T>(x / y);
    }
  }
};

template <typename T>
struct Compare {
  int code;
  __device__ bool operator()(T x, T y) const { return compare_values(code, x, y); }
};

// The derivative products g ⊙ f′ of BinaryOp, g first.
struct Derivative {
  BinaryOp op;
  float a, b;
  __device__ float operator()(float g, float v) const {
    switch (op) {
      case BinaryOp::SqrtBackward:
        return g / (2 * v);
      case BinaryOp::TanhBackward:
        return g * (1 - v * v);
      case BinaryOp::SigmoidBackward:
        return g * v * (1 - v);
      case BinaryOp::ReluBackward:
        return v > 0 ? g : 0.0f;
      case BinaryOp::GeluErfBackward:
        return g * gelu_derivative(v, false);
      case BinaryOp::GeluTanhBackward:
        return g * gelu_derivative(v, true);
      case BinaryOp::AbsBackward:
        return v > 0 ? g : (v < 0 ? -g : 0.0f);
      case BinaryOp::PowBackward:
        return a == 0 ? 0.0f : g * a * powf(v, a - 1);
      case BinaryOp::ClampBackward:
        return v >= a && v <= b ? g : 0.0f;
      default:
        return g;
    }
  }
};

template <typename T>
struct MaskedFill {
  T value;
  __device__ T operator()(T x, bool m) const { return m ? value : x; }
};

template <typename T>
struct First {
  __device__ T operator()(T x, T) const { return x; }
};

template <typename In, typename Out, typename F>
__global__ void map_kernel(const In* x, Out* out, int64_t n, F f) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) out[i] = f(x[i]);
}

template <typename A, typename B, typename Out, typename F>
__global__ void zip_kernel(const A* a, const B* b, Out* out, int64_t n, Broadcast layout, F f) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    int64_t ao, bo;
    layout.offsets(i, ao, bo);
    out[i] = f(a[ao], b[bo]);
  }
}

template <typename T>
__global__ void where_kernel(const bool* cond, const T* a, const T* b, T* out, int64_t n) {
  for (int64_t i = grid_first(); i < n; i += grid_stride()) out[i] = cond[i] ? a[i] : b[i];
}

template <typename In, typename Out, typename F>
void map(const char* op, const Tensor& x, Tensor& out, F f) {
  launch_over(x.numel(), op, "map_kernel", map_kernel<In, Out, F>, ptr<In>(x), ptr<Out>(out),
              x.numel(), f);
}

template <typename A, typename B, typename Out, typename F>
void zip(const char* op, const Tensor& a, const Tensor& b, Tensor& out, F f) {
  const Broadcast layout = broadcast_layout(a.shape(), b.shape(), out.shape(), op);
  launch_over(out.numel(), op, "zip_kernel", zip_kernel<A, B, Out, F>, ptr<A>(a), ptr<B>(b),
              ptr<Out>(out), out.numel(), layout, f);
}

// The position of a comparison in the order ==, !=, <, <=, >, >= (as in UnaryOp and BinaryOp).
int compare_code(UnaryOp op) { return static_cast<int>(op) - static_cast<int>(UnaryOp::EqScalar); }
int compare_code(BinaryOp op) { return static_cast<int>(op) - static_cast<int>(BinaryOp::Eq); }

}  // namespace

void CudaBackend::unary(UnaryOp op, const Tensor& x, Tensor& out, Scalars s) {
  switch (op) {
    case UnaryOp::Neg:
    case UnaryOp::AddScalar:
    case UnaryOp::MulScalar:
    case UnaryOp::RsubScalar:
    case UnaryOp::RdivScalar:
      return dispatch_numeric("unary", x.dtype(), [&](auto zero) {
        using T = decltype(zero);
        map<T, T>("unary", x, out, ScalarArithmetic<T>{op, static_cast<T>(s.a)});
      });
    case UnaryOp::EqScalar:
    case UnaryOp::NeScalar:
    case UnaryOp::LtScalar:
    case UnaryOp::LeScalar:
    case UnaryOp::GtScalar:
    case UnaryOp::GeScalar:
      return dispatch_numeric("compare", x.dtype(), [&](auto zero) {
        using T = decltype(zero);
        using C = typename ScalarCompare<T>::C;
        map<T, bool>("compare", x, out, ScalarCompare<T>{compare_code(op), static_cast<C>(s.a)});
      });
    case UnaryOp::LogicalNot:
      return map<bool, bool>("logical_not", x, out, LogicalNot{});
    default:
      return map<float, float>("unary", x, out,
                               FloatFunction{op, static_cast<float>(s.a), static_cast<float>(s.b)});
  }
}

void CudaBackend::binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out, Scalars s) {
  switch (op) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Mul:
    case BinaryOp::Div:
      return dispatch_numeric("binary", a.dtype(), [&](auto zero) {
        using T = decltype(zero);
        zip<T, T, T>("binary", a, b, out, Arithmetic<T>{op});
      });
    case BinaryOp::Eq:
    case BinaryOp::Ne:
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      return dispatch_numeric("compare", a.dtype(), [&](auto zero) {
        using T = decltype(zero);
        zip<T, T, bool>("compare", a, b, out, Compare<T>{compare_code(op)});
      });
    default:
      return zip<float, float, float>(
          "binary", a, b, out, Derivative{op, static_cast<float>(s.a), static_cast<float>(s.b)});
  }
}

void CudaBackend::where(const Tensor& cond, const Tensor& a, const Tensor& b, Tensor& out) {
  dispatch_all(a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    launch_over(out.numel(), "where", "where_kernel", where_kernel<T>, ptr<bool>(cond), ptr<T>(a),
                ptr<T>(b), ptr<T>(out), out.numel());
  });
}

void CudaBackend::masked_fill(const Tensor& x, const Tensor& mask, double value, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    zip<T, bool, T>("masked_fill", x, mask, out, MaskedFill<T>{static_cast<T>(value)});
  });
}

void CudaBackend::broadcast_to(const Tensor& x, Tensor& out) {
  dispatch_all(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    zip<T, T, T>("broadcast_to", x, x, out, First<T>{});
  });
}

}  // namespace buildgpt::cuda
