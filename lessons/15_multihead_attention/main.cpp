// Lesson 15: multi-head attention, Model 5's attention sublayer: width 128 split into 4 heads of
// 32. As the course: the module, random data through it, and the shape of the data at each of 7
// stages. Ours: one head of full width is lesson 13's single head, each head is single-head
// attention on its slice of q, k and v, and the four heads' attention maps.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/attention_map.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/timing.h"
#include "multihead_attention.h"
#include "plot/figure.h"
#include "transformer_block.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kSeqLen = 8, kEmbed = 128, kHeads = 4, kBatch = 5;  // the course's

void print_parameters(const nn::Module& m) {
  for (const auto& [name, p] : m.named_parameters()) {
    std::printf("  %-14s %-12s %8lld\n", name.c_str(), shape_str(p.shape()).c_str(),
                static_cast<long long>(p.numel()));
  }
  std::printf("  %-27s %8lld parameters\n", "total", static_cast<long long>(m.num_parameters()));
}

// Ours: with one head, the module is lesson 13's OneAttentionHead given the same weights.
double one_head_against_single_head(const Tensor& data) {
  MultiHeadAttention one(1, kEmbed);
  OneAttentionHead single(kEmbed);
  NoGradGuard no_grad;
  single.query->weight.copy_(one.query->weight);
  single.key->weight.copy_(one.key->weight);
  single.value->weight.copy_(one.value->weight);
  single.W0->weight.copy_(one.W0->weight);
  return max(abs(one(data) - single(data))).item();
}

// The heads' queries and keys [B, heads, T, d] for x, and each head's attention by itself.
struct Heads {
  Tensor q, k, v;
};

Heads heads_of(MultiHeadAttention& mha, const Tensor& x) {
  const int64_t B = x.size(0), T = x.size(1);
  const auto split = [&](nn::Linear& w) {
    return w(x).view({B, T, mha.num_heads, mha.head_dim}).transpose(1, 2);
  };
  return {split(*mha.query), split(*mha.key), split(*mha.value)};
}

// Ours: head h of the fused call equals single-head attention on the h-th slice of q, k and v.
double heads_against_slices(MultiHeadAttention& mha, const Tensor& x) {
  NoGradGuard no_grad;
  const Heads h = heads_of(mha, x);
  const Tensor all = scaled_dot_product_attention(h.q, h.k, h.v, true);  // [B, H, T, d]
  double worst = 0;
  for (int64_t i = 0; i < mha.num_heads; ++i) {
    const int64_t d = mha.head_dim;
    const Tensor q = (*mha.query)(x).narrow(2, i * d, d), k = (*mha.key)(x).narrow(2, i * d, d),
                 v = (*mha.value)(x).narrow(2, i * d, d);
    const Tensor alone = scaled_dot_product_attention(q, k, v, true);
    worst = std::max(worst, max(abs(all.select(1, i) - alone)).item());
  }
  return worst;
}

void save_head_maps(MultiHeadAttention& mha, const Tensor& x, const std::filesystem::path& png) {
  NoGradGuard no_grad;
  const Heads h = heads_of(mha, x);
  const Tensor w = causal_attention_weights(h.q, h.k);  // [B, H, T, T]
  plot::Figure fig(1, static_cast<int>(mha.num_heads));
  fig.title("Attention weights of the " + std::to_string(mha.num_heads) +
            " heads, batch 0 of the random data (ours; untrained weights)");
  for (int64_t i = 0; i < mha.num_heads; ++i) {
    attention_heatmap(fig.panel(0, static_cast<int>(i)), w.select(0, 0).select(0, i),
                      position_labels(x.size(1)))
        .title("head " + std::to_string(i) + ", width " + std::to_string(mha.head_dim))
        .xlabel("position being weighted (key)")
        .ylabel("position being processed (query)");
  }
  fig.size({static_cast<int>(450 * mha.num_heads), 460});
  fig.save(png);
  std::printf("ours: the last position's weights in each head:\n");
  for (int64_t i = 0; i < mha.num_heads; ++i) {
    std::printf("  head %lld: %s\n", static_cast<long long>(i),
                w.select(0, 0).select(0, i).select(0, x.size(1) - 1).str().c_str());
  }
}

