// .npy I/O: files written by NumPy 1.24 (tests/data/npy, made by tests/data/gen_npy.py) loaded
// and compared with literal values; save -> load round trips for every dtype and ranks 0-4,
// including strided and transposed views; and every error a malformed or hostile file gives,
// with its message.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#if defined(__unix__)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace tensr;

namespace {

const std::string data_dir = std::string(TENSR_TEST_DATA_DIR) + "/npy/";

std::string file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

template <class T, std::size_t R>
std::vector<T> values(const Tensor<T, R>& a) {
  return std::vector<T>(a.data(), a.data() + a.size());
}
template <class T, std::size_t R>
std::vector<index_t> shape_of(const Tensor<T, R>& a) {
  return std::vector<index_t>(a.shape().begin(), a.shape().end());
}

/// A .npy file by hand: magic, version, little-endian header length, header, payload.
std::string npy_bytes(int major, const std::string& header, const std::string& payload = "") {
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  const std::size_t n = header.size();
  for (int i = 0; i < (major == 1 ? 2 : 4); ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + payload;
}
std::string dict(const std::string& descr, const std::string& shape, bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }\n";
}

template <class T, std::size_t R>
Tensor<T, R> from_bytes(const std::string& b) {
  return load_npy_buffer<T, R>(b.data(), b.size());
}

/// The message of the io_error that f throws ("" if it throws none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const io_error& e) {
    return e.what();
  }
  return "";
}

/// A streambuf that cannot seek, as a pipe: exercises the reading of unknown-length input.
class pipe_buf : public std::streambuf {
 public:
  explicit pipe_buf(std::string s) : s_(std::move(s)) {
    setg(s_.data(), s_.data(), s_.data() + s_.size());
  }

 private:
  std::string s_;
};

/// Deterministic test values, exact in every dtype.
template <class T>
T value_at(index_t k) {
  if constexpr (std::is_same_v<T, bool>)
    return k % 3 == 0;
  else if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>((static_cast<double>(k) - 5) * 0.25);
  else if constexpr (std::is_signed_v<T>)
    return static_cast<T>(k * 37 % 200 - 100);
  else
    return static_cast<T>(k * 37 % 251);
}
template <class T, std::size_t R>
Tensor<T, R> sample(const shape_t<R>& shape) {
  Tensor<T, R> a(shape);
  for (index_t k = 0; k < a.size(); ++k) a.data()[k] = value_at<T>(k);
  return a;
}

template <class T, std::size_t R>
void check_same(const Tensor<T, R>& got, const Tensor<T, R>& want) {
  REQUIRE(got.shape() == want.shape());
  for (index_t k = 0; k < want.size(); ++k) CHECK(got.data()[k] == want.data()[k]);
}

template <class T, std::size_t R, class A>
void round_trip(const A& a) {
  const Tensor<T, R> want(a);
  std::stringstream ss;
  save_npy(ss, a);
  const std::string bytes = ss.str();
  // Payload at a multiple of 64, header ends with '\n'.
  const auto h = parse_npy_header(bytes.data(), bytes.size());
  CHECK(h.data_offset % 64 == 0);
  CHECK(bytes[h.data_offset - 1] == '\n');
  CHECK(bytes.size() == h.data_offset + h.data_bytes);
  CHECK(h.descr == npy_descr<T>());
  check_same(load_npy<T, R>(ss), want);
  check_same(from_bytes<T, R>(bytes), want);
  pipe_buf pb(bytes);
  std::istream piped(&pb);
  check_same(load_npy<T, R>(piped), want);
}

template <class T>
void round_trip_ranks() {
  round_trip<T, 0>(sample<T, 0>({}));
  round_trip<T, 1>(sample<T, 1>({7}));
  round_trip<T, 2>(sample<T, 2>({3, 4}));
  round_trip<T, 3>(sample<T, 3>({2, 3, 4}));
  round_trip<T, 4>(sample<T, 4>({2, 1, 3, 2}));
  round_trip<T, 1>(sample<T, 1>({0}));
  round_trip<T, 3>(sample<T, 3>({2, 0, 4}));
  // Views of any strides are written in C order.
  auto m = sample<T, 2>({3, 4});
  round_trip<T, 2>(m.t());
  round_trip<T, 2>(m(range(0, 3, 2), range(none, none, -1)));
  auto c = sample<T, 3>({2, 3, 4});
  round_trip<T, 3>(c.flip(1));
  round_trip<T, 3>(c.permute({2, 0, 1}));
  round_trip<T, 2>(c(1, all, range(1, 4, 2)));
  auto h = sample<T, 4>({2, 3, 2, 5});
  round_trip<T, 4>(h.transpose());
  round_trip<T, 1>(h(1, 2, 0, range(none, none, -2)));
}

}  // namespace

