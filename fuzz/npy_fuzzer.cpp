// libFuzzer target for the .npy reader: parse_npy_header on the raw bytes, then, for a header
// that parses, load_npy with the dtype and rank it names (from the buffer, from a seekable
// stream and from a stream of unknown length), a save -> load round trip of what loaded, and
// one load with a wrong dtype. io_error is the only exception allowed; anything else, a
// sanitizer report or an allocation beyond -malloc_limit_mb is a finding.
#include <tensr/tensr.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <streambuf>
#include <string>

namespace {

using namespace tensr;

/// A streambuf that cannot seek (as a pipe), so the reader cannot know the input's length.
class pipe_buf : public std::streambuf {
 public:
  pipe_buf(const char* p, std::size_t n) {
    char* b = const_cast<char*>(p);
    setg(b, b, b + n);
  }
};

void require(bool ok) {
  if (!ok) std::abort();
}

template <class T, std::size_t R>
bool same(const Tensor<T, R>& a, const Tensor<T, R>& b) {
  return a.shape() == b.shape() &&
         (a.size() == 0 ||
          std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(T)) == 0);
}

template <class T, std::size_t R>
void load_all(const npy_header& h, const std::uint8_t* data, std::size_t size) {
  Tensor<T, R> a;
  try {
    a = load_npy_buffer<T, R>(data, size);
  } catch (const io_error&) {
    // Only a short payload may fail once the header parsed with the right dtype and rank.
    require(size < h.data_offset + h.data_bytes);
    return;
  }
  require(size >= h.data_offset + h.data_bytes);
  for (std::size_t i = 0; i < R; ++i) require(a.shape()[i] == h.shape[i]);

  std::istringstream seekable(std::string(reinterpret_cast<const char*>(data), size));
  require(same(load_npy<T, R>(seekable), a));
  pipe_buf pb(reinterpret_cast<const char*>(data), size);
  std::istream piped(&pb);
  require(same(load_npy<T, R>(piped), a));

  std::stringstream ss;
  save_npy(ss, a);
  require(same(load_npy<T, R>(ss), a));
}

template <class T>
void by_rank(const npy_header& h, const std::uint8_t* data, std::size_t size) {
  switch (h.shape.size()) {
    case 0:
      return load_all<T, 0>(h, data, size);
    case 1:
      return load_all<T, 1>(h, data, size);
    case 2:
      return load_all<T, 2>(h, data, size);
    case 3:
      return load_all<T, 3>(h, data, size);
    case 4:
      return load_all<T, 4>(h, data, size);
    default:
      try {
        load_npy_buffer<T, 4>(data, size);
        std::abort();  // a rank mismatch must be reported
      } catch (const io_error&) {
      }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  npy_header h;
  try {
    h = parse_npy_header(data, size);
  } catch (const io_error&) {
    // The same bytes through a stream must fail too.
    pipe_buf pb(reinterpret_cast<const char*>(data), size);
    std::istream piped(&pb);
    try {
      load_npy<float, 1>(piped);
      std::abort();
    } catch (const io_error&) {
    }
    return 0;
  }
  require(h.data_offset <= size);
  switch (h.kind * 16 + static_cast<int>(h.itemsize)) {
    case 'b' * 16 + 1:
      by_rank<bool>(h, data, size);
      break;
    case 'i' * 16 + 1:
      by_rank<std::int8_t>(h, data, size);
      break;
    case 'u' * 16 + 1:
      by_rank<std::uint8_t>(h, data, size);
      break;
    case 'i' * 16 + 2:
      by_rank<std::int16_t>(h, data, size);
      break;
    case 'u' * 16 + 2:
      by_rank<std::uint16_t>(h, data, size);
      break;
    case 'i' * 16 + 4:
      by_rank<std::int32_t>(h, data, size);
      break;
    case 'u' * 16 + 4:
      by_rank<std::uint32_t>(h, data, size);
      break;
    case 'i' * 16 + 8:
      by_rank<std::int64_t>(h, data, size);
      break;
    case 'u' * 16 + 8:
      by_rank<std::uint64_t>(h, data, size);
      break;
    case 'f' * 16 + 4:
      by_rank<float>(h, data, size);
      break;
    case 'f' * 16 + 8:
      by_rank<double>(h, data, size);
      break;
    default:
      std::abort();  // parse_npy_header accepted a dtype tensr does not read
  }
  // A wrong dtype is always an io_error.
  try {
    if (h.kind == 'f' && h.itemsize == 8)
      load_npy_buffer<float, 1>(data, size);
    else
      load_npy_buffer<double, 1>(data, size);
    std::abort();
  } catch (const io_error&) {
  }
  return 0;
}
