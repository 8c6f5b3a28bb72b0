// Threads on the memory-bound kernels (core/threads.hpp): elementwise ops, activations and
// their backward, sums and copies give the same bits on 1 and 2 threads, at sizes around and
// above the threading threshold, and the values of an independent reference; the loops stay
// on the calling thread inside a parallel region and honour set_num_threads.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

using namespace tensr;

namespace {

/// Restores the default thread count when a test ends.
struct threads_reset {
  ~threads_reset() { set_num_threads(0); }
};

/// Row counts around and above the threshold for 257 columns (odd), and a large odd size.
constexpr index_t cols = 257;
const std::vector<index_t> row_counts = {detail::parallel_threshold / cols - 3,
                                         detail::parallel_threshold / cols + 1,
                                         4 * detail::parallel_threshold / cols + 7};

template <class T, std::size_t R>
std::vector<T> values(const Tensor<T, R>& t) {
  return std::vector<T>(t.data(), t.data() + t.size());
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

/// f() on 1 and on 2 threads: the same bits; returns the 2-thread result.
template <class F>
auto on_1_and_2_threads(F f) {
  threads_reset reset;
  set_num_threads(1);
  const auto one = f();
  set_num_threads(2);
  const auto two = f();
  CHECK(same_bits(one, two));
  return two;
}

/// The thread ids that ran the chunks of a parallel_for over n items.
std::set<std::thread::id> ids_of_loop(index_t n) {
  std::mutex m;
  std::set<std::thread::id> ids;
  detail::parallel_for(n, 1, [&](index_t, index_t) {
    const std::lock_guard<std::mutex> lock(m);
    ids.insert(std::this_thread::get_id());
  });
  return ids;
}

}  // namespace

TEST_CASE("parallel_chunk_items: one chunk below the threshold, fixed chunks above it") {
  using detail::parallel_chunk_items;
  using detail::parallel_grain;
  using detail::parallel_threshold;
  CHECK(parallel_chunk_items(0, 1) == 1);
  CHECK(parallel_chunk_items(parallel_threshold - 1, 1) == parallel_threshold - 1);
  CHECK(parallel_chunk_items(parallel_threshold, 1) == parallel_grain);
  CHECK(parallel_chunk_items(100, parallel_threshold / 100) == 100);  // 100 * cost < threshold
  CHECK(parallel_chunk_items(1000, 2 * parallel_grain) == 1);         // items costlier than a chunk
  CHECK(parallel_chunk_items(1000, 64) == 1000);                      // 64000 < threshold
  CHECK(parallel_chunk_items(10000, 64) == parallel_grain / 64);
  // Very long loops get longer chunks, at most parallel_max_chunks of them.
  const index_t huge = detail::parallel_max_chunks * parallel_grain * 4;
  CHECK(parallel_chunk_items(huge, 1) == 4 * parallel_grain);
  CHECK(parallel_threshold % parallel_grain == 0);
  CHECK(parallel_grain % 2048 == 0);  // whole blocks of the pairwise sum
}

TEST_CASE("parallel_for and parallel_tasks visit every item once, on any thread count") {
  threads_reset reset;
  for (const int t : {1, 2, 3}) {
    set_num_threads(t);
    for (const index_t n : {index_t{0}, index_t{1}, detail::parallel_threshold - 1,
                            detail::parallel_threshold, 5 * detail::parallel_threshold + 3}) {
      std::vector<std::atomic<int>> seen(static_cast<std::size_t>(n));
      detail::parallel_for(n, 1, [&](index_t lo, index_t hi) {
        CHECK(lo < hi);
        for (index_t i = lo; i < hi; ++i) seen[static_cast<std::size_t>(i)].fetch_add(1);
      });
      bool once = true;
      for (auto& s : seen) once = once && s.load() == 1;
      CHECK(once);
    }
    std::vector<std::atomic<int>> tasks(1000);
    detail::parallel_tasks(1000, detail::parallel_threshold,
                           [&](index_t i) { tasks[static_cast<std::size_t>(i)].fetch_add(1); });
    bool once = true;
    for (auto& s : tasks) once = once && s.load() == 1;
    CHECK(once);
  }
}

TEST_CASE("parallel_run rethrows the first exception of a task and stops the rest") {
  threads_reset reset;
  for (const int t : {1, 2}) {
    set_num_threads(t);
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH_AS(detail::parallel_tasks(64, detail::parallel_threshold,
                                                [&](index_t i) {
                                                  ran.fetch_add(1);
                                                  if (i == 3) throw std::runtime_error("task 3");
                                                }),
                         "task 3", std::runtime_error);
    CHECK(ran.load() >= 1);
    // The pool is usable afterwards.
    std::atomic<int> count{0};
    detail::parallel_tasks(64, detail::parallel_threshold, [&](index_t) { count.fetch_add(1); });
    CHECK(count.load() == 64);
  }
}

TEST_CASE("for_each_run_in walks exactly the elements [lo, hi) of a collapsed layout") {
  // A 3 x 5 x 7 layout whose axes do not merge: element (i, j, k) at offset 100i + 10j + k.
  const index_t shape[3] = {3, 5, 7};
  const index_t strides[3] = {100, 10, 1};
  detail::collapsed<1> c;
  detail::collapse<1>(3, shape, {strides}, c);
  REQUIRE(c.rank == 3);
  for (index_t lo = 0; lo <= 105; lo += 4)
    for (index_t hi = lo; hi <= 105; hi += 9) {
      std::vector<index_t> got;
      auto f = [&](const auto& off, index_t n, const auto& st) {
        for (index_t e = 0; e < n; ++e) got.push_back(off[0] + e * st[0]);
      };
      detail::for_each_run_in(c, lo, hi, f);
      std::vector<index_t> expected;
      for (index_t i = lo; i < hi; ++i)
        expected.push_back(100 * (i / 35) + 10 * (i / 7 % 5) + i % 7);
      CHECK(got == expected);
    }
}

TEST_CASE("parallel_for_each_run visits each element once; a repeating destination stays serial") {
  threads_reset reset;
  set_num_threads(2);
  const index_t n = 3 * detail::parallel_threshold + 11;
  std::vector<std::atomic<int>> seen(static_cast<std::size_t>(n));
  const index_t shape[2] = {3, n / 3};
  const index_t st[2] = {n / 3, 1};
  detail::parallel_for_each_run<1>(2, shape, {st}, [&](const auto& off, index_t m, const auto& s) {
    for (index_t e = 0; e < m; ++e) seen[static_cast<std::size_t>(off[0] + e * s[0])].fetch_add(1);
  });
  bool once = true;
  for (index_t i = 0; i < 3 * (n / 3); ++i) once = once && seen[static_cast<std::size_t>(i)] == 1;
  CHECK(once);
  // Destination stride 0 along the long axis: one thread does all (no two threads write one
  // element).
  const index_t st0[2] = {1, 0};
  std::set<std::thread::id> ids;
  detail::parallel_for_each_run<1>(2, shape, {st0}, [&](const auto&, index_t, const auto&) {
    ids.insert(std::this_thread::get_id());  // unsynchronized on purpose: one thread only
  });
  CHECK(ids.size() == 1);
}

TEST_CASE("threads: set_num_threads is honoured; loops stay serial inside a parallel region") {
  threads_reset reset;
  const index_t n = 16 * detail::parallel_threshold;
  set_num_threads(1);
  CHECK(get_num_threads() == 1);
  CHECK(ids_of_loop(n) == std::set<std::thread::id>{std::this_thread::get_id()});
  set_num_threads(2);
#if defined(TENSR_OPENMP)
  CHECK(get_num_threads() == 2);
  CHECK(ids_of_loop(n).size() <= 2);
  // A helper does join: chunks that take a while leave it time to wake (tried a few times on
  // a busy machine).
  std::size_t most = 0;
  for (int attempt = 0; attempt < 20 && most < 2; ++attempt) {
    std::mutex m;
    std::set<std::thread::id> ids;
    detail::parallel_tasks(64, detail::parallel_threshold, [&](index_t) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      const std::lock_guard<std::mutex> lock(m);
      ids.insert(std::this_thread::get_id());
    });
    most = std::max(most, ids.size());
  }
  CHECK(most == 2);
  // Inside a chunk of a loop, a nested loop runs on the thread that runs the chunk.
  std::atomic<bool> nested_serial{true};
  detail::parallel_for(n, 1, [&](index_t, index_t) {
    if (get_num_threads() != 1) nested_serial = false;
    if (ids_of_loop(n) != std::set<std::thread::id>{std::this_thread::get_id()})
      nested_serial = false;
  });
  CHECK(nested_serial.load());
#if defined(_OPENMP)
  // Inside the caller's own OpenMP region: the caller's thread only, and the same bits.
  const auto a = Random(5).uniform<float>({512, 1031}, -1, 1);
  const auto b = Random(6).uniform<float>({512, 1031}, -1, 1);
  const auto expected = values(Tensor<float, 2>(a + b));
  std::atomic<bool> serial{true}, same{true};
#pragma omp parallel num_threads(2)
  {
    if (get_num_threads() != 1) serial = false;
    if (ids_of_loop(n) != std::set<std::thread::id>{std::this_thread::get_id()}) serial = false;
    if (!same_bits(values(Tensor<float, 2>(a + b)), expected)) same = false;
  }
  CHECK(serial.load());
  CHECK(same.load());
#endif
#else
  CHECK(get_num_threads() == 1);
  CHECK(ids_of_loop(n).size() == 1);
#endif
}

