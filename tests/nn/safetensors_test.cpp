#include "nn/safetensors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "nn_test_util.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::fixture;
using buildgpt::testing::tensors_close;

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

std::string le64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = char((v >> (8 * i)) & 0xff);
  return s;
}

// A file by hand: the header text (unpadded) and the data.
std::string file_bytes(const std::string& header, const std::string& data) {
  return le64(header.size()) + header + data;
}

StateDict sample_tensors() {
  Generator gen(11);
  Tensor mask = lt(rand({5}, &gen), 0.5);
  return {{"w", randn({3, 4}, &gen)},
          {"ids", int_tensor({1, -2, 1LL << 40})},
          {"counts", from_vector<int32_t>({7, -8}, {2, 1})},
          {"mask", mask},
          {"s", scalar_tensor(1.5)},
          {"none", zeros({0, 3})}};
}

using Safetensors = buildgpt::testing::ScratchDir;

TEST_F(Safetensors, RoundTripKeepsNamesOrderDtypesShapesValuesAndMetadata) {
  const StateDict in = sample_tensors();
  save_safetensors(dir / "a.safetensors", in, {{"step", "12"}});
  const SafetensorsContents out = load_safetensors(dir / "a.safetensors");
  ASSERT_EQ(out.tensors.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out.tensors[i].first, in[i].first);
    EXPECT_EQ(out.tensors[i].second.dtype(), in[i].second.dtype());
    EXPECT_EQ(out.tensors[i].second.shape(), in[i].second.shape());
    const size_t n = in[i].second.nbytes();
    EXPECT_TRUE(n == 0 ||
                std::memcmp(out.tensors[i].second.raw_data(), in[i].second.raw_data(), n) == 0)
        << in[i].first;
  }
  EXPECT_EQ(out.metadata, (Metadata{{"step", "12"}}));
  // Only the file itself is left: the temporary was renamed.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST_F(Safetensors, OwnFileFollowsTheFormatByteForByte) {
  const StateDict in = sample_tensors();
  save_safetensors(dir / "a.safetensors", in);
  const std::string bytes = read_bytes(dir / "a.safetensors");
  ASSERT_GE(bytes.size(), 8u);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ(n % 8, 0u);
  ASSERT_LE(8 + n, bytes.size());
  const std::string header_text = bytes.substr(8, n);
  EXPECT_EQ(header_text.find_last_not_of(' '), header_text.rfind('}'));  // padded with spaces
  const auto header = nlohmann::json::parse(header_text);
  EXPECT_FALSE(header.contains("__metadata__"));
  const std::string data = bytes.substr(8 + n);
  const char* codes[] = {"F32", "I64", "I32", "BOOL", "F32", "F32"};
  size_t expected_begin = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto& [name, t] = in[i];
    const auto& entry = header.at(name);
    EXPECT_EQ(entry.at("dtype"), codes[i]);
    EXPECT_EQ(entry.at("shape").get<Shape>(), t.shape());
    const auto begin = entry.at("data_offsets")[0].get<size_t>();
    const auto end = entry.at("data_offsets")[1].get<size_t>();
    EXPECT_EQ(begin, expected_begin) << name;  // laid out in order, back to back
    ASSERT_EQ(end - begin, t.nbytes()) << name;
    EXPECT_EQ(data.compare(begin, end - begin, static_cast<const char*>(t.raw_data()), t.nbytes()),
              0)
        << name;
    expected_begin = end;
  }
  EXPECT_EQ(expected_begin, data.size());
}