// Ours: does splitting width 128 into more heads cost time? Batch 4 of T tokens through the whole
// sublayer, forward and forward + backward.
void head_timing(int64_t T, int reps, const std::filesystem::path& png) {
  std::printf("\nours: the sublayer on batch 4 of %lld tokens, width 128; %s runs, in ms\n",
              static_cast<long long>(T), timing_note(reps).c_str());
  std::printf("%6s %10s %10s %16s\n", "heads", "width", "forward", "forward+backward");
  std::vector<double> heads, fwd, both;
  for (const int64_t h : {1, 2, 4, 8, 16, 32}) {
    MultiHeadAttention mha(h, kEmbed);
    const Tensor x = randn({4, T, kEmbed});
    heads.push_back(static_cast<double>(h));
    fwd.push_back(1e3 * median_seconds(reps, [&] {
                    NoGradGuard no_grad;
                    mha(x);
                  }));
    both.push_back(1e3 * median_seconds(reps, [&] {
                     mha.zero_grad();
                     mha(x).sum().backward();
                   }));
    std::printf("%6lld %10lld %10.3f %16.3f\n", static_cast<long long>(h),
                static_cast<long long>(kEmbed / h), fwd.back(), both.back());
  }
  plot::Plot p("Multi-head attention of width 128, batch 4 of " + std::to_string(T) +
                   " tokens: time against the number of heads (ours)",
               "heads (log scale)", "time per call (ms), one thread");
  p.line("forward", heads, fwd).line("forward + backward", heads, both).log_x().x_range(0.8, 40);
  p.save(png, plot::Size{1000, 560});
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "15_multihead_attention",
      "Lesson 15: multi-head attention (4 heads on width 128): the shape of the data at every "
      "stage, one full-width head against the single head, and each head's attention map.");
  std::printf("Lesson 15: multi-head attention\n\n");
  manual_seed(0);
  MultiHeadAttention mha(kHeads, kEmbed);
  std::printf("MultiHeadAttention(%lld heads, width %lld):\n", static_cast<long long>(kHeads),
              static_cast<long long>(kEmbed));
  print_parameters(mha);

  const Tensor data = randn({kBatch, kSeqLen, kEmbed});
  {
    NoGradGuard no_grad;
    const Tensor out = mha(data);
    std::printf("\ninput size:  %s\noutput size: %s\n", shape_str(data.shape()).c_str(),
                shape_str(out.shape()).c_str());
    std::printf(
        "\n    sequence length: %2lld\nembedding dimension: %lld\n    number of heads: "
        "%2lld\nhead dimensionality: %lld\n",
        static_cast<long long>(kSeqLen), static_cast<long long>(kEmbed),
        static_cast<long long>(kHeads), static_cast<long long>(kEmbed / kHeads));
    std::printf("\nthe shapes of the data as it passes through the attention sublayer:\n");
    mha.run(data, /*track_sizes=*/true);
  }

  std::printf(
      "\nours: one head of full width against lesson 13's single head, same weights: "
      "largest difference %.2e\n",
      one_head_against_single_head(data));
  std::printf(
      "ours: each of the %lld heads against single-head attention on its slice of q, k "
      "and v: largest difference %.2e\n",
      static_cast<long long>(kHeads), heads_against_slices(mha, data));
  const auto png = opt.out_dir / "head_maps.png";
  save_head_maps(mha, data, png);
  const auto timing_png = opt.out_dir / "heads_timing.png";
  head_timing(opt.quick ? 32 : 512, opt.quick ? 3 : 11, timing_png);
  std::printf("\nwrote %s and %s\n", png.c_str(), timing_png.c_str());

  show_exercise("split_heads, then merge_heads, of the random data", [&] {
    const Tensor split = split_heads(data, kHeads);
    std::printf("   %s -> %s -> %s, largest change %.2e\n", shape_str(data.shape()).c_str(),
                shape_str(split.shape()).c_str(), shape_str(merge_heads(split).shape()).c_str(),
                max(abs(merge_heads(split) - data)).item());
  });
  show_exercise("multihead_attention against the module", [&] {
    NoGradGuard no_grad;
    const Tensor mine = multihead_attention(data, mha.query->weight, mha.key->weight,
                                            mha.value->weight, mha.W0->weight, kHeads);
    std::printf("   largest difference: %.2e\n", max(abs(mine - mha(data))).item());
  });
  return 0;
}