TEST_CASE("npy_descr: NumPy's dtype strings") {
  CHECK(npy_descr<float>() == "<f4");
  CHECK(npy_descr<double>() == "<f8");
  CHECK(npy_descr<bool>() == "|b1");
  CHECK(npy_descr<std::int8_t>() == "|i1");
  CHECK(npy_descr<std::uint8_t>() == "|u1");
  CHECK(npy_descr<std::int16_t>() == "<i2");
  CHECK(npy_descr<std::uint16_t>() == "<u2");
  CHECK(npy_descr<int>() == "<i4");
  CHECK(npy_descr<unsigned>() == "<u4");
  CHECK(npy_descr<long>() == "<i8");
  CHECK(npy_descr<long long>() == "<i8");
  CHECK(npy_descr<unsigned long>() == "<u8");
  CHECK(npy_descr<const float>() == "<f4");
}

TEST_CASE("files written by NumPy: one per dtype") {
  const auto f4 = load_npy<float, 2>(data_dir + "f4_2x3.npy");
  CHECK(shape_of(f4) == std::vector<index_t>{2, 3});
  CHECK(values(f4) == std::vector<float>{1.5f, -2.25f, 0.0f, static_cast<float>(3.0e38),
                                         static_cast<float>(-1.0e-30), 7.0f});
  const auto f8 = load_npy<double, 1>(data_dir + "f8_4.npy");
  CHECK(values(f8) ==
        std::vector<double>{0.1, -2.5, 1.0e300, std::numeric_limits<double>::infinity()});
  CHECK(values(load_npy<std::int8_t, 1>(data_dir + "i1_4.npy")) ==
        std::vector<std::int8_t>{-128, -1, 0, 127});
  CHECK(values(load_npy<std::uint8_t, 1>(data_dir + "u1_5.npy")) ==
        std::vector<std::uint8_t>{0, 1, 127, 128, 255});
  CHECK(values(load_npy<std::int16_t, 1>(data_dir + "i2_3.npy")) ==
        std::vector<std::int16_t>{-32768, 12345, 32767});
  CHECK(values(load_npy<std::uint16_t, 1>(data_dir + "u2_2.npy")) ==
        std::vector<std::uint16_t>{0, 65535});
  const auto i4 = load_npy<std::int32_t, 3>(data_dir + "i4_2x2x2.npy");
  CHECK(shape_of(i4) == std::vector<index_t>{2, 2, 2});
  CHECK(values(i4) == std::vector<std::int32_t>{-4000012, -3000009, -2000006, -1000003, 0, 1000003,
                                                2000006, 3000009});
  CHECK(values(load_npy<std::uint32_t, 1>(data_dir + "u4_2.npy")) ==
        std::vector<std::uint32_t>{7, 4294967295u});
  CHECK(values(load_npy<std::int64_t, 1>(data_dir + "i8_3.npy")) ==
        std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min(),
                                  (std::int64_t{1} << 40) + 3,
                                  std::numeric_limits<std::int64_t>::max()});
  CHECK(values(load_npy<std::uint64_t, 1>(data_dir + "u8_2.npy")) ==
        std::vector<std::uint64_t>{1, std::numeric_limits<std::uint64_t>::max()});
  const auto b1 = load_npy<bool, 2>(data_dir + "b1_2x2.npy");
  CHECK(values(b1) == std::vector<bool>{true, false, false, true});
  // long is int64 on Linux: '<i8' loads as long too.
  CHECK(load_npy<long, 1>(data_dir + "i8_3.npy")(1) == (long{1} << 40) + 3);
}

