// Lesson 13: the transformer block. As the course: two noisy rings that no line separates in 2-D
// but a plane separates once each point is lifted to 3-D by its radius; one attention head and a
// pre-layer-norm block of width 128 run on randn(5, 8, 128). Ours: a hidden layer that lifts the
// rings itself, narrow against wide, and the block's sublayers and causality measured.
#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "block_weights.h"
#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "plot/figure.h"
#include "transformer_block.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

// The course's rings: n points at evenly spaced angles, radii 1 and 2, noise of sd 0.1 on x and y.
struct Rings {
  Tensor inner, outer;  // [n, 2] each
};

Rings make_rings(int64_t n, Generator& gen) {
  const double step = (2 * std::numbers::pi - 1.0 / static_cast<double>(n)) / (n - 1);
  std::vector<float> circle;
  for (int64_t i = 0; i < n; ++i) {
    circle.push_back(static_cast<float>(std::cos(step * i)));
    circle.push_back(static_cast<float>(std::sin(step * i)));
  }
  const Tensor unit = from_vector(circle, {n, 2});
  return {unit + randn({n, 2}, &gen) / 10.0, unit * 2.0 + randn({n, 2}, &gen) / 10.0};
}

// (x, y) -> (x, y, sqrt(x² + y²)): the course's lift, for the figures.
Tensor lifted(const Tensor& points) {
  return cat({points, points.pow(2).sum({1}, true).sqrt()}, 1);
}

// A 3-D point drawn on the page: an orthographic view from 10 degrees above the x-y plane, turned
// 20 degrees about z. (The course's camera is 20 degrees up; from 10 the two lifted rings do not
// overlap on the page.)
std::pair<double, double> project(double x, double y, double z) {
  const double el = 10 * std::numbers::pi / 180, az = 20 * std::numbers::pi / 180;
  return {-x * std::sin(az) + y * std::cos(az),
          -(x * std::cos(az) + y * std::sin(az)) * std::sin(el) + z * std::cos(el)};
}

void draw_3d(plot::Plot& p, const std::string& name, const Tensor& lifted) {
  std::vector<double> u, v;
  const std::vector<float> xyz = lifted.to_vector<float>();
  for (size_t i = 0; i + 2 < xyz.size(); i += 3) {
    const auto [a, b] = project(xyz[i], xyz[i + 1], xyz[i + 2]);
    u.push_back(a);
    v.push_back(b);
  }
  p.scatter(name, u, v);
}

// A line through 3-D corners, back to the first when `closed`.
void draw_path(plot::Plot& p, const std::string& name,
               const std::vector<std::array<double, 3>>& corners, bool closed) {
  std::vector<double> u, v;
  for (size_t i = 0; i < corners.size() + (closed ? 1 : 0); ++i) {
    const auto& c = corners[i % corners.size()];
    const auto [a, b] = project(c[0], c[1], c[2]);
    u.push_back(a);
    v.push_back(b);
  }
  p.line(name, u, v);
}

// The course's figure (2-D, then lifted), and the same lift seen from the side (ours).
void rings_figure(const Rings& r, const std::filesystem::path& png) {
  plot::Figure fig(1, 3);
  fig.title("Two rings: not linearly separable in 2-D, separable after a lift to 3-D");
  fig.panel(0, 0)
      .title("non-linearly separable in 2-D")
      .xlabel("x")
      .ylabel("y")
      .scatter("inner ring (radius 1)", r.inner.select(1, 0), r.inner.select(1, 1))
      .scatter("outer ring (radius 2)", r.outer.select(1, 0), r.outer.select(1, 1))
      .x_range(-2.6, 2.6)
      .y_range(-2.6, 2.6);
  const Tensor inner3 = lifted(r.inner), outer3 = lifted(r.outer);
  plot::Plot& view = fig.panel(0, 1)
                         .title("linearly separable in 3-D: z = radius (seen from 10° up)")
                         .xlabel("across the view (x and y)")
                         .ylabel("up the view (mostly z = radius)");
  draw_3d(view, "inner ring, lifted", inner3);
  draw_3d(view, "outer ring, lifted", outer3);
  draw_path(view, "the z axis, 0 to 2.5", {{0, 0, 0}, {0, 0, 2.5}}, false);
  draw_path(view, "the plane z = 1.5",
            {{-2.5, -2.5, 1.5}, {2.5, -2.5, 1.5}, {2.5, 2.5, 1.5}, {-2.5, 2.5, 1.5}}, true);
  fig.panel(0, 2)
      .title("the same lift from the side (ours)")
      .xlabel("x")
      .ylabel("z = radius sqrt(x² + y²)")
      .scatter("inner ring", inner3.select(1, 0), inner3.select(1, 2))
      .scatter("outer ring", outer3.select(1, 0), outer3.select(1, 2))
      .hline(1.5, "the plane z = 1.5");
  fig.size({1650, 560});
  fig.save(png);
}

