// The library-wide thread setting: set_num_threads / get_num_threads, the rule that keeps
// tensr serial inside a parallel region the caller already opened (no nested
// oversubscription), and the parallel loops of the memory-bound kernels. Without TENSR_OPENMP
// everything runs on the calling thread.
//
// A parallel loop is cut into chunks whose boundaries depend only on its size, many more
// chunks than threads, and the threads take chunks from a shared counter. The caller takes
// chunks too and waits only for helpers that are inside a chunk: a helper the OS has not
// scheduled yet (another process holds its core) never joins, and the caller does its share.
// An OpenMP region would instead wait at its closing barrier for every thread of the team,
// however late it starts, which makes every loop as slow as the OS's time slice. Hence a pool
// of tensr's own threads; OpenMP supplies only the thread count and the "inside a parallel
// region" test. Fixed chunks give results that do not depend on the thread count: each chunk
// computes the same thing on 1 thread or 2, and a reduction stores one partial per chunk and
// combines them in order.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"

#if defined(TENSR_OPENMP)
#include <omp.h>
#endif

TENSR_NAMESPACE_BEGIN

namespace detail {
/// 0 = "use OpenMP's default" (OMP_NUM_THREADS or the number of cores).
inline std::atomic<int>& requested_threads() noexcept {
  static std::atomic<int> n{0};
  return n;
}

/// True on a thread that is running a chunk of one of tensr's parallel loops (a pool thread,
/// or a caller while its loop runs): loops started there stay on that thread.
inline bool& in_parallel_loop() noexcept {
  thread_local bool inside = false;
  return inside;
}
}  // namespace detail

/// Number of threads tensr's parallel kernels use from now on; n <= 0 restores the default.
inline void set_num_threads(int n) noexcept { detail::requested_threads().store(n > 0 ? n : 0); }

/// Number of threads a parallel kernel started here would use (1 in serial builds, inside an
/// active OpenMP parallel region and inside one of tensr's own parallel loops).
inline int get_num_threads() noexcept {
#if defined(TENSR_OPENMP)
  if (detail::in_parallel_loop() || omp_in_parallel()) return 1;
  const int n = detail::requested_threads().load();
  return n > 0 ? n : omp_get_max_threads();
#else
  return 1;
#endif
}

namespace detail {

// ---- sizes --------------------------------------------------------------------------------------

/// Work, in elements read or written, below which a loop stays on the calling thread: waking
/// a helper and waiting for it costs more than such a loop saves by sharing it. The one
/// threshold of the memory-bound kernels (elementwise loops, sums, copies).
inline constexpr index_t parallel_threshold = index_t{1} << 17;

/// Work per chunk of a parallel loop. Small enough that a loop just past the threshold has
/// several chunks per thread (a delayed thread's chunks are taken by the others), large enough
/// that taking a chunk from the shared counter costs nothing next to it. A power-of-two
/// multiple of the pairwise sum's block, so that a contiguous sum cut into chunks and combined
/// as a binary tree adds in the same order as the uncut sum.
inline constexpr index_t parallel_grain = index_t{1} << 15;

/// At most this many chunks: longer loops get longer chunks (still fixed by the size alone).
inline constexpr index_t parallel_max_chunks = index_t{1} << 20;

/// Items per chunk of a loop over n items of `cost` elements each: n (one chunk) below the
/// threshold, otherwise about parallel_grain elements. Depends on n and cost only.
inline index_t parallel_chunk_items(index_t n, index_t cost) noexcept {
  cost = std::max<index_t>(cost, 1);
  if (n < (parallel_threshold + cost - 1) / cost) return std::max<index_t>(n, 1);
  const index_t items = std::max<index_t>(1, parallel_grain / cost);
  return std::max(items, (n + parallel_max_chunks - 1) / parallel_max_chunks);
}

// ---- the pool -----------------------------------------------------------------------------------

#if defined(TENSR_OPENMP)

/// One parallel loop: task(ctx, i) for i in [0, count).
struct parallel_job {
  void (*task)(const void*, index_t);
  const void* ctx;
  index_t count;
  std::atomic<bool> failed{false};
  std::exception_ptr error;

  /// Chunk i, unless a chunk has thrown: the first exception is kept for the caller.
  void execute(index_t i) noexcept {
    if (failed.load(std::memory_order_relaxed)) return;
    try {
      task(ctx, i);
    } catch (...) {
      if (!failed.exchange(true)) error = std::current_exception();
    }
  }
};

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// Helper threads, started on first use and kept for the life of the process (never
/// destroyed, so that no loop can outlive them at exit). One loop runs at a time; a loop
/// started while another runs (from another thread) runs on its own caller.
class thread_pool {
 public:
  static thread_pool& instance() {
    static thread_pool* pool = new thread_pool;
    return *pool;
  }

