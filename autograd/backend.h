// The device seam: every kernel the ops need, as one interface that each device implements once
// (autograd/cpu/ for the CPU; cuda/ for NVIDIA GPUs). An op checks its inputs, works out shapes,
// allocates its outputs on the inputs' device, calls these kernels through kernels_for(tensor)
// and records its backward; it never loops over elements and never asks which device it is on.
//
// Conventions for every kernel: tensors are contiguous and row-major; the op has already checked
// dtypes, shapes and that all tensors share one device; outputs are allocated by the caller with
// their final shape and dtype (their contents may be garbage unless a kernel says it adds into
// them); an undefined output tensor means "not wanted".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "autograd/device.h"
#include "autograd/generator.h"
#include "autograd/ops/fused.h"
#include "autograd/tensor.h"

namespace buildgpt {

// One-input elementwise functions. The scalar operands a and b come in Scalars.
enum class UnaryOp : uint8_t {
  // float32 → float32
  Exp,
  Log,
  Sqrt,
  Tanh,
  Sigmoid,
  Relu,      // NaN stays NaN
  GeluErf,   // x·Φ(x)
  GeluTanh,  // ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
  Abs,
  Pow,    // xᵃ
  Clamp,  // min(max(x, a), b)
  // any numeric dtype → the same dtype (a is cast to it)
  Neg,
  AddScalar,   // x + a
  MulScalar,   // x · a
  RsubScalar,  // a - x
  RdivScalar,  // a / x
  // any numeric dtype → bool; a float32 x meets a rounded to float32, an integer x meets a as is
  EqScalar,
  NeScalar,
  LtScalar,
  LeScalar,
  GtScalar,
  GeScalar,
  // bool → bool
  LogicalNot,
};

// Two-input elementwise functions with NumPy broadcasting: the output has the broadcast shape
// and may alias the first input when that already has it (in-place accumulation).
enum class BinaryOp : uint8_t {
  // numeric, both inputs and the output of one dtype
  Add,
  Sub,
  Mul,
  Div,
  // numeric inputs of one dtype → bool
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  // float32 derivative products g ⊙ f′: the first input is the incoming gradient g, the second
  // the saved input x or output y named below, both of one shape (no broadcasting)
  SqrtBackward,      // g / (2y)
  TanhBackward,      // g (1 - y²)
  SigmoidBackward,   // g y (1 - y)
  ReluBackward,      // g [y > 0]
  GeluErfBackward,   // g (Φ(x) + x φ(x))
  GeluTanhBackward,  // g d/dx gelu_tanh(x)
  AbsBackward,       // g sign(x)
  PowBackward,       // g a xᵃ⁻¹ (0 when a = 0)
  ClampBackward,     // g [a <= x <= b]
};

struct Scalars {
  double a = 0, b = 0;
};

// What random_fill draws; every element in order from one generator, so a seed gives one tensor.
enum class Distribution : uint8_t {
  UnitFloat,  // float32 uniform in [0, 1) with 24 random bits
  Uniform,    // float32 uniform in [a, b)
  Normal,     // float32 normal with mean a, standard deviation b
  Integer,    // int64 uniform in [a, b)
};

// One AdamW step's constants, as PyTorch's single-tensor AdamW computes them.
struct AdamWStep {
  float decay;                             // 1 - lr · weight_decay
  float beta1, beta2;                      // moment decay rates
  float one_minus_beta1, one_minus_beta2;  // each rounded once from double
  float neg_step_size;                     // -lr / (1 - beta1^step)
  float bc2_sqrt;                          // sqrt(1 - beta2^step)
  float eps;
};

struct SGDStep {
  float neg_lr, weight_decay, momentum;
};

// Which keys query i (of Tq) may see among keys j (of Tk) in attention; see CausalMask in
// autograd/ops/fused.h. The kernels get the scale already resolved and the number of keys used.
struct AttentionSpec {
  CausalMask causal = CausalMask::None;
  float scale = 1;   // scores = scale · q kᵀ
  int64_t keys = 0;  // Tk: the leading rows of k and v that hold keys and values
};

// What a device's allocator has handed out to tensors, in bytes: now, and the most at once since
// the peak was last reset (how a program measures what one computation needed).
struct MemoryInUse {
  size_t allocated_bytes = 0;
  size_t peak_allocated_bytes = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // ---- memory ---------------------------------------------------------------------------
  virtual void* allocate(size_t nbytes, Device device) = 0;
  virtual void deallocate(void* data, size_t nbytes, Device device) = 0;
  virtual MemoryInUse memory_in_use() = 0;
  // Starts the peak again from what is allocated now.
  virtual void reset_memory_peak() = 0;
  // dst = src, both on this device with the same number of bytes (they may overlap).
  virtual void copy(const Tensor& src, Tensor& dst) = 0;
  // Between this device and host memory, dst.nbytes() / src.nbytes() bytes.
  virtual void copy_from_host(const void* src, Tensor& dst) = 0;
  virtual void copy_to_host(const Tensor& src, void* dst) = 0;
  virtual void fill(Tensor& out, double value) = 0;
  // out = x converted to out's dtype.
  virtual void cast(const Tensor& x, Tensor& out) = 0;
  // out[i] = start + i · step, in out's numeric dtype.
  virtual void arange(Tensor& out, double start, double step) = 0;
  virtual void random_fill(Tensor& out, Distribution kind, Scalars s, Generator& gen) = 0;
  // Host memory that copy_from_host reads asynchronously: page-locked on a GPU, so the copy is
  // queued behind the device's work and the call returns at once (from ordinary host memory a GPU
  // copy first waits for the device's queue). deallocate_pinned keeps the block from reuse until
  // the device's queued work has read it. On the CPU: ordinary memory.
  virtual void* allocate_pinned(size_t nbytes) = 0;
  virtual void deallocate_pinned(void* data, size_t nbytes) = 0;
  // Blocks until every kernel and copy queued on this device has finished: for timing, and for
  // host code that reads what the device wrote. A CPU kernel has finished when it returns.
  virtual void synchronize() = 0;

