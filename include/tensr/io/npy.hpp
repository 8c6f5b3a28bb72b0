// .npy files: save_npy and load_npy<T, Rank> for NumPy's format versions 1.0, 2.0 and 3.0,
// C and Fortran order, either byte order, from paths, streams and byte buffers.
// Every length a file states is checked against the bytes that are really there before
// anything is allocated for it: a malformed or hostile file gives an io_error, never a
// crash, an over-read or an allocation larger than the file.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

/// What the header of a .npy file says, after validation.
struct npy_header {
  int major_version = 1;
  int minor_version = 0;
  std::string descr;            ///< as written in the file, e.g. "<f8"
  char byte_order = '<';        ///< '<' or '>'; '|' for 1-byte dtypes ('=' made explicit)
  char kind = 'f';              ///< 'b', 'i', 'u' or 'f'
  std::size_t itemsize = 0;     ///< bytes per element
  bool fortran_order = false;   ///< payload in column-major order
  std::vector<index_t> shape;   ///< NumPy's shape; its length is the rank
  index_t size = 0;             ///< number of elements
  std::size_t data_offset = 0;  ///< bytes before the payload (preamble + header)
  std::size_t data_bytes = 0;   ///< size * itemsize
};

/// The largest header tensr reads. NumPy's own reader stops at 10000 bytes by default; a
/// header for any dtype tensr supports is far smaller.
inline constexpr std::size_t npy_max_header_bytes = std::size_t{1} << 20;

namespace detail::npyio {

inline constexpr char magic[] = "\x93NUMPY";
inline constexpr std::size_t magic_len = 6;
/// Unknown-length inputs are read in pieces of at least this size, so what is allocated
/// stays within a constant factor of what has really arrived.
inline constexpr std::size_t read_chunk = std::size_t{1} << 16;

constexpr char native_order = std::endian::native == std::endian::little ? '<' : '>';

template <class T>
constexpr char dtype_kind() {
  if constexpr (std::is_same_v<T, bool>)
    return 'b';
  else if constexpr (std::is_floating_point_v<T>)
    return 'f';
  else if constexpr (std::is_signed_v<T>)
    return 'i';
  else
    return 'u';
}

template <class T>
constexpr bool supported() {
  constexpr std::size_t n = sizeof(T);
  if constexpr (std::is_same_v<T, bool>)
    return n == 1;
  else if constexpr (std::is_floating_point_v<T>)
    return (n == 4 || n == 8) && std::numeric_limits<T>::is_iec559;
  else
    return n == 1 || n == 2 || n == 4 || n == 8;
}

inline std::string dtype_name(char kind, std::size_t itemsize) {
  switch (kind) {
    case 'b':
      return "bool";
    case 'i':
      return "int" + std::to_string(itemsize * 8);
    case 'u':
      return "uint" + std::to_string(itemsize * 8);
    default:
      return "float" + std::to_string(itemsize * 8);
  }
}

inline std::string shape_str(const std::vector<index_t>& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(s[i]);
  }
  if (s.size() == 1) out += ',';
  return out + ')';
}

/// The header text quoted for a message: at most 120 characters, non-printables escaped.
inline std::string excerpt(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  std::string out = "\"";
  const std::size_t n = std::min<std::size_t>(text.size(), 120);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (text.size() > n) out += "...";
  return out + '"';
}

/// Parser of the header: the repr of a Python dict with exactly the keys 'descr' (a string),
/// 'fortran_order' (True/False) and 'shape' (a tuple of non-negative ints).
class header_parser {
 public:
  explicit header_parser(std::string_view text) : text_(text) {}

