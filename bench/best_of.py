#!/usr/bin/python3
"""The best repetition of each benchmark in Google Benchmark JSON output.

On a shared machine other processes only ever add time, so the fastest of several
repetitions is the least disturbed measurement; this prints it for every benchmark, with its
FLOPS or bytes_per_second counter, and, with --vs, each benchmark as a ratio to a peer.
Usage:
  bench_gemm --benchmark_repetitions=7 --benchmark_format=json > run.json
  /usr/bin/python3 bench/best_of.py run.json [--vs tensr=openblas]
"""
import argparse
import json
import re


def best(path):
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    out = {}
    for r in runs:
        if r.get("run_type") == "aggregate" or r.get("error_occurred"):
            continue
        name = r.get("run_name", r["name"])
        t = r["cpu_time"] if "real_time" not in name else r["real_time"]
        if name not in out or t < out[name]["time"]:
            rate = r.get("FLOPS") or r.get("bytes_per_second")
            out[name] = {"time": t, "unit": r["time_unit"], "rate": rate}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json", nargs="+")
    ap.add_argument("--vs", help="A=B: also print time(B)/time(A) for names with /A/ -> /B/")
    a = ap.parse_args()
    rows = {}
    for p in a.json:
        for k, v in best(p).items():
            if k not in rows or v["time"] < rows[k]["time"]:
                rows[k] = v
    for k, v in rows.items():
        rate = f"{v['rate'] / 1e9:8.2f} G/s" if v["rate"] else ""
        line = f"{k:55s} {v['time']:14.1f} {v['unit']} {rate}"
        if a.vs:
            mine, peer = a.vs.split("=")
            other = re.sub(f"/{mine}(/|$)", f"/{peer}\\1", k)
            if f"/{mine}" in k and other in rows:
                line += f"   {peer}/{mine} = {rows[other]['time'] / v['time']:.2f}"
        print(line)


if __name__ == "__main__":
    main()
