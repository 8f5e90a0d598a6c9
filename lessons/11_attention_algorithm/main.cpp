// Lesson 11: attention written by hand (q kᵀ / sqrt(d), the causal mask, softmax, times v) against
// the fused kernel: the course's sizes and data, equal outputs up to rounding, and their speed;
// then (ours) their speed and memory as the context grows, forward and backward.
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/attention_map.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/timing.h"
#include "nn/layers.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// The course's hand-written attention, line for line.
Tensor attention_by_hand(const Tensor& q, const Tensor& k, const Tensor& v) {
  const int64_t T = q.size(-2);
  Tensor qk = q.matmul(k.transpose(-2, -1));                  // how well each query matches
  qk = qk * std::pow(static_cast<double>(q.size(-1)), -0.5);  // variance-scaled
  const Tensor pastmask = ones({T, T}).tril();                // 1 for the past and present
  qk = qk.masked_fill(pastmask == 0.0, -std::numeric_limits<double>::infinity());
  return softmax(qk, -1).matmul(v);
}

Tensor fused(const Tensor& q, const Tensor& k, const Tensor& v) {
  return scaled_dot_product_attention(q, k, v, /*is_causal=*/true);
}

// The course's exercise 1 and 2: B 4, width 10, T 8, vocabulary 40.
struct CourseData {
  Tensor q, k, v;
};

CourseData course_data() {
  const int64_t n_batch = 4, n_embed = 10, context = 8, vocab = 40;
  Generator gen(0);
  const Tensor data = randint(0, vocab, {n_batch, context}, &gen);
  nn::Embedding embeddings(vocab, n_embed, &gen);
  nn::Linear key(n_embed, n_embed, false, &gen), query(n_embed, n_embed, false, &gen),
      value(n_embed, n_embed, false, &gen);
  NoGradGuard no_grad;
  const Tensor x = embeddings(data);
  const Tensor k = key(x), q = query(x), v = value(x);
  std::printf("      data matrix: %s\n", shape_str(data.shape()).c_str());
  std::printf("embeddings matrix: %s\n", shape_str(embeddings.weight.shape()).c_str());
  std::printf(" token embeddings: %s\n\n", shape_str(x.shape()).c_str());
  std::printf("  Q, K, V weights: %s each\n", shape_str(query.weight.shape()).c_str());
  std::printf("     Q(x), K(x), V(x): %s each\n", shape_str(q.shape()).c_str());
  return {q, k, v};
}

void compare(const CourseData& d) {
  NoGradGuard no_grad;
  const Tensor manual = attention_by_hand(d.q, d.k, d.v), library = fused(d.q, d.k, d.v);
  std::cout << "\nby hand, batch 0:\n"
            << manual.select(0, 0) << "\nfused, batch 0:\n"
            << library.select(0, 0) << "\ndifference, batch 0:\n"
            << (manual - library).select(0, 0) << "\n";
  const double largest = max(abs(manual - library)).item();
  const bool equal = manual.to_vector<float>() == library.to_vector<float>();
  std::printf("\nexactly equal? %s\nclose (largest difference %.2e, within 1e-5)? %s\n",
              equal ? "yes" : "no", largest, largest <= 1e-5 ? "yes" : "NO");
}

double microseconds(int reps, const std::function<void()>& run) {
  return 1e6 * median_seconds(reps, run);
}

// The course's exercise 3: each way on the course's tensors.
void course_timing(const CourseData& d, int reps) {
  NoGradGuard no_grad;
  const double hand = microseconds(reps, [&] { attention_by_hand(d.q, d.k, d.v); });
  const double lib = microseconds(reps, [&] { fused(d.q, d.k, d.v); });
  std::printf("\nthe course's sizes [4, 8, 10]; %s calls:\n", timing_note(reps).c_str());
  std::printf("%-10s %14s %34s\n", "", "per call (us)", "50,000 calls, as the course (s)");
  std::printf("%-10s %14.2f %34.3f\n", "by hand", hand, hand * 5e4 / 1e6);
  std::printf("%-10s %14.2f %34.3f\n", "fused", lib, lib * 5e4 / 1e6);
}

