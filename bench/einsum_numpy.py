#!/usr/bin/python3
"""NumPy's np.einsum(..., optimize=True) on the shapes of bench/bench_einsum.cpp (float32),
for the comparison in the README's bench table. Prints microseconds per call.

Run: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/einsum_numpy.py
"""
import time
import timeit

import numpy as np

rng = np.random.default_rng(1)


def rnd(*shape):
    return rng.uniform(-1, 1, size=shape).astype(np.float32)


CASES = [
    ("ij,jk->ik", [(16, 16), (16, 16)]),
    ("ij,jk->ik", [(64, 64), (64, 64)]),
    ("ij,jk->ik", [(256, 256), (256, 256)]),
    ("ij,jk->ik", [(512, 512), (512, 512)]),
    ("ba,ac->bc", [(256, 256), (256, 256)]),
    ("bij,bjk->bik", [(1000, 4, 4), (1000, 4, 4)]),
    ("bij,bjk->bik", [(64, 64, 64), (64, 64, 64)]),
    ("bij,bjk->bik", [(8, 256, 256), (8, 256, 256)]),
    ("ijk,jl->ilk", [(200, 100, 1), (100, 200)]),
    ("ijk,jl->ilk", [(512, 512, 1), (512, 512)]),
    ("ij,kj->ik", [(64, 64), (64, 64)]),
    ("ij,kj->ik", [(512, 512), (512, 512)]),
    ("ij,jk,kl->il", [(256, 256)] * 3),
    ("ab,bc,cd,de->ae", [(10, 1000), (1000, 10), (10, 1000), (1000, 10)]),
    ("ij,jk->ik", [(4, 4), (4, 4)]),
]


def main():
    print(f"numpy {np.__version__}, np.einsum(optimize=True), float32")
    for spec, shapes in CASES:
        ops = [rnd(*s) for s in shapes]
        f = lambda: np.einsum(spec, *ops, optimize=True)  # noqa: E731
        timer = timeit.Timer(f, timer=time.process_time)
        n, _ = timer.autorange()
        best = min(timer.repeat(number=n, repeat=5)) / n
        print(f"{spec:18s} {' '.join(str(s) for s in shapes):40s} {best * 1e6:12.2f} us")


if __name__ == "__main__":
    main()
