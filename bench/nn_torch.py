#!/usr/bin/python3
"""PyTorch CPU timings for the work bench/bench_nn.cpp measures, to compare in one session.

  Linear(1024, 1024), batch 256, float32: forward, and forward + backward (grad of x, W, b)
  MLP 784-256-256-10, batch 128: one training step (CrossEntropyLoss, SGD with momentum)
  Sigmoid / ReLU forward + backward on 4096 x 4096

at 1 and 2 threads (torch.set_num_threads, and the BLAS's own thread count). Debian's torch
calls the system OpenBLAS, whose generic kernel is slow on this CPU unless
OPENBLAS_CORETYPE=SkylakeX is set; each thread count runs in a fresh process with
OPENBLAS_CORETYPE (default SkylakeX on a CPU with AVX-512, none elsewhere; change with
--coretype, "" for none) and
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set. Prints the best of several repeats, in ms.
Usage: /usr/bin/python3 bench/nn_torch.py [--threads 1 2] [--coretype SkylakeX]
"""
import argparse
import os
import subprocess
import sys
import time


def best_ms(f, repeat=7, number=5):
    """Best wall-clock and best process-CPU time per call, in ms (on a shared machine the CPU
    time of a 1-thread run is the steadier figure)."""
    f()  # warm-up
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(number):
            f()
        best = min(best, (time.perf_counter() - t0) / number)
        best_cpu = min(best_cpu, (time.process_time() - c0) / number)
    return best * 1e3, best_cpu * 1e3


def run(threads):
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    lin = torch.nn.Linear(1024, 1024)
    x = torch.rand(256, 1024) * 2 - 1
    xg = x.clone().requires_grad_(True)
    g = torch.rand(256, 1024) * 2 - 1

    def forward():
        with torch.no_grad():
            lin(x)

    def forward_backward():
        lin(xg).backward(g)

    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                              torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    mx = torch.rand(128, 784)
    labels = torch.randint(0, 10, (128,))
    ce = torch.nn.CrossEntropyLoss()

    def mlp_step():
        opt.zero_grad()
        ce(net(mx), labels).backward()
        opt.step()

    big = (torch.rand(4096, 4096) * 8 - 4).requires_grad_(True)
    bg = torch.rand(4096, 4096) * 2 - 1

    def act(f):
        def step():
            y = f(big)
            (gx,) = torch.autograd.grad(y, big, bg)
        return step

    rows = [
        ("linear_1024/forward", best_ms(forward)),
        ("linear_1024/forward_backward", best_ms(forward_backward)),
        ("mlp_784_256_256_10/train_step", best_ms(mlp_step)),
        ("sigmoid_4096/forward_backward", best_ms(act(torch.sigmoid), repeat=3, number=2)),
        ("relu_4096/forward_backward", best_ms(act(torch.relu), repeat=3, number=2)),
    ]
    print(f"torch {torch.__version__}, threads {threads}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}")
    for name, (ms, cpu) in rows:
        print(f"  {name:34s} {ms:9.3f} ms wall {cpu:9.3f} ms cpu")


def has_avx512f():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return any(line.startswith("flags") and " avx512f" in line for line in f)
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    # OpenBLAS's SkylakeX kernel needs AVX-512; elsewhere it stops with "Illegal instruction".
    ap.add_argument("--coretype", default="SkylakeX" if has_avx512f() else "")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child is not None:
        run(a.child)
        return
    for n in a.threads:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(n), OMP_NUM_THREADS=str(n))
        if a.coretype:
            env["OPENBLAS_CORETYPE"] = a.coretype
        else:
            env.pop("OPENBLAS_CORETYPE", None)
        subprocess.run([sys.executable, __file__, "--child", str(n)], env=env, check=True)


if __name__ == "__main__":
    main()