TEST_CASE("add on 1 and 2 threads: contiguous, broadcast, strided, transposed") {
  for (const index_t rows : row_counts) {
    CAPTURE(rows);
    Random rng(7);
    const auto a = rng.uniform<float>({rows, cols}, -1, 1);
    const auto b = rng.uniform<float>({rows, cols}, -1, 1);
    const auto row = rng.uniform<float>({cols}, -1, 1);
    const auto column = rng.uniform<float>({rows, 1}, -1, 1);
    const auto bt = rng.uniform<float>({cols, rows}, -1, 1);
    const auto wide = rng.uniform<float>({2 * rows, 2 * cols}, -1, 1);
    const auto strided = wide(range(0, 2 * rows, 2), range(1, 2 * cols, 2));

    const auto check = [&](const auto& got, auto ref) {
      bool ok = got.size() == static_cast<std::size_t>(rows * cols);
      for (index_t i = 0; ok && i < rows; ++i)
        for (index_t j = 0; j < cols; ++j)
          ok = ok && got[static_cast<std::size_t>(i * cols + j)] == ref(i, j);
      CHECK(ok);
    };
    check(on_1_and_2_threads([&] { return values(Tensor<float, 2>(a + b)); }),
          [&](index_t i, index_t j) { return a(i, j) + b(i, j); });
    check(on_1_and_2_threads([&] { return values(Tensor<float, 2>(a + row)); }),
          [&](index_t i, index_t j) { return a(i, j) + row(j); });
    check(on_1_and_2_threads([&] { return values(Tensor<float, 2>(a + column)); }),
          [&](index_t i, index_t j) { return a(i, j) + column(i, 0); });
    check(on_1_and_2_threads([&] { return values(Tensor<float, 2>(a + strided)); }),
          [&](index_t i, index_t j) { return a(i, j) + wide(2 * i, 2 * j + 1); });
    check(on_1_and_2_threads([&] { return values(Tensor<float, 2>(a + bt.t())); }),
          [&](index_t i, index_t j) { return a(i, j) + bt(j, i); });
    // In place, into a strided destination.
    check(on_1_and_2_threads([&] {
            auto c = a.copy();
            c += b;
            return values(c);
          }),
          [&](index_t i, index_t j) { return a(i, j) + b(i, j); });
    check(on_1_and_2_threads([&] {
            auto dst = zeros<float>({cols, rows});
            add(a, b, dst.t());
            return values(Tensor<float, 2>(dst.t()));
          }),
          [&](index_t i, index_t j) { return a(i, j) + b(i, j); });
  }
}

