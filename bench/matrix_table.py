#!/usr/bin/python3
"""The per-ISA bench table: tensr against each peer at every instruction-set level.

scripts/bench_matrix.sh runs the benches once per level (tensr forced with TENSR_ISA, the peers
pinned to the same level) and leaves Google Benchmark JSON in <dir>/<level>/*.json; this reads
them and prints one Markdown row per benchmark and level: tensr's best time, each peer's as a
ratio (peer time / tensr time: above 1 tensr is faster), and, where the benchmark counts
FLOPS, tensr's share of that level's FMA peak (the bench_gemm micro-benchmark
peak/fp32_fma_<level>; double at half the float peak).
Usage:
  /usr/bin/python3 bench/matrix_table.py build/bench-matrix
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from best_of import best  # noqa: E402

# The libraries a benchmark name can mention, as one of its /-separated parts. The goals are
# set against the peers; the hand-written loops are context.
PEERS = ["openblas", "libxsmm", "eigen", "eigen_fixed", "xtensor", "blis", "cblas_loop"]
CONTEXT = ["hand", "hand_loop", "naive", "naive_fixed", "memcpy"]


def split(name):
    """(case, library) of a benchmark name: the library part replaced by '*' in the case."""
    parts = name.split("/")
    for i, p in enumerate(parts):
        if p == "tensr" or p in PEERS or p in CONTEXT:
            return "/".join(parts[:i] + ["*"] + parts[i + 1:]), p
    return None, None


def peak_flops(rows, level):
    for name, r in rows.items():
        if name.startswith("peak/fp32_fma_" + level) and r["rate"]:
            return r["rate"]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", help="folder with one sub-folder of JSON files per level")
    a = ap.parse_args()
    levels = sorted(d for d in os.listdir(a.dir) if os.path.isdir(os.path.join(a.dir, d)))
    print("| benchmark | level | tensr | " + " | ".join(f"{p} / tensr" for p in PEERS) +
          " | % of FMA peak |")
    print("|---|---|---:|" + "---:|" * len(PEERS) + "---:|")
    for level in levels:
        rows = {}
        folder = os.path.join(a.dir, level)
        for f in sorted(os.listdir(folder)):
            if f.endswith(".json"):
                for k, v in best(os.path.join(folder, f)).items():
                    if k not in rows or v["time"] < rows[k]["time"]:
                        rows[k] = v
        peak = peak_flops(rows, level)
        cases = {}
        for name, r in rows.items():
            case, lib = split(name)
            if case is not None:
                cases.setdefault(case, {})[lib] = r
        for case in sorted(cases):
            libs = cases[case]
            if "tensr" not in libs:
                continue
            t = libs["tensr"]
            cells = [f"{libs[p]['time'] / t['time']:.2f}" if p in libs else "" for p in PEERS]
            share = ""
            if peak and t["rate"] and re.search(r"gemm|small_batched|matmul", case):
                f64 = case.startswith("dgemm")
                share = f"{100 * t['rate'] / (peak / 2 if f64 else peak):.0f}"
            print(f"| {case.replace('*', 'tensr')} | {level} | {t['time']:.1f} {t['unit']} | " +
                  " | ".join(cells) + f" | {share} |")


if __name__ == "__main__":
    main()
