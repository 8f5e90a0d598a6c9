#include "apps/loss_history.h"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "io/read_file.h"
#include "plot/loss_curve.h"

namespace buildgpt::cli {
namespace {

// The number in `field`; throws when it is not one.
double number(const std::string& field, const std::string& where) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(field, &used);
  } catch (const std::logic_error&) {
    used = 0;
  }
  if (used == 0 || used != field.size()) {
    throw std::runtime_error(where + ": '" + field + "' is not a number");
  }
  return value;
}

}  // namespace

LossHistory::LossHistory(const std::filesystem::path& log, int64_t step) {
  if (step == 0) return;
  std::istringstream lines(read_file(log));
  std::string line;
  std::getline(lines, line);  // the header
  for (int64_t number_of_line = 2; std::getline(lines, line); ++number_of_line) {
    const std::string where = log.string() + ":" + std::to_string(number_of_line);
    std::istringstream fields(line);
    std::string step_field, train, val;
    std::getline(fields, step_field, ',');
    std::getline(fields, train, ',');
    std::getline(fields, val, ',');
    const double s = number(step_field, where);
    if (s > static_cast<double>(step)) break;
    add_train(static_cast<int64_t>(s), number(train, where));
    if (!val.empty()) add_validation(static_cast<int64_t>(s), number(val, where));
  }
}

void LossHistory::add_train(int64_t step, double loss) {
  train_steps_.push_back(static_cast<double>(step));
  train_.push_back(loss);
}

void LossHistory::add_validation(int64_t step, double loss) {
  val_steps_.push_back(static_cast<double>(step));
  val_.push_back(loss);
}

std::optional<double> LossHistory::last_validation() const {
  if (val_.empty()) return std::nullopt;
  return val_.back();
}

std::filesystem::path LossHistory::draw(const std::filesystem::path& png,
                                        int64_t vocab_size) const {
  const double uniform = std::log(static_cast<double>(vocab_size));
  std::ostringstream label;
  label.precision(3);
  label << "uniform guess, log " << vocab_size << " = " << uniform;
  const plot::Saved saved = plot::loss_curve(png, train_steps_, train_, val_steps_, val_,
                                             plot::Reference{uniform, label.str()});
  return saved.png.value_or(saved.csv);
}

}  // namespace buildgpt::cli