// The loop's functions run on several threads: they are callable as const.
static_assert(std::is_invocable_v<const detail::add_fn<float>&, const float&, const float&>);
static_assert(std::is_invocable_v<const detail::sigmoid_fn<float>&, const float&>);
static_assert(std::is_invocable_v<const nn::detail::sigmoid_grad_fn&, const float&, const float&>);

TEST_CASE("map with a function that changes its own state runs in order on one thread") {
  threads_reset reset;
  set_num_threads(2);
  const index_t n = 4 * detail::parallel_threshold + 5;
  const auto a = zeros<double>({n});
  const auto counted = map(a, [k = 0.0](double x) mutable { return x + k++; });
  bool in_order = true;
  for (index_t i = 0; i < n; ++i) in_order = in_order && counted(i) == static_cast<double>(i);
  CHECK(in_order);
  // A const function of the element alone: any thread, the same values.
  const auto b = Random(15).uniform<double>({n}, -1, 1);
  const auto twice =
      on_1_and_2_threads([&] { return values(map(b, [](double x) { return 2 * x; })); });
  bool ok = true;
  for (index_t i = 0; i < n; ++i) ok = ok && twice[static_cast<std::size_t>(i)] == 2 * b(i);
  CHECK(ok);
}

TEST_CASE("sigmoid and its backward on 1 and 2 threads match the reference") {
  for (const index_t rows : row_counts) {
    CAPTURE(rows);
    Random rng(8);
    const auto x = rng.uniform<float>({rows, cols}, -6, 6);
    const auto g = rng.uniform<float>({rows, cols}, -1, 1);
    const auto y = on_1_and_2_threads([&] { return values(Tensor<float, 2>(sigmoid(x))); });
    const auto y_module = on_1_and_2_threads([&] {
      nn::Sigmoid<float> act;
      Tensor<float, 2> out;
      act.forward_rows(x, out);
      return values(out);
    });
    const auto gx = on_1_and_2_threads([&] {
      nn::Sigmoid<float> act;
      Tensor<float, 2> out, grad;
      act.forward_rows(x, out);
      act.backward_rows(x, out, g, &grad);
      return values(grad);
    });
    bool ok = true;
    for (index_t i = 0; i < rows * cols; ++i) {
      const double xi = x.data()[i], yi = y[static_cast<std::size_t>(i)];
      const double ref = 1.0 / (1.0 + std::exp(-xi));
      ok = ok && std::abs(yi - ref) <= 1e-6 * ref;
      ok = ok && y_module[static_cast<std::size_t>(i)] == y[static_cast<std::size_t>(i)];
      const double gref = g.data()[i] * yi * (1.0 - yi);
      ok = ok && std::abs(gx[static_cast<std::size_t>(i)] - gref) <= 1e-6 * std::abs(gref) + 1e-12;
    }
    CHECK(ok);
  }
}