TEST_F(Safetensors, ReadsTheFileWrittenByPython) {
  const SafetensorsContents f = load_safetensors(fixture("small.safetensors"));
  EXPECT_EQ(f.metadata.at("format"), "pt");
  ASSERT_EQ(f.tensors.size(), 6u);
  std::map<std::string, Tensor> t(f.tensors.begin(), f.tensors.end());
  EXPECT_TRUE(
      tensors_close(t.at("weight"), tensor({0.5, -1.25, 3.0, 1e-3, -0.0, 65504.0}, {2, 3}), 0, 0));
  EXPECT_EQ(t.at("ids").to_vector<int64_t>(), (std::vector<int64_t>{0, -1, 1LL << 40, 7}));
  EXPECT_EQ(t.at("counts").shape(), (Shape{2, 2}));
  EXPECT_EQ(t.at("counts").to_vector<int32_t>(),
            (std::vector<int32_t>{1, -2, 2147483647, -2147483647 - 1}));
  EXPECT_EQ(t.at("mask").to_vector<bool>(), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(t.at("scalar").shape(), Shape{});
  EXPECT_EQ(t.at("scalar").item(), 2.5);
  EXPECT_EQ(t.at("empty").shape(), (Shape{0, 4}));
  EXPECT_EQ(f.tensors.front().first, "weight");  // in data order
}

// Bits in little-endian bytes, two per value.
std::string le16(std::initializer_list<uint16_t> values) {
  std::string s;
  for (uint16_t v : values) s += {char(v & 0xff), char(v >> 8)};
  return s;
}

TEST_F(Safetensors, HalfPrecisionTensorsAreWidenedToFloat32Exactly) {
  const std::string header = R"({"h":{"dtype":"F16","shape":[2,5],"data_offsets":[0,20]},)"
                             R"("b":{"dtype":"BF16","shape":[4],"data_offsets":[20,28]},)"
                             R"("e":{"dtype":"F16","shape":[0],"data_offsets":[28,28]}})";
  // 1, -2, 65504 (the largest), 2^-24 (the smallest subnormal), 2^-14 (the smallest normal),
  // -0, inf, -inf, 0.333251953125, NaN; bfloat16 1, -3.140625, inf, 2^-133 (subnormal).
  const std::string data =
      le16({0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x3555, 0x7e00}) +
      le16({0x3f80, 0xc049, 0x7f80, 0x0001});
  write_bytes(dir / "half.safetensors", file_bytes(header, data));
  const SafetensorsContents f = load_safetensors(dir / "half.safetensors");
  std::map<std::string, Tensor> t(f.tensors.begin(), f.tensors.end());
  ASSERT_EQ(t.at("h").dtype(), kFloat32);
  EXPECT_EQ(t.at("h").shape(), (Shape{2, 5}));
  const std::vector<float> h = t.at("h").to_vector<float>();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> want = {
      1.0f,  -2.0f, 65504.0f, std::ldexp(1.0f, -24), std::ldexp(1.0f, -14),
      -0.0f, inf,   -inf,     0.333251953125f};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(h[i], want[i]) << i;
  EXPECT_TRUE(std::signbit(h[5]));
  EXPECT_TRUE(std::isnan(h[9]));
  EXPECT_EQ(t.at("b").to_vector<float>(),
            (std::vector<float>{1.0f, -3.140625f, inf, std::ldexp(1.0f, -133)}));
  EXPECT_EQ(t.at("e").shape(), Shape{0});
}

// load_safetensors on `path` throws std::runtime_error mentioning the file and `fragment`.
::testing::AssertionResult rejects_path(const std::filesystem::path& path,
                                        const std::string& fragment) {
  try {
    load_safetensors(path);
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    if (what.find(path.string()) != std::string::npos && what.find(fragment) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "message \"" << what << "\" lacks \"" << fragment << "\"";
  }
  return ::testing::AssertionFailure() << "no std::runtime_error";
}

// The same for a file holding `bytes`.
::testing::AssertionResult rejects(const std::filesystem::path& path, const std::string& bytes,
                                   const std::string& fragment) {
  write_bytes(path, bytes);
  return rejects_path(path, fragment);
}

TEST_F(Safetensors, MalformedFilesGiveClearErrors) {
  const auto p = dir / "bad.safetensors";
  const std::string good = read_bytes(fixture("small.safetensors"));
  const std::string f32 = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  EXPECT_TRUE(rejects(p, "", "file too short"));
  EXPECT_TRUE(rejects(p, good.substr(0, 5), "file too short"));
  EXPECT_TRUE(rejects(p, good.substr(0, 100), "header length"));
  EXPECT_TRUE(rejects(p, le64(~0ULL) + "{}", "header length"));
  EXPECT_TRUE(rejects(p, file_bytes("{\"x\": [", ""), "not valid JSON"));
  EXPECT_TRUE(rejects(p, file_bytes("[1, 2]", ""), "not a JSON object"));
  EXPECT_TRUE(rejects(p,
                      file_bytes(R"({"x":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}})",
                                 std::string(16, '\0')),
                      "tensor \"x\": unsupported dtype \"F64\""));
  EXPECT_TRUE(rejects(
      p,
      file_bytes(R"({"x":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}})", std::string(8, '\0')),
      "tensor \"x\": data_offsets span 8 bytes but shape [2] of F16 needs 4"));
  EXPECT_TRUE(
      rejects(p, file_bytes(f32, std::string(4, '\0')), "tensor \"x\": data_offsets [0, 8]"));
  EXPECT_TRUE(rejects(p,
                      file_bytes(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                                 std::string(12, '\0')),
                      "tensor \"x\": data_offsets span 8 bytes but shape [3] of F32 needs 12"));
  EXPECT_TRUE(rejects(
      p,
      file_bytes(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", std::string(8, '\0')),
      "tensor \"x\": data_offsets [8, 0]"));
  EXPECT_TRUE(rejects(p,
                      file_bytes(R"({"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})",
                                 std::string(8, '\0')),
                      "tensor \"x\": shape [-2]"));
  EXPECT_TRUE(rejects(
      p,
      file_bytes(R"({"x":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
                 std::string(8, '\0')),
      "implausibly large"));
  EXPECT_TRUE(rejects(p, file_bytes(R"({"x":{"dtype":"F32","shape":[2]}})", ""),
                      "tensor \"x\": data_offsets"));
  EXPECT_TRUE(rejects(p,
                      file_bytes(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                 R"("y":{"dtype":"I32","shape":[2],"data_offsets":[4,12]}})",
                                 std::string(12, '\0')),
                      "tensor \"y\" overlaps tensor \"x\""));
  EXPECT_TRUE(rejects(p,
                      file_bytes(R"({"m":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})",
                                 std::string("\x01\x07", 2)),
                      "tensor \"m\": BOOL data holds a byte other than 0 or 1"));
  EXPECT_TRUE(rejects(p, file_bytes(R"({"__metadata__":{"a":1}})", ""), "__metadata__ \"a\""));
  // Every truncation of a good file fails cleanly.
  for (size_t n = 0; n < good.size(); n += 7) {
    EXPECT_TRUE(rejects(p, good.substr(0, n), "")) << "truncated to " << n;
  }
  EXPECT_THROW(load_safetensors(dir / "does_not_exist"), std::runtime_error);
}

TEST_F(Safetensors, HostileHeadersGiveShortErrors) {
  const auto p = dir / "bad.safetensors";
  const std::string deep = std::string(200000, '[') + "1" + std::string(200000, ']');
  EXPECT_TRUE(rejects(
      p,
      file_bytes(R"({"x":{"dtype":"F32","shape":)" + deep + R"(,"data_offsets":[0,4]}})", "1234"),
      "nested deeper than"));
  // A shape of 100,000 sizes is quoted as an excerpt, not whole.
  std::string shape = "[1";
  for (int i = 0; i < 100000; ++i) shape += ",1";
  shape += ",-1]";
  const std::string header =
      R"({"x":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":[0,4]}})";
  write_bytes(p, file_bytes(header, "1234"));
  try {
    load_safetensors(p);
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("shape [1,1,1"), std::string::npos) << e.what();
    EXPECT_LT(std::string(e.what()).size(), 400u);
  }
  // A header length of a terabyte, in a (sparse) file that long, is refused before anything is
  // allocated.
  write_bytes(p, le64(uint64_t{1} << 40) + "{}");
  std::filesystem::resize_file(p, (uint64_t{1} << 40) + 8);
  EXPECT_TRUE(rejects_path(p, "header length"));
}

