// scaled_dot_product_attention kernels of the GPU, flash-style in float32: a block takes a tile
// of query rows (forward, dq) or of keys (dk, dv) and walks the other side tile by tile through
// shared memory, with a running softmax forward and probabilities recomputed from each row's
// log-sum-exp backward. Nothing of size Tq × Tk is ever held: memory is O((Tq + Tk)·d) per
// batch-head. The backward is two kernels (keys' gradients, queries' gradients) rather than one
// with atomic additions into dq, so every run gives the same bits. The seam's options map onto
// them one to one: an optional additive mask, causal alignment upper-left or lower-right, the
// scale, and only the first `keys` rows of k and v read (a key-value cache).
#include <cmath>

#include "cuda/allocator.h"
#include "cuda/block_reduce.cuh"
#include "cuda/cuda_backend.h"
#include "cuda/launch.cuh"

namespace buildgpt::cuda {
namespace {

constexpr const char* kOp = "scaled_dot_product_attention";
constexpr int kAttentionThreads = 256;

// One attention problem over [bh] batch-heads: q [bh, tq, d], k [bh, cap, d], v [bh, cap, dv] of
// which the first `keys` rows are used, mask null or [1 or bh, tq, keys].
struct Problem {
  const float *q, *k, *v, *mask;
  int64_t tq, cap, keys, d, dv;
  bool mask_per_head;
  CausalMask causal;
  float scale;