  void parse(npy_header& h) {
    bool have_descr = false, have_order = false, have_shape = false;
    skip_ws();
    expect('{', "'{' opening the dict");
    skip_ws();
    while (peek() != '}') {
      const std::size_t key_pos = pos_;
      const std::string key = parse_string("a quoted key or '}'");
      skip_ws();
      expect(':', "':' after the key");
      skip_ws();
      if (key == "descr") {
        if (have_descr) fail_at("key 'descr' appears twice", key_pos);
        have_descr = true;
        if (peek() != '\'' && peek() != '"')
          throw io_error(
              "npy: unsupported dtype: 'descr' is not a string (structured dtypes are "
              "not supported) in header " +
              excerpt(text_));
        h.descr = parse_string("a quoted dtype string");
      } else if (key == "fortran_order") {
        if (have_order) fail_at("key 'fortran_order' appears twice", key_pos);
        have_order = true;
        h.fortran_order = parse_bool();
      } else if (key == "shape") {
        if (have_shape) fail_at("key 'shape' appears twice", key_pos);
        have_shape = true;
        h.shape = parse_shape();
      } else {
        fail_at("unknown key '" + key + "'", key_pos);
      }
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        skip_ws();
      } else if (peek() != '}') {
        fail_at("expected ',' or '}' after a value");
      }
    }
    ++pos_;  // '}'
    skip_ws();
    if (pos_ != text_.size()) fail_at("unexpected characters after the dict");
    if (!have_descr) missing("descr");
    if (!have_order) missing("fortran_order");
    if (!have_shape) missing("shape");
  }

 private:
  [[noreturn]] void fail_at(const std::string& what) const { fail_at(what, pos_); }
  [[noreturn]] void fail_at(const std::string& what, std::size_t at) const {
    throw io_error("npy: malformed header: " + what + " at byte " + std::to_string(at) + " of " +
                   excerpt(text_));
  }
  [[noreturn]] void missing(const char* key) const {
    throw io_error(std::string("npy: malformed header: no '") + key + "' key in " + excerpt(text_));
  }
  int peek() const { return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_]) : -1; }
  void skip_ws() {
    while (pos_ < text_.size() && std::strchr(" \t\r\n\f\v", text_[pos_]) && text_[pos_] != 0)
      ++pos_;
  }
  void expect(char c, const char* what) {
    if (peek() != static_cast<unsigned char>(c)) fail_at(std::string("expected ") + what);
    ++pos_;
  }
  bool starts_with(std::string_view word) const { return text_.substr(pos_, word.size()) == word; }

  std::string parse_string(const char* what) {
    const int q = peek();
    if (q != '\'' && q != '"') fail_at(std::string("expected ") + what);
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != static_cast<char>(q)) {
      if (text_[pos_] == '\\') fail_at("escape sequences in strings are not supported");
      if (text_[pos_] == '\n') fail_at("unterminated string");
      ++pos_;
    }
    if (pos_ == text_.size()) fail_at("unterminated string");
    std::string s(text_.substr(start, pos_ - start));
    ++pos_;
    return s;
  }

  bool parse_bool() {
    if (starts_with("True")) {
      pos_ += 4;
      return true;
    }
    if (starts_with("False")) {
      pos_ += 5;
      return false;
    }
    fail_at("expected True or False for 'fortran_order'");
  }

  std::vector<index_t> parse_shape() {
    expect('(', "'(' opening the shape tuple");
    std::vector<index_t> shape;
    bool trailing_comma = false;
    skip_ws();
    while (peek() != ')') {
      if (peek() == '-') {
        const std::size_t at = pos_;
        ++pos_;
        if (peek() < '0' || peek() > '9') fail_at("expected a dimension");
        while (peek() >= '0' && peek() <= '9') ++pos_;
        throw io_error("npy: negative dimension " + std::string(text_.substr(at, pos_ - at)) +
                       " in the header's shape, in " + excerpt(text_));
      }
      if (peek() < '0' || peek() > '9') fail_at("expected a non-negative integer in the shape");
      index_t d = 0;
      const std::size_t at = pos_;
      if (peek() == '0' && pos_ + 1 < text_.size() && text_[pos_ + 1] >= '0' &&
          text_[pos_ + 1] <= '9') {
        // Python 3 reads 00 as 0 but has no literal 01 (NumPy: "Cannot parse header").
        std::size_t end = pos_;
        while (end < text_.size() && text_[end] >= '0' && text_[end] <= '9') ++end;
        const std::string_view digits = text_.substr(pos_, end - pos_);
        if (digits.find_first_not_of('0') != std::string_view::npos)
          fail_at("leading zeros in the dimension " + std::string(digits) +
                  " (Python cannot parse it)");
      }
      while (peek() >= '0' && peek() <= '9') {
        if (__builtin_mul_overflow(d, index_t{10}, &d) ||
            __builtin_add_overflow(d, index_t{text_[pos_] - '0'}, &d)) {
          while (peek() >= '0' && peek() <= '9') ++pos_;
          throw io_error("npy: dimension " + std::string(text_.substr(at, pos_ - at)) +
                         " in the header's shape does not fit index_t, in " + excerpt(text_));
        }
        ++pos_;
      }
      shape.push_back(d);
      skip_ws();
      trailing_comma = false;
      if (peek() == ',') {
        ++pos_;
        trailing_comma = true;
        skip_ws();
      } else if (peek() != ')') {
        fail_at("expected ',' or ')' in the shape");
      }
    }
    ++pos_;  // ')'
    // Python's (3) is the int 3, not a tuple.
    if (shape.size() == 1 && !trailing_comma) fail_at("the shape is not a tuple (write (n,))");
    return shape;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

/// Fills kind, itemsize and byte_order from descr, or throws for dtypes tensr does not read.
inline void parse_descr(npy_header& h) {
  const std::string& d = h.descr;
  std::size_t i = 0;
  char order = '=';
  if (!d.empty() && std::strchr("<>|=", d[0]) && d[0] != 0) order = d[i++];
  std::size_t size = 0;
  const char kind = i < d.size() ? d[i] : '\0';
  const std::string_view digits = i + 1 <= d.size() ? std::string_view(d).substr(i + 1) : "";
  if (digits.size() == 1 && digits[0] >= '1' && digits[0] <= '8') size = digits[0] - '0';
  const bool ok =
      (kind == 'b' && size == 1) ||
      ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
      (kind == 'f' && (size == 4 || size == 8));
  if (!ok)
    throw io_error("npy: unsupported dtype " + excerpt(d) +
                   " (tensr reads b1, i1, u1, i2, u2, i4, u4, i8, u8, f4 and f8)");
  h.kind = kind;
  h.itemsize = size;
  h.byte_order = (order == '=' || order == '|') ? native_order : order;
  if (size == 1) h.byte_order = '|';
}

/// Element count and payload size of a parsed shape. NumPy refuses a shape whose non-zero
/// sizes times the item size overflow its signed byte count, even when another size is 0 and
/// the array empty; so does tensr, with NumPy's words.
inline void compute_size(npy_header& h) {
  index_t nonzero_bytes = static_cast<index_t>(h.itemsize);
  bool overflow = false, zero = false;
  for (index_t d : h.shape) {
    if (d == 0)
      zero = true;
    else
      overflow = overflow || __builtin_mul_overflow(nonzero_bytes, d, &nonzero_bytes);
  }
  if (overflow)
    throw io_error("npy: array is too big; shape " + shape_str(h.shape) + " of dtype " +
                   excerpt(h.descr) + ": its non-zero sizes times the item size " +
                   std::to_string(h.itemsize) + " exceed the maximum possible size (" +
                   std::to_string(std::numeric_limits<index_t>::max()) + " bytes)");
  h.data_bytes = zero ? 0 : static_cast<std::size_t>(nonzero_bytes);
  h.size = zero ? 0 : nonzero_bytes / static_cast<index_t>(h.itemsize);
}

/// Throws when path names something that is not a regular file (a symbolic link counts as
/// what it points to). Opening a directory succeeds on Linux and then reads 0 bytes, and
/// opening a FIFO waits for a writer, so both are refused before opening, with what they are.
/// A path that does not exist or cannot be examined is left to the open, which says why.
inline void require_regular_file(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_type type = fs::status(path, ec).type();
  if (ec) return;
  const char* what = nullptr;
  const char* hint = "";
  switch (type) {
    case fs::file_type::regular:
    case fs::file_type::not_found:
    case fs::file_type::none:
      return;
    case fs::file_type::directory:
      what = "a directory";
      break;
    case fs::file_type::fifo:
      what = "a FIFO (named pipe)";
      hint = "; read a pipe through load_npy(std::istream&)";
      break;
    case fs::file_type::character:
      what = "a character device";
      break;
    case fs::file_type::block:
      what = "a block device";
      break;
    case fs::file_type::socket:
      what = "a socket";
      break;
    default:
      what = "of an unknown type";
      break;
  }
  throw io_error("npy: cannot read '" + path.string() + "': it is " + what +
                 ", not a regular file" + hint);
}

/// Bytes from a buffer of known size.
class buffer_source {
 public:
  buffer_source(const void* data, std::size_t size)
      : p_(static_cast<const unsigned char*>(data)), n_(data ? size : 0) {}
  std::optional<std::uint64_t> remaining() const { return n_ - pos_; }
  std::size_t read(void* dst, std::size_t k) {
    k = std::min(k, n_ - pos_);
    if (k) std::memcpy(dst, p_ + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  const unsigned char* p_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

/// Bytes from a stream; its remaining length is known when it can seek.
class stream_source {
 public:
  explicit stream_source(std::istream& is) : is_(is) {
    if (!is_) throw io_error("npy: the input stream is not readable");
    const auto pos = is_.tellg();
    if (pos == std::streampos(-1)) {
      is_.clear();
      return;
    }
    is_.seekg(0, std::ios::end);
    const auto end = is_.tellg();
    is_.clear();
    is_.seekg(pos);
    if (!is_) throw io_error("npy: the input stream cannot return to its position");
    if (end != std::streampos(-1) && end >= pos) remaining_ = static_cast<std::uint64_t>(end - pos);
  }
  std::optional<std::uint64_t> remaining() const { return remaining_; }
  std::size_t read(void* dst, std::size_t k) {
    std::size_t done = 0;
    auto* out = static_cast<char*>(dst);
    constexpr std::size_t piece = std::size_t{1} << 30;
    while (done < k && is_) {
      const std::size_t want = std::min(k - done, piece);
      is_.read(out + done, static_cast<std::streamsize>(want));
      const auto got = static_cast<std::size_t>(is_.gcount());
      done += got;
      if (got < want) break;
    }
    if (remaining_) *remaining_ -= std::min<std::uint64_t>(*remaining_, done);
    return done;
  }

 private:
  std::istream& is_;
  std::optional<std::uint64_t> remaining_;
};

/// Reads exactly n bytes into a fresh vector, growing it only as the bytes arrive. On a short
/// input, throws the message made by `truncated(bytes_available)`.
template <class Src, class F>
std::vector<unsigned char> read_bounded(Src& src, std::size_t n, F&& truncated) {
  if (const auto rem = src.remaining(); rem && n > *rem) throw io_error(truncated(*rem));
  std::vector<unsigned char> buf;
  while (buf.size() < n) {
    const std::size_t old = buf.size();
    const std::size_t want = std::min(n - old, std::max(read_chunk, old));
    buf.resize(old + want);
    const std::size_t got = src.read(buf.data() + old, want);
    if (got < want) throw io_error(truncated(old + got));
  }
  return buf;
}

/// Reads and validates the preamble and the header; the source is left at the payload.
template <class Src>
npy_header read_header(Src& src) {
  unsigned char pre[12] = {};
  const std::size_t got = src.read(pre, 8);
  if (std::memcmp(pre, magic, std::min(got, magic_len)) != 0)
    throw io_error("npy: not a .npy file (it does not start with \"\\x93NUMPY\")");
  if (got < 8)
    throw io_error("npy: truncated file: " + std::to_string(got) +
                   " bytes, the magic string and version need 8");
  npy_header h;
  h.major_version = pre[6];
  h.minor_version = pre[7];
  if (h.major_version < 1 || h.major_version > 3 || h.minor_version != 0)
    throw io_error("npy: unsupported format version " + std::to_string(h.major_version) + "." +
                   std::to_string(h.minor_version) + " (tensr reads 1.0, 2.0 and 3.0)");
  const std::size_t len_bytes = h.major_version == 1 ? 2 : 4;
  if (src.read(pre + 8, len_bytes) < len_bytes)
    throw io_error("npy: truncated file: it ends inside the header length field");
  std::size_t header_len = 0;
  for (std::size_t i = len_bytes; i-- > 0;) header_len = header_len << 8 | pre[8 + i];
  const auto truncated = [&](std::uint64_t have) {
    return "npy: truncated file: the header length is " + std::to_string(header_len) +
           " bytes, but only " + std::to_string(have) + " follow the preamble";
  };
  if (const auto rem = src.remaining(); rem && header_len > *rem) throw io_error(truncated(*rem));
  if (header_len > npy_max_header_bytes)
    throw io_error("npy: header length " + std::to_string(header_len) +
                   " exceeds tensr's limit of " + std::to_string(npy_max_header_bytes) + " bytes");
  const auto text = read_bounded(src, header_len, truncated);
  const std::string_view sv(reinterpret_cast<const char*>(text.data()), text.size());
  header_parser(sv).parse(h);
  parse_descr(h);
  compute_size(h);
  h.data_offset = 8 + len_bytes + header_len;
  return h;
}

inline void byteswap(unsigned char* p, std::size_t n, std::size_t itemsize) {
  for (std::size_t i = 0; i < n; ++i, p += itemsize) std::reverse(p, p + itemsize);
}

/// Makes every element 0 or 1, reading and writing the bytes only (a bool object holding
/// another byte must never be read as a bool).
inline void normalize_bools(bool* data, index_t n) {
  auto* p = reinterpret_cast<unsigned char*>(data);
  for (index_t i = 0; i < n; ++i) p[i] = p[i] != 0 ? 1 : 0;
}

template <class T, std::size_t Rank, class Src>
Tensor<T, Rank> load(Src& src) {
  static_assert(supported<T>(),
                "tensr: load_npy reads bool, 1/2/4/8-byte integers, float and double");
  const npy_header h = read_header(src);
  if (h.kind != dtype_kind<T>() || h.itemsize != sizeof(T)) {
    const char order = sizeof(T) == 1 ? '|' : native_order;
    throw io_error("npy: dtype mismatch: the file holds " + excerpt(h.descr) + " (" +
                   dtype_name(h.kind, h.itemsize) + "), load_npy asked for \"" + order +
                   dtype_kind<T>() + std::to_string(sizeof(T)) + "\" (" +
                   dtype_name(dtype_kind<T>(), sizeof(T)) + ")");
  }
  if (h.shape.size() != Rank)
    throw io_error("npy: rank mismatch: the file holds shape " + shape_str(h.shape) + " (rank " +
                   std::to_string(h.shape.size()) + "), load_npy asked for rank " +
                   std::to_string(Rank));
  shape_t<Rank> shape{};
  for (std::size_t i = 0; i < Rank; ++i)
    shape[i] = h.fortran_order ? h.shape[Rank - 1 - i] : h.shape[i];
  const auto truncated = [&](std::uint64_t have) {
    return "npy: truncated file: shape " + shape_str(h.shape) + " of dtype " + excerpt(h.descr) +
           " needs " + std::to_string(h.data_bytes) + " bytes of data, but only " +
           std::to_string(have) + " follow the header";
  };
  const auto rem = src.remaining();
  if (rem && h.data_bytes > *rem) throw io_error(truncated(*rem));
  Tensor<T, Rank> raw;
  unsigned char* bytes = nullptr;
  if (rem) {
    raw = Tensor<T, Rank>(shape, Storage<T>::uninitialized);
    bytes = reinterpret_cast<unsigned char*>(raw.data());
    const std::size_t got = src.read(bytes, h.data_bytes);
    if (got < h.data_bytes) throw io_error(truncated(got));
  } else {
    // The size is not known: read the bytes before allocating the tensor's storage.
    const auto buf = read_bounded(src, h.data_bytes, truncated);
    raw = Tensor<T, Rank>(shape, Storage<T>::uninitialized);
    bytes = reinterpret_cast<unsigned char*>(raw.data());
    if (!buf.empty()) std::memcpy(bytes, buf.data(), buf.size());
  }
  if (h.itemsize > 1 && h.byte_order != native_order)
    byteswap(bytes, static_cast<std::size_t>(h.size), h.itemsize);
  if constexpr (std::is_same_v<T, bool>) {
    // Any non-zero byte is True (as NumPy reads it); a bool must hold 0 or 1.
    normalize_bools(raw.data(), raw.size());
  }
  if (h.fortran_order && Rank > 1) return Tensor<T, Rank>(raw.t());
  return raw;
}

/// NumPy's header text for a C-order array of the given dtype and shape, padded (as NumPy
/// 1.24 does) so that the payload starts at a multiple of 64 bytes.
template <std::size_t Rank>
std::string make_header(const std::string& descr, const shape_t<Rank>& shape) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < Rank; ++i) {
    if (i) dict += ", ";
    dict += std::to_string(shape[i]);
  }
  if (Rank == 1) dict += ',';
  dict += "), }";
  // NumPy leaves room to grow the first axis in place (GROWTH_AXIS_MAX_DIGITS = 21).
  if constexpr (Rank > 0)
    dict.append(21 - std::min<std::size_t>(21, std::to_string(shape[0]).size()), ' ');
  std::string out;
  for (std::size_t len_bytes : {std::size_t{2}, std::size_t{4}}) {
    const std::size_t hlen = dict.size() + 1;
    const std::size_t pad = 64 - (8 + len_bytes + hlen) % 64;
    const std::size_t total = hlen + pad;
    if (len_bytes == 2 && total > 0xffff) continue;
    out.assign(magic, magic_len);
    out += static_cast<char>(len_bytes == 2 ? 1 : 2);
    out += '\0';
    for (std::size_t i = 0; i < len_bytes; ++i) out += static_cast<char>((total >> (8 * i)) & 0xff);
    out += dict;
    out.append(pad, ' ');
    out += '\n';
    break;
  }
  return out;
}

}  // namespace detail::npyio

/// The descr tensr writes for element type T, e.g. "<f4" for float, "|b1" for bool.
template <class T>
std::string npy_descr() {
  using U = std::remove_const_t<T>;
  static_assert(detail::npyio::supported<U>(),
                "tensr: .npy holds bool, 1/2/4/8-byte integers, float and double");
  std::string d(1, sizeof(U) == 1 ? '|' : detail::npyio::native_order);
  d += detail::npyio::dtype_kind<U>();
  d += std::to_string(sizeof(U));
  return d;
}

/// Writes a in NumPy's .npy format (version 1.0; 2.0 if the header needs it), C order. A view
/// of any strides is written in the order of its indices, as NumPy writes a.copy().
template <tensor_like A>
void save_npy(std::ostream& os, const A& a) {
  using T = std::remove_const_t<value_type_of<A>>;
  constexpr std::size_t Rank = rank_of<A>;
  const auto v = as_view(a);
  const std::string header = detail::npyio::make_header(npy_descr<T>(), v.shape());
  os.write(header.data(), static_cast<std::streamsize>(header.size()));
  if (v.size() > 0 && v.is_contiguous()) {
    os.write(reinterpret_cast<const char*>(v.data()),
             static_cast<std::streamsize>(static_cast<std::size_t>(v.size()) * sizeof(T)));
  } else if (v.size() > 0) {
    // Gathered in pieces; bool goes through unsigned char (std::vector<bool> has no data()).
    using B = std::conditional_t<std::is_same_v<T, bool>, unsigned char, T>;
    std::vector<B> buf;
    buf.reserve(detail::npyio::read_chunk / sizeof(B));
    const auto flush = [&] {
      os.write(reinterpret_cast<const char*>(buf.data()),
               static_cast<std::streamsize>(buf.size() * sizeof(B)));
      buf.clear();
    };
    detail::for_each_run<1, Rank>(v.shape(), {v.strides()}, [&](auto off, index_t n, auto st) {
      const T* p = v.data() + off[0];
      for (index_t k = 0; k < n; ++k) {
        buf.push_back(static_cast<B>(p[k * st[0]]));
        if (buf.size() * sizeof(B) >= detail::npyio::read_chunk) flush();
      }
    });
    flush();
  }
  if (!os) throw io_error("npy: writing to the output stream failed");
}

/// Writes a to the file at path (see the stream form).
template <tensor_like A>
void save_npy(const std::filesystem::path& path, const A& a) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f)
    throw io_error("npy: cannot open '" + path.string() +
                   "' for writing: " + std::generic_category().message(errno));
  try {
    save_npy(f, a);
  } catch (const io_error& e) {
    throw io_error(std::string(e.what()) + " (file '" + path.string() + "')");
  }
  f.close();
  if (!f) throw io_error("npy: writing '" + path.string() + "' failed");
}

