# Expected values for tests/test_ops*.cpp and tests/test_broadcast*.cpp, computed by NumPy.
# Run with a Python that has NumPy (/usr/bin/python3 on Debian); paste the output into the
# tests. Inputs are np.arange-based so the C++ side rebuilds them with arange/reshape.
import numpy as np


def lit(a):
    a = np.asarray(a)
    if a.dtype == bool:
        vals = ", ".join("true" if v else "false" for v in a.ravel())
    elif a.dtype.kind == "f":
        vals = ", ".join(repr(float(v)) if np.isfinite(v) else
                         ("NAN" if np.isnan(v) else ("INF" if v > 0 else "-INF"))
                         for v in a.ravel())
    else:
        vals = ", ".join(str(int(v)) for v in a.ravel())
    return "shape %s {%s}" % (tuple(a.shape), vals)


def ar(*shape, dtype=np.float64, start=0):
    return (np.arange(int(np.prod(shape)), dtype=dtype) + start).reshape(shape)


print("broadcast (2,1,3)-(4,1):", lit(ar(2, 1, 3) - ar(4, 1)))
print("broadcast (2,1,3,1)*(4,1,2):", lit(ar(2, 1, 3, 1) * ar(4, 1, 2, start=1)))
print("scalar-rank0 3 - (2,2):", lit(3.0 - ar(2, 2)))
print("transposed (3,2).T + (2,3):", lit(ar(3, 2).T + ar(2, 3)))
print("flipped (5,)[::-1] / (5,)+1:", lit(ar(5)[::-1] / (ar(5) + 1)))
x = np.array([-7.5, 7.5, -7.5, 7.5, 0.0, -0.0, 6.0, -6.0])
y = np.array([2.0, 2.0, -2.0, -2.0, -3.0, 3.0, 3.0, 3.0])
print("float mod:", lit(np.remainder(x, y)), np.signbit(np.remainder(x, y)).tolist())
print("int mod:", lit(np.remainder(np.array([-7, 7, -7, 7, 0, 5]), np.array([2, 2, -2, -2, 3, 0]))))
print("int floordiv:", lit(np.floor_divide(np.array([-7, 7, -7, 7, 0]), np.array([2, 2, -2, -2, 3]))))
print("int8 wrap:", lit(np.array([127, -128], np.int8) + np.int8(1)),
      lit(-np.array([-128], np.int8)), lit(np.abs(np.array([-128], np.int8))))
print("maximum nan:", lit(np.maximum([1.0, np.nan, 3.0], [np.nan, 2.0, 1.0])),
      lit(np.minimum([1.0, np.nan, 3.0], [np.nan, 2.0, 1.0])))
print("clip:", lit(np.clip(ar(2, 3) - 2, -1.0, ar(3) * 0.5 + 0.5)))
print("where:", lit(np.where(ar(2, 3) % 2 == 0, ar(2, 3), -ar(3))))
print("pow int:", lit(np.power(np.array([2, 3, -2, 1]), np.array([10, 3, 3, 0]))))
print("compare (2,3) < (3,):", lit(ar(2, 3) < ar(3) * 2))
a = ar(3, 3)
a += a.T
print("a += a.T:", lit(a))
v = ar(6)
v[1:] = v[:-1].copy()
print("v[1:] = v[:-1]:", lit(v))
b = ar(2, 3)
np.add(b, b[::-1], out=b)
print("add(b, flip0(b), out=b):", lit(b))

# ---- reductions (tests/test_reduce.cpp) ----
x = ar(2, 3, 4)
print("sum axes:", lit(x.sum(0)), lit(x.sum(1)), lit(x.sum(-1)))
print("max/argmin axis 1 of T:", lit(x.transpose(2, 0, 1).max(1)), lit(x.transpose(2, 0, 1).argmin(2)))
print("var ddof1 axis 0 of (3,4):", lit(ar(3, 4).var(0, ddof=1)), "std all:", ar(3, 4).std())
print("prod axis 1:", lit((ar(2, 3) + 1).prod(1)))
s = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -np.inf]])
e = np.exp(s - s.max(1, keepdims=True))
print("softmax:", lit(e / e.sum(1, keepdims=True)))
m = s.max(1, keepdims=True)
print("logsumexp:", lit(np.log(np.exp(s - m).sum(1)) + m[:, 0]))
print("uint8 sum:", np.ones(1000, np.uint8).sum(), np.ones(1000, np.uint8).sum().dtype)
print("sum axes (0,2):", lit(x.sum((0, 2))), "max axes (-1,0) keepdims:", lit(x.max((-1, 0), keepdims=True)),
      "mean (1,2):", lit(x.mean((1, 2))))
print("cumsum axis 0, axis 1 of (2,3):", lit(np.cumsum(ar(2, 3), 0)), lit(np.cumsum(ar(2, 3), 1)),
      "flat T:", lit(np.cumsum(ar(2, 3).T)), "bool:", lit(np.cumsum(np.array([True, True, False]))))