  /// Runs job on the caller and up to nt - 1 helpers; false (nothing run) when the pool is
  /// busy with another caller's loop.
  bool run(int nt, parallel_job& job) {
    if (busy_.exchange(true, std::memory_order_acquire)) return false;
    const int helpers = start_helpers(nt - 1);
    const index_t count = job.count;
    job_.store(&job, std::memory_order_relaxed);
    ctl_.store((std::uint64_t(helpers) << limit_shift) | std::uint64_t(count),
               std::memory_order_release);
    epoch_.fetch_add(1, std::memory_order_release);
    epoch_.notify_all();
    const bool outer = in_parallel_loop();
    in_parallel_loop() = true;
    std::uint64_t c = ctl_.load(std::memory_order_relaxed);
    while (left(c) > 0)
      if (ctl_.compare_exchange_weak(c, c - 1, std::memory_order_relaxed)) {
        job.execute(count - index_t(left(c)));
        c = ctl_.load(std::memory_order_relaxed);
      }
    // Every chunk is taken; wait for the helpers still inside one: briefly spinning, then
    // asleep until the last one leaves (yielding instead would hand the core to any other
    // process for a whole time slice).
    for (int spins = 0;; ++spins) {
      const std::uint32_t seen = done_.load();
      if (active(ctl_.load()) == 0) break;
      if (spins < 256)
        cpu_relax();
      else
        done_.wait(seen);
    }
    in_parallel_loop() = outer;
    busy_.store(false, std::memory_order_release);
    return true;
  }

 private:
  // ctl_: bits 0-31 chunks not taken yet, 32-47 helpers inside the loop, 48-63 the most
  // helpers the loop may have. A helper joins and takes its first chunk in one step, and only
  // while chunks are left, so one that wakes late finds nothing and never touches the job.
  static constexpr int active_shift = 32, limit_shift = 48;
  static constexpr std::uint64_t active_one = std::uint64_t{1} << active_shift;
  static std::uint64_t left(std::uint64_t c) noexcept { return c & 0xffffffffu; }
  static std::uint64_t active(std::uint64_t c) noexcept { return (c >> active_shift) & 0xffffu; }
  static std::uint64_t limit(std::uint64_t c) noexcept { return c >> limit_shift; }

  /// Starts helpers until there are n (at most 0xffff); returns how many there are.
  int start_helpers(int n) {
    n = std::min(n, 0xffff);
    while (static_cast<int>(threads_.size()) < n) {
      try {
        threads_.emplace_back([this] { helper_main(); });
      } catch (...) {
        break;  // no more threads: run with those there are
      }
    }
    return std::min(n, static_cast<int>(threads_.size()));
  }

  /// Takes chunks of the current loop while there are any.
  void help() noexcept {
    std::uint64_t c = ctl_.load(std::memory_order_relaxed);
    do {
      if (left(c) == 0 || active(c) >= limit(c)) return;
    } while (!ctl_.compare_exchange_weak(c, c - 1 + active_one, std::memory_order_acquire,
                                         std::memory_order_relaxed));
    parallel_job& job = *job_.load(std::memory_order_relaxed);
    const index_t count = job.count;
    while (true) {
      job.execute(count - index_t(left(c)));
      c = ctl_.load(std::memory_order_relaxed);
      while (true) {
        if (left(c) == 0) {
          // Leaving: the caller may return as soon as it sees this. The last one out wakes it.
          if (ctl_.compare_exchange_weak(c, c - active_one, std::memory_order_seq_cst,
                                         std::memory_order_relaxed)) {
            if (active(c) == 1) {
              done_.fetch_add(1);
              done_.notify_one();
            }
            return;
          }
        } else if (ctl_.compare_exchange_weak(c, c - 1, std::memory_order_relaxed)) {
          break;
        }
      }
    }
  }

  [[noreturn]] void helper_main() noexcept {
    in_parallel_loop() = true;
    while (true) {
      const std::uint32_t seen = epoch_.load(std::memory_order_acquire);
      help();
      // Loops often follow each other closely: watch for the next one a short while before
      // sleeping, which costs a system call to wake from.
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
      for (int k = 1; epoch_.load(std::memory_order_relaxed) == seen; ++k) {
        cpu_relax();
        if (k % 64 == 0 && std::chrono::steady_clock::now() > until) {
          epoch_.wait(seen, std::memory_order_acquire);
          break;
        }
      }
    }
  }

