// .npy files written by NumPy, read by load_npy: every dtype tensr reads (float32 at every
// rank 0-4, the others at one or two; each is an instantiation of the reader), C and
// Fortran order, both byte orders, format versions 1.0-3.0, 0-size arrays; from the data
// stream (one array after another) and from a file of its own (`file=`).
#include <cstddef>
#include <cstdint>

#include "runner.hpp"

namespace diff {
namespace {

template <class T, std::size_t R>
struct npy_case {
  static void run(Case& c) {
    // From its own file, or from the data stream, followed there by the expected values.
    if (c.has("file"))
      c.check(tensr::load_npy<T, R>(c.dir() + "/" + c.param("file")));
    else
      c.check(tensr::load_npy<T, R>(c.data()));
  }
};

}  // namespace

void register_npy(Registry& reg) {
  add_ranks<float, npy_case, 0, 1, 2, 3, 4>(reg, "npy");
  add_ranks<double, npy_case, 0, 2>(reg, "npy");
  add_ranks<std::int32_t, npy_case, 1, 3>(reg, "npy");
  add_ranks<bool, npy_case, 2>(reg, "npy");
  add_ranks<std::int8_t, npy_case, 1>(reg, "npy");
  add_ranks<std::uint8_t, npy_case, 2>(reg, "npy");
  add_ranks<std::int16_t, npy_case, 2>(reg, "npy");
  add_ranks<std::uint16_t, npy_case, 1>(reg, "npy");
  add_ranks<std::uint32_t, npy_case, 2>(reg, "npy");
  add_ranks<std::int64_t, npy_case, 3>(reg, "npy");
  add_ranks<std::uint64_t, npy_case, 2>(reg, "npy");
}

}  // namespace diff
