// Lesson 22: GPT-2's parameters counted by formula and by walking the modules, for the four
// published sizes (small, medium, large, XL): weights against biases; attention against MLP
// against layer norms; the tied embedding and output counted once and twice. As the course:
// the counts, wte[0] against lm_head[0] with their correlation, and the bar charts. Ours: the
// walk by module type, the one-block shortcut that keeps XL's 6 GB out of memory (checked
// against the full walk of GPT-2 small), and an untied model beside the tied one.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/digit_groups.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "parameter_parts.h"
#include "plot/figure.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

struct Counted {
  std::string name;
  nn::GPTConfig config;
  int64_t formula = 0, formula_twice = 0;  // the tied output counted once, twice
  PartCounts walked;
  double walk_seconds = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A quick run's stand-in for a preset: the same blocks and heads, a width divided by 8, a
// vocabulary of 1,000 and a context of 64, so that building even XL's embeddings takes no time.
nn::GPTConfig quick_sized(nn::GPTConfig config) {
  config.width /= 8;
  config.vocab_size = 1000;
  config.context = 64;
  return config;
}

Counted count(const std::string& preset, bool quick) {
  Counted c;
  c.name = preset;
  c.config = nn::GPTConfig::preset(preset);
  if (quick) c.config = quick_sized(c.config);
  c.formula = c.config.parameter_count(false);
  c.formula_twice = c.config.parameter_count(true);
  const auto start = std::chrono::steady_clock::now();
  c.walked = walk_one_block_model(c.config);
  c.walk_seconds = seconds_since(start);
  return c;
}

void print_totals(const std::vector<Counted>& models) {
  std::printf("%-12s %6s %6s %5s %15s %15s %7s %15s\n", "model", "layers", "width", "heads",
              "by formula", "by walking", "equal", "output twice");
  for (const Counted& m : models) {
    std::printf("%-12s %6lld %6lld %5lld %15s %15s %7s %15s\n", m.name.c_str(),
                static_cast<long long>(m.config.layers), static_cast<long long>(m.config.width),
                static_cast<long long>(m.config.heads), digit_groups(m.formula).c_str(),
                digit_groups(m.walked.total()).c_str(),
                m.formula == m.walked.total() ? "yes" : "NO",
                digit_groups(m.formula_twice).c_str());
  }
  std::printf("(walking: the model built with one block, walked, plus that block %s; seconds: ",
              "walked layers - 1 times more");
  for (const Counted& m : models) std::printf("%s %.1f  ", m.name.c_str(), m.walk_seconds);
  std::printf(")\n");
}

double percent(int64_t part, int64_t total) {
  return 100.0 * static_cast<double>(part) / static_cast<double>(total);
}

void print_parts(const std::vector<Counted>& models) {
  std::printf("\nwhere the parameters are, in %% of each model (the walk by module type):\n%-20s",
              "");
  for (const Counted& m : models) std::printf("%14s", m.name.c_str());
  std::printf("\n");
  for (size_t i = 0; i < kPartCount; ++i) {
    std::printf("%-20s", part_name(static_cast<Part>(i)));
    for (const Counted& m : models) {
      std::printf("%13.4f%%", percent(m.walked.count[i], m.walked.total()));
    }
    std::printf("\n");
  }
  std::printf("%-20s", "weights / biases");
  for (const Counted& m : models) {
    std::printf("%8.3f/%.3f", percent(m.walked.weights(), m.walked.total()),
                percent(m.walked.biases(), m.walked.total()));
  }
  std::printf("\n");
}

// Ours: the shortcut against the walk of the whole model, on the one model small enough to build
// whole without thinking twice (GPT-2 small, 498 MB).
void check_shortcut(const Counted& small) {
  const auto start = std::chrono::steady_clock::now();
  const nn::GPT whole(small.config);
  const PartCounts full = walk_modules(whole);
  std::printf(
      "\nours: %s built whole with its %lld blocks (%.1f s) and walked: %s parameters; the "
      "one-block shortcut gave %s, part by part %s\n",
      small.name.c_str(), static_cast<long long>(small.config.layers), seconds_since(start),
      digit_groups(full.total()).c_str(), digit_groups(small.walked.total()).c_str(),
      full == small.walked ? "the same" : "DIFFERENT");
}

std::vector<std::string> names_of(const std::vector<Counted>& models) {
  std::vector<std::string> names;
  for (const Counted& m : models) names.push_back(m.name);
  return names;
}

// Each model's value of `of`, in millions or in percent of its total.
template <typename Of>
std::vector<double> millions(const std::vector<Counted>& models, Of of) {
  std::vector<double> out;
  for (const Counted& m : models) out.push_back(static_cast<double>(of(m)) / 1e6);
  return out;
}
template <typename Of>
std::vector<double> percents(const std::vector<Counted>& models, Of of) {
  std::vector<double> out;
  for (const Counted& m : models) out.push_back(percent(of(m.walked), m.walked.total()));
  return out;
}

// A panel of bars over the four models.
plot::Plot& model_panel(plot::Figure& fig, int col, const std::string& title,
                        const std::string& ylabel) {
  return fig.panel(0, col).title(title).xlabel("model").ylabel(ylabel);
}

void save_totals(const std::vector<Counted>& models, const std::string& note,
                 const std::filesystem::path& png) {
  // Room above the tallest bar for the legend.
  const double top = 1.3 * static_cast<double>(models.back().formula_twice) / 1e6;
  plot::Figure fig(1, 2);
  fig.title("GPT-2's four sizes: parameters counted two ways, and the tied output" + note);
  model_panel(fig, 0, "By formula and by walking the modules: the same", "parameters (millions)")
      .bars(names_of(models),
            {{"by formula", millions(models, [](const Counted& m) { return m.formula; })},
             {"by walking the modules",
              millions(models, [](const Counted& m) { return m.walked.total(); })}})
      .y_range(0, top);
  model_panel(fig, 1, "The tied output layer counted once and twice", "parameters (millions)")
      .bars(names_of(models),
            {{"counted once (the model's memory)",
              millions(models, [](const Counted& m) { return m.formula; })},
             {"counted twice (V x C more)",
              millions(models, [](const Counted& m) { return m.formula_twice; })}})
      .y_range(0, top);
  fig.size({1500, 560});
  fig.save(png);
}

int64_t embeddings(const PartCounts& p) {
  return p[Part::TokenEmbedding] + p[Part::PositionEmbedding];
}
int64_t attention(const PartCounts& p) {
  return p[Part::AttentionWeights] + p[Part::AttentionBiases];
}
int64_t mlp(const PartCounts& p) { return p[Part::MlpWeights] + p[Part::MlpBiases]; }

void save_parts(const std::vector<Counted>& models, const std::string& note,
                const std::filesystem::path& png) {
  plot::Figure fig(1, 3);
  fig.title("Where GPT-2's parameters are (walking the modules)" + note);
  model_panel(fig, 0, "Embeddings, attention and MLP", "% of the model's parameters")
      .bars(names_of(models), {{"embeddings (token + position)", percents(models, embeddings)},
                               {"attention (c_attn + c_proj)", percents(models, attention)},
                               {"MLP (c_fc + c_proj)", percents(models, mlp)}});
  model_panel(fig, 1, "Layer norms: gains and shifts", "% of the model's parameters")
      .bars(names_of(models),
            {{"gains (ln_1, ln_2, ln_f .weight)",
              percents(models, [](const PartCounts& p) { return p[Part::LayerNormWeights]; })},
             {"shifts (.bias)",
              percents(models, [](const PartCounts& p) { return p[Part::LayerNormBiases]; })}});
  model_panel(fig, 2, "Weights against biases (log scale)", "% of the model's parameters")
      .bars(names_of(models), {{"weights (every .weight)",
                                percents(models, [](const PartCounts& p) { return p.weights(); })},
                               {"biases (every .bias)",
                                percents(models, [](const PartCounts& p) { return p.biases(); })}})
      .log_y()
      .y_range(0.01, 200);
  fig.size({1800, 600});
  fig.save(png);
}

double correlation(const std::vector<float>& a, const std::vector<float>& b) {
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= static_cast<double>(a.size());
  mb /= static_cast<double>(b.size());
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// As the course: token 0's row of the embedding against its row of the output layer, with their
// correlation. Ours: the same for a model whose output is not tied.
void save_tied_rows(nn::GPTConfig config, const std::filesystem::path& png) {
  config.layers = 1;  // the rows are all this figure needs
  plot::Figure fig(1, 2);
  fig.title("Token 0's embedding row against its output row (width " +
            std::to_string(config.width) + ", untrained)");
  for (const bool tied : {true, false}) {
    config.tied_output = tied;
    const nn::GPT model(config);
    const auto wte = model.transformer->wte->weight.select(0, 0).to_vector<float>(),
               head = model.lm_head->weight.select(0, 0).to_vector<float>();
    char title[160];
    std::snprintf(title, sizeof title, "%s: r = %.3f", tied ? "tied (GPT-2)" : "untied (ours)",
                  correlation(wte, head));
    std::printf("%s\n", title);
    fig.panel(0, tied ? 0 : 1)
        .title(title)
        .xlabel("transformer.wte.weight[0]")
        .ylabel("lm_head.weight[0]")
        .scatter("", wte, head);
  }
  fig.size({1300, 600});
  fig.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "22_parameter_counts",
      "Lesson 22: GPT-2 small, medium, large and XL counted by formula and by walking the "
      "modules; weights against biases, attention against MLP against layer norms, the tied "
      "output.");
  std::printf("Lesson 22: parameter counts\n\n");
  manual_seed(0);
  if (opt.quick) {
    std::printf(
        "(quick: each model with its blocks and heads but a width / 8, a vocabulary of "
        "1,000 and a context of 64)\n");
  }
  std::vector<Counted> models;
  for (const char* p : {"gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"}) {
    models.push_back(count(p, opt.quick));
  }
  print_totals(models);
  print_parts(models);
  check_shortcut(models[0]);

  std::printf("\n");
  save_tied_rows(models[0].config, opt.out_dir / "tied_rows.png");
  const std::string note = opt.quick ? " (quick run: widths / 8, vocabulary 1,000)" : "";
  save_totals(models, note, opt.out_dir / "totals.png");
  save_parts(models, note, opt.out_dir / "parts.png");
  std::printf("wrote %s, %s and %s\n", (opt.out_dir / "totals.png").c_str(),
              (opt.out_dir / "parts.png").c_str(), (opt.out_dir / "tied_rows.png").c_str());

  show_exercise("block_parameter_count and gpt2_parameter_count", [&] {
    for (const Counted& m : models) {
      const nn::GPTConfig& c = m.config;
      const int64_t block = block_parameter_count(c.width, true);
      const int64_t model = gpt2_parameter_count(c.vocab_size, c.context, c.width, c.layers, false);
      std::printf("   %-12s block %s, model %s (the walk: %s)\n", m.name.c_str(),
                  digit_groups(block).c_str(), digit_groups(model).c_str(),
                  digit_groups(m.walked.total()).c_str());
    }
  });
  show_exercise("count_by_name on a GPT-2-shaped model of width 64, against the walk", [&] {
    nn::GPTConfig c = models[0].config;
    c.width = 64;
    c.heads = 4;
    const nn::GPT model(c);
    const PartCounts mine = count_by_name(model.named_parameters()), walked = walk_modules(model);
    for (size_t i = 0; i < kPartCount; ++i) {
      std::printf("   %-20s %12s %12s\n", part_name(static_cast<Part>(i)),
                  digit_groups(mine.count[i]).c_str(), digit_groups(walked.count[i]).c_str());
    }
  });
  return 0;
}