// Ours: batch 4, one head of width 64, contexts growing; forward alone and forward + backward.
void scaling(const std::vector<int64_t>& contexts, int reps, const std::filesystem::path& png) {
  const int64_t B = 4, d = 64;
  std::printf(
      "\nours: batch %lld, one head of width %lld; %s runs, in milliseconds\n"
      "%6s %12s %12s %10s %14s %14s %10s %16s\n",
      static_cast<long long>(B), static_cast<long long>(d), timing_note(reps).c_str(), "T",
      "hand fwd", "fused fwd", "ratio", "hand fwd+bwd", "fused fwd+bwd", "ratio", "scores (MiB)");
  std::vector<double> ts, hand_f, lib_f, hand_b, lib_b;
  for (const int64_t T : contexts) {
    const Tensor q = randn({B, T, d}).requires_grad_(), k = randn({B, T, d}).requires_grad_(),
                 v = randn({B, T, d}).requires_grad_();
    const auto forward = [&](auto attend) {
      return microseconds(reps,
                          [&] {
                            NoGradGuard no_grad;
                            attend(q, k, v);
                          }) /
             1e3;
    };
    const auto both = [&](auto attend) {
      return microseconds(reps, [&] { attend(q, k, v).sum().backward(); }) / 1e3;
    };
    ts.push_back(static_cast<double>(T));
    hand_f.push_back(forward(attention_by_hand));
    lib_f.push_back(forward(fused));
    hand_b.push_back(both(attention_by_hand));
    lib_b.push_back(both(fused));
    const double mib = static_cast<double>(B * T * T * 4) / (1 << 20);
    std::printf("%6lld %12.3f %12.3f %10.2f %14.3f %14.3f %10.2f %16.2f\n",
                static_cast<long long>(T), hand_f.back(), lib_f.back(),
                hand_f.back() / lib_f.back(), hand_b.back(), lib_b.back(),
                hand_b.back() / lib_b.back(), mib);
  }
  std::printf("(scores: one [B, T, T] float32 matrix; the hand-written way makes several)\n");
  plot::Plot p("Causal attention, batch 4, one head of width 64: by hand against fused (ours)",
               "context length T (tokens)", "time per call (ms), one thread");
  p.line("by hand, forward", ts, hand_f)
      .line("fused, forward", ts, lib_f)
      .line("by hand, forward + backward", ts, hand_b)
      .line("fused, forward + backward", ts, lib_b)
      .log_x()
      .log_y()
      .x_range(0.8 * ts.front(), 1.25 * ts.back());
  p.save(png, plot::Size{1000, 600});
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "11_attention_algorithm",
      "Lesson 11: causal attention by hand against the fused scaled_dot_product_attention: the "
      "same output, and their speed at the course's sizes and as the context grows.");
  std::printf("Lesson 11: the attention algorithm, by hand and fused\n\n");
  const CourseData d = course_data();
  compare(d);
  course_timing(d, opt.quick ? 21 : 2001);
  const auto png = opt.out_dir / "timing.png";
  scaling(opt.quick ? std::vector<int64_t>{16, 64} : std::vector<int64_t>{64, 128, 256, 512, 1024},
          opt.quick ? 3 : 11, png);
  std::printf("\nwrote %s\n", png.c_str());

  show_exercise("attention_scores of the course's q and k, batch 0, first row", [&] {
    std::cout << "   " << attention_scores(d.q, d.k).select(0, 0).select(0, 0) << "\n";
  });
  show_exercise("causal_attention against the fused kernel", [&] {
    std::printf("   largest difference: %.2e\n",
                max(abs(causal_attention(d.q, d.k, d.v) - fused(d.q, d.k, d.v))).item());
  });
  show_exercise("value_gradient against autograd", [&] {
    const Tensor v = d.v.detach().clone().requires_grad_(), g = randn(d.v.shape());
    (fused(d.q, d.k, v) * g).sum().backward();
    const Tensor p = causal_attention_weights(d.q, d.k);
    std::printf("   largest difference: %.2e\n", max(abs(value_gradient(p, g) - v.grad())).item());
  });
  return 0;
}
