#!/usr/bin/python3
"""Expected values for tests/test_matmul.cpp, computed by NumPy.

Operands are a = (arange % 7) - 3 and b = (arange % 5) - 2 reshaped to each case's shape, so
the C++ test builds them from the same formula. Run with a python that has numpy and paste
the output between the "generated" markers of tests/test_matmul.cpp.
"""
import numpy as np

CASES = [
    ("matmul", (3,), (3,)),
    ("matmul", (3,), (3, 2)),
    ("matmul", (2, 3), (3,)),
    ("matmul", (2, 3), (3, 4)),
    ("matmul", (2, 2, 3), (3, 4)),
    ("matmul", (2, 1, 2, 3), (3, 3, 2)),
    ("matmul", (3,), (2, 3, 4)),
    ("matmul", (2, 3, 4), (4,)),
    ("matmul", (1, 2, 3), (4, 3, 2)),
    ("matmul", (2, 3), (2, 3, 2)),
    ("matmul", (0, 3), (3, 2)),
    ("matmul", (2, 0), (0, 2)),
    ("dot", (2, 3), (4, 3, 2)),
    ("dot", (2, 2, 3), (2, 3, 2)),
    ("dot", (3,), (2, 3, 4)),
    ("dot", (2, 3, 4), (4,)),
    ("dot", (2, 3), (3, 2)),
    ("dot", (2, 1, 2, 3), (2, 3, 2)),
    ("inner", (2, 3), (4, 3)),
    ("inner", (2, 2, 3), (3,)),
    ("inner", (2, 3), (2, 2, 3)),
    ("inner", (3,), (2, 2, 3)),
    ("outer", (2, 2), (3,)),
    ("outer", (3,), (2, 2)),
]


def operand(shape, mod, sub):
    n = int(np.prod(shape))
    return ((np.arange(n) % mod) - sub).astype(np.float64).reshape(shape)


def tup(s):
    return "{" + ",".join(str(x) for x in s) + "}"


for fn, sa, sb in CASES:
    a = operand(sa, 7, 3)
    b = operand(sb, 5, 2)
    r = np.asarray(getattr(np, fn)(a, b))
    vals = ",".join(str(int(v)) for v in r.ravel())
    print(f'  {{"{fn}", {tup(sa)}, {tup(sb)}, {tup(r.shape)}, {{{vals}}}}},')
