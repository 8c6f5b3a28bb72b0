// The run-time instruction-set choice (core/cpu.hpp): the detected level against the CPU flags
// the Linux kernel reports in /proc/cpuinfo (an independent reading of CPUID and of what the
// OS enabled), the order of the levels, and the per-subsystem force hooks: forcing the GEMM
// kernels leaves the elementwise loops and the transposing copies alone, and the reverse.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace tensr;
using detail::isa_level;

namespace {

/// The feature flags of the first processor in /proc/cpuinfo; empty where there is none.
std::set<std::string> cpuinfo_flags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::set<std::string> flags;
    for (std::string w; words >> w;) flags.insert(w);
    return flags;
  }
  return {};
}

/// The three subsystems' levels at once.
struct levels {
  isa_level gemm, simd, transpose;
  bool operator==(const levels&) const = default;
};
levels active() {
  return {detail::gemm_active_kernel(), detail::simd_active_isa(),
          detail::transpose_active_kernel()};
}

/// Puts every subsystem back on the CPU's best level.
struct reset_all {
  ~reset_all() {
    detail::gemm_force_kernel(isa_level::automatic);
    detail::simd_force_isa(isa_level::automatic);
    detail::transpose_force_kernel(isa_level::automatic);
  }
};

// A subsystem's hook is a constant-initialized object: no start-up order to depend on.
constinit detail::isa_dispatch local_dispatch;

}  // namespace

TEST_CASE("the detected level matches the CPU flags the OS reports") {
  const auto flags = cpuinfo_flags();
#if defined(__x86_64__) || defined(__i386__)
  if (flags.empty()) {
    MESSAGE("no /proc/cpuinfo flags: detection not cross-checked");
    return;
  }
  const auto has = [&](const char* f) { return flags.count(f) == 1; };
  const bool avx2 = has("avx2") && has("fma");
  const bool avx512 = avx2 && has("avx512f") && has("avx512vl") && has("avx512dq");
  const isa_level want = avx512 ? isa_level::avx512 : avx2 ? isa_level::avx2 : isa_level::generic;
  MESSAGE("detected ", detail::isa_name(detail::cpu_isa()));
  CHECK(detail::cpu_isa() == want);
#else
  CHECK(detail::cpu_isa() == isa_level::generic);
#endif
}

TEST_CASE("the levels are ordered: a level is supported when the CPU's best is at least it") {
  CHECK(detail::isa_supported(isa_level::automatic));
  CHECK(detail::isa_supported(isa_level::generic));
  CHECK(detail::cpu_isa() != isa_level::automatic);
  const isa_level best = detail::cpu_isa();
  CHECK(detail::isa_supported(isa_level::avx2) ==
        (best == isa_level::avx2 || best == isa_level::avx512));
  CHECK(detail::isa_supported(isa_level::avx512) == (best == isa_level::avx512));
  CHECK(std::string(detail::isa_name(isa_level::generic)) == "generic");
  CHECK(std::string(detail::isa_name(isa_level::avx2)) == "avx2");
  CHECK(std::string(detail::isa_name(isa_level::avx512)) == "avx512");
  CHECK(std::string(detail::isa_name(isa_level::automatic)) == "automatic");
}

TEST_CASE("each subsystem is forced on its own") {
  const reset_all reset;
  const isa_level best = detail::cpu_isa();
  CHECK(active() == levels{best, best, best});

  REQUIRE(detail::gemm_force_kernel(isa_level::generic));
  CHECK(active() == levels{isa_level::generic, best, best});
  CHECK(detail::gemm_select_kernel<float>().kind == isa_level::generic);

  REQUIRE(detail::simd_force_isa(isa_level::generic));
  CHECK(active() == levels{isa_level::generic, isa_level::generic, best});

  REQUIRE(detail::gemm_force_kernel(isa_level::automatic));
  CHECK(active() == levels{best, isa_level::generic, best});

  REQUIRE(detail::transpose_force_kernel(isa_level::generic));
  CHECK(active() == levels{best, isa_level::generic, isa_level::generic});
  const bool scalar_tiles = detail::transpose_select(4) == nullptr;
  CHECK(scalar_tiles);

  REQUIRE(detail::simd_force_isa(isa_level::automatic));
  REQUIRE(detail::transpose_force_kernel(isa_level::automatic));
  CHECK(active() == levels{best, best, best});
}

TEST_CASE("a level the CPU lacks is refused and changes nothing") {
  CHECK(local_dispatch.active() == detail::cpu_isa());
  REQUIRE(local_dispatch.force(isa_level::generic));
  CHECK(local_dispatch.active() == isa_level::generic);
  for (const isa_level l : {isa_level::avx2, isa_level::avx512}) {
    if (detail::isa_supported(l)) continue;
    CHECK_FALSE(local_dispatch.force(l));
    CHECK(local_dispatch.active() == isa_level::generic);
  }
  // The subsystems' own hooks did not move.
  CHECK(active() == levels{detail::cpu_isa(), detail::cpu_isa(), detail::cpu_isa()});
  REQUIRE(local_dispatch.force(isa_level::automatic));
  CHECK(local_dispatch.active() == detail::cpu_isa());
}