  // Query i sees keys [0, seen(i)).
  __device__ int64_t seen(int64_t i) const {
    int64_t s = keys;
    if (causal == CausalMask::UpperLeft) s = i + 1;
    if (causal == CausalMask::LowerRight) s = i + 1 + keys - tq;
    return s < 0 ? 0 : (s > keys ? keys : s);
  }
  // The first query that sees key j.
  __device__ int64_t first_query(int64_t j) const {
    if (causal == CausalMask::UpperLeft) return j;
    if (causal == CausalMask::LowerRight) return j - (keys - tq) > 0 ? j - (keys - tq) : 0;
    return 0;
  }
};

// Query rows and keys per tile. In shared memory, rows of k and v are padded by one float so that
// threads reading one column of many rows hit different banks.
struct TileShape {
  int rows, keys;
};

// Copies `count` contiguous rows of `width` floats into shared memory rows `pitch` apart, and
// zeros into the `tile` - count rows after them.
__device__ void load_rows(float* dst, int pitch, const float* src, int64_t count, int tile,
                          int64_t width) {
  for (int64_t e = threadIdx.x; e < tile * width; e += blockDim.x) {
    const int64_t r = e / width, c = e % width;
    dst[r * pitch + c] = r < count ? src[r * width + c] : 0.0f;
  }
}

// s [rows, keys] = scale · q kᵀ + mask for the query rows i0.. and keys j0.. of batch-head b,
// −∞ where the causal mask hides a key and past the ends (m rows, n keys are real).
__device__ void tile_scores(const Problem& p, int64_t b, const float* qs, const float* ks,
                            int kpitch, TileShape t, int64_t i0, int m, int64_t j0, int n,
                            float* s) {
  const float* mask = p.mask ? p.mask + (p.mask_per_head ? b : 0) * p.tq * p.keys : nullptr;
  for (int e = threadIdx.x; e < t.rows * t.keys; e += blockDim.x) {
    const int r = e / t.keys, c = e % t.keys;
    float v = -INFINITY;
    if (r < m && c < n && j0 + c < p.seen(i0 + r)) {
      float dot = 0;
      for (int64_t x = 0; x < p.d; ++x) dot += qs[r * p.d + x] * ks[c * kpitch + x];
      v = p.scale * dot;
      if (mask) v += mask[(i0 + r) * p.keys + j0 + c];
    }
    s[e] = v;
  }
}

// s ← exp(s − lse[row]), the probabilities (0 for rows that see no key).
__device__ void tile_probabilities(float* s, TileShape t, const float* lse) {
  for (int e = threadIdx.x; e < t.rows * t.keys; e += blockDim.x) {
    const float l = lse[e / t.keys];
    s[e] = l == -INFINITY ? 0.0f : expf(s[e] - l);
  }
}

// ds = p ⊙ (dout vᵀ − D[row]) in place of p, with D = rowsum(dout ⊙ out).
__device__ void tile_score_gradients(float* s, TileShape t, const float* dos, const float* vs,
                                     int vpitch, int64_t dv, const float* dots) {
  for (int e = threadIdx.x; e < t.rows * t.keys; e += blockDim.x) {
    const int r = e / t.keys, c = e % t.keys;
    float dp = 0;
    for (int64_t x = 0; x < dv; ++x) dp += dos[r * dv + x] * vs[c * vpitch + x];
    s[e] = s[e] * (dp - dots[r]);
  }
}

// Forward: one block per tile of query rows of one batch-head.
__global__ void attention_forward_kernel(Problem p, TileShape t, float* out, float* lse) {
  extern __shared__ double shared[];
  const int64_t b = blockIdx.x, i0 = static_cast<int64_t>(blockIdx.y) * t.rows;
  const int m = static_cast<int>(p.tq - i0 < t.rows ? p.tq - i0 : t.rows);
  const int kpitch = static_cast<int>(p.d + 1);
  double* sums = shared;                                   // [rows]
  float* maxes = reinterpret_cast<float*>(sums + t.rows);  // [rows]
  float* correction = maxes + t.rows;                      // [rows]
  float* qs = correction + t.rows;                         // [rows, d]
  float* ks = qs + t.rows * p.d;                           // [keys, d + 1]
  float* vs = ks + t.keys * kpitch;                        // [keys, dv]
  float* s = vs + t.keys * p.dv;                           // [rows, keys]
  float* acc = s + t.rows * t.keys;                        // [rows, dv]
  for (int r = threadIdx.x; r < t.rows; r += blockDim.x) {
    sums[r] = 0;
    maxes[r] = -INFINITY;
  }
  for (int64_t e = threadIdx.x; e < t.rows * p.dv; e += blockDim.x) acc[e] = 0;
  load_rows(qs, static_cast<int>(p.d), p.q + (b * p.tq + i0) * p.d, m, t.rows, p.d);
  const int64_t keys = p.seen(i0 + m - 1);  // the last row sees the most
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  const int warps = blockDim.x / kWarp;
  for (int64_t j0 = 0; j0 < keys; j0 += t.keys) {
    const int n = static_cast<int>(keys - j0 < t.keys ? keys - j0 : t.keys);
    __syncthreads();  // the previous tile's k, v and s are used up
    load_rows(ks, kpitch, p.k + (b * p.cap + j0) * p.d, n, t.keys, p.d);
    load_rows(vs, static_cast<int>(p.dv), p.v + (b * p.cap + j0) * p.dv, n, t.keys, p.dv);
    __syncthreads();
    tile_scores(p, b, qs, ks, kpitch, t, i0, m, j0, n, s);
    __syncthreads();
    // Running softmax, a warp per row: with the row's new maximum M', what was summed with M is
    // worth exp(M − M').
    for (int r = warp; r < t.rows; r += warps) {
      float* row = s + r * t.keys;
      float tile_max = -INFINITY;
      for (int c = lane; c < t.keys; c += kWarp) tile_max = fmaxf(tile_max, row[c]);
      const float grown = fmaxf(maxes[r], warp_reduce(tile_max, Max{}));
      if (grown == -INFINITY) {  // nothing seen yet in this row
        for (int c = lane; c < t.keys; c += kWarp) row[c] = 0;
        if (lane == 0) correction[r] = 1;
        continue;
      }
      double sum = 0;
      for (int c = lane; c < t.keys; c += kWarp) {
        row[c] = expf(row[c] - grown);
        sum += row[c];
      }
      sum = warp_reduce(sum, Add{});
      if (lane == 0) {
        const float factor = grown == maxes[r] ? 1.0f : expf(maxes[r] - grown);
        correction[r] = factor;
        sums[r] = sums[r] * factor + sum;
        maxes[r] = grown;
      }
    }
    __syncthreads();
    for (int64_t e = threadIdx.x; e < t.rows * p.dv; e += blockDim.x) {
      const int64_t r = e / p.dv, c = e % p.dv;
      float dot = 0;
      for (int j = 0; j < t.keys; ++j) dot += s[r * t.keys + j] * vs[j * p.dv + c];
      acc[e] = acc[e] * correction[r] + dot;
    }
  }
  __syncthreads();
  for (int64_t e = threadIdx.x; e < m * p.dv; e += blockDim.x) {
    const int64_t r = e / p.dv;
    const float inv = sums[r] == 0 ? 0.0f : static_cast<float>(1 / sums[r]);
    out[(b * p.tq + i0) * p.dv + e] = acc[e] * inv;
  }
  for (int r = threadIdx.x; r < m; r += blockDim.x) {
    lse[b * p.tq + i0 + r] = sums[r] == 0 ? -INFINITY : maxes[r] + static_cast<float>(log(sums[r]));
  }
}

// D_i = dout_i · out_i in double, for every query row of every batch-head.
__global__ void attention_dots_kernel(const float* dout, const float* out, int64_t rows, int64_t dv,
                                      float* dots) {
  for (int64_t r = grid_first(); r < rows; r += grid_stride()) {
    double dot = 0;
    for (int64_t c = 0; c < dv; ++c) dot += dout[r * dv + c] * out[r * dv + c];
    dots[r] = static_cast<float>(dot);
  }
}

// The keys' gradients: one block per tile of keys of one batch-head, over every query tile that
// sees them. dV = Σ Pᵀ dO; dK = scale Σ dSᵀ Q.
__global__ void attention_dkv_kernel(Problem p, TileShape t, const float* dout, const float* lse,
                                     const float* dots, float* dk, float* dv) {
  extern __shared__ double shared[];
  const int64_t b = blockIdx.x, j0 = static_cast<int64_t>(blockIdx.y) * t.keys;
  if (j0 >= p.keys) return;
  const int n = static_cast<int>(p.keys - j0 < t.keys ? p.keys - j0 : t.keys);
  const int kpitch = static_cast<int>(p.d + 1), vpitch = static_cast<int>(p.dv + 1);
  float* ks = reinterpret_cast<float*>(shared);  // [keys, d + 1]
  float* vs = ks + t.keys * kpitch;              // [keys, dv + 1]
  float* gk = vs + t.keys * vpitch;              // [keys, d]
  float* gv = gk + t.keys * p.d;                 // [keys, dv]
  float* qs = gv + t.keys * p.dv;                // [rows, d]
  float* dos = qs + t.rows * p.d;                // [rows, dv]
  float* s = dos + t.rows * p.dv;                // [rows, keys]
  float* row_lse = s + t.rows * t.keys;          // [rows]
  float* row_dots = row_lse + t.rows;            // [rows]
  load_rows(ks, kpitch, p.k + (b * p.cap + j0) * p.d, n, t.keys, p.d);
  load_rows(vs, vpitch, p.v + (b * p.cap + j0) * p.dv, n, t.keys, p.dv);
  for (int64_t e = threadIdx.x; e < t.keys * p.d; e += blockDim.x) gk[e] = 0;
  for (int64_t e = threadIdx.x; e < t.keys * p.dv; e += blockDim.x) gv[e] = 0;
  for (int64_t i0 = p.first_query(j0) / t.rows * t.rows; i0 < p.tq; i0 += t.rows) {
    const int m = static_cast<int>(p.tq - i0 < t.rows ? p.tq - i0 : t.rows);
    __syncthreads();  // the previous query tile is used up
    load_rows(qs, static_cast<int>(p.d), p.q + (b * p.tq + i0) * p.d, m, t.rows, p.d);
    load_rows(dos, static_cast<int>(p.dv), dout + (b * p.tq + i0) * p.dv, m, t.rows, p.dv);
    for (int r = threadIdx.x; r < t.rows; r += blockDim.x) {
      row_lse[r] = r < m ? lse[b * p.tq + i0 + r] : -INFINITY;
      row_dots[r] = r < m ? dots[b * p.tq + i0 + r] : 0.0f;
    }
    __syncthreads();
    tile_scores(p, b, qs, ks, kpitch, t, i0, m, j0, n, s);
    __syncthreads();
    tile_probabilities(s, t, row_lse);
    __syncthreads();
    for (int64_t e = threadIdx.x; e < t.keys * p.dv; e += blockDim.x) {  // dV += Pᵀ dO
      const int64_t c = e / p.dv, x = e % p.dv;
      float sum = 0;
      for (int r = 0; r < t.rows; ++r) sum += s[r * t.keys + c] * dos[r * p.dv + x];
      gv[e] += sum;
    }
    __syncthreads();
    tile_score_gradients(s, t, dos, vs, vpitch, p.dv, row_dots);
    __syncthreads();
    for (int64_t e = threadIdx.x; e < t.keys * p.d; e += blockDim.x) {  // dK += scale dSᵀ Q
      const int64_t c = e / p.d, x = e % p.d;
      float sum = 0;
      for (int r = 0; r < t.rows; ++r) sum += s[r * t.keys + c] * qs[r * p.d + x];
      gk[e] += p.scale * sum;
    }
  }
  __syncthreads();
  if (dk) {
    for (int64_t e = threadIdx.x; e < n * p.d; e += blockDim.x)
      dk[(b * p.cap + j0) * p.d + e] = gk[e];
  }
  if (dv) {
    for (int64_t e = threadIdx.x; e < n * p.dv; e += blockDim.x) {
      dv[(b * p.cap + j0) * p.dv + e] = gv[e];
    }
  }
}

// The queries' gradients: one block per tile of query rows of one batch-head, over every key
// tile they see. dQ = scale Σ dS K.
__global__ void attention_dq_kernel(Problem p, TileShape t, const float* dout, const float* lse,
                                    const float* dots, float* dq) {
  extern __shared__ double shared[];
  const int64_t b = blockIdx.x, i0 = static_cast<int64_t>(blockIdx.y) * t.rows;
  const int m = static_cast<int>(p.tq - i0 < t.rows ? p.tq - i0 : t.rows);
  const int kpitch = static_cast<int>(p.d + 1), vpitch = static_cast<int>(p.dv + 1);
  float* qs = reinterpret_cast<float*>(shared);  // [rows, d]
  float* dos = qs + t.rows * p.d;                // [rows, dv]
  float* gq = dos + t.rows * p.dv;               // [rows, d]
  float* ks = gq + t.rows * p.d;                 // [keys, d + 1]
  float* vs = ks + t.keys * kpitch;              // [keys, dv + 1]
  float* s = vs + t.keys * vpitch;               // [rows, keys]
  float* row_lse = s + t.rows * t.keys;          // [rows]
  float* row_dots = row_lse + t.rows;            // [rows]
  load_rows(qs, static_cast<int>(p.d), p.q + (b * p.tq + i0) * p.d, m, t.rows, p.d);
  load_rows(dos, static_cast<int>(p.dv), dout + (b * p.tq + i0) * p.dv, m, t.rows, p.dv);
  for (int64_t e = threadIdx.x; e < t.rows * p.d; e += blockDim.x) gq[e] = 0;
  for (int r = threadIdx.x; r < t.rows; r += blockDim.x) {
    row_lse[r] = r < m ? lse[b * p.tq + i0 + r] : -INFINITY;
    row_dots[r] = r < m ? dots[b * p.tq + i0 + r] : 0.0f;
  }
  const int64_t keys = p.seen(i0 + m - 1);
  for (int64_t j0 = 0; j0 < keys; j0 += t.keys) {
    const int n = static_cast<int>(keys - j0 < t.keys ? keys - j0 : t.keys);
    __syncthreads();  // the previous key tile is used up
    load_rows(ks, kpitch, p.k + (b * p.cap + j0) * p.d, n, t.keys, p.d);
    load_rows(vs, vpitch, p.v + (b * p.cap + j0) * p.dv, n, t.keys, p.dv);
    __syncthreads();
    tile_scores(p, b, qs, ks, kpitch, t, i0, m, j0, n, s);
    __syncthreads();
    tile_probabilities(s, t, row_lse);
    __syncthreads();
    tile_score_gradients(s, t, dos, vs, vpitch, p.dv, row_dots);
    __syncthreads();
    for (int64_t e = threadIdx.x; e < t.rows * p.d; e += blockDim.x) {  // dQ += scale dS K
      const int64_t r = e / p.d, x = e % p.d;
      float sum = 0;
      for (int c = 0; c < t.keys; ++c) sum += s[r * t.keys + c] * ks[c * kpitch + x];
      gq[e] += p.scale * sum;
    }
  }
  __syncthreads();
  for (int64_t e = threadIdx.x; e < m * p.d; e += blockDim.x) dq[(b * p.tq + i0) * p.d + e] = gq[e];
}

// Shared memory of each kernel for a tile shape, in bytes.
size_t forward_bytes(const Problem& p, TileShape t) {
  return t.rows * sizeof(double) +
         sizeof(float) * (2 * t.rows + t.rows * p.d + t.keys * (p.d + 1) + t.keys * p.dv +
                          t.rows * t.keys + t.rows * p.dv);
}
size_t dkv_bytes(const Problem& p, TileShape t) {
  return sizeof(float) * (t.keys * (p.d + 1) + t.keys * (p.dv + 1) + t.keys * (p.d + p.dv) +
                          t.rows * (p.d + p.dv) + t.rows * t.keys + 2 * t.rows);
}
size_t dq_bytes(const Problem& p, TileShape t) {
  return sizeof(float) * (2 * t.rows * p.d + t.rows * p.dv + t.keys * (p.d + 1) +
                          t.keys * (p.dv + 1) + t.rows * t.keys + 2 * t.rows);
}

// The largest square tile (64, 32, 16 or 8) whose shared memory fits the GPU.
TileShape tile_for(const Problem& p, size_t (*bytes)(const Problem&, TileShape)) {
  for (int size = 64; size >= 8; size /= 2) {
    if (bytes(p, {size, size}) <= context().shared_per_block) return {size, size};
  }
  fail(kOp, "head widths d = " + std::to_string(p.d) + ", dv = " + std::to_string(p.dv) +
                " need more shared memory than this GPU has");
}

// Launches `kernel` over a grid of (batch-heads, tiles) with its shape's shared memory (opting in
// past 48 KiB).
template <typename... Params, typename... Args>
void launch_tiled(const char* name, void (*kernel)(Params...), dim3 grid, size_t bytes,
                  Args&&... args) {
  BUILDGPT_CUDA_CHECK(kOp, cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                                static_cast<int>(bytes)));
  launch(kOp, name, kernel, grid, kAttentionThreads, bytes, std::forward<Args>(args)...);
}

unsigned tiles(int64_t n, int size) { return static_cast<unsigned>((n + size - 1) / size); }

// out [bh, tq, dv] and lse [bh, tq].
void attention_forward(const Problem& p, int64_t bh, float* out, float* lse) {
  if (bh == 0 || p.tq == 0) return;
  const TileShape t = tile_for(p, forward_bytes);
  launch_tiled("attention_forward_kernel", attention_forward_kernel,
               dim3(static_cast<unsigned>(bh), tiles(p.tq, t.rows)), forward_bytes(p, t), p, t, out,
               lse);
}

// dq, dk, dv (each null when not wanted; dk and dv [bh, cap, ·] with rows from `keys` zero).
void attention_backward_kernels(const Problem& p, int64_t bh, const float* dout, const float* out,
                                const float* lse, float* dq, float* dk, float* dv) {
  if (bh == 0) return;
  // Rows from `keys` on get no gradient, and with no query no key gets any.
  if (p.keys < p.cap || p.tq == 0) {
    if (dk)
      BUILDGPT_CUDA_CHECK(kOp, cudaMemsetAsync(dk, 0, bh * p.cap * p.d * sizeof(float), stream()));
    if (dv)
      BUILDGPT_CUDA_CHECK(kOp, cudaMemsetAsync(dv, 0, bh * p.cap * p.dv * sizeof(float), stream()));
  }
  if (p.tq == 0) return;
  DeviceBuffer dots(bh * p.tq * sizeof(float));
  launch_over(bh * p.tq, kOp, "attention_dots_kernel", attention_dots_kernel, dout, out, bh * p.tq,
              p.dv, dots.as<float>());
  if (dk || dv) {
    const TileShape t = tile_for(p, dkv_bytes);
    launch_tiled("attention_dkv_kernel", attention_dkv_kernel,
                 dim3(static_cast<unsigned>(bh), tiles(p.keys, t.keys)), dkv_bytes(p, t), p, t,
                 dout, lse, dots.as<float>(), dk, dv);
  }
  if (dq) {
    const TileShape t = tile_for(p, dq_bytes);
    launch_tiled("attention_dq_kernel", attention_dq_kernel,
                 dim3(static_cast<unsigned>(bh), tiles(p.tq, t.rows)), dq_bytes(p, t), p, t, dout,
                 lse, dots.as<float>(), dq);
  }
}

Problem problem_of(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                   const AttentionSpec& spec) {
  return {ptr<float>(q), ptr<float>(k),
          ptr<float>(v), mask.defined() ? ptr<float>(mask) : nullptr,
          q.size(1),     k.size(1),
          spec.keys,     q.size(2),
          v.size(2),     mask.defined() && mask.size(0) != 1,
          spec.causal,   spec.scale};
}

float* data_or_null(Tensor& t) { return t.defined() ? ptr<float>(t) : nullptr; }

// The packed layout of multi-head attention, [B, T, parts·H·d] seen as [B, T, parts, H, d], and
// the attention kernels' own, [parts, B·H, T, d]: where an element of the first lies in the second.
struct HeadLayout {
  int64_t batch, t, parts, heads, d;

