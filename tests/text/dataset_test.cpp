#include "text/dataset.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>

#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::throws;

// Ids 0, 1, 2, ... so a token's value is its position in the corpus.
std::vector<uint32_t> positions(size_t n) {
  std::vector<uint32_t> ids(n);
  std::iota(ids.begin(), ids.end(), 0u);
  return ids;
}

// The corpus position where each row of `batch` starts.
std::vector<int64_t> row_starts(const Batch& batch) {
  const std::vector<int64_t> inputs = batch.inputs.to_vector<int64_t>();
  std::vector<int64_t> starts;
  for (int64_t r = 0; r < batch.inputs.size(0); ++r) {
    starts.push_back(inputs[static_cast<size_t>(r * batch.inputs.size(1))]);
  }
  return starts;
}

TEST(TokenDataset, SplitsByPositionAndCountsWindows) {
  const auto ids = positions(100);
  const TokenDataset ds(ids, {.seq_len = 8});
  EXPECT_EQ(ds.stride(), 8);
  EXPECT_EQ(ds.begin(Split::Train), 0);
  EXPECT_EQ(ds.end(Split::Train), 90);
  EXPECT_EQ(ds.begin(Split::Validation), 90);
  EXPECT_EQ(ds.end(Split::Validation), 100);
  EXPECT_EQ(ds.num_windows(Split::Train), 11);      // starts 0, 8, ..., 80: 80 + 9 <= 90
  EXPECT_EQ(ds.num_windows(Split::Validation), 1);  // start 90 only

  const TokenDataset overlapping(ids, {.seq_len = 8, .stride = 3, .train_fraction = 0.5});
  EXPECT_EQ(overlapping.num_windows(Split::Train), 14);  // starts 0, 3, ..., 39
  EXPECT_EQ(overlapping.num_windows(Split::Validation), 14);
}

TEST(TokenDataset, TargetsAreTheInputsShiftedByOne) {
  const auto ids = positions(50);
  const TokenDataset ds(ids, {.seq_len = 4});
  const std::vector<int64_t> starts = {0, 7, 45};
  const Batch b = ds.gather(starts);
  EXPECT_EQ(b.inputs.dtype(), kInt64);
  EXPECT_EQ(b.targets.dtype(), kInt64);
  EXPECT_EQ(b.inputs.shape(), (Shape{3, 4}));
  EXPECT_EQ(b.targets.shape(), (Shape{3, 4}));
  EXPECT_EQ(b.inputs.to_vector<int64_t>(),
            (std::vector<int64_t>{0, 1, 2, 3, 7, 8, 9, 10, 45, 46, 47, 48}));
  EXPECT_EQ(b.targets.to_vector<int64_t>(),
            (std::vector<int64_t>{1, 2, 3, 4, 8, 9, 10, 11, 46, 47, 48, 49}));
  EXPECT_THROW(ds.gather(std::vector<int64_t>{46}), std::out_of_range);
}

TEST(TokenDataset, AnOrderedEpochVisitsEveryWindowOnceWithoutCrossingTheSplit) {
  const auto ids = positions(100);
  const TokenDataset ds(ids, {.seq_len = 8, .stride = 4});
  const Epoch train =
      ds.epoch(Split::Train, {.batch_size = 5, .shuffle = false, .drop_last = false});
  ASSERT_EQ(ds.num_windows(Split::Train), 21);  // starts 0..80
  ASSERT_EQ(train.size(), 5);
  std::vector<int64_t> seen;
  for (int64_t i = 0; i < train.size(); ++i) {
    const Batch b = train[i];
    EXPECT_EQ(b.inputs.size(0), i < 4 ? 5 : 1);
    for (int64_t s : row_starts(b)) seen.push_back(s);
    const std::vector<int64_t> targets = b.targets.to_vector<int64_t>();
    EXPECT_LT(*std::max_element(targets.begin(), targets.end()), 90);  // stays in the train split
  }
  std::vector<int64_t> expected(21);
  for (int64_t i = 0; i < 21; ++i) expected[static_cast<size_t>(i)] = 4 * i;
  EXPECT_EQ(seen, expected);

  const Epoch val = ds.epoch(Split::Validation, {.batch_size = 1, .shuffle = false});
  ASSERT_EQ(val.size(), 1);
  EXPECT_EQ(row_starts(val[0]), std::vector<int64_t>{90});
  EXPECT_THROW(val[1], std::out_of_range);
}

TEST(TokenDataset, DropLastDropsTheShortBatch) {
  const auto ids = positions(100);
  const TokenDataset ds(ids, {.seq_len = 8, .stride = 4});
  EXPECT_EQ(ds.epoch(Split::Train, {.batch_size = 5, .drop_last = true}).size(), 4);
  EXPECT_EQ(ds.epoch(Split::Train, {.batch_size = 7, .drop_last = true}).size(), 3);
}

