#include "nn/safetensors.h"

#include <algorithm>
#include <bit>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "autograd/creation.h"
#include "io/atomic_file.h"
#include "io/excerpt.h"
#include "io/file_error.h"
#include "io/json_document.h"
#include "io/read_file.h"
#include "nn/half_float.h"

namespace buildgpt::nn {
namespace {

// More elements than any tensor here will have; bounds the size arithmetic of a bad header.
constexpr uint64_t kMaxElements = uint64_t{1} << 40;
// The safetensors library's own limit on the header.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian data; this reads and writes memory as is");

const char* dtype_code(DType dtype) {
  switch (dtype) {
    case DType::Float32:
      return "F32";
    case DType::Int64:
      return "I64";
    case DType::Int32:
      return "I32";
    case DType::Bool:
      return "BOOL";
  }
  return "?";
}

// How a file's dtype code is read: into `dtype`, from elements of `bytes` bytes, widened from a
// half-precision float (F16, BF16) to float32 where `widen` says so.
struct FileDtype {
  DType dtype = DType::Float32;
  size_t bytes = 4;
  float (*widen)(uint16_t) = nullptr;
};

bool dtype_from_code(const std::string& code, FileDtype& out) {
  if (code == "F16" || code == "BF16") {
    out = {DType::Float32, 2, code == "F16" ? half_to_float : bfloat16_to_float};
    return true;
  }
  for (DType d : {DType::Float32, DType::Int64, DType::Int32, DType::Bool}) {
    if (code == dtype_code(d)) {
      out = {d, dtype_size(d), nullptr};
      return true;
    }
  }
  return false;
}

// Reads t's elements, stored as `stored` at `offset` in the file, into t's float32 storage.
void read_widened(const InputFile& in, uint64_t offset, const FileDtype& stored, Tensor& t) {
  std::vector<uint16_t> halves(static_cast<size_t>(t.numel()));
  in.read_at(offset, halves.data(), halves.size() * sizeof(uint16_t));
  float* out = t.data<float>();
  for (size_t i = 0; i < halves.size(); ++i) out[i] = stored.widen(halves[i]);
}

}  // namespace

void save_safetensors(const std::filesystem::path& path, const StateDict& tensors,
                      const Metadata& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::set<std::string> names;
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name.empty() || name == "__metadata__" || !names.insert(name).second) {
      throw std::invalid_argument("save_safetensors: " + path.string() + ": tensor name \"" + name +
                                  "\" is empty, reserved or repeated");
    }
    check_defined("save_safetensors", t, name.c_str());
    header[name] = {{"dtype", dtype_code(t.dtype())},
                    {"shape", t.shape()},
                    {"data_offsets", {offset, offset + t.nbytes()}}};
    offset += t.nbytes();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  try {
    write_file_atomically(path, [&](std::ostream& out) {
      const uint64_t n = text.size();
      out.write(reinterpret_cast<const char*>(&n), sizeof n);
      out << text;
      for (const auto& [name, t] : tensors) {
        const Tensor host = t.detach().to(Device::cpu());  // the bytes, on the host
        out.write(static_cast<const char*>(host.raw_data()),
                  static_cast<std::streamsize>(host.nbytes()));
      }
    });
  } catch (const FileError& e) {
    throw std::runtime_error(std::string("save_safetensors: ") + e.what());
  }
}

