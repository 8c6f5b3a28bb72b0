// Compiled on a bare command line (see tests/CMakeLists.txt) and run with OMP_NUM_THREADS=2:
// returns 0 when tensr::get_num_threads() is the count given as argv[1] and a product large
// enough for the threaded GEMM path gives the right numbers. With plain -fopenmp tensr must
// use OpenMP's threads; with -fopenmp -DTENSR_OPENMP=0 or without -fopenmp it stays serial.
#include <tensr/tensr.hpp>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 2) return 10;
  const int want = std::atoi(argv[1]);
  const int got = tensr::get_num_threads();
  std::printf("tensr::get_num_threads() = %d, expected %d\n", got, want);
  if (got != want) return 1;
  // 256 x 256 x 256 of ones: every element is 256.
  const auto a = tensr::ones<float>({256, 256});
  const auto c = tensr::matmul(a, a);
  for (tensr::index_t i = 0; i < c.size(); ++i)
    if (c.data()[i] != 256.0f) return 2;
  return 0;
}