TEST_CASE("files written by NumPy: big-endian") {
  const auto f8 = load_npy<double, 2>(data_dir + "be_f8_2x2.npy");
  CHECK(values(f8) == std::vector<double>{1.0, -0.5, 3.25, 1.0e-300});
  CHECK(values(load_npy<std::int32_t, 1>(data_dir + "be_i4_3.npy")) ==
        std::vector<std::int32_t>{1, -2, 100000});
  CHECK(values(load_npy<std::uint16_t, 1>(data_dir + "be_u2_2.npy")) ==
        std::vector<std::uint16_t>{258, 65534});
  CHECK(values(load_npy<float, 1>(data_dir + "be_f4_2.npy")) == std::vector<float>{1.5f, -7.0f});
  std::ifstream f(data_dir + "be_f8_2x2.npy", std::ios::binary);
  const auto h = read_npy_header(f);
  CHECK(h.descr == ">f8");
  CHECK(h.byte_order == '>');
}

TEST_CASE("files written by NumPy: Fortran order is transposed into row-major") {
  const auto a = load_npy<std::int32_t, 2>(data_dir + "fortran_i4_3x4.npy");
  CHECK(shape_of(a) == std::vector<index_t>{3, 4});
  CHECK(values(a) == std::vector<std::int32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  CHECK(a.strides() == shape_t<2>{4, 1});
  const auto b = load_npy<double, 3>(data_dir + "fortran_f8_2x3x4.npy");
  CHECK(shape_of(b) == std::vector<index_t>{2, 3, 4});
  for (index_t k = 0; k < 24; ++k) CHECK(b.data()[k] == 0.5 * static_cast<double>(k));
  const auto c = load_npy<float, 2>(data_dir + "fortran_be_f4_2x3.npy");
  CHECK(values(c) == std::vector<float>{-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f});
  std::ifstream f(data_dir + "fortran_i4_3x4.npy", std::ios::binary);
  CHECK(read_npy_header(f).fortran_order);
}

TEST_CASE("files written by NumPy: 0-d and 0-size arrays") {
  const auto s = load_npy<double, 0>(data_dir + "scalar_f8.npy");
  CHECK(s.item() == 3.5);
  CHECK(load_npy<bool, 0>(data_dir + "scalar_b1.npy").item() == true);
  const auto e = load_npy<float, 2>(data_dir + "empty_f4_0x3.npy");
  CHECK(shape_of(e) == std::vector<index_t>{0, 3});
  CHECK(e.size() == 0);
  const auto e3 = load_npy<std::int64_t, 3>(data_dir + "empty_i8_2x0x4.npy");
  CHECK(shape_of(e3) == std::vector<index_t>{2, 0, 4});
}

TEST_CASE("files written by NumPy: format versions 2.0 and 3.0") {
  const auto b2 = file_bytes(data_dir + "v2_f8_2x2.npy");
  const auto h2 = parse_npy_header(b2.data(), b2.size());
  CHECK(h2.major_version == 2);
  CHECK(h2.data_offset % 64 == 0);
  CHECK(values(load_npy<double, 2>(data_dir + "v2_f8_2x2.npy")) ==
        std::vector<double>{1.0, 2.0, 3.0, 4.0});
  const auto b3 = file_bytes(data_dir + "v3_i2_3.npy");
  CHECK(parse_npy_header(b3.data(), b3.size()).major_version == 3);
  CHECK(values(load_npy<std::int16_t, 1>(data_dir + "v3_i2_3.npy")) ==
        std::vector<std::int16_t>{-1, 0, 1});
}

TEST_CASE("save_npy writes the bytes NumPy 1.24 writes") {
  for (const char* name : {"f4_2x3.npy", "i4_2x2x2.npy", "u1_5.npy", "b1_2x2.npy", "scalar_f8.npy",
                           "empty_f4_0x3.npy", "i8_3.npy"}) {
    CAPTURE(name);
    const std::string want = file_bytes(data_dir + name);
    std::ostringstream out;
    const auto h = parse_npy_header(want.data(), want.size());
    if (h.kind == 'f' && h.itemsize == 4 && h.shape.size() == 2)
      save_npy(out, load_npy<float, 2>(data_dir + name));
    else if (h.kind == 'f' && h.shape.empty())
      save_npy(out, load_npy<double, 0>(data_dir + name));
    else if (h.kind == 'i' && h.itemsize == 4)
      save_npy(out, load_npy<std::int32_t, 3>(data_dir + name));
    else if (h.kind == 'i' && h.itemsize == 8)
      save_npy(out, load_npy<std::int64_t, 1>(data_dir + name));
    else if (h.kind == 'u')
      save_npy(out, load_npy<std::uint8_t, 1>(data_dir + name));
    else
      save_npy(out, load_npy<bool, 2>(data_dir + name));
    CHECK(out.str() == want);
  }
  // A Fortran-order file comes back as C order: NumPy's np.save(a.copy()) bytes.
  std::ostringstream out;
  save_npy(out, load_npy<std::int32_t, 2>(data_dir + "fortran_i4_3x4.npy"));
  CHECK(out.str().find("'fortran_order': False") != std::string::npos);
}

TEST_CASE("round trip: every dtype, ranks 0-4, strided and transposed views") {
  round_trip_ranks<bool>();
  round_trip_ranks<std::int8_t>();
  round_trip_ranks<std::uint8_t>();
  round_trip_ranks<std::int16_t>();
  round_trip_ranks<std::uint16_t>();
  round_trip_ranks<std::int32_t>();
  round_trip_ranks<std::uint32_t>();
  round_trip_ranks<std::int64_t>();
  round_trip_ranks<std::uint64_t>();
  round_trip_ranks<float>();
  round_trip_ranks<double>();
  round_trip_ranks<char>();
  round_trip_ranks<long long>();
}

TEST_CASE("round trip: special floating values bit for bit") {
  const Tensor<double, 1> a{
      std::numeric_limits<double>::quiet_NaN(),  std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(),  -0.0,
      std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max()};
  std::stringstream ss;
  save_npy(ss, a);
  const auto b = load_npy<double, 1>(ss);
  for (index_t k = 0; k < a.size(); ++k)
    CHECK(std::bit_cast<std::uint64_t>(b(k)) == std::bit_cast<std::uint64_t>(a(k)));
}

TEST_CASE("round trip through files, and several arrays in one stream") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tensr_test_npy_" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  const auto a = sample<float, 3>({2, 3, 4});
  save_npy(dir / "a.npy", a);
  check_same(load_npy<float, 3>(dir / "a.npy"), a);
  save_npy((dir / "t.npy").string(), a.transpose());
  check_same(load_npy<float, 3>((dir / "t.npy").string()), Tensor<float, 3>(a.transpose()));
  std::filesystem::remove_all(dir);

  std::stringstream ss;
  save_npy(ss, sample<int, 1>({3}));
  save_npy(ss, sample<double, 2>({2, 2}));
  check_same(load_npy<int, 1>(ss), sample<int, 1>({3}));
  check_same(load_npy<double, 2>(ss), sample<double, 2>({2, 2}));
}

