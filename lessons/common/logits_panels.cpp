#include "lessons/common/logits_panels.h"

#include <vector>

namespace buildgpt::lessons {

void logits_panels(plot::Figure& fig, int row, const Tensor& logits, const std::string& when,
                   AgainstLogit third, int64_t every) {
  const int64_t V = logits.numel();
  const std::vector<float> z = logits.to_vector<float>();
  const std::vector<float> p = softmax(logits, -1).to_vector<float>();
  const std::vector<float> log_p = log_softmax(logits, -1).to_vector<float>();
  std::vector<double> index, zs, ps, log_ps;
  for (int64_t v = 0; v < V; v += every) {
    index.push_back(static_cast<double>(v));
    zs.push_back(z[v]);
    ps.push_back(p[v]);
    log_ps.push_back(log_p[v]);
  }
  const std::string of = every > 1 ? " (every " + std::to_string(every) + "th token)" : "";
  fig.panel(row, 0)
      .title("logits, " + when + of)
      .xlabel("token index")
      .ylabel("logit")
      .x_range(0, static_cast<double>(V))
      .scatter("", index, zs);
  fig.panel(row, 1)
      .title("softmax probabilities, " + when + " (dashed: 1/V)")
      .xlabel("token index")
      .ylabel("probability")
      .x_range(0, static_cast<double>(V))
      .scatter("", index, ps)
      .hline(1.0 / static_cast<double>(V), "");
  plot::Plot& against = fig.panel(row, 2).xlabel("logit");
  if (third == AgainstLogit::Probability) {
    against.title("probability against logit, " + when).ylabel("probability").scatter("", zs, ps);
  } else {
    against.title("log-softmax against logit, " + when)
        .ylabel("log probability (nats)")
        .scatter("", zs, log_ps);
  }
}

}  // namespace buildgpt::lessons
