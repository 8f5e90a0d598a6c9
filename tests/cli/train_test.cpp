// buildgpt train: the run's folder, --json, --config, stopping on a loss that is not finite.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "cli_test_util.h"
#include "nn/safetensors.h"

namespace buildgpt::testing {
namespace {

using TrainTest = CliTest;

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

int lines_in(const std::filesystem::path& file) {
  const std::string s = read_text(file);
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

TEST_F(TrainTest, WritesTheRunsFolderAndReportsInJson) {
  const Result r = run(with(train_args(dir / "run", 10), {"--json"}));
  ASSERT_EQ(r.rc, 0) << r.err;
  const nlohmann::json report = r.json();
  EXPECT_EQ(report["step"], 10);
  EXPECT_FALSE(report["stopped"]);
  EXPECT_TRUE(std::isfinite(report["train_loss"].get<double>()));
  EXPECT_TRUE(std::isfinite(report["val_loss"].get<double>()));
  // Progress went to standard error, as plain lines (not a terminal).
  EXPECT_NE(r.err.find("step 10/10 | loss "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);

  const nlohmann::json config = nlohmann::json::parse(read_text(dir / "run" / "config.json"));
  EXPECT_EQ(config["steps"], 10);
  EXPECT_EQ(config["context"], 16);
  EXPECT_EQ(config["layers"], 2);  // the preset's, recorded
  EXPECT_EQ(config["tokenizer"], "char");
  EXPECT_EQ(lines_in(dir / "run" / "log.csv"), 11);  // a header, then one row per step
  EXPECT_TRUE(std::filesystem::exists(dir / "run" / "char_vocab.txt"));
  EXPECT_EQ(nn::load_safetensors(dir / "run" / "checkpoint.safetensors").metadata.at("step"), "10");
  EXPECT_EQ(nn::load_safetensors(dir / "run" / "checkpoint.1.safetensors").metadata.at("step"),
            "5");
  EXPECT_TRUE(std::filesystem::exists(dir / "run" / "loss.csv"));  // and loss.png with gnuplot
  EXPECT_EQ(report["loss_curve"].get<std::string>().substr(0, (dir / "run").string().size()),
            (dir / "run").string());
}

TEST_F(TrainTest, AConfigFileGivesOptionsThatTheCommandLineOverrides) {
  std::ofstream(dir / "options.json")
      << nlohmann::json{{"text", text.string()}, {"tokenizer", "char"}, {"model", "tiny"},
                        {"context", 16},         {"batch", 3},          {"steps", 50},
                        {"warmup", 1},           {"eval-every", 0}}
             .dump();
  const Result r = run({"train", "--config", (dir / "options.json").string(), "--steps", "4",
                        "--out", (dir / "run").string(), "--json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.json()["step"], 4);
  const nlohmann::json used = nlohmann::json::parse(read_text(dir / "run" / "config.json"));
  EXPECT_EQ(used["steps"], 4);
  EXPECT_EQ(used["batch"], 3);
  EXPECT_EQ(used["eval-every"], 0);

  // The run's own config.json starts another run the same way.
  const Result again = run({"train", "--config", (dir / "run" / "config.json").string(), "--out",
                            (dir / "again").string(), "--json"});
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_EQ(read_text(dir / "again" / "checkpoint.safetensors"),
            read_text(dir / "run" / "checkpoint.safetensors"));

  std::ofstream(dir / "bad.json") << R"({"text": "a.txt", "learning-rate": 0.1})";
  const Result bad = run({"train", "--config", (dir / "bad.json").string()});
  EXPECT_EQ(bad.rc, 2);
  EXPECT_NE(bad.err.find("\"learning-rate\" is not an option"), std::string::npos) << bad.err;
}

TEST_F(TrainTest, ALossThatIsNotFiniteStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint) {
  // A learning rate of 1e30 overflows the weights in the first update.
  const Result r = run(with(train_args(dir / "run", 10),
                            {"--lr", "1e30", "--min-lr", "0", "--checkpoint-every", "1"}));
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("step 2: the loss is"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
  EXPECT_EQ(nn::load_safetensors(dir / "run" / "checkpoint.safetensors").metadata.at("step"), "1");
  EXPECT_EQ(run({"inspect", "--model", (dir / "run").string()}).rc, 0);
}

TEST_F(TrainTest, AFolderHoldingARunIsNotStartedAgain) {
  const std::filesystem::path out = trained("run", 5);
  const std::string checkpoint = read_text(out / "checkpoint.safetensors");
  const Result r = run(train_args(out, 5));
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(out / "checkpoint.safetensors"), checkpoint);
}

}  // namespace
}  // namespace buildgpt::testing
