// The run-time instruction-set choice (core/cpu.hpp): the detected level against two
// independent readings -- CPUID and XGETBV read here directly, and the flags the Linux kernel
// reports in /proc/cpuinfo where there is one -- the order of the levels, the refusal of a
// level above the best one (on every machine, with a dispatch capped below the CPU), and the
// per-subsystem force hooks: forcing the GEMM kernels leaves the elementwise loops and the
// transposing copies alone, and the reverse; and what TENSR_ISA means. The "best" level below is
// the process's: this file also runs under TENSR_ISA=avx2 and =portable (tests/CMakeLists.txt).
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <sstream>
#include <string>
#include <utility>

using namespace tensr;
using detail::isa_level;

namespace {

/// The feature flags of the first processor in /proc/cpuinfo; empty where there is none.
[[maybe_unused]] std::set<std::string> cpuinfo_flags() {
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

#if defined(__x86_64__) || defined(__i386__)
/// The level from CPUID and XGETBV, read here: AVX2 + FMA need the OS to save the AVX state
/// (XCR0 bits 1-2), AVX-512 F + VL + DQ the opmask and ZMM state too (bits 5-7).
isa_level cpuid_level() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return isa_level::generic;
  const bool fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  if (!(fma && osxsave && avx)) return isa_level::generic;
  unsigned xcr0 = 0, xcr0_hi = 0;
  __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(xcr0_hi) : "c"(0));
  if ((xcr0 & 0x6u) != 0x6u) return isa_level::generic;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return isa_level::generic;
  const bool avx2 = (b >> 5) & 1;
  const bool avx512 =
      ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 31) & 1) && (xcr0 & 0xe0u) == 0xe0u;
  return !avx2 ? isa_level::generic : avx512 ? isa_level::avx512 : isa_level::avx2;
}
#endif

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

TEST_CASE("the detected level matches CPUID and the CPU flags the OS reports") {
  MESSAGE("detected ", std::string(detail::isa_name(detail::cpu_isa())));
#if defined(__x86_64__) || defined(__i386__)
  CHECK(detail::cpu_isa() == cpuid_level());
  const auto flags = cpuinfo_flags();
  if (!flags.empty()) {  // Linux: a third reading, from the kernel
    const auto has = [&](const char* f) { return flags.count(f) == 1; };
    const bool avx2 = has("avx2") && has("fma");
    const bool avx512 = avx2 && has("avx512f") && has("avx512vl") && has("avx512dq");
    CHECK(detail::cpu_isa() == (avx512 ? isa_level::avx512
                                : avx2 ? isa_level::avx2
                                       : isa_level::generic));
  }
#else
  CHECK(detail::cpu_isa() == isa_level::generic);
#endif
}

