// Files for NumPy to read: writes one .npy file per dtype and rank 0-4, views of several
// strides, 0-size arrays, integer limits and special floats into $TENSR_NPY_EXPORT_DIR
// (tests/npy_roundtrip.py sets it, runs this program, then checks every file with NumPy).
// Without the variable the files go to a temporary directory and are read back here.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

using namespace tensr;

namespace {

// The values tests/npy_roundtrip.py expects: element k (C order) of the base array.
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
Tensor<T, R> base(const shape_t<R>& shape) {
  Tensor<T, R> a(shape);
  for (index_t k = 0; k < a.size(); ++k) a.data()[k] = value_at<T>(k);
  return a;
}

struct exporter {
  std::filesystem::path dir;
  int files = 0;

  template <class A>
  void save(const std::string& name, const A& a) {
    using T = std::remove_const_t<value_type_of<A>>;
    constexpr std::size_t R = rank_of<A>;
    const auto path = dir / (name + ".npy");
    save_npy(path, a);
    ++files;
    // Read back here too, bit for bit.
    const Tensor<T, R> want(a);
    const auto got = load_npy<T, R>(path);
    REQUIRE(got.shape() == want.shape());
    if (want.size() > 0)
      REQUIRE(std::memcmp(got.data(), want.data(),
                          static_cast<std::size_t>(want.size()) * sizeof(T)) == 0);
  }

  template <class T>
  void dtype(const std::string& code) {
    save(code + "_r0", base<T, 0>({}));
    save(code + "_r1", base<T, 1>({5}));
    save(code + "_r2", base<T, 2>({3, 4}));
    save(code + "_r3", base<T, 3>({2, 3, 4}));
    save(code + "_r4", base<T, 4>({2, 1, 3, 2}));
    save(code + "_empty", base<T, 2>({0, 3}));
    auto m = base<T, 2>({3, 4});
    save(code + "_t", m.t());                                        // a.T
    save(code + "_step", m(range(0, 3, 2), range(none, none, -1)));  // a[0:3:2, ::-1]
    auto c = base<T, 3>({2, 3, 4});
    save(code + "_flip", c.flip(1));             // np.flip(a, 1)
    save(code + "_perm", c.permute({2, 0, 1}));  // a.transpose(2, 0, 1)
    if constexpr (!std::is_same_v<T, bool> && std::is_integral_v<T>)
      save(code + "_limits",
           Tensor<T, 1>{std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), T{0}, T{1}});
  }
};

}  // namespace

TEST_CASE("save_npy: files for NumPy to check") {
  const char* env = std::getenv("TENSR_NPY_EXPORT_DIR");
  const bool temporary = env == nullptr || *env == '\0';
  exporter ex;
  ex.dir = temporary ? std::filesystem::temp_directory_path() /
                           ("tensr_npy_export_" + std::to_string(std::random_device{}()))
                     : std::filesystem::path(env);
  std::filesystem::create_directories(ex.dir);
  ex.dtype<bool>("b1");
  ex.dtype<std::int8_t>("i1");
  ex.dtype<std::uint8_t>("u1");
  ex.dtype<std::int16_t>("i2");
  ex.dtype<std::uint16_t>("u2");
  ex.dtype<std::int32_t>("i4");
  ex.dtype<std::uint32_t>("u4");
  ex.dtype<std::int64_t>("i8");
  ex.dtype<std::uint64_t>("u8");
  ex.dtype<float>("f4");
  ex.dtype<double>("f8");
  ex.save("f8_special", Tensor<double, 1>{std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(), -0.0,
                                          std::numeric_limits<double>::denorm_min(),
                                          std::numeric_limits<double>::max()});
  ex.save("f4_special", Tensor<float, 1>{std::numeric_limits<float>::infinity(), -0.0f,
                                         std::numeric_limits<float>::denorm_min(),
                                         std::numeric_limits<float>::max()});
  MESSAGE(ex.files << " files written to " << ex.dir.string());
  if (temporary) std::filesystem::remove_all(ex.dir);
}