TEST_F(Safetensors, ATensorNameGivenTwiceIsAnError) {
  const auto p = dir / "twice.safetensors";
  EXPECT_TRUE(rejects(p,
                      file_bytes(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                 R"("x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                 std::string(8, '\0')),
                      "\"x\" is given twice"));
}

TEST_F(Safetensors, ErrorsNameTheFileAndTheReason) {
  EXPECT_TRUE(rejects_path(dir / "missing.safetensors", "No such file or directory"));
  std::filesystem::create_directories(dir / "folder.safetensors");
  EXPECT_TRUE(rejects_path(dir / "folder.safetensors", "is a directory"));
  try {
    save_safetensors(dir / "no" / "x.safetensors", {{"a", zeros({1})}});
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no/x.safetensors"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
}

TEST_F(Safetensors, WriterRejectsBadInputAndLeavesNothingBehind) {
  const auto p = dir / "w.safetensors";
  EXPECT_THROW(save_safetensors(p, {{"a", zeros({1})}, {"a", zeros({1})}}), std::invalid_argument);
  EXPECT_THROW(save_safetensors(p, {{"", zeros({1})}}), std::invalid_argument);
  EXPECT_THROW(save_safetensors(p, {{"__metadata__", zeros({1})}}), std::invalid_argument);
  EXPECT_THROW(save_safetensors(p, {{"u", Tensor()}}), std::invalid_argument);
  EXPECT_THROW(save_safetensors(dir / "missing_dir" / "x.safetensors", {{"a", zeros({1})}}),
               std::runtime_error);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 0);
  // Overwriting replaces the old file whole.
  save_safetensors(p, {{"a", zeros({100})}});
  save_safetensors(p, {{"b", ones({2})}});
  const auto f = load_safetensors(p);
  ASSERT_EQ(f.tensors.size(), 1u);
  EXPECT_EQ(f.tensors[0].first, "b");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

}  // namespace
}  // namespace buildgpt::nn