  // ---- elementwise ----------------------------------------------------------------------
  // out has x's shape; it may alias x.
  virtual void unary(UnaryOp op, const Tensor& x, Tensor& out, Scalars s = {}) = 0;
  virtual void binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out,
                      Scalars s = {}) = 0;
  // out = cond ? a : b, all four of one shape; cond is bool.
  virtual void where(const Tensor& cond, const Tensor& a, const Tensor& b, Tensor& out) = 0;
  // out = mask ? value : x; the bool mask broadcasts to x's shape.
  virtual void masked_fill(const Tensor& x, const Tensor& mask, double value, Tensor& out) = 0;
  // out = x repeated along the dimensions where x's shape broadcasts to out's.
  virtual void broadcast_to(const Tensor& x, Tensor& out) = 0;

  // ---- layout and indexing --------------------------------------------------------------
  // Output dimension i is input dimension perm[i].
  virtual void permute(const Tensor& x, const Dims& perm, Tensor& out) = 0;
  // x with element (i, j) of each trailing matrix kept where j - i <= diagonal (lower) or
  // j - i >= diagonal (upper), zero elsewhere.
  virtual void triangle(const Tensor& x, int64_t diagonal, bool lower, Tensor& out) = 0;
  // dst[.., offset + j, ..] = src[.., j, ..] along dim; the other dimensions match.
  virtual void copy_into_slice(const Tensor& src, Tensor& dst, int64_t dim, int64_t offset) = 0;
  // out[.., j, ..] = x[.., index[j], ..] along dim, j running over index's int64 elements in
  // order (index may have any shape: embedding passes its ids, and out [..., C] for x [V, C]).
  virtual void index_select(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) = 0;
  // out[.., index[j], ..] += src[.., j, ..] along dim, laid out as for index_select (float32;
  // repeated indices add up, in order).
  virtual void index_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) = 0;
  // out[k] = x at k with its dim coordinate replaced by index[k]; index has out's shape.
  virtual void gather(const Tensor& x, int64_t dim, const Tensor& index, Tensor& out) = 0;
  // The reverse of gather, adding: out at k with its dim coordinate replaced by index[k] +=
  // src[k] (src and out of one numeric dtype).
  virtual void scatter_add(const Tensor& src, int64_t dim, const Tensor& index, Tensor& out) = 0;

  // ---- reductions -----------------------------------------------------------------------
  // out = Σ over dim, which out keeps as size 1; float32 accumulates in double.
  virtual void sum_dim(const Tensor& x, int64_t dim, Tensor& out) = 0;
  // out (int64, dim kept as size 1) = index of the first largest (or smallest) value along dim;
  // NaN counts as the extreme.
  virtual void arg_extreme(const Tensor& x, int64_t dim, bool largest, Tensor& out) = 0;
  // out = running sums along dim, from the end when reverse.
  virtual void cumsum(const Tensor& x, int64_t dim, bool reverse, Tensor& out) = 0;
  // out[slot] = Σ x², accumulated in double and rounded once to float32; out is a float32 vector
  // on this device whose other elements are left as they are. The gradient norm stays on the
  // device: nothing is read on the host.
  virtual void squared_norm(const Tensor& x, Tensor& out, int64_t slot) = 0;

  // ---- matrix products ------------------------------------------------------------------
  // out[i] = op(a[i]) · op(b[i]) for a [B or 1, ·, ·], b [B or 1, ·, ·], out [B, M, N] float32;
  // op(x) = xᵀ when its flag is set; a batch of 1 is reused for every i.
  virtual void batched_matmul(const Tensor& a, bool trans_a, const Tensor& b, bool trans_b,
                              Tensor& out) = 0;

  // ---- the fused ops of neural networks (float32) ---------------------------------------
  // Along dim: y = softmax(x) or log_softmax(x); dx from y and dy.
  virtual void softmax(const Tensor& x, int64_t dim, bool log, Tensor& y) = 0;
  virtual void softmax_backward(const Tensor& y, const Tensor& dy, int64_t dim, bool log,
                                Tensor& dx) = 0;
  // logits [R, C], targets [R] int64. loss (0-d) = Σ over counted rows of the row's negative
  // log-likelihood / count. dlogits [R, C], when defined, gets the loss's gradient for dloss = 1
  // in the same pass over the logits: (softmax − onehot) / count, zero rows where the target is
  // ignored (the op computes it with the loss when a backward will follow, and scales it there).
  virtual void cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index,
                             int64_t count, Tensor& loss, Tensor& dlogits) = 0;
  // The same from log-probabilities [R, C]: loss = -Σ log_probs[r, targets[r]] / count.
  virtual void nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index,
                        int64_t count, Tensor& loss) = 0;
  virtual void nll_loss_backward(const Tensor& targets, const Tensor& dloss, int64_t ignore_index,
                                 int64_t count, Tensor& dlog_probs) = 0;
  // x [R, N] normalised per row, then · weight + bias (either undefined); saves mean and
  // 1/std per row.
  virtual void layer_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps,
                          Tensor& y, Tensor& mean, Tensor& rstd) = 0;
  virtual void layer_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                   const Tensor& mean, const Tensor& rstd, Tensor& dx,
                                   Tensor& dweight, Tensor& dbias) = 0;
  // x [R, N] divided by its root mean square per row, then · weight (undefined: none); saves
  // 1/rms per row: y = x · rstd · weight, rstd = 1/√(mean(x²) + eps).
  virtual void rms_norm(const Tensor& x, const Tensor& weight, double eps, Tensor& y,
                        Tensor& rstd) = 0;
  virtual void rms_norm_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                 const Tensor& rstd, Tensor& dx, Tensor& dweight) = 0;
  // keep[i] = (a uniform draw from a stream fixed by seed and i) >= p; y = keep ? x · scale : 0.
  virtual void dropout(const Tensor& x, double p, uint64_t seed, float scale, Tensor& keep,
                       Tensor& y) = 0;
  // dx = keep ? dy · scale : 0.
  virtual void dropout_backward(const Tensor& dy, const Tensor& keep, float scale, Tensor& dx) = 0;
  // Attention per batch-head b, for q [B, Tq, d], k [B, Tk_cap, d], v [B, Tk_cap, dv], of which
  // only the first Tk = spec.keys (1 <= Tk <= Tk_cap) rows of k and v are read (so k and v may be
  // a preallocated key-value cache filled that far). For query i and key j:
  //   s[i, j] = spec.scale · q[i]·k[j] + mask[b or 0, i, j], or −∞ where spec.causal hides j from i
  //   lse [B, Tq]       lse[i] = log Σ_j exp(s[i, j])
  //   out [B, Tq, dv]   out[i] = Σ_j exp(s[i, j] − lse[i]) · v[j]
  // mask is undefined (none) or float32 [1 or B, Tq, Tk], added to the scores (the op turns a
  // boolean mask into 0 / −∞). A query that sees no key (every s[i, j] = −∞) gets out[i] = 0 and
  // lse[i] = −∞. The Tq × Tk scores are never held whole: a kernel works through tiles of keys
  // with a running (online) softmax, so it needs O((Tq + Tk)·d) memory per batch-head; lse is
  // what the backward needs to recompute the probabilities.
  virtual void attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                         const AttentionSpec& spec, Tensor& out, Tensor& lse) = 0;
  // The gradients from dout [B, Tq, dv] and the forward's out and lse, recomputing tile by tile
  // p[i, j] = exp(s[i, j] − lse[i]) (0 where lse[i] = −∞):
  //   dv = pᵀ dout;  ds = p ⊙ (dout vᵀ − rowsum(dout ⊙ out));  dq = scale · ds k;  dk = scale · dsᵀ
  //   q
  // dq has q's shape, dk and dv have k's and v's (rows from Tk on are zero); each is undefined
  // when not wanted and written whole otherwise. The mask receives no gradient.
  virtual void attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k,
                                  const Tensor& v, const Tensor& mask, const Tensor& out,
                                  const Tensor& lse, const AttentionSpec& spec, Tensor& dq,
                                  Tensor& dk, Tensor& dv) = 0;

  // The same attention for every head of a packed projection qkv [B, T, 3·C], C = heads·d: head
  // h's queries, keys and values are columns [h·d, (h + 1)·d) of the first, second and third C
  // columns; out [B, T, C] gets head h's output in its columns [h·d, (h + 1)·d); lse is
  // [B·heads, T]. No mask; spec.keys = T. What splitting into heads, attention() and merging the
  // heads compute, without the copies.
  virtual void packed_attention(const Tensor& qkv, int64_t heads, const AttentionSpec& spec,
                                Tensor& out, Tensor& lse) = 0;
  // dqkv [B, T, 3·C], written whole, from dout [B, T, C] and the forward's out and lse.
  virtual void packed_attention_backward(const Tensor& dout, const Tensor& qkv, int64_t heads,
                                         const Tensor& out, const Tensor& lse,
                                         const AttentionSpec& spec, Tensor& dqkv) = 0;
  // y = gelu(x + bias) for x [R, N] and bias [N] (undefined: no bias), in the form `approximate`
  // names (see gelu in ops/elementwise.h): the MLP's bias and activation in one pass.
  virtual void bias_gelu(const Tensor& x, const Tensor& bias, GeluApproximation approximate,
                         Tensor& y) = 0;
  // dx = dy ⊙ gelu′(x + bias), all of x's shape.
  virtual void bias_gelu_backward(const Tensor& dy, const Tensor& x, const Tensor& bias,
                                  GeluApproximation approximate, Tensor& dx) = 0;

  // ---- choosing indices -----------------------------------------------------------------
  // out [R, n] int64: n draws per row of the non-negative weights [R, V] (errors name the row
  // when a row cannot be drawn from).
  virtual void multinomial(const Tensor& weights, bool replacement, Generator& gen,
                           Tensor& out) = 0;
  // The first k = values.size(dim) of x's values along dim in sorted order (ties by index, NaN
  // the largest), and their int64 indices.
  virtual void sort(const Tensor& x, int64_t dim, bool descending, Tensor& values,
                    Tensor& indices) = 0;

  // ---- optimizer updates, in place ------------------------------------------------------
  virtual void adamw_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                            const AdamWStep& step) = 0;
  // momentum_buffer is undefined without momentum.
  virtual void sgd_update(Tensor& param, const Tensor& grad, Tensor& momentum_buffer,
                          const SGDStep& step) = 0;
};

// The backend of a device; throws naming the device when this build has none for it.
Backend& backend_for(Device device);
inline Backend& kernels_for(const Tensor& t) { return backend_for(t.device()); }
bool backend_available(DeviceType type);
// The memory of `device`'s allocator (throws as backend_for when the device is not available).
inline MemoryInUse memory_in_use(Device device) { return backend_for(device).memory_in_use(); }
inline void reset_memory_peak(Device device) { backend_for(device).reset_memory_peak(); }
// Installs the kernels of a device type (a device folder calls this once at start-up); null
// removes them.
void register_backend(DeviceType type, Backend* backend);
// For a device whose presence is known only at run time (a GPU): the probe runs the first time
// the device type is asked for, and returns its kernels, or null with the reason in `why` (which
// then ends the error of every use of the device). Registering a probe costs nothing at start-up.
using BackendProbe = Backend* (*)(std::string& why);
void register_backend_probe(DeviceType type, BackendProbe probe);

}  // namespace buildgpt