  std::atomic<std::uint64_t> ctl_{0};
  std::atomic<parallel_job*> job_{nullptr};
  std::atomic<std::uint32_t> epoch_{0};
  std::atomic<std::uint32_t> done_{0};  // counts the loops whose last helper has left
  std::atomic<bool> busy_{false};
  std::vector<std::thread> threads_;
};

#endif  // TENSR_OPENMP

// ---- the loops ----------------------------------------------------------------------------------

/// task(ctx, i) for every i in [0, tasks) on up to nt threads, the caller among them. Tasks
/// are taken from a shared counter, so a thread the OS delays simply takes fewer, and the
/// caller never waits for a thread that has not started one. The first exception a task
/// throws stops the tasks not yet started and is rethrown here. Type-erased: compiled once.
inline void parallel_run([[maybe_unused]] int nt, index_t tasks, void (*task)(const void*, index_t),
                         const void* ctx) {
#if defined(TENSR_OPENMP)
  if (nt > 1 && tasks > 1 && tasks <= index_t{0xffffffff}) {  // the pool counts in 32 bits
    parallel_job job{task, ctx, tasks, {}, {}};
    if (thread_pool::instance().run(static_cast<int>(std::min<index_t>(nt, tasks)), job)) {
      if (job.error) std::rethrow_exception(job.error);
      return;
    }
  }
#endif
  for (index_t i = 0; i < tasks; ++i) task(ctx, i);
}

/// f(i) for every i in [0, tasks), on get_num_threads() threads when `work` (elements) is at
/// least the threshold. Every task runs whatever the thread count: a reduction stores task
/// i's partial in slot i and combines the slots in order afterwards.
template <class F>
void parallel_tasks(index_t tasks, index_t work, const F& f) {
  const int nt = tasks > 1 && work >= parallel_threshold ? get_num_threads() : 1;
  if (nt <= 1) {
    for (index_t i = 0; i < tasks; ++i) f(i);
    return;
  }
  parallel_run(
      nt, tasks, [](const void* p, index_t i) { (*static_cast<const F*>(p))(i); }, &f);
}

/// f(lo, hi) over [0, n) for n items of `cost` elements each: on one thread f(0, n), on more
/// the chunks of parallel_chunk_items, of at least min_items items. Only for loops whose
/// result does not depend on how [0, n) is cut (each item computed on its own).
template <class F>
void parallel_for(index_t n, index_t cost, const F& f, index_t min_items = 1) {
  if (n <= 0) return;
  const index_t items = std::max(parallel_chunk_items(n, cost), min_items);
  const index_t chunks = (n + items - 1) / items;
  const int nt = chunks > 1 ? get_num_threads() : 1;
  if (nt <= 1) return f(index_t{0}, n);
  struct ctx_t {
    const F& f;
    index_t n, items;
  } ctx{f, n, items};
  parallel_run(
      nt, chunks,
      [](const void* p, index_t i) {
        const auto& c = *static_cast<const ctx_t*>(p);
        c.f(i * c.items, std::min(c.n, (i + 1) * c.items));
      },
      &ctx);
}

/// f(offsets, n, strides) for the runs of elements [lo, hi) of a collapsed layout in
/// row-major order (see for_each_run): the first and last runs may be parts of runs.
template <std::size_t N, class F>
void for_each_run_in(const collapsed<N>& c, index_t lo, index_t hi, F& f) {
  std::array<index_t, N> offset{};
  if (c.rank == 0) {
    if (lo < hi) f(offset, index_t{1}, std::array<index_t, N>{});
    return;
  }
  const std::size_t inner = c.rank - 1;
  const index_t len = c.shape[inner];
  std::array<index_t, N> inner_stride;
  for (std::size_t k = 0; k < N; ++k) inner_stride[k] = c.strides[k][inner];
  axes_buffer counter{};
  index_t q = lo / len, j = lo % len;
  for (std::size_t ax = inner; ax-- > 0;) {
    counter[ax] = q % c.shape[ax];
    q /= c.shape[ax];
    for (std::size_t k = 0; k < N; ++k) offset[k] += counter[ax] * c.strides[k][ax];
  }
  for (index_t todo = hi - lo; todo > 0;) {
    const index_t n = std::min(len - j, todo);
    std::array<index_t, N> at = offset;
    for (std::size_t k = 0; k < N; ++k) at[k] += j * inner_stride[k];
    f(at, n, inner_stride);
    todo -= n;
    j = 0;
    // Odometer over the outer axes.
    for (std::size_t ax = inner; ax-- > 0;) {
      for (std::size_t k = 0; k < N; ++k) offset[k] += c.strides[k][ax];
      if (++counter[ax] < c.shape[ax]) break;
      for (std::size_t k = 0; k < N; ++k) offset[k] -= c.strides[k][ax] * c.shape[ax];
      counter[ax] = 0;
    }
  }
}

/// for_each_run over the elements of a layout whose operand 0 is written, each element
/// costing `cost` elements of work, cut into chunks of elements on several threads when it
/// is large. Each element is visited once, by one thread; a destination that repeats
/// elements (a zero stride) keeps the loop on one thread.
template <std::size_t N, class F>
void parallel_for_each_run(std::size_t rank, const index_t* shape,
                           const std::array<const index_t*, N>& strides, F&& f, index_t cost = 1) {
  index_t total = 1;
  for (std::size_t i = 0; i < rank; ++i)
    if (shape[i] == 0) return;  // nothing to visit (and the other sizes may overflow a product)
  for (std::size_t i = 0; i < rank; ++i) total *= shape[i];
  if (parallel_chunk_items(total, cost) >= total || get_num_threads() == 1) {
    for_each_run<N>(rank, shape, strides, f);
    return;
  }
  collapsed<N> c;
  collapse(rank, shape, strides, c);
  for (std::size_t ax = 0; ax < c.rank; ++ax)
    if (c.strides[0][ax] == 0) {
      for_each_run<N>(rank, shape, strides, f);
      return;
    }
  parallel_for(total, cost, [&](index_t lo, index_t hi) { for_each_run_in(c, lo, hi, f); });
}

}  // namespace detail

TENSR_NAMESPACE_END