TEST_CASE("sums on 1 and 2 threads: over all, axis 0, axis 1, a long row") {
  for (const index_t rows : row_counts) {
    CAPTURE(rows);
    Random rng(9);
    const auto a = rng.uniform<float>({rows, cols}, -1, 1);
    std::vector<double> ref0(static_cast<std::size_t>(cols), 0.0);
    std::vector<double> ref1(static_cast<std::size_t>(rows), 0.0);
    double all_ref = 0, all_abs = 0;
    for (index_t i = 0; i < rows; ++i)
      for (index_t j = 0; j < cols; ++j) {
        const double v = a(i, j);
        ref0[static_cast<std::size_t>(j)] += v;
        ref1[static_cast<std::size_t>(i)] += v;
        all_ref += v;
        all_abs += std::abs(v);
      }
    const auto all = on_1_and_2_threads([&] { return std::vector<float>{sum(a)}; });
    CHECK(std::abs(all[0] - all_ref) <= 1e-6 * all_abs);
    const auto s0 = on_1_and_2_threads([&] { return values(Tensor<float, 1>(sum(a, 0))); });
    const auto s1 = on_1_and_2_threads([&] { return values(Tensor<float, 1>(sum(a, 1))); });
    bool ok = true;
    for (index_t j = 0; j < cols; ++j)
      ok = ok && std::abs(s0[static_cast<std::size_t>(j)] - ref0[static_cast<std::size_t>(j)]) <=
                     1e-6 * static_cast<double>(rows);
    for (index_t i = 0; i < rows; ++i)
      ok = ok && std::abs(s1[static_cast<std::size_t>(i)] - ref1[static_cast<std::size_t>(i)]) <=
                     1e-6 * static_cast<double>(cols);
    CHECK(ok);
    // Transposed: sum(a.T, 0) is sum(a, 1) with the other axis running along memory.
    const auto t0 = on_1_and_2_threads([&] { return values(Tensor<float, 1>(sum(a.t(), 0))); });
    const auto t1 = on_1_and_2_threads([&] { return values(Tensor<float, 1>(sum(a.t(), 1))); });
    bool close = true;
    for (index_t i = 0; i < rows; ++i)
      close = close && std::abs(t0[static_cast<std::size_t>(i)] -
                                ref1[static_cast<std::size_t>(i)]) <= 1e-6 * cols;
    for (index_t j = 0; j < cols; ++j)
      close = close && std::abs(t1[static_cast<std::size_t>(j)] -
                                ref0[static_cast<std::size_t>(j)]) <= 1e-6 * rows;
    CHECK(close);
  }
  // One long row cut into chunks (reduce_run), in float and double: integers in [-1000, 1000]
  // sum exactly, so the reference is exact too.
  for (const index_t n : {detail::parallel_threshold - 1, detail::parallel_threshold,
                          7 * detail::parallel_grain + 2048 * 3 + 31, 32 * detail::parallel_grain,
                          40 * detail::parallel_grain + 1}) {
    CAPTURE(n);
    const auto ints = Random(10).integers(-1000, 1001, {n});
    double exact = 0;
    for (index_t i = 0; i < n; ++i) exact += static_cast<double>(ints(i));
    const auto f = ints.astype<float>();
    const auto d = ints.astype<double>();
    CHECK(on_1_and_2_threads([&] { return std::vector<float>{sum(f)}; })[0] == exact);
    CHECK(on_1_and_2_threads([&] { return std::vector<double>{sum(d)}; })[0] == exact);
    // Fractions: the same bits on 1 and 2 threads, close to the reference.
    const auto u = Random(11).uniform<double>({n}, -1, 1);
    double ur = 0, ua = 0;
    for (index_t i = 0; i < n; ++i) {
      ur += u(i);
      ua += std::abs(u(i));
    }
    CHECK(std::abs(on_1_and_2_threads([&] { return std::vector<double>{sum(u)}; })[0] - ur) <=
          1e-14 * ua);
  }
}

