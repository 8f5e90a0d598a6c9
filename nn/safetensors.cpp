#include "nn/safetensors.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <system_error>

#include "autograd/creation.h"

namespace buildgpt::nn {
namespace {

// More elements than any tensor here will have; bounds the size arithmetic of a bad header.
constexpr uint64_t kMaxElements = uint64_t{1} << 40;

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

bool dtype_from_code(const std::string& code, DType& out) {
  for (DType d : {DType::Float32, DType::Int64, DType::Int32, DType::Bool}) {
    if (code == dtype_code(d)) {
      out = d;
      return true;
    }
  }
  return false;
}

// Writes `bytes` to a temporary file beside `path`, flushed to disk, and renames it into place.
// Nothing is left behind when any step fails.
void write_atomically(const std::filesystem::path& path, const std::string& header,
                      const StateDict& tensors) {
  const std::filesystem::path tmp =
      path.string() + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  auto fail = [&](const std::string& what) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("save_safetensors: " + path.string() + ": " + what);
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) fail("cannot create " + tmp.string());
  uint64_t n = header.size();
  bool ok = std::fwrite(&n, sizeof n, 1, f) == 1 &&
            std::fwrite(header.data(), 1, header.size(), f) == header.size();
  for (size_t i = 0; ok && i < tensors.size(); ++i) {
    const Tensor t = tensors[i].second.detach().to(Device::cpu());  // the bytes, on the host
    ok = t.nbytes() == 0 || std::fwrite(t.raw_data(), 1, t.nbytes(), f) == t.nbytes();
  }
  ok = ok && std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) fail("writing " + tmp.string() + " failed");
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) fail("renaming " + tmp.string() + " failed: " + ec.message());
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
  write_atomically(path, text, tensors);
}

SafetensorsContents load_safetensors(const std::filesystem::path& path) {
  auto fail = [&](const std::string& what) {
    throw std::runtime_error("load_safetensors: " + path.string() + ": " + what);
  };
  std::error_code ec;
  const uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec) fail("cannot read: " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open");
  if (file_size < 8) fail("file too short (" + std::to_string(file_size) + " bytes)");
  unsigned char len_bytes[8];
  in.read(reinterpret_cast<char*>(len_bytes), 8);
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | len_bytes[i];
  if (header_len > file_size - 8) {
    fail("header length " + std::to_string(header_len) + " goes beyond the file of " +
         std::to_string(file_size) + " bytes");
  }
  std::string text(header_len, '\0');
  in.read(text.data(), static_cast<std::streamsize>(header_len));
  if (!in) fail("cannot read the header");
  const nlohmann::json header = nlohmann::json::parse(text, nullptr, false);
  if (header.is_discarded()) fail("the header is not valid JSON");
  if (!header.is_object()) fail("the header is not a JSON object");

  struct Entry {
    std::string name;
    DType dtype;
    Shape shape;
    uint64_t begin, end;
  };
  const uint64_t data_size = file_size - 8 - header_len;
  SafetensorsContents out;
  std::vector<Entry> entries;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) fail("__metadata__ is not an object");
      for (const auto& [key, v] : value.items()) {
        if (!v.is_string()) fail("__metadata__ \"" + key + "\" is not a string");
        out.metadata[key] = v.get<std::string>();
      }
      continue;
    }
    auto bad = [&](const std::string& what) { fail("tensor \"" + name + "\": " + what); };
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
    Entry e{name, DType::Float32, {}, (*offsets)[0].get<uint64_t>(), (*offsets)[1].get<uint64_t>()};
    if (!dtype_from_code(dtype->get<std::string>(), e.dtype)) {
      bad("unsupported dtype \"" + dtype->get<std::string>() + "\" (F32, I64, I32, BOOL)");
    }
    uint64_t nonzero = 1;  // the product of the non-zero sizes, bounded so nothing overflows
    bool has_zero = false;
    for (const auto& d : *shape) {
      if (!d.is_number_unsigned()) bad("shape " + shape->dump() + " is not a list of sizes");
      const uint64_t size = d.get<uint64_t>();
      if (size == 0) {
        has_zero = true;
      } else if (size > kMaxElements / nonzero) {
        bad("shape " + shape->dump() + " is implausibly large");
      } else {
        nonzero *= size;
      }
      e.shape.push_back(static_cast<int64_t>(size));
    }
    const uint64_t bytes = has_zero ? 0 : nonzero * dtype_size(e.dtype);
    if (e.begin > e.end || e.end > data_size) {
      bad("data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
          "] outside the data of " + std::to_string(data_size) + " bytes");
    }
    if (e.end - e.begin != bytes) {
      bad("data_offsets span " + std::to_string(e.end - e.begin) + " bytes but shape " +
          shape->dump() + " of " + dtype->get<std::string>() + " needs " + std::to_string(bytes));
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
  const Entry* furthest = nullptr;  // of the non-empty entries so far, the one reaching furthest
  for (const Entry& e : entries) {
    if (e.begin == e.end) continue;  // empty tensors occupy no bytes
    if (furthest && e.begin < furthest->end) {
      fail("tensor \"" + e.name + "\" overlaps tensor \"" + furthest->name + "\"");
    }
    if (!furthest || e.end > furthest->end) furthest = &e;
  }
  for (const Entry& e : entries) {
    Tensor t = empty(e.shape, e.dtype);
    if (t.nbytes()) {
      in.seekg(static_cast<std::streamoff>(8 + header_len + e.begin));
      in.read(static_cast<char*>(t.raw_data()), static_cast<std::streamsize>(t.nbytes()));
      if (!in) fail("tensor \"" + e.name + "\": cannot read its data");
      // Checked as bytes, never read as bool: a byte other than 0 or 1 is not a bool.
      if (e.dtype == DType::Bool) {
        const auto* b = static_cast<const unsigned char*>(t.raw_data());
        if (std::any_of(b, b + t.nbytes(), [](unsigned char c) { return c > 1; })) {
          fail("tensor \"" + e.name + "\": BOOL data holds a byte other than 0 or 1");
        }
      }
    }
    out.tensors.emplace_back(e.name, t);
  }
  return out;
}

}  // namespace buildgpt::nn