TEST_CASE("the levels are ordered: a level is supported when the process's best is at least it") {
  CHECK(detail::isa_supported(isa_level::automatic));
  CHECK(detail::isa_supported(isa_level::generic));
  CHECK(detail::process_isa() != isa_level::automatic);
  CHECK(detail::process_isa() <= detail::cpu_isa());
  const isa_level best = detail::process_isa();
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
  const isa_level best = detail::process_isa();
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

TEST_CASE("a level above the best one is refused and changes nothing") {
  CHECK(local_dispatch.active() == detail::process_isa());
  // A dispatch capped at generic behaves as on a CPU without vector levels, on every machine.
  detail::isa_dispatch generic_only(isa_level::generic);
  CHECK(generic_only.best() == isa_level::generic);
  CHECK(generic_only.active() == isa_level::generic);
  REQUIRE(generic_only.force(isa_level::generic));
  for (const isa_level l : {isa_level::avx2, isa_level::avx512}) {
    CHECK_FALSE(generic_only.force(l));
    CHECK(generic_only.active() == isa_level::generic);
  }
  // Capped at avx2: avx512 refused everywhere, avx2 taken exactly when the CPU has it.
  detail::isa_dispatch avx2_at_most(isa_level::avx2);
  CHECK_FALSE(avx2_at_most.force(isa_level::avx512));
  CHECK(avx2_at_most.force(isa_level::avx2) == detail::isa_supported(isa_level::avx2));
  CHECK(avx2_at_most.active() ==
        (detail::isa_supported(isa_level::avx2) ? isa_level::avx2 : isa_level::generic));
  // The real CPU's levels: the ones it lacks are refused (none on an AVX-512 machine).
  REQUIRE(local_dispatch.force(isa_level::generic));
  for (const isa_level l : {isa_level::avx2, isa_level::avx512}) {
    CHECK(local_dispatch.force(l) == detail::isa_supported(l));
    REQUIRE(local_dispatch.force(isa_level::generic));
  }
  // The subsystems' own hooks did not move.
  CHECK(active() == levels{detail::process_isa(), detail::process_isa(), detail::process_isa()});
  REQUIRE(local_dispatch.force(isa_level::automatic));
  CHECK(local_dispatch.active() == detail::process_isa());
}

TEST_CASE("TENSR_ISA: each value's level, and a sentence on stderr for the ones not taken") {
  using detail::parse_isa_env;
  const isa_level all[] = {isa_level::generic, isa_level::avx2, isa_level::avx512};
  for (const isa_level cpu : all) {
    CAPTURE(detail::isa_name(cpu));
    // Unset or empty: the CPU's level, nothing said.
    for (const char* v : {static_cast<const char*>(nullptr), ""}) {
      const auto c = parse_isa_env(v, cpu);
      CHECK(c.level == cpu);
      CHECK(c.message.empty());
    }
    // A level the CPU has is taken as asked; one it lacks keeps the CPU's and says so.
    const std::pair<const char*, isa_level> named[] = {{"portable", isa_level::generic},
                                                       {"generic", isa_level::generic},
                                                       {"avx2", isa_level::avx2},
                                                       {"avx512", isa_level::avx512}};
    const std::string best = cpu == isa_level::generic ? "portable" : detail::isa_name(cpu);
    for (const auto& entry : named) {
      const char* text = entry.first;  // not a structured binding: CAPTURE's lambda takes it
      const isa_level level = entry.second;
      CAPTURE(text);
      const auto c = parse_isa_env(text, cpu);
      if (level <= cpu) {
        CHECK(c.level == level);
        CHECK(c.message.empty());
      } else {
        CHECK(c.level == cpu);
        CHECK(c.message == std::string("tensr: TENSR_ISA=") + text +
                               " is not supported by this CPU; using its best level, " + best);
      }
    }
    // Unknown spellings (case and whitespace matter, as for the other names NumPy users type).
    for (const char* v : {"AVX2", "avx", "sse4", " avx2", "automatic", "avx512f"}) {
      CAPTURE(v);
      const auto c = parse_isa_env(v, cpu);
      CHECK(c.level == cpu);
      CHECK(c.message == std::string("tensr: TENSR_ISA=") + v +
                             " is not one of portable, avx2, avx512; using the CPU's best level, " +
                             best);
    }
  }
}

TEST_CASE("the process runs the level TENSR_ISA names, at most the CPU's") {
  const char* env = std::getenv("TENSR_ISA");
  MESSAGE("TENSR_ISA=", std::string(env ? env : "(unset)"), ", process level ",
          std::string(detail::isa_name(detail::process_isa())));
  // The expected level, worked out from the variable and the CPU's own level.
  const std::string v = env ? env : "";
  const isa_level cpu = detail::cpu_isa();
  isa_level expected = cpu;
  if (v == "portable" || v == "generic") expected = isa_level::generic;
  if (v == "avx2" && cpu >= isa_level::avx2) expected = isa_level::avx2;
  CHECK(detail::process_isa() == expected);
  // Every subsystem starts at the process's level.
  const reset_all reset;
  const isa_level p = detail::process_isa();
  CHECK(active() == levels{p, p, p});
  // Forcing a level above it is refused, whatever the CPU has.
  if (p != isa_level::avx512) CHECK_FALSE(detail::gemm_force_kernel(isa_level::avx512));
  if (p == isa_level::generic) CHECK_FALSE(detail::simd_force_isa(isa_level::avx2));
}