namespace {

// The tensors and metadata of an open file (see load_safetensors).
SafetensorsContents read_contents(const InputFile& in) {
  const std::filesystem::path& path = in.path();
  auto fail = [&](const std::string& what) {
    throw std::runtime_error("load_safetensors: " + path.string() + ": " + what);
  };
  const uint64_t file_size = in.size();
  if (file_size < 8) fail("file too short (" + std::to_string(file_size) + " bytes)");
  unsigned char len_bytes[8];
  in.read_at(0, len_bytes, 8);
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | len_bytes[i];
  if (header_len > file_size - 8) {
    fail("header length " + std::to_string(header_len) + " goes beyond the file of " +
         std::to_string(file_size) + " bytes");
  }
  if (header_len > kMaxHeaderBytes) {
    fail("header length " + std::to_string(header_len) + " is larger than the limit of " +
         std::to_string(kMaxHeaderBytes) + " bytes");
  }
  std::string text(header_len, '\0');
  in.read_at(8, text.data(), text.size());
  const nlohmann::json header =
      parse_json_document(text, path.string() + " header", {.max_bytes = kMaxHeaderBytes});
  if (!header.is_object()) fail("the header is not a JSON object");

  struct Entry {
    std::string name;
    FileDtype dtype;
    Shape shape;
    uint64_t begin, end;
  };
  const uint64_t data_size = file_size - 8 - header_len;
  SafetensorsContents out;
  std::vector<Entry> entries;
  for (const auto& item : header.items()) {
    // Named, not bound: a lambda below uses the name (clang before 16 cannot capture a binding).
    const std::string& name = item.key();
    const nlohmann::json& value = item.value();
    if (name == "__metadata__") {
      if (!value.is_object()) fail("__metadata__ is not an object");
      for (const auto& [key, v] : value.items()) {
        if (!v.is_string()) fail("__metadata__ " + quoted_excerpt(key) + " is not a string");
        out.metadata[key] = v.get<std::string>();
      }
      continue;
    }
    auto bad = [&](const std::string& what) {
      fail("tensor " + quoted_excerpt(name) + ": " + what);
    };
    if (!value.is_object()) bad("entry is not an object");
    const auto dtype = value.find("dtype");
    const auto shape = value.find("shape");
    const auto offsets = value.find("data_offsets");
    if (dtype == value.end() || !dtype->is_string()) bad("no dtype string");
    if (shape == value.end() || !shape->is_array()) bad("no shape array");
    if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
        !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned()) {
      bad("data_offsets is not a pair of non-negative integers");
    }
    Entry e{name, {}, {}, (*offsets)[0].get<uint64_t>(), (*offsets)[1].get<uint64_t>()};
    if (!dtype_from_code(dtype->get<std::string>(), e.dtype)) {
      bad("unsupported dtype " + quoted_excerpt(dtype->get<std::string>()) +
          " (F32, F16, BF16, I64, I32, BOOL)");
    }
    uint64_t nonzero = 1;  // the product of the non-zero sizes, bounded so nothing overflows
    bool has_zero = false;
    for (const auto& d : *shape) {
      if (!d.is_number_unsigned()) bad("shape " + json_excerpt(*shape) + " is not a list of sizes");
      const uint64_t size = d.get<uint64_t>();
      if (size == 0) {
        has_zero = true;
      } else if (size > kMaxElements / nonzero) {
        bad("shape " + json_excerpt(*shape) + " is implausibly large");
      } else {
        nonzero *= size;
      }
      e.shape.push_back(static_cast<int64_t>(size));
    }
    const uint64_t bytes = has_zero ? 0 : nonzero * e.dtype.bytes;
    if (e.begin > e.end || e.end > data_size) {
      bad("data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
          "] outside the data of " + std::to_string(data_size) + " bytes");
    }
    if (e.end - e.begin != bytes) {
      bad("data_offsets span " + std::to_string(e.end - e.begin) + " bytes but shape " +
          json_excerpt(*shape) + " of " + dtype->get<std::string>() + " needs " +
          std::to_string(bytes));
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
  const Entry* furthest = nullptr;  // of the non-empty entries so far, the one reaching furthest
  for (const Entry& e : entries) {
    if (e.begin == e.end) continue;  // empty tensors occupy no bytes
    if (furthest && e.begin < furthest->end) {
      fail("tensor " + quoted_excerpt(e.name) + " overlaps tensor " +
           quoted_excerpt(furthest->name));
    }
    if (!furthest || e.end > furthest->end) furthest = &e;
  }
  for (const Entry& e : entries) {
    Tensor t = empty(e.shape, e.dtype.dtype);
    if (e.dtype.widen && t.numel()) {
      read_widened(in, 8 + header_len + e.begin, e.dtype, t);
    } else if (t.nbytes()) {
      in.read_at(8 + header_len + e.begin, t.raw_data(), t.nbytes());
      // Checked as bytes, never read as bool: a byte other than 0 or 1 is not a bool.
      if (e.dtype.dtype == DType::Bool) {
        const auto* b = static_cast<const unsigned char*>(t.raw_data());
        if (std::any_of(b, b + t.nbytes(), [](unsigned char c) { return c > 1; })) {
          fail("tensor " + quoted_excerpt(e.name) + ": BOOL data holds a byte other than 0 or 1");
        }
      }
    }
    out.tensors.emplace_back(e.name, t);
  }
  return out;
}

}  // namespace

SafetensorsContents load_safetensors(const std::filesystem::path& path) {
  try {
    return read_contents(InputFile(path));
  } catch (const FileError& e) {
    // Already names the file (and the header, where the JSON is at fault).
    throw std::runtime_error(std::string("load_safetensors: ") + e.what());
  }
}

}  // namespace buildgpt::nn