  __host__ __device__ int64_t size() const { return batch * t * parts * heads * d; }
  __device__ int64_t split_offset(int64_t packed) const {
    const int64_t x = packed % d, h = packed / d % heads, p = packed / (d * heads) % parts;
    const int64_t row = packed / (d * heads * parts), i = row % t, b = row / t;
    return (((p * batch + b) * heads + h) * t + i) * d + x;
  }
};

// from → to, where from is packed and to split (to_split), or from split and to packed: walks the
// packed side in order, so its reads or writes are coalesced.
__global__ void move_heads_kernel(HeadLayout l, const float* from, float* to, bool to_split) {
  const int64_t n = l.size();
  for (int64_t i = grid_first(); i < n; i += grid_stride()) {
    if (to_split) {
      to[l.split_offset(i)] = from[i];
    } else {
      to[i] = from[l.split_offset(i)];
    }
  }
}

// Cuts the heads out of packed into split.
void split_heads(const HeadLayout& l, const float* packed, float* split) {
  launch_over(l.size(), kOp, "move_heads_kernel", move_heads_kernel, l, packed, split, true);
}
// Puts the heads of split back in their places in packed.
void merge_heads(const HeadLayout& l, const float* split, float* packed) {
  launch_over(l.size(), kOp, "move_heads_kernel", move_heads_kernel, l, split, packed, false);
}

// The attention of every head of q, k, v [3, B·H, T, d], laid out one after the other (n floats
// each), with the packed op's spec.
Problem split_problem(const float* qkv, int64_t n, int64_t t, int64_t d,
                      const AttentionSpec& spec) {
  return {qkv,       qkv + n, qkv + 2 * n, nullptr, t,           t,
          spec.keys, d,       d,           false,   spec.causal, spec.scale};
}

}  // namespace

