# Expected values for tests/test_reduce_out.cpp (out-parameter forms of the reductions),
# computed by NumPy. Run with a Python that has NumPy (/usr/bin/python3 on Debian) and paste
# the output into the test. The input y = (x * x) % 7 - 3 with x = np.arange(24).reshape(2, 3, 4)
# is rebuilt on the C++ side with the same ops (exact in double).
import numpy as np


def lit(a):
    a = np.asarray(a, dtype=np.float64)
    vals = ", ".join(repr(float(v)) if np.isfinite(v) else
                     ("NAN_" if np.isnan(v) else ("INF" if v > 0 else "-INF")) for v in a.ravel())
    return "%s {%s}" % ("{" + ", ".join(str(d) for d in a.shape) + "}", vals)


def logsumexp(a, axis):
    m = a.max(axis, keepdims=True)
    return np.log(np.exp(a - m).sum(axis)) + m.squeeze(axis)


def softmax(a, axis):
    e = np.exp(a - a.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def log_softmax(a, axis):
    r = a - a.max(axis, keepdims=True)
    return r - np.log(np.exp(r).sum(axis, keepdims=True))


x = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
y = (x * x) % 7 - 3
print("y:", lit(y))
print("sum (0,2):", lit(y.sum((0, 2))))
print("prod (1,2):", lit(y.prod((1, 2))))
print("max (0,1):", lit(y.max((0, 1))))
print("all y>-3 (0,2):", lit((y > -3).all((0, 2))), "any y>0 (1,2):", lit((y > 0).any((1, 2))))
print("mean (0,2):", lit(y.mean((0, 2))))
print("mean axis 1:", lit(y.mean(1)))
print("mean int axis 0 of arange(6).reshape(2,3):", lit(np.arange(6).reshape(2, 3).mean(0)))
print("var axis 1:", lit(y.var(1)))
print("var axis 2 ddof 1:", lit(y.var(2, ddof=1)))
print("std axis 0:", lit(y.std(0)))
print("std axis 0 ddof 1:", lit(y.std(0, ddof=1)))
print("logsumexp axis 1:", lit(logsumexp(y, 1)))
print("softmax axis 2:", lit(softmax(y, 2)))
print("log_softmax axis 0:", lit(log_softmax(y, 0)))
print("log_softmax axis 2:", lit(log_softmax(y, 2)))
print("cumsum axis 1:", lit(np.cumsum(y, 1)))
print("cumsum axis 2:", lit(np.cumsum(y, 2)))
z = y.copy()
np.cumsum(z, 0, out=z[::-1])
print("cumsum(z, 0, out=z[::-1]):", lit(z))