TEST_CASE("header parsing: what NumPy's literal_eval accepts") {
  const std::string payload(8, '\0');
  // Double quotes, other key order, no trailing comma, extra whitespace, no newline.
  const auto a = npy_bytes(1, "{\"shape\": ( 2 ,1 ) , \"fortran_order\":True,\"descr\":\"<i4\"}");
  const auto h = parse_npy_header(a.data(), a.size());
  CHECK(h.shape == std::vector<index_t>{2, 1});
  CHECK(h.fortran_order);
  CHECK(h.descr == "<i4");
  const auto b = npy_bytes(1, dict("f8", "(1,)"), payload);
  CHECK(from_bytes<double, 1>(b)(0) == 0.0);  // no byte-order character: native
  const auto c = npy_bytes(1, dict("=f8", "()"), payload);
  CHECK(from_bytes<double, 0>(c).item() == 0.0);
  const auto d = npy_bytes(1, dict("<u1", "(8,)"), payload);  // '<' on a 1-byte dtype
  CHECK(from_bytes<std::uint8_t, 1>(d).size() == 8);
  // Trailing payload bytes are ignored, as NumPy ignores them.
  const auto e = npy_bytes(1, dict("<i4", "(1,)"), payload);
  CHECK(from_bytes<int, 1>(e)(0) == 0);
  // Bool bytes other than 0 and 1 read as True.
  const auto f = npy_bytes(1, dict("|b1", "(3,)"), std::string("\x00\x02\xff", 3));
  CHECK(values(from_bytes<bool, 1>(f)) == std::vector<bool>{false, true, true});
}