/// Reads and validates the header of .npy bytes in memory (the payload is not checked).
inline npy_header parse_npy_header(const void* data, std::size_t size) {
  detail::npyio::buffer_source src(data, size);
  return detail::npyio::read_header(src);
}

/// Reads and validates a .npy header from a stream, leaving the stream at the payload.
inline npy_header read_npy_header(std::istream& is) {
  detail::npyio::stream_source src(is);
  return detail::npyio::read_header(src);
}

/// Reads and validates the header of the .npy file at path.
inline npy_header read_npy_header(const std::filesystem::path& path) {
  detail::npyio::require_regular_file(path);
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw io_error("npy: cannot open '" + path.string() +
                   "' for reading: " + std::generic_category().message(errno));
  try {
    return read_npy_header(static_cast<std::istream&>(f));
  } catch (const io_error& e) {
    throw io_error(std::string(e.what()) + " (file '" + path.string() + "')");
  }
}

/// Loads a .npy array held in memory. T and Rank must match the file's dtype and rank.
template <class T, std::size_t Rank>
Tensor<T, Rank> load_npy_buffer(const void* data, std::size_t size) {
  detail::npyio::buffer_source src(data, size);
  return detail::npyio::load<T, Rank>(src);
}

/// Loads one array from a stream, which is left just after its payload (so several arrays
/// written one after another are read back one after another).
template <class T, std::size_t Rank>
Tensor<T, Rank> load_npy(std::istream& is) {
  detail::npyio::stream_source src(is);
  return detail::npyio::load<T, Rank>(src);
}

/// Loads the .npy file at path. T and Rank must match the file's dtype and rank; the file may
/// be in either byte order and in C or Fortran order, the result is row-major.
template <class T, std::size_t Rank>
Tensor<T, Rank> load_npy(const std::filesystem::path& path) {
  detail::npyio::require_regular_file(path);
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw io_error("npy: cannot open '" + path.string() +
                   "' for reading: " + std::generic_category().message(errno));
  try {
    return load_npy<T, Rank>(static_cast<std::istream&>(f));
  } catch (const io_error& e) {
    throw io_error(std::string(e.what()) + " (file '" + path.string() + "')");
  }
}

TENSR_NAMESPACE_END
