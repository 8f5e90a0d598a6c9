// generate, eval, inspect, export and import on a tiny trained model: their reports, --json, and
// the Hugging Face folder giving back the same model.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_test_util.h"

namespace buildgpt::testing {
namespace {

using ModelCommandsTest = CliTest;

TEST_F(ModelCommandsTest, GenerateStreamsTheContinuationAndReportsTheSpeed) {
  const std::string model = trained().string();
  const Result r = run({"generate", "--model", model, "--prompt", "The cat", "--tokens", "25"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out.rfind("The cat", 0), 0u) << r.out;
  EXPECT_NE(r.err.find("25 tokens in "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" tokens/s"), std::string::npos) << r.err;

  const Result json =
      run({"generate", "--model", model, "--prompt", "The cat", "--tokens", "25", "--json"});
  ASSERT_EQ(json.rc, 0) << json.err;
  const nlohmann::json report = json.json();
  EXPECT_EQ(report["tokens"], 25);
  EXPECT_EQ(report["completion"].get<std::string>().size(), 25u);  // one character a token
  EXPECT_EQ(r.out, "The cat" + report["completion"].get<std::string>() + "\n");  // same seed
  EXPECT_GT(report["tokens_per_s"].get<double>(), 0);
  const Result other_seed = run({"generate", "--model", model, "--prompt", "The cat", "--tokens",
                                 "25", "--seed", "7", "--json"});
  EXPECT_NE(other_seed.json()["completion"], report["completion"]);
}

TEST_F(ModelCommandsTest, EvalGivesTheLossPerplexityAndTokensOverWindowsOfTheContext) {
  const std::string model = trained().string();
  const Result r = run({"eval", "--model", model, "--text", text.string(), "--json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const nlohmann::json report = r.json();
  const double loss = report["loss"];
  EXPECT_GT(loss, 0);
  EXPECT_NEAR(report["perplexity"].get<double>(), std::exp(loss), 1e-9 * std::exp(loss));
  EXPECT_EQ(report["context"], 16);
  const int64_t characters = static_cast<int64_t>(read_text(text).size());  // ASCII
  EXPECT_EQ(report["windows"], (characters - 1) / 16);
  EXPECT_EQ(report["tokens"], report["windows"].get<int64_t>() * 16);
  const Result human = run({"eval", "--model", model, "--text", text.string()});
  EXPECT_NE(human.out.find("perplexity"), std::string::npos) << human.out;
}

TEST_F(ModelCommandsTest, InspectListsEveryParameterAndCountsTheTiedOutputOnceAndTwice) {
  const Result r = run({"inspect", "--model", trained().string(), "--json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const nlohmann::json report = r.json();
  EXPECT_EQ(report["format"], "buildgpt");
  EXPECT_EQ(report["step"], 10);
  EXPECT_EQ(report["config"]["layers"], 2);
  int64_t untied = 0, tied = 0;
  for (const nlohmann::json& p : report["parameters"]) {
    (p.contains("tied_to") ? tied : untied) += p["count"].get<int64_t>();
  }
  const nlohmann::json& last = report["parameters"].back();
  EXPECT_EQ(last["name"], "lm_head.weight");
  EXPECT_EQ(last["tied_to"], "transformer.wte.weight");
  EXPECT_EQ(report["total"], untied);
  EXPECT_EQ(report["total_tied_twice"], untied + tied);
  const Result human = run({"inspect", "--model", (dir / "run").string()});
  EXPECT_NE(human.out.find("tied to transformer.wte.weight"), std::string::npos) << human.out;
}

TEST_F(ModelCommandsTest, AnExportedHuggingFaceFolderIsTheSameModelAndImportsToTrainOn) {
  const std::string model = trained().string(), hf = (dir / "hf").string();
  const Result exported = run({"export", "--model", model, "--hf", hf, "--json"});
  ASSERT_EQ(exported.rc, 0) << exported.err;
  EXPECT_EQ(exported.json()["files"],
            (nlohmann::json{"config.json", "model.safetensors", "char_vocab.txt"}));
  const nlohmann::json config = nlohmann::json::parse(read_text(dir / "hf" / "config.json"));
  EXPECT_EQ(config["model_type"], "gpt2");
  EXPECT_EQ(config["n_positions"], 16);

  auto eval = [&](const std::string& m) {
    return run({"eval", "--model", m, "--text", text.string(), "--json"}).json()["loss"];
  };
  EXPECT_EQ(eval(hf), eval(model));
  auto greedy = [&](const std::string& m) {
    return run({"generate", "--model", m, "--prompt", "A dog", "--temperature", "0", "--json"})
        .json()["completion"];
  };
  EXPECT_EQ(greedy(hf), greedy(model));
  EXPECT_EQ(run({"inspect", "--model", hf, "--json"}).json()["format"], "huggingface");

  const std::string imported = (dir / "imported").string();
  const Result import = run({"import", "--hf", hf, "--out", imported, "--json"});
  ASSERT_EQ(import.rc, 0) << import.err;
  EXPECT_EQ(eval(imported), eval(model));
  const Result tuned = run({"train", "--resume", imported, "--text", text.string(), "--steps", "3",
                            "--warmup", "1", "--batch", "2", "--json"});
  ASSERT_EQ(tuned.rc, 0) << tuned.err;
  EXPECT_EQ(tuned.json()["step"], 3);
}

}  // namespace
}  // namespace buildgpt::testing