TEST_CASE("a long sum cut into chunks adds in the order of the uncut pairwise sum") {
  // The chunks are whole power-of-two groups of the pairwise sum's blocks, combined as the
  // same binary tree: the bits are those of one pairwise sum over the whole row.
  for (const index_t n : {detail::parallel_threshold, 5 * detail::parallel_grain + 12345,
                          64 * detail::parallel_grain - 1}) {
    CAPTURE(n);
    const auto f = Random(13).uniform<float>({n}, -1, 1);
    const auto d = Random(14).uniform<double>({n}, -1, 1);
    const auto isa = detail::simd_active_isa();
    const float uncut_f = detail::pairwise_sum<float>(f.data(), n, 1, isa);
    const double uncut_d = detail::pairwise_sum<double>(d.data(), n, 1, isa);
    CHECK(on_1_and_2_threads([&] { return std::vector<float>{sum(f)}; })[0] == uncut_f);
    CHECK(on_1_and_2_threads([&] { return std::vector<double>{sum(d)}; })[0] == uncut_d);
  }
}

TEST_CASE("copies on 1 and 2 threads: contiguous, strided, transposing, converting") {
  for (const index_t rows : row_counts) {
    CAPTURE(rows);
    Random rng(12);
    const auto a = rng.uniform<float>({rows, cols}, -1, 1);
    const auto d = rng.uniform<double>({rows, cols}, -1, 1);
    const auto check = [&](const auto& got, index_t r, index_t c, auto ref) {
      bool ok = got.size() == static_cast<std::size_t>(r * c);
      for (index_t i = 0; ok && i < r; ++i)
        for (index_t j = 0; j < c; ++j)
          ok = ok && got[static_cast<std::size_t>(i * c + j)] == ref(i, j);
      CHECK(ok);
    };
    check(on_1_and_2_threads([&] { return values(a.copy()); }), rows, cols,
          [&](index_t i, index_t j) { return a(i, j); });
    check(on_1_and_2_threads([&] { return values(Tensor<float, 2>(a.t())); }), cols, rows,
          [&](index_t i, index_t j) { return a(j, i); });
    check(on_1_and_2_threads([&] { return values(Tensor<double, 2>(d.t())); }), cols, rows,
          [&](index_t i, index_t j) { return d(j, i); });
    check(on_1_and_2_threads([&] {
            return values(Tensor<float, 2>(a(range(rows - 1, none, -1), range(0, cols, 2))));
          }),
          rows, (cols + 1) / 2, [&](index_t i, index_t j) { return a(rows - 1 - i, 2 * j); });
    check(on_1_and_2_threads([&] { return values(d.astype<float>()); }), rows, cols,
          [&](index_t i, index_t j) { return static_cast<float>(d(i, j)); });
    // Assignment into a view (the destination strided).
    check(on_1_and_2_threads([&] {
            auto dst = zeros<float>({cols, rows});
            dst.t() = a;
            return values(dst);
          }),
          cols, rows, [&](index_t i, index_t j) { return a(j, i); });
  }
}
