#include "lessons/common/logits_panels.h"

namespace buildgpt::lessons {

void logits_panels(plot::Figure& fig, int row, const Tensor& logits, const std::string& when,
                   AgainstLogit third) {
  const double V = static_cast<double>(logits.numel());
  const Tensor index = arange(0.0, V, 1.0, kFloat32);
  const Tensor probs = softmax(logits, -1);
  fig.panel(row, 0)
      .title("logits, " + when)
      .xlabel("token index")
      .ylabel("logit")
      .x_range(0, V)
      .scatter("", index, logits);
  fig.panel(row, 1)
      .title("softmax probabilities, " + when + " (dashed: 1/V)")
      .xlabel("token index")
      .ylabel("probability")
      .x_range(0, V)
      .scatter("", index, probs)
      .hline(1 / V, "");
  plot::Plot& against = fig.panel(row, 2).xlabel("logit");
  if (third == AgainstLogit::Probability) {
    against.title("probability against logit, " + when)
        .ylabel("probability")
        .scatter("", logits, probs);
  } else {
    against.title("log-softmax against logit, " + when)
        .ylabel("log probability (nats)")
        .scatter("", logits, log_softmax(logits, -1));
  }
}

}  // namespace buildgpt::lessons
