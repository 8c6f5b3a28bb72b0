// The out-parameter forms of matmul, dot, inner and outer: they allocate nothing (counted by
// replacing the global operator new), reject a destination of the wrong shape, and give
// NumPy's result when the destination overlaps an operand (the operands are read first);
// expected values from naive loops over copies made before the call.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

namespace {
std::atomic<long> allocations{0};

void* counted_alloc(std::size_t n, std::size_t align) {
  ++allocations;
  n = n == 0 ? 1 : n;
  void* p = align <= alignof(std::max_align_t)
                ? std::malloc(n)
                : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n, 0); }
void* operator new[](std::size_t n) { return counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using tensr::index_t;
using tensr::shape_t;
using tensr::Tensor;
using tensr::TensorView;

namespace {

template <class T, std::size_t R>
Tensor<T, R> filled(const shape_t<R>& s, int mod, int sub) {
  Tensor<T, R> t(s);
  for (index_t i = 0; i < t.size(); ++i) t.data()[i] = static_cast<T>(i % mod - sub);
  return t;
}

/// Calls f twice (the first call warms the engine's per-thread packing buffers, reused
/// afterwards) and returns how many allocations the second call made.
template <class F>
long allocations_of(F&& f) {
  f();
  const long before = allocations.load();
  f();
  return allocations.load() - before;
}

}  // namespace

TEST_CASE("out-parameter forms allocate nothing") {
  tensr::set_num_threads(1);
  const auto a2 = filled<float, 2>({70, 50}, 7, 3);
  const auto b2 = filled<float, 2>({50, 90}, 5, 2);
  const auto a3 = filled<float, 3>({3, 4, 5}, 7, 3);
  const auto b3 = filled<float, 3>({2, 5, 6}, 5, 2);
  const auto v = filled<float, 1>({50}, 3, 1);
  Tensor<float, 2> c2({70, 90});
  Tensor<float, 4> c4({3, 4, 2, 6});
  Tensor<float, 3> ci({3, 4, 2});
  Tensor<float, 2> co({50, 50});
  Tensor<double, 2> c2t({90, 70});
  CHECK(allocations_of([&] { tensr::matmul(a2, b2, c2); }) == 0);
  CHECK(allocations_of([&] { tensr::matmul(a2, b2, c2t.t()); }) == 0);
  CHECK(allocations_of([&] { tensr::dot(a2, b2, c2); }) == 0);
  CHECK(allocations_of([&] { tensr::dot(a3, b3, c4); }) == 0);
  // inner: (3,4,5) . (2,5)^T over the last axes
  const auto w = filled<float, 2>({2, 5}, 4, 1);
  CHECK(allocations_of([&] { tensr::inner(a3, w, ci); }) == 0);
  CHECK(allocations_of([&] { tensr::outer(v, v, co); }) == 0);
  CHECK(allocations_of([&] { tensr::outer(v, v.flip(0), co.t()); }) == 0);
  // and the values are right (the value forms allocate, the results agree elementwise)
  int bad = 0;
  for (index_t i = 0; i < 50; ++i)
    for (index_t j = 0; j < 50; ++j) bad += co(j, i) != v(i) * v(49 - j);
  CHECK(bad == 0);
  tensr::set_num_threads(0);
}

TEST_CASE("x.matmul(W.t()) at nn.Linear's shapes allocates only its result") {
  // W [out, in] read through its transpose: once the engine is warm, a call allocates the
  // result and nothing else (no transposed copy of W, no buffer per call).
  tensr::set_num_threads(1);
  const auto x = filled<float, 2>({32, 784}, 7, 3);
  for (const index_t out : {10, 256}) {
    CAPTURE(out);
    const auto w = filled<float, 2>({out, 784}, 5, 2);
    CHECK(allocations_of([&] { return x.matmul(w.t()); }) == 1);
    // the same product as with a contiguous copy of W^T (small integers: sums are exact)
    const Tensor<float, 2> wt(w.t());
    const auto y = x.matmul(w.t()), z = x.matmul(wt);
    int bad = 0;
    for (index_t i = 0; i < 32; ++i)
      for (index_t j = 0; j < out; ++j) bad += y(i, j) != z(i, j);
    CHECK(bad == 0);
  }
  tensr::set_num_threads(0);
}

TEST_CASE("out-parameter forms reject a destination of the wrong shape") {
  const auto a3 = filled<float, 3>({3, 4, 5}, 7, 3);
  const auto b3 = filled<float, 3>({2, 5, 6}, 5, 2);
  Tensor<float, 4> bad4({3, 4, 6, 2});
  CHECK_THROWS_WITH_AS(tensr::dot(a3, b3, bad4),
                       "dot: out has shape (3,4,6,2) but the product of (3,4,5) and (2,5,6) has "
                       "shape (3,4,2,6)",
                       tensr::shape_error);
  Tensor<float, 3> bad3({3, 4, 3});
  const auto w = filled<float, 2>({2, 5}, 4, 1);
  CHECK_THROWS_WITH_AS(tensr::inner(a3, w, bad3),
                       "inner: out has shape (3,4,3) but the product of (3,4,5) and (2,5) has "
                       "shape (3,4,2)",
                       tensr::shape_error);
  CHECK_THROWS_WITH_AS(tensr::inner(a3, b3, bad4),
                       "shapes (3,4,5) and (2,5,6) not aligned: 5 (dim 2) != 6 (dim 2)",
                       tensr::shape_error);
  Tensor<float, 2> bad2({3, 3});
  CHECK_THROWS_WITH_AS(tensr::outer(w, a3, bad2),
                       "outer: out has shape (3,3) but the product of (2,5) and (3,4,5) has "
                       "shape (10,60)",
                       tensr::shape_error);
}

TEST_CASE("out-parameter forms overlapping an operand give NumPy's result") {
  // dot, N-D: b is the first half of out's own buffer.
  Tensor<double, 4> out({2, 2, 2, 2});
  for (index_t i = 0; i < out.size(); ++i) out.data()[i] = double(i % 5 - 2);
  const TensorView<double, 3> b(out.data(), {2, 2, 2}, {4, 2, 1});
  const auto a = filled<double, 3>({2, 2, 2}, 7, 3);
  const Tensor<double, 3> b0(b);
  tensr::dot(a, b, out);
  int bad = 0;
  for (index_t i = 0; i < 2; ++i)
    for (index_t j = 0; j < 2; ++j)
      for (index_t q = 0; q < 2; ++q)
        for (index_t m = 0; m < 2; ++m) {
          double s = 0;
          for (index_t p = 0; p < 2; ++p) s += a(i, j, p) * b0(q, p, m);
          bad += out(i, j, q, m) != s;
        }
  CHECK(bad == 0);
  // inner, 2-D: into the left operand itself
  auto x = filled<double, 2>({5, 5}, 7, 3);
  const Tensor<double, 2> x0 = x.copy();
  tensr::inner(x, x0, x);
  bad = 0;
  for (index_t i = 0; i < 5; ++i)
    for (index_t j = 0; j < 5; ++j) {
      double s = 0;
      for (index_t p = 0; p < 5; ++p) s += x0(i, p) * x0(j, p);
      bad += x(i, j) != s;
    }
  CHECK(bad == 0);
  // outer: both operands are rows of the destination
  auto y = filled<double, 2>({4, 4}, 5, 2);
  const Tensor<double, 2> y0 = y.copy();
  tensr::outer(y(0), y(3), y);
  bad = 0;
  for (index_t i = 0; i < 4; ++i)
    for (index_t j = 0; j < 4; ++j) bad += y(i, j) != y0(0, i) * y0(3, j);
  CHECK(bad == 0);
}