TEST_CASE("errors: dtype and rank mismatch name both") {
  CHECK(error_of([] { load_npy<float, 1>(data_dir + "f8_4.npy"); }) ==
        "npy: dtype mismatch: the file holds \"<f8\" (float64), load_npy asked for \"<f4\" "
        "(float32) (file '" +
            data_dir + "f8_4.npy')");
  const auto b = npy_bytes(1, dict(">i2", "(1,)"), "xx");
  CHECK(error_of([&] { from_bytes<std::uint16_t, 1>(b); }) ==
        "npy: dtype mismatch: the file holds \">i2\" (int16), load_npy asked for \"<u2\" (uint16)");
  CHECK(error_of([&] { from_bytes<bool, 1>(b); }) ==
        "npy: dtype mismatch: the file holds \">i2\" (int16), load_npy asked for \"|b1\" (bool)");
  CHECK(
      error_of([] { load_npy<float, 3>(data_dir + "f4_2x3.npy"); }) ==
      "npy: rank mismatch: the file holds shape (2,3) (rank 2), load_npy asked for rank 3 (file '" +
          data_dir + "f4_2x3.npy')");
  CHECK(error_of([] { load_npy<double, 1>(data_dir + "scalar_f8.npy"); })
            .starts_with("npy: rank mismatch: the file holds shape () (rank 0), load_npy asked for "
                         "rank 1"));
}

TEST_CASE("errors: files that cannot be opened or written") {
  CHECK(error_of([] { load_npy<float, 1>(data_dir + "missing.npy"); }) ==
        "npy: cannot open '" + data_dir + "missing.npy' for reading: No such file or directory");
  CHECK(error_of([] { save_npy("/nonexistent-dir/x.npy", Tensor<float, 1>({2})); }) ==
        "npy: cannot open '/nonexistent-dir/x.npy' for writing: No such file or directory");
  if (std::filesystem::exists("/dev/full"))  // a device that is always full
    CHECK(error_of([] {
            save_npy("/dev/full", Tensor<double, 1>({100000}));
          }).starts_with("npy: writing "));
  CHECK(read_npy_header(data_dir + "v2_f8_2x2.npy").major_version == 2);
  CHECK(error_of([] { read_npy_header(data_dir + "gen_missing.npy"); }) ==
        "npy: cannot open '" + data_dir +
            "gen_missing.npy' for reading: No such file or directory");
  std::ostringstream bad;
  bad.setstate(std::ios::badbit);
  CHECK(error_of([&] { save_npy(bad, Tensor<float, 1>({2})); }) ==
        "npy: writing to the output stream failed");
  std::istringstream empty;
  empty.setstate(std::ios::failbit);
  CHECK(error_of([&] { load_npy<float, 1>(empty); }) == "npy: the input stream is not readable");
}

TEST_CASE("errors: paths that are not regular files say what they are") {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() /
      ("tensr_npy_dir_" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::remove_all(dir);
  fs::create_directory(dir);
  const std::string d = dir.string();
  CHECK(error_of([&] { load_npy<float, 1>(dir); }) ==
        "npy: cannot read '" + d + "': it is a directory, not a regular file");
  CHECK(error_of([&] { read_npy_header(dir); }) ==
        "npy: cannot read '" + d + "': it is a directory, not a regular file");
  if (fs::exists("/dev/null"))
    CHECK(error_of([] { load_npy<float, 1>("/dev/null"); }) ==
          "npy: cannot read '/dev/null': it is a character device, not a regular file");
#if defined(__unix__)
  // A FIFO: opening it for reading would wait for a writer. The load runs on another thread;
  // if it has not returned in time, a writer opens and closes the FIFO so that the test ends
  // (and fails) instead of hanging.
  const fs::path fifo = dir / "pipe.npy";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto result =
      std::async(std::launch::async, [&] { return error_of([&] { load_npy<double, 2>(fifo); }); });
  if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    FAIL_CHECK("load_npy blocked on a FIFO");
  }
  CHECK(result.get() == "npy: cannot read '" + fifo.string() +
                            "': it is a FIFO (named pipe), not a regular file; read a pipe "
                            "through load_npy(std::istream&)");
#endif
  fs::remove_all(dir);
}

