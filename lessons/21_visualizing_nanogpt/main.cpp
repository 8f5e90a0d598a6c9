// Lesson 21: the nano-GPT of the course's visualisation (3 blocks, 3 heads, width 48, the
// letters A, B and C: 85,728 parameters), every stage from tokens to logits as heat maps. Ours:
// the model trained on the visualisation's task, sorting six letters; and index.html, a page
// that walks the prompt "CBABBC" through every stage with the real numbers.
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/attention_map.h"
#include "lessons/common/digit_groups.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "nano_gpt.h"
#include "page.h"
#include "plot/figure.h"
#include "trace.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

const std::string kPrompt = "CBABBC";  // the visualisation's example
constexpr uint64_t kSamplingSeed = 1;

std::vector<std::string> row_labels(const GptTrace& t) {
  std::vector<std::string> labels;
  for (size_t i = 0; i < t.ids.size(); ++i) {
    labels.push_back(letters_of({t.ids[i]}) + " " + std::to_string(i));
  }
  return labels;
}

// A panel of a stage [T, n]: rows the tokens, columns the features.
void stage_map(plot::Plot& panel, const std::string& title, const Tensor& values,
               const std::vector<std::string>& rows, const std::string& columns) {
  panel.title(title + " " + shape_str(values.shape()))
      .xlabel(columns)
      .ylabel("token, position")
      .heatmap(values, rows);
}

void save_embeddings(const GptTrace& t, const std::filesystem::path& png) {
  const auto rows = row_labels(t);
  plot::Figure fig(1, 3);
  fig.title("nano-GPT on \"" + kPrompt + "\": from tokens to vectors");
  stage_map(fig.panel(0, 0), "token embedding W_te[id]", t.token_embedding, rows, "feature");
  stage_map(fig.panel(0, 1), "position embedding W_pe[pos]", t.position_embedding, rows, "feature");
  stage_map(fig.panel(0, 2), "their sum x0: the residual stream", t.embedding, rows, "feature");
  fig.size({1800, 420});
  fig.save(png);
}

// One block: a row per head (its Q, K, V and attention weights), then the stream's path through
// the block.
void save_block(const GptTrace& t, size_t l, const std::filesystem::path& png) {
  const BlockTrace& b = t.blocks[l];
  const auto rows = row_labels(t);
  const auto H = static_cast<int>(b.heads.size());
  plot::Figure fig(H + 1, 4);
  const std::string name = "block " + std::to_string(l) + " ";
  fig.title("nano-GPT on \"" + kPrompt + "\": block " + std::to_string(l) +
            ", its heads (rows 1-3) and the residual stream through it (row 4)");
  for (int h = 0; h < H; ++h) {
    const HeadTrace& head = b.heads[h];
    const std::string hn = "head " + std::to_string(h) + " ";
    stage_map(fig.panel(h, 0), hn + "Q", head.q, rows, "head feature");
    stage_map(fig.panel(h, 1), hn + "K", head.k, rows, "head feature");
    stage_map(fig.panel(h, 2), hn + "V", head.v, rows, "head feature");
    attention_heatmap(fig.panel(h, 3), head.weights, rows).title(hn + "attention weights A");
  }
  stage_map(fig.panel(H, 0), "LN1(x)", b.ln_1, rows, "feature");
  stage_map(fig.panel(H, 1), "x + attention", b.after_attention, rows, "feature");
  stage_map(fig.panel(H, 2), "MLP hidden, GELU(h)", b.mlp_gelu, rows, "hidden unit");
  stage_map(fig.panel(H, 3), "x + MLP: the block's output", b.output, rows, "feature");
  fig.size({1900, 1500});
  fig.save(png);
}

void save_output(const GptTrace& t, const std::vector<std::string>& vocabulary,
                 const std::filesystem::path& png) {
  const auto rows = row_labels(t);
  plot::Figure fig(1, 3);
  fig.title("nano-GPT on \"" + kPrompt + "\": from vectors to the next token (drawn: " +
            vocabulary[static_cast<size_t>(t.sampled)] + ")");
  stage_map(fig.panel(0, 0), "final layer norm LN_f(x)", t.ln_f, rows, "feature");
  fig.panel(0, 1)
      .title("logits " + shape_str(t.logits.shape()))
      .xlabel("next token")
      .ylabel("token, position")
      .heatmap(t.logits, rows, vocabulary)
      .colorbar_label("logit");
  fig.panel(0, 2)
      .title("probabilities: softmax of each row")
      .xlabel("next token")
      .ylabel("token, position")
      .heatmap(t.probabilities, rows, vocabulary)
      .colorbar_label("probability");
  fig.size({1700, 460});
  fig.save(png);
}

void save_training(const std::vector<double>& losses, const std::filesystem::path& png) {
  plot::Plot p("nano-GPT learning to sort six letters (ours): the loss of each batch of 64", "step",
               "cross-entropy of the six sorted letters (nats, log scale)");
  p.line("training loss", losses)
      .hline(std::log(3.0), "a uniform guess over A, B, C: ln 3")
      .log_y();
  p.save(png, plot::Size{1000, 560});
}