// Ours: a classifier of the rings trained on all 200 points (AdamW, full batch), its accuracy.
struct Classifier {
  std::string name;
  std::shared_ptr<nn::Module> model;
  bool lift;  // fed (x, y, radius) instead of (x, y)
};

double train_and_score(const Classifier& c, const Tensor& points, const Tensor& labels,
                       int64_t steps) {
  const Tensor inputs = c.lift ? lifted(points) : points;
  nn::AdamW optimizer(c.model->parameters(), {.lr = 0.03, .weight_decay = 0});
  for (int64_t s = 0; s < steps; ++s) {
    optimizer.zero_grad();
    cross_entropy((*c.model)(inputs), labels).backward();
    optimizer.step();
  }
  NoGradGuard no_grad;
  const Tensor predicted = (*c.model)(inputs).argmax(-1);
  return eq(predicted, labels).to(kFloat32).mean().item();
}

// 2 -> width -> 2 with GELU between: the first layer lifts the points to `width` dimensions, the
// second draws a line (a plane, a hyperplane) there.
std::shared_ptr<nn::Module> mlp(int64_t width, Generator& gen) {
  return std::make_shared<nn::Sequential>(std::initializer_list<std::shared_ptr<nn::Module>>{
      std::make_shared<nn::Linear>(2, width, true, &gen), std::make_shared<nn::GELU>(),
      std::make_shared<nn::Linear>(width, 2, true, &gen)});
}

// The class each point of a grid over the rings gets: the regions a classifier draws.
void draw_regions(plot::Plot& p, const Classifier& c, const Rings& r) {
  constexpr int kSide = 41;  // fewer than 2,000 points, so they are drawn as large dots
  std::vector<float> grid;
  for (int i = 0; i < kSide; ++i) {
    for (int j = 0; j < kSide; ++j) {
      grid.push_back(static_cast<float>(-2.7 + 5.4 * i / (kSide - 1)));
      grid.push_back(static_cast<float>(-2.7 + 5.4 * j / (kSide - 1)));
    }
  }
  const Tensor g = from_vector(grid, {kSide * kSide, 2});
  NoGradGuard no_grad;
  const std::vector<int64_t> cls =
      (*c.model)(c.lift ? lifted(g) : g).argmax(-1).to_vector<int64_t>();
  std::vector<double> ix, iy, ox, oy;
  for (size_t k = 0; k < cls.size(); ++k) {
    (cls[k] == 0 ? ix : ox).push_back(grid[2 * k]);
    (cls[k] == 0 ? iy : oy).push_back(grid[2 * k + 1]);
  }
  if (!ix.empty()) p.scatter("called inner", ix, iy);
  if (!ox.empty()) p.scatter("called outer", ox, oy);
  p.scatter("inner ring", r.inner.select(1, 0), r.inner.select(1, 1))
      .scatter("outer ring", r.outer.select(1, 0), r.outer.select(1, 1))
      .x_range(-2.75, 2.75)
      .y_range(-2.75, 2.75)
      .xlabel("x")
      .ylabel("y");
}

// Ours: linear classifiers on (x, y) and on the lifted points, and hidden layers of growing width
// that must find a lift of their own.
void hidden_width(const Rings& r, int64_t steps, const std::filesystem::path& png) {
  const int64_t n = r.inner.size(0);
  const Tensor points = cat({r.inner, r.outer}, 0);
  const Tensor labels = cat({zeros({n}, kInt64), ones({n}, kInt64)}, 0);
  Generator gen(5);
  std::vector<Classifier> all = {
      {"a line in (x, y)", std::make_shared<nn::Linear>(2, 2, true, &gen), false},
      {"a plane in (x, y, radius)", std::make_shared<nn::Linear>(3, 2, true, &gen), true}};
  const std::vector<int64_t> widths = {1, 2, 3, 4, 8, 16, 64};
  for (const int64_t w : widths) {
    all.push_back({"hidden width " + std::to_string(w), mlp(w, gen), false});
  }
  std::printf("\nours: classifiers of the two rings, %lld full-batch AdamW steps each\n",
              static_cast<long long>(steps));
  std::vector<double> accuracy;
  for (const Classifier& c : all) {
    accuracy.push_back(100 * train_and_score(c, points, labels, steps));
    std::printf("  %-28s %6.1f%% of the 200 points right\n", c.name.c_str(), accuracy.back());
  }
  plot::Figure fig(1, 4);
  fig.title("Ours: what a classifier of the rings can draw, and how wide its hidden layer must be");
  const std::vector<std::pair<size_t, const char*>> shown = {
      {0, "a line in (x, y)"}, {2, "hidden layer of width 1"}, {3, "hidden layer of width 2"}};
  for (size_t i = 0; i < shown.size(); ++i) {
    plot::Plot& p = fig.panel(0, static_cast<int>(i));
    p.title(shown[i].second);
    draw_regions(p, all[shown[i].first], r);
  }
  std::vector<double> ws(widths.begin(), widths.end());
  fig.panel(0, 3)
      .title("accuracy against hidden width")
      .xlabel("hidden layer width (log scale)")
      .ylabel("points classified right (%)")
      .line("MLP 2 -> width -> 2, GELU", ws,
            std::vector<double>(accuracy.begin() + 2, accuracy.end()))
      .line("a line in (x, y)", ws, std::vector<double>(ws.size(), accuracy[0]))
      .line("a plane in (x, y, radius)", ws, std::vector<double>(ws.size(), accuracy[1]))
      .log_x();
  fig.size({2000, 540});
  fig.save(png);
}