TEST_CASE("errors: truncated magic, preamble, header and payload") {
  const std::string good = file_bytes(data_dir + "f8_4.npy");
  CHECK(error_of([&] { from_bytes<double, 1>(""); }) ==
        "npy: truncated file: 0 bytes, the magic string and version need 8");
  CHECK(error_of([&] { from_bytes<double, 1>(good.substr(0, 4)); }) ==
        "npy: truncated file: 4 bytes, the magic string and version need 8");
  CHECK(error_of([&] { from_bytes<double, 1>(good.substr(0, 9)); }) ==
        "npy: truncated file: it ends inside the header length field");
  CHECK(error_of([&] { from_bytes<double, 1>(good.substr(0, 40)); }) ==
        "npy: truncated file: the header length is 118 bytes, but only 30 follow the preamble");
  CHECK(error_of([&] { from_bytes<double, 1>(good.substr(0, good.size() - 1)); }) ==
        "npy: truncated file: shape (4,) of dtype \"<f8\" needs 32 bytes of data, but only 31 "
        "follow the header");
  // The same through a stream that cannot tell its length.
  for (std::size_t cut : {std::size_t{40}, good.size() - 1}) {
    pipe_buf pb(good.substr(0, cut));
    std::istream piped(&pb);
    CHECK(error_of([&] { load_npy<double, 1>(piped); }).starts_with("npy: truncated file: "));
  }
  pipe_buf pb(good.substr(0, good.size() - 1));
  std::istream piped(&pb);
  CHECK(error_of([&] { load_npy<double, 1>(piped); }) ==
        "npy: truncated file: shape (4,) of dtype \"<f8\" needs 32 bytes of data, but only 31 "
        "follow the header");
}

TEST_CASE("errors: bad magic and versions") {
  CHECK(error_of([] { from_bytes<float, 1>("PK\x03\x04 this is a zip"); }) ==
        "npy: not a .npy file (it does not start with \"\\x93NUMPY\")");
  CHECK(error_of([] { from_bytes<float, 1>("\x93NUMPZ\x01\x00"); }) ==
        "npy: not a .npy file (it does not start with \"\\x93NUMPY\")");
  CHECK(error_of([] { from_bytes<float, 1>(npy_bytes(4, dict("<f4", "()"))); }) ==
        "npy: unsupported format version 4.0 (tensr reads 1.0, 2.0 and 3.0)");
  std::string v11 = npy_bytes(1, dict("<f4", "()"));
  v11[7] = 1;
  CHECK(error_of([&] { from_bytes<float, 0>(v11); }) ==
        "npy: unsupported format version 1.1 (tensr reads 1.0, 2.0 and 3.0)");
}