SortTraining training_for(bool quick) {
  SortTraining options;
  if (quick) options.steps = 30;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "21_visualizing_nanogpt",
      "Lesson 21: the nano-GPT of the course's visualisation, trained to sort six letters, "
      "every stage from tokens to logits as heat maps and as a page, index.html.");
  // The model's tensors are a few thousand numbers: threads would spend longer waiting for each
  // other than computing.
  omp_set_num_threads(1);
  std::printf("Lesson 21: visualising nano-GPT\n\n");
  manual_seed(0);
  const nn::GPTConfig config = nano_gpt_config();
  nn::GPT model(config);
  const int64_t without_output = model.num_parameters() - model.lm_head->weight.numel();
  std::printf(
      "nano-GPT: vocabulary A, B, C; context %lld; width %lld; %lld heads of %lld; %lld blocks; "
      "MLP %lld\n%s parameters (%s without the output layer)\n\n",
      static_cast<long long>(config.context), static_cast<long long>(config.width),
      static_cast<long long>(config.heads), static_cast<long long>(config.head_width()),
      static_cast<long long>(config.layers), static_cast<long long>(4 * config.width),
      digit_groups(model.num_parameters()).c_str(), digit_groups(without_output).c_str());

  // Ours: training it on the visualisation's task.
  const SortTraining options = training_for(opt.quick);
  std::printf(
      "ours: training it to sort six letters: %lld steps of %lld random problems, "
      "AdamW, learning rate %g\n",
      static_cast<long long>(options.steps), static_cast<long long>(options.batch), options.lr);
  Generator data_gen(2);
  const std::vector<double> losses =
      train_sorter(model, options, data_gen, [&](int64_t step, double loss) {
        if (step % 200 == 0 || step == options.steps) {
          std::printf("  step %5lld  loss %.4f\n", static_cast<long long>(step), loss);
        }
      });
  Generator test_gen(3);
  const int64_t problems = opt.quick ? 20 : 500;
  const double accuracy = sorting_accuracy(model, problems, test_gen);
  std::printf("sorts %.1f%% of %lld new random problems right; \"%s\" -> \"%s\"\n\n",
              100 * accuracy, static_cast<long long>(problems), kPrompt.c_str(),
              sort_with(model, kPrompt).c_str());
  save_training(losses, opt.out_dir / "training.png");

  Generator sample_gen(kSamplingSeed);
  const GptTrace trace = trace_gpt(model, letter_ids(kPrompt), sample_gen);
  const std::vector<std::string> vocabulary = {"A", "B", "C"};
  std::printf("the prompt \"%s\" through every stage (T = %zu tokens):\n", kPrompt.c_str(),
              trace.ids.size());
  std::printf(
      "  embeddings %s; per block: LN1 %s, per head Q, K, V %s and A %s, MLP hidden %s; "
      "logits %s\n",
      shape_str(trace.embedding.shape()).c_str(), shape_str(trace.blocks[0].ln_1.shape()).c_str(),
      shape_str(trace.blocks[0].heads[0].q.shape()).c_str(),
      shape_str(trace.blocks[0].heads[0].weights.shape()).c_str(),
      shape_str(trace.blocks[0].mlp_gelu.shape()).c_str(), shape_str(trace.logits.shape()).c_str());
  std::printf("  the last position's probabilities of A, B, C: %s; drawn: %s\n\n",
              trace.probabilities.select(0, trace.probabilities.size(0) - 1).str().c_str(),
              vocabulary[static_cast<size_t>(trace.sampled)].c_str());

  save_embeddings(trace, opt.out_dir / "embeddings.png");
  for (size_t l = 0; l < trace.blocks.size(); ++l) {
    save_block(trace, l, opt.out_dir / ("block_" + std::to_string(l) + ".png"));
  }
  save_output(trace, vocabulary, opt.out_dir / "output.png");

  PageText text;
  text.title = "nano-GPT sorting \"" + kPrompt + "\", stage by stage";
  char about[400];
  std::snprintf(about, sizeof about,
                "A GPT of 3 blocks over the letters A, B and C, trained here to sort six letters "
                "(%lld steps of %lld random problems; it sorts %.1f%% of %lld new ones right). "
                "Every number below is from one forward pass of the prompt.",
                static_cast<long long>(options.steps), static_cast<long long>(options.batch),
                100 * accuracy, static_cast<long long>(problems));
  text.about = about;
  text.vocabulary = vocabulary;
  text.answer = sort_with(model, kPrompt);
  const auto page = opt.out_dir / "index.html";
  write_page(page, page_data(trace, config, model.num_parameters(), text));
  std::printf(
      "wrote training.png, embeddings.png, block_0.png to block_%zu.png, output.png and "
      "%s (open it in a browser)\n",
      trace.blocks.size() - 1, page.c_str());

  show_exercise("sort_example(\"CBABBC\")", [&] {
    const SortExample e = sort_example(kPrompt);
    std::printf("   inputs ");
    for (const int64_t id : e.inputs) std::printf(" %lld", static_cast<long long>(id));
    std::printf("\n   targets");
    for (const int64_t id : e.targets) std::printf(" %lld", static_cast<long long>(id));
    std::printf("\n");
  });
  show_exercise("head_qkv and mlp_activations on block 0, against the trace", [&] {
    NoGradGuard no_grad;
    const nn::Block& b0 = *model.transformer->blocks[0];
    const BlockTrace& t0 = trace.blocks[0];
    const HeadQKV h = head_qkv((*b0.attn->c_attn)(t0.ln_1), config.heads, 1);
    std::printf("   head 1: largest differences q %.2e, k %.2e, v %.2e\n",
                max(abs(h.q - t0.heads[1].q)).item(), max(abs(h.k - t0.heads[1].k)).item(),
                max(abs(h.v - t0.heads[1].v)).item());
    const Tensor mine = mlp_activations(t0.after_attention, b0.ln_2->weight, b0.ln_2->bias,
                                        b0.ln_2->eps, b0.mlp->c_fc->weight, b0.mlp->c_fc->bias);
    std::printf("   MLP activations: largest difference %.2e\n",
                max(abs(mine - t0.mlp_gelu)).item());
  });
  return 0;
}