TEST(TokenDataset, ShufflingIsAPermutationDeterminedByTheSeed) {
  const auto ids = positions(1000);
  const TokenDataset ds(ids, {.seq_len = 4, .train_fraction = 1.0});
  auto order = [&](uint64_t seed) {
    const Epoch e = ds.epoch(Split::Train, {.batch_size = 10, .shuffle = true, .seed = seed});
    std::vector<int64_t> starts;
    for (int64_t i = 0; i < e.size(); ++i) {
      for (int64_t s : row_starts(e[i])) starts.push_back(s);
    }
    return starts;
  };
  const std::vector<int64_t> a = order(1);
  EXPECT_EQ(a, order(1));
  EXPECT_NE(a, order(2));
  std::vector<int64_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> expected(249);  // starts 0, 4, ..., 992; drop_last keeps 240
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int64_t>(4 * i);
  EXPECT_EQ(a.size(), 240u);
  EXPECT_TRUE(std::includes(expected.begin(), expected.end(), sorted.begin(), sorted.end()));
  EXPECT_EQ(std::set<int64_t>(a.begin(), a.end()).size(), a.size());
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end()));
}

TEST(TokenDataset, RandomBatchesAreSeededAndStayInTheirSplit) {
  const auto ids = positions(200);
  const TokenDataset ds(ids, {.seq_len = 16});
  Generator g1(7), g2(7);
  const Batch a = ds.random_batch(Split::Train, 32, g1);
  const Batch b = ds.random_batch(Split::Train, 32, g2);
  EXPECT_EQ(a.inputs.shape(), (Shape{32, 16}));
  EXPECT_EQ(a.inputs.to_vector<int64_t>(), b.inputs.to_vector<int64_t>());
  EXPECT_NE(ds.random_batch(Split::Train, 32, g1).inputs.to_vector<int64_t>(),
            a.inputs.to_vector<int64_t>());
  std::set<int64_t> starts;
  for (int i = 0; i < 50; ++i) {
    for (int64_t s : row_starts(ds.random_batch(Split::Validation, 8, g1))) {
      EXPECT_GE(s, 180);
      EXPECT_LE(s + 17, 200);
      starts.insert(s);
    }
  }
  EXPECT_EQ(starts, (std::set<int64_t>{180, 181, 182, 183}));  // every offset, not only strides
}

TEST(TokenDataset, BadOptionsAndShortCorporaAreErrors) {
  const auto ids = positions(100);
  const std::vector<uint32_t> none;
  EXPECT_TRUE(
      throws<std::invalid_argument>([&] { TokenDataset(none, {.seq_len = 4}); }, {"empty"}));
  EXPECT_TRUE(throws<std::invalid_argument>([&] { TokenDataset(ids, {.seq_len = 100}); },
                                            {"100 tokens", "seq_len + 1 = 101"}));
  EXPECT_TRUE(throws<std::invalid_argument>([&] { TokenDataset(ids, {.seq_len = 0}); },
                                            {"seq_len", "positive", "0"}));
  EXPECT_TRUE(throws<std::invalid_argument>(
      [&] { TokenDataset(ids, {.seq_len = 4, .stride = -2}); }, {"stride", "-2"}));
  EXPECT_TRUE(throws<std::invalid_argument>(
      [&] { TokenDataset(ids, {.seq_len = 4, .train_fraction = 0}); }, {"train_fraction"}));
  EXPECT_TRUE(throws<std::invalid_argument>(
      [&] { TokenDataset(ids, {.seq_len = 4, .train_fraction = 1.5}); }, {"train_fraction"}));
  // 10 validation tokens cannot hold a window of 13.
  EXPECT_TRUE(throws<std::invalid_argument>([&] { TokenDataset(ids, {.seq_len = 12}); },
                                            {"validation split has 10 tokens"}));

  const TokenDataset ds(ids, {.seq_len = 4});
  Generator gen(0);
  EXPECT_TRUE(throws<std::invalid_argument>([&] { ds.epoch(Split::Train, {.batch_size = 0}); },
                                            {"batch_size"}));
  EXPECT_TRUE(throws<std::invalid_argument>([&] { ds.random_batch(Split::Train, -1, gen); },
                                            {"batch_size", "-1"}));
  EXPECT_TRUE(throws<std::invalid_argument>([&] { ds.epoch(Split::Validation, {.batch_size = 3}); },
                                            {"validation split has 2 windows"}));

  const TokenDataset all_train(ids, {.seq_len = 4, .train_fraction = 1.0});
  EXPECT_EQ(all_train.num_windows(Split::Validation), 0);
  EXPECT_TRUE(throws<std::invalid_argument>(
      [&] { all_train.random_batch(Split::Validation, 1, gen); }, {"validation split is empty"}));
}

}  // namespace
}  // namespace buildgpt