TEST_CASE("errors: lying headers and absurd shapes") {
  // The shape promises far more than the file holds: refused before allocating.
  CHECK(error_of([] { from_bytes<double, 2>(npy_bytes(1, dict("<f8", "(1000000, 1000000)"))); }) ==
        "npy: truncated file: shape (1000000,1000000) of dtype \"<f8\" needs 8000000000000 bytes "
        "of data, but only 0 follow the header");
  {
    pipe_buf pb(npy_bytes(1, dict("<f8", "(1000000, 1000000)"), "abc"));
    std::istream piped(&pb);
    CHECK(error_of([&] { load_npy<double, 2>(piped); }) ==
          "npy: truncated file: shape (1000000,1000000) of dtype \"<f8\" needs 8000000000000 "
          "bytes of data, but only 3 follow the header");
  }
  CHECK(error_of(
            [] { from_bytes<float, 2>(npy_bytes(1, dict("<f4", "(4294967296, 4294967296)"))); }) ==
        "npy: array is too big; shape (4294967296,4294967296) of dtype \"<f4\": its non-zero "
        "sizes times the item size 4 exceed the maximum possible size (9223372036854775807 bytes)");
  CHECK(error_of(
            [] { from_bytes<double, 1>(npy_bytes(1, dict("<f8", "(2305843009213693952,)"))); }) ==
        "npy: array is too big; shape (2305843009213693952,) of dtype \"<f8\": its non-zero "
        "sizes times the item size 8 exceed the maximum possible size (9223372036854775807 bytes)");
  CHECK(error_of([] { from_bytes<float, 1>(npy_bytes(1, dict("<f4", "(99999999999999999999,)"))); })
            .starts_with("npy: dimension 99999999999999999999 in the header's shape does not fit "
                         "index_t, in \"{'descr'"));
  CHECK(error_of([] {
          from_bytes<float, 2>(npy_bytes(1, dict("<f4", "(2, -3)")));
        }).starts_with("npy: negative dimension -3 in the header's shape, in \"{'descr'"));
  // A zero axis makes the array empty, but NumPy 1.24 still refuses a shape whose non-zero
  // sizes times the item size overflow its signed 64-bit byte count ("array is too big"),
  // wherever the zero is. What np.load says about each header below, written by hand:
  //   (0, 2**63-1, 2**63-1) <f8, (0, 2**61, 1) <f4, (0, 2**62, 4) <f4, (2, 2**63-1, 0) |u1:
  //   ValueError (too big, or "cannot reshape" when the overflow comes before the zero)
  //   (0, 2**61-1, 1) <f4, (0, 2**63-1) |b1, (2**63-1, 0) |u1, (0, 0, 2**63-1) |u1: loaded.
  for (const char* shape : {"(0, 9223372036854775807, 9223372036854775807)",
                            "(0, 2305843009213693952, 1)", "(0, 4611686018427387904, 4)"}) {
    CAPTURE(std::string(shape));
    const std::string descr = std::string(shape).find("922") != std::string::npos ? "<f8" : "<f4";
    CHECK(error_of([&] {
            from_bytes<double, 3>(npy_bytes(1, dict(descr, shape)));
          }).starts_with("npy: array is too big; shape (0,"));
    CHECK(error_of([&] {
            from_bytes<float, 3>(npy_bytes(1, dict(descr, shape)));
          }).starts_with("npy: array is too big; shape (0,"));
  }
  CHECK(error_of([] {
          from_bytes<double, 3>(
              npy_bytes(1, dict("<f8", "(0, 9223372036854775807, 9223372036854775807)")));
        }) ==
        "npy: array is too big; shape (0,9223372036854775807,9223372036854775807) of dtype "
        "\"<f8\": its non-zero sizes times the item size 8 exceed the maximum possible size "
        "(9223372036854775807 bytes)");
  CHECK(error_of([] {
          from_bytes<std::uint8_t, 3>(npy_bytes(1, dict("|u1", "(2, 9223372036854775807, 0)")));
        }).starts_with("npy: array is too big; shape (2,9223372036854775807,0) of dtype \"|u1\""));
  CHECK(from_bytes<float, 3>(npy_bytes(1, dict("<f4", "(0, 2305843009213693951, 1)"))).shape() ==
        shape_t<3>{0, 2305843009213693951, 1});
  CHECK(from_bytes<bool, 2>(npy_bytes(1, dict("|b1", "(0, 9223372036854775807)"))).size() == 0);
  CHECK(from_bytes<std::uint8_t, 2>(npy_bytes(1, dict("|u1", "(9223372036854775807, 0)"))).size() ==
        0);
  CHECK(from_bytes<std::uint8_t, 3>(npy_bytes(1, dict("|u1", "(0, 0, 9223372036854775807)")))
            .shape() == shape_t<3>{0, 0, 9223372036854775807});
  CHECK(parse_npy_header(npy_bytes(1, dict("<f4", "(0, 2305843009213693951, 1)")).data(), 200)
            .data_bytes == 0);
  // Header length beyond the file (v1 and v2 length fields).
  std::string v1 = npy_bytes(1, dict("<f4", "(1,)"), "abcd");
  v1[8] = '\xff';
  v1[9] = '\xff';
  CHECK(error_of([&] { from_bytes<float, 1>(v1); }) ==
        "npy: truncated file: the header length is 65535 bytes, but only " +
            std::to_string(v1.size() - 10) + " follow the preamble");
  std::string v2 = npy_bytes(2, dict("<f4", "(1,)"), "abcd");
  v2[11] = '\x7f';
  CHECK(error_of([&] {
          from_bytes<float, 1>(v2);
        }).starts_with("npy: truncated file: the header length is 2130706"));
  pipe_buf pb(v2);
  std::istream piped(&pb);
  CHECK(error_of([&] { load_npy<float, 1>(piped); }).starts_with("npy: header length 2130706"));
}

