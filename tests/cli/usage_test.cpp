// Mistakes on the command line (exit code 2) and inputs that cannot work (exit code 1): each a
// one-line message naming the problem. --help lists every option with its default.
#include <gtest/gtest.h>

#include <fstream>

#include "cli_test_util.h"

namespace buildgpt::testing {
namespace {

using UsageTest = CliTest;

// `r` failed with exit code `rc` and one line on standard error that contains `fragment`.
::testing::AssertionResult fails(const Result& r, int rc, const std::string& fragment) {
  const auto lines = std::count(r.err.begin(), r.err.end(), '\n');
  if (r.rc == rc && lines == 1 && r.err.find(fragment) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "exit code " << r.rc << ", standard error: " << r.err;
}

TEST_F(UsageTest, MistakesOnTheCommandLineExitWithCode2) {
  EXPECT_TRUE(fails(run({"train", "--text", text.string(), "--bogus"}), 2, "--bogus"));
  EXPECT_TRUE(fails(run({"train", "--text", text.string(), "--steps"}), 2, "--steps"));
  EXPECT_TRUE(fails(run({"train", "--text", text.string(), "--steps", "many"}), 2, "--steps"));
  EXPECT_TRUE(fails(run({"train", "--steps", "5"}), 2, "needs --text FILE or --corpus NAME"));
  EXPECT_TRUE(fails(run({"train", "--text", "a", "--corpus", "sotu"}), 2, "excludes"));
  EXPECT_TRUE(fails(run({"train", "--text", "a", "--model", "huge"}), 2, "--model"));
  EXPECT_TRUE(fails(run({"generate", "--prompt", "hi"}), 2, "--model"));
  EXPECT_TRUE(fails(run({"eval", "--model", dir.string()}), 2, "--text"));
  EXPECT_TRUE(fails(run({"frobnicate"}), 2, "frobnicate"));
}

TEST_F(UsageTest, InputsThatCannotWorkExitWithCode1) {
  EXPECT_TRUE(fails(run({"generate", "--model", text.string()}), 1, "not a model's folder"));
  EXPECT_TRUE(fails(run({"inspect", "--model", dir.string()}), 1, "not a model's folder"));
  std::ofstream(dir / "empty.txt").close();
  std::ofstream(dir / "short.txt") << "The cat";
  for (const std::string file : {"empty.txt", "short.txt"}) {
    std::vector<std::string> args = train_args(dir / "run", 5);
    args[2] = (dir / file).string();
    EXPECT_TRUE(fails(run(args), 1, file));
  }
  const std::string model = trained().string();
  EXPECT_TRUE(
      fails(run({"eval", "--model", model, "--text", (dir / "empty.txt").string()}), 1, "empty"));
  EXPECT_TRUE(fails(run({"eval", "--model", model, "--text", (dir / "short.txt").string()}), 1,
                    "fewer than one window"));
  std::ofstream(dir / "other.txt") << "Zebras? Quite.";  // characters the vocabulary lacks
  EXPECT_TRUE(fails(run({"eval", "--model", model, "--text", (dir / "other.txt").string()}), 1,
                    "other.txt"));
}

TEST_F(UsageTest, HelpListsEveryOptionWithItsDefault) {
  const Result r = run({"train", "--help"});
  ASSERT_EQ(r.rc, 0);
  for (const std::string option : {"--text",
                                   "--corpus",
                                   "--tokenizer TEXT:{gpt2,cl100k,char}=gpt2",
                                   "--model",
                                   "--layers",
                                   "--heads",
                                   "--width",
                                   "--context",
                                   "--batch INT:POSITIVE=16",
                                   "--steps INT:POSITIVE=1000",
                                   "--epochs",
                                   "--lr FLOAT:POSITIVE=0.001",
                                   "--warmup",
                                   "--weight-decay",
                                   "--grad-clip",
                                   "--seed UINT=1337",
                                   "--device TEXT:{cpu,cuda}=cpu",
                                   "--threads",
                                   "--out TEXT=out/train",
                                   "--config",
                                   "--resume",
                                   "--json"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  for (const std::string command :
       {"generate", "eval", "inspect", "export", "import", "tokenize", "detokenize"}) {
    const Result help = run({command, "--help"});
    EXPECT_EQ(help.rc, 0) << command;
    EXPECT_NE(help.out.find("--json"), std::string::npos) << command;
  }
  EXPECT_NE(run({"generate", "--help"}).out.find("--temperature FLOAT:NONNEGATIVE=0.8"),
            std::string::npos);
}

TEST_F(UsageTest, TokenizeAndCorpusInfoReportInJson) {
  const Result ids =
      run({"tokenize", "--tokenizer", "char", (dir / "text.txt").string(), "--json"});
  ASSERT_EQ(ids.rc, 0) << ids.err;
  EXPECT_EQ(ids.json()["count"], read_text(text).size());
  const Result info = run({"corpus", "info", "--tokenizer", "char", text.string(), "--json"});
  ASSERT_EQ(info.rc, 0) << info.err;
  EXPECT_EQ(info.json()["bytes"], read_text(text).size());
  EXPECT_EQ(info.json()["tokens"], read_text(text).size());
}

}  // namespace
}  // namespace buildgpt::testing