void CudaBackend::attention(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                            const AttentionSpec& spec, Tensor& out, Tensor& lse) {
  attention_forward(problem_of(q, k, v, mask, spec), q.size(0), ptr<float>(out), ptr<float>(lse));
}

// dV = Pᵀ dO; dS = P ⊙ (dO Vᵀ − rowsum(dO ⊙ O)); dQ = scale dS K; dK = scale dSᵀ Q
void CudaBackend::attention_backward(const Tensor& dout, const Tensor& q, const Tensor& k,
                                     const Tensor& v, const Tensor& mask, const Tensor& out,
                                     const Tensor& lse, const AttentionSpec& spec, Tensor& dq,
                                     Tensor& dk, Tensor& dv) {
  attention_backward_kernels(problem_of(q, k, v, mask, spec), q.size(0), ptr<float>(dout),
                             ptr<float>(out), ptr<float>(lse), data_or_null(dq), data_or_null(dk),
                             data_or_null(dv));
}

// The packed heads are copied into the tiled kernels' layout [B·H, T, d] (scratch from the caching
// allocator), attended there, and the results copied back into place.
void CudaBackend::packed_attention(const Tensor& qkv, int64_t heads, const AttentionSpec& spec,
                                   Tensor& out, Tensor& lse) {
  const int64_t b = qkv.size(0), t = qkv.size(1), c = qkv.size(2) / 3, d = c / heads;
  const int64_t n = b * t * c;
  if (n == 0) return;
  DeviceBuffer split(3 * n * sizeof(float)), split_out(n * sizeof(float));
  split_heads({b, t, 3, heads, d}, ptr<float>(qkv), split.as<float>());
  attention_forward(split_problem(split.as<float>(), n, t, d, spec), b * heads,
                    split_out.as<float>(), ptr<float>(lse));
  merge_heads({b, t, 1, heads, d}, split_out.as<float>(), ptr<float>(out));
}