void print_parameters(const nn::Module& m) {
  for (const auto& [name, p] : m.named_parameters()) {
    std::printf("  %-26s %-12s %8lld\n", name.c_str(), shape_str(p.shape()).c_str(),
                static_cast<long long>(p.numel()));
  }
  std::printf("  %-39s %8lld parameters\n", "total", static_cast<long long>(m.num_parameters()));
}

// The course's head and block on randn(5, 8, 128); ours: how much each sublayer adds to its input,
// and that the last token cannot reach the earlier ones.
void head_and_block(TransformerBlock& block, const Tensor& tokens) {
  NoGradGuard no_grad;
  OneAttentionHead& head = *block.attn;
  std::printf("\nOneAttentionHead(128):\n");
  print_parameters(head);
  const Tensor out = head(tokens);
  std::printf(
      "token embeddings %s -> the head's output %s; batch 0, token 0, first 6 values:\n  %s\n",
      shape_str(tokens.shape()).c_str(), shape_str(out.shape()).c_str(),
      out.select(0, 0).select(0, 0).narrow(0, 0, 6).str().c_str());

  std::printf("\nTransformerBlock(128):\n");
  print_parameters(block);
  const Tensor h = tokens + head((*block.layerNormAttn)(tokens));
  const Tensor mlp_out = (*block.W2)((*block.gelu)((*block.W1)((*block.layerNormMLP)(h))));
  const Tensor y = block(tokens);
  std::printf("the block: %s -> %s\n", shape_str(tokens.shape()).c_str(),
              shape_str(y.shape()).c_str());
  const auto rms = [](const Tensor& t) { return t.pow(2).mean().sqrt().item(); };
  std::printf(
      "ours: root mean square of the input %.3f, of what attention adds %.3f, of what the MLP "
      "adds %.3f, of the output %.3f\n",
      rms(tokens), rms(h - tokens), rms(mlp_out), rms(y));
  const Tensor changed = cat({tokens.narrow(1, 0, 7), randn({5, 1, 128})}, 1);
  const Tensor diff = abs(block(changed) - y).max(-1).max(0);  // per token
  std::printf("ours: a new last token changes the outputs of tokens 0..7 by at most\n  %s\n",
              diff.str().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "13_transformer_block",
      "Lesson 13: two rings separable only after a lift to 3-D (and, ours, by a wide enough hidden "
      "layer); one attention head and a pre-layer-norm transformer block of width 128.");
  std::printf("Lesson 13: the transformer block\n\n");
  Generator gen(0);
  const Rings rings = make_rings(100, gen);
  const Tensor inner3 = lifted(rings.inner), outer3 = lifted(rings.outer);
  std::printf("two rings of 100 points: radii %.3f to %.3f (inner) and %.3f to %.3f (outer)\n",
              inner3.select(1, 2).min().item(), inner3.select(1, 2).max().item(),
              outer3.select(1, 2).min().item(), outer3.select(1, 2).max().item());
  std::printf("so the plane z = 1.5 separates them once z is the radius\n");
  const auto rings_png = opt.out_dir / "rings.png", width_png = opt.out_dir / "hidden_width.png";
  rings_figure(rings, rings_png);
  hidden_width(rings, opt.quick ? 150 : 1500, width_png);

  manual_seed(0);
  const int64_t seq_len = 8, embed_dim = 128, batch_size = 5;  // the course's
  TransformerBlock block(embed_dim);
  const Tensor tokens = randn({batch_size, seq_len, embed_dim});
  head_and_block(block, tokens);
  std::printf("\nwrote %s and %s\n", rings_png.c_str(), width_png.c_str());

  show_exercise("lift_to_radius of (3, 4) and (0, -2)", [] {
    std::cout << "   " << lift_to_radius(tensor({3, 4, 0, -2}, {2, 2})) << "\n";
  });
  show_exercise("transformer_block against the block module", [&] {
    NoGradGuard no_grad;
    const BlockWeights w = block_weights(block);
    std::printf("   largest difference: %.2e\n",
                max(abs(transformer_block(tokens, w) - block(tokens))).item());
  });
  show_exercise("block_parameter_count(128)", [&] {
    std::printf("   %lld (the module has %lld)\n",
                static_cast<long long>(block_parameter_count(embed_dim)),
                static_cast<long long>(block.num_parameters()));
  });
  return 0;
}