TEST_CASE("errors: malformed header dicts") {
  const auto err = [](const std::string& header) {
    const auto b = npy_bytes(1, header, std::string(64, '\0'));
    return error_of([&] { from_bytes<float, 1>(b); });
  };
  CHECK(err("{'descr': '<f4', 'fortran_order': False, }") ==
        "npy: malformed header: no 'shape' key in \"{'descr': '<f4', 'fortran_order': False, }\"");
  CHECK(err("{'fortran_order': False, 'shape': (1,)}") ==
        "npy: malformed header: no 'descr' key in \"{'fortran_order': False, 'shape': (1,)}\"");
  CHECK(err("{'descr': '<f4', 'shape': (1,)}") ==
        "npy: malformed header: no 'fortran_order' key in \"{'descr': '<f4', 'shape': (1,)}\"");
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}") ==
        "npy: malformed header: unknown key 'extra' at byte 56 of \"{'descr': '<f4', "
        "'fortran_order': False, 'shape': (1,), 'extra': 1}\"");
  CHECK(err("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}")
            .starts_with("npy: malformed header: key 'descr' appears twice at byte 17 "));
  CHECK(err("{'descr: '<f4', 'fortran_order': False, 'shape': (1,)}")
            .starts_with("npy: malformed header: expected ':' after the key at byte 10 "));
  CHECK(err("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}")
            .starts_with("npy: malformed header: expected ',' or '}' after a value at byte 17 "));
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)")
            .starts_with("npy: malformed header: expected ',' or '}' after a value at byte 54 "));
  CHECK(
      err("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk")
          .starts_with("npy: malformed header: unexpected characters after the dict at byte 56 "));
  CHECK(err("{'descr': '<f4', 'fortran_order': false, 'shape': (1,)}")
            .starts_with("npy: malformed header: expected True or False for 'fortran_order' "));
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': ((1,),)}")
            .starts_with("npy: malformed header: expected a non-negative integer in the shape "));
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}")
            .starts_with("npy: malformed header: the shape is not a tuple (write (n,)) "));
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}")
            .starts_with("npy: malformed header: expected '(' opening the shape tuple "));
  // A literal with leading zeros is a syntax error in Python 3 (NumPy: "Cannot parse
  // header"), except zeros only: (00, 2) is (0, 2).
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (01, 2)}") ==
        "npy: malformed header: leading zeros in the dimension 01 (Python cannot parse it) at "
        "byte 51 of \"{'descr': '<f4', 'fortran_order': False, 'shape': (01, 2)}\"");
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 007)}")
            .starts_with("npy: malformed header: leading zeros in the dimension 007 (Python "
                         "cannot parse it) at byte 54 "));
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1,0009,)}")
            .starts_with("npy: malformed header: leading zeros in the dimension 0009 "));
  CHECK(parse_npy_header(npy_bytes(1, dict("<f4", "(00, 2)")).data(), 100).shape ==
        std::vector<index_t>{0, 2});
  CHECK(parse_npy_header(npy_bytes(1, dict("<f4", "(2, 000)")).data(), 100).shape ==
        std::vector<index_t>{2, 0});
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1 2)}")
            .starts_with("npy: malformed header: expected ',' or ')' in the shape "));
  CHECK(err("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (1,)}")
            .starts_with("npy: malformed header: escape sequences in strings are not supported "));
  CHECK(err("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ")
            .starts_with("npy: malformed header: expected a quoted key or '}' at byte 56 "));
  CHECK(err("") == "npy: malformed header: expected '{' opening the dict at byte 0 of \"\"");
  CHECK(err(std::string("{'descr': '<f4'\0}", 17))
            .starts_with("npy: malformed header: expected ',' or '}' after a value at byte 15 of "
                         "\"{'descr': '<f4'\\x00}\""));
  // Unknown and unsupported dtypes.
  CHECK(err(dict("<c8", "(1,)")) ==
        "npy: unsupported dtype \"<c8\" (tensr reads b1, i1, u1, i2, u2, i4, u4, i8, u8, f4 and "
        "f8)");
  for (const char* d : {"<f2", "<f16", "|O", "<U10", "|S5", "<M8[ns]", "", "<", "<i3", "xf4"})
    CHECK(err(dict(d, "(1,)")).starts_with("npy: unsupported dtype \""));
  CHECK(err("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}")
            .starts_with("npy: unsupported dtype: 'descr' is not a string (structured dtypes are "
                         "not supported) in header \"{'descr': [('a'"));
}

TEST_CASE("errors: every prefix of a valid file, never a read past the buffer") {
  // Every prefix of a valid file gives an io_error (the sanitizer build checks the reads).
  const std::string good = file_bytes(data_dir + "fortran_f8_2x3x4.npy");
  for (std::size_t n = 0; n < good.size(); ++n) {
    const std::vector<char> exact(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK_THROWS_AS((load_npy_buffer<double, 3>(exact.data(), exact.size())), io_error);
  }
  CHECK(load_npy_buffer<double, 3>(good.data(), good.size()).size() == 24);
  CHECK_THROWS_AS((load_npy_buffer<double, 3>(nullptr, 100)), io_error);
}
