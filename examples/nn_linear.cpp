// nn::Linear's layout, checked: y = x.matmul(W.t()) + b is exactly Linear::forward, and the
// backward products (grad_W = grad_y^T x, grad_x = grad_y W) run on transposed *views*: the
// only memory backward allocates is grad_x itself, which this program counts by replacing the
// global operator new.
#include <tensr/tensr.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0}, bytes{0};
void* counted(std::size_t n, std::size_t align) {
  if (counting) {
    ++allocations;
    bytes += static_cast<long>(n);
  }
  void* p = align > alignof(std::max_align_t)
                ? std::aligned_alloc(align, (n + align - 1) / align * align)
                : std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return counted(n, 0); }
void* operator new[](std::size_t n) { return counted(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) {
  return counted(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return counted(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace tensr;

template <class A, class B>
double max_abs_diff(const A& a, const B& b) {
  double m = 0;
  const auto d = a - b;
  for (index_t i = 0; i < d.size(); ++i) m = std::fmax(m, std::fabs(double(d.data()[i])));
  return m;
}

int main() {
  set_num_threads(1);  // one thread: one set of GEMM packing buffers to warm up
  Random rng(3);
  const index_t batch = 64, in = 96, out = 80;
  nn::Linear<float> lin(in, out, rng);
  const auto x = rng.uniform<float>({batch, in}, -1.f, 1.f);
  const auto gy = rng.uniform<float>({batch, out}, -1.f, 1.f);

  std::printf("weight: shape %s = [out, in], strides %s\n", format(lin.weight().shape()).c_str(),
              format(lin.weight().strides()).c_str());
  const auto wt = lin.weight().t();
  std::printf("W.t():  shape %s, strides %s, same memory: %s\n", format(wt.shape()).c_str(),
              format(wt.strides()).c_str(), wt.data() == lin.weight().data() ? "yes" : "no");

  const auto y = lin.forward(x);
  const auto y_ref = x.matmul(lin.weight().t()) + lin.bias();
  const double dy = max_abs_diff(y, y_ref);
  std::printf("max |Linear::forward(x) - (x.matmul(W.t()) + b)| = %g\n", dy);

  lin.backward(gy);  // warms the GEMM's packing buffers
  lin.zero_grad();
  counting = true;
  const auto gx = lin.backward(gy);
  counting = false;
  const long gx_bytes = long(gx.size() * long(sizeof(float)));
  std::printf("backward allocated %ld block(s), %ld bytes; grad_x alone is %ld bytes\n",
              allocations.load(), bytes.load(), gx_bytes);

  const double dx = max_abs_diff(gx, gy.matmul(lin.weight()));
  const double dw = max_abs_diff(lin.weight_grad(), gy.t().matmul(x));
  const double db = max_abs_diff(lin.bias_grad(), sum(gy, 0));
  std::printf("max |grad_x - grad_y.matmul(W)|       = %g\n", dx);
  std::printf("max |grad_W - grad_y.t().matmul(x)|   = %g\n", dw);
  std::printf("max |grad_b - sum(grad_y, 0)|         = %g\n", db);
  const bool ok =
      dy == 0 && dx < 1e-5 && dw < 1e-4 && db < 1e-4 && allocations == 1 && bytes == gx_bytes;
  std::printf("%s\n", ok ? "ok: same numbers, and no transposed copy" : "MISMATCH");
  return ok ? 0 : 1;
}