void CudaBackend::packed_attention_backward(const Tensor& dout, const Tensor& qkv, int64_t heads,
                                            const Tensor& out, const Tensor& lse,
                                            const AttentionSpec& spec, Tensor& dqkv) {
  const int64_t b = qkv.size(0), t = qkv.size(1), c = qkv.size(2) / 3, d = c / heads;
  const int64_t n = b * t * c;
  if (n == 0) return;
  DeviceBuffer split(3 * n * sizeof(float)), split_grads(3 * n * sizeof(float));
  DeviceBuffer split_dout(n * sizeof(float)), split_out(n * sizeof(float));
  const HeadLayout one{b, t, 1, heads, d}, three{b, t, 3, heads, d};
  split_heads(three, ptr<float>(qkv), split.as<float>());
  split_heads(one, ptr<float>(dout), split_dout.as<float>());
  split_heads(one, ptr<float>(out), split_out.as<float>());
  float* g = split_grads.as<float>();
  attention_backward_kernels(split_problem(split.as<float>(), n, t, d, spec), b * heads,
                             split_dout.as<float>(), split_out.as<float>(), ptr<float>(lse), g,
                             g + n, g + 2 * n);
  merge_heads(three, g, ptr<float>(dqkv));
}

}  // namespace buildgpt::cuda
