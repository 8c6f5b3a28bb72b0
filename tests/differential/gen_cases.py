#!/usr/bin/python3
"""NumPy differential test of tensr: random cases whose expected results come from NumPy.

Usage: gen_cases.py <numpy_differential executable> <case directory>

Asks the runner which op families, dtypes and ranks it is compiled for (`--list`), draws
random cases for them (broadcast shapes of ranks 0-4 with size-0 and size-1 axes, values
with NaN, infinities and signed zeros, inputs as transposed / flipped / strided views;
matrix products, tensordot and einsum specs on random normals; views), computes NumPy's
results, and writes everything into <case directory>:

  manifest.txt    one case per line: id, offset of its first array in data.npys, family,
                  op, inputs (dtype:rank:layout:[stored shape];...), then key=value
                  parameters (out=[NumPy's result shape], tolerances, axis, ...)
  data.npys       .npy arrays one after another, flat: the case's inputs, then the expected
                  result(s) (tensr reads them with load_npy from one stream); for a float
                  sum of products (`bound=1`), a float64 reference and a float64 error bound
                  per element instead (see "Sums of products" below)
  *.npy           files the `npy` cases read by path
  known_differences.txt   the known differences from NumPy, whose cases are left out

then runs the runner on the directory and exits with its status. Reproducible: the seed is
printed; TENSR_DIFF_SEED=<n> changes it; TENSR_DIFF_KNOWN=1 also runs the cases of known
differences. Exits 77 (CTest's SKIP_RETURN_CODE) when NumPy cannot be imported.
"""
import math
import os
import pathlib
import shutil
import subprocess
import sys
import time
import warnings

try:
    import numpy as np
except ImportError:
    print("SKIP: numpy is not importable by %s (on Debian: apt-get install python3-numpy)"
          % sys.executable)
    sys.exit(77)

DEFAULT_SEED = 20261127

# NumPy's warnings for empty means, invalid values and overflow are expected here.
warnings.filterwarnings("ignore", category=RuntimeWarning)

# Element types: NumPy's dtype code -> C++ type name (for messages).
CPP = {"b1": "bool", "i1": "int8_t", "u1": "uint8_t", "i2": "int16_t", "u2": "uint16_t",
       "i4": "int32_t", "u4": "uint32_t", "i8": "int64_t", "u8": "uint64_t",
       "f4": "float", "f8": "double"}

# Known differences between tensr and NumPy: (family, op, predicate(codes), text). Their
# cases are not generated unless TENSR_DIFF_KNOWN=1; the texts are printed by the runner.
KNOWN = [
    ("reduce", "int64 mean", lambda codes: True,
     "mean, var and std of int64 tensors whose sum overflows int64: tensr sums in int64 "
     "(wrapping) and converts the sum to double, NumPy converts every element to float64 "
     "first, e.g. mean(int64 [-29, -7, -2**63]) is +3.0744573456182584e18 in tensr, "
     "-3.0744573456182584e18 in NumPy (reduce.hpp: mean() is sum(a) / n)"),
]

# Where tensr's result type is (by its documented rule, std::common_type_t) not NumPy's, the
# expected values are NumPy's op on the inputs cast to tensr's type. Collected for the log:
# (operand types, NumPy's type, tensr's type) -> ops.
NOTES = {}


def note(operands, np_type, ctype, op):
    NOTES.setdefault((operands, str(np_type), CPP[ctype]), set()).add(op)


# ------------------------------------------------------------------------------------------
# Types: tensr's rules
# ------------------------------------------------------------------------------------------
def kind(code):
    return {"b": 0, "i": 1, "u": 1, "f": 2}[code[0]]


def common_type(a, b):
    """std::common_type_t of two element types, as NumPy dtype codes."""
    if a == b:
        return a
    if kind(a) == 2 or kind(b) == 2:
        floats = [c for c in (a, b) if kind(c) == 2]
        return max(floats, key=lambda c: int(c[1]))

    def promoted(c):  # integer promotion: bool and types narrower than int become int
        return "i4" if c == "b1" or int(c[1]) < 4 else c

    a, b = promoted(a), promoted(b)
    if a == b:
        return a
    sa, sb = a[0] == "i", b[0] == "i"
    if sa == sb:
        return max((a, b), key=lambda c: int(c[1]))
    s, u = (a, b) if sa else (b, a)
    if int(u[1]) >= int(s[1]):
        return u
    return s


def promote(a, b, a_scalar=False, b_scalar=False):
    """tensr's element type of an op on a and b: common_type, except that a scalar whose
    kind is not above the tensor's keeps the tensor's type."""
    if a_scalar and not b_scalar and kind(a) <= kind(b):
        return b
    if b_scalar and not a_scalar and kind(b) <= kind(a):
        return a
    return common_type(a, b)


def float_of(code):
    """Result type of tensr's math functions: floats keep theirs, the others give double."""
    return code if kind(code) == 2 else "f8"


def sum_type(code):
    """Accumulator of sum/prod/cumsum: floats keep theirs, the others widen to 64 bits."""
    if kind(code) == 2:
        return code
    return "u8" if code[0] == "u" else "i8"


EPS = {"f4": float(np.finfo(np.float32).eps), "f8": float(np.finfo(np.float64).eps)}
TINY = {"f4": 1e-44, "f8": 1e-320}  # a few subnormal ulps


# ------------------------------------------------------------------------------------------
# Random inputs
# ------------------------------------------------------------------------------------------
class Rand:
    def __init__(self, seed):
        self.g = np.random.default_rng(seed)

    def chance(self, p):
        return self.g.random() < p

    def pick(self, seq):
        return seq[int(self.g.integers(len(seq)))]

    def size(self):
        r = self.g.random()
        return 0 if r < 0.04 else 1 if r < 0.24 else int(self.g.integers(2, 6))

    def shape(self, rank):
        return tuple(self.size() for _ in range(rank))

    def broadcast_shapes(self, ranks):
        """Shapes of the given ranks that broadcast together: a common shape whose trailing
        axes each operand takes, some of them replaced by 1."""
        out = self.shape(max(ranks) if ranks else 0)
        shapes = []
        for r in ranks:
            s = list(out[len(out) - r:])
            for i in range(r):
                if self.chance(0.25):
                    s[i] = 1
            shapes.append(tuple(s))
        return shapes

    def mismatched(self, ranks):
        """Shapes that do not broadcast (two trailing axes of different sizes >= 2), or None."""
        if min(ranks) == 0:
            return None
        shapes = [list(s) for s in self.broadcast_shapes(ranks)]
        i = int(self.g.integers(1, min(ranks) + 1))
        shapes[0][-i] = int(self.g.integers(2, 5))
        shapes[1][-i] = shapes[0][-i] + int(self.g.integers(1, 3))
        return [tuple(s) for s in shapes]

    def values(self, code, shape, domain="any"):
        g = self.g
        if code == "b1":
            return g.random(shape) < self.pick([0.1, 0.5, 0.9])
        if kind(code) == 1:
            info = np.iinfo(np.dtype(code))
            if domain == "small":  # exponents, products: no overflow to speak of
                lo, hi = (0, 6) if code[0] == "u" else (-5, 6)
            elif domain == "exponent":
                lo, hi = 0, 10
            else:
                lo, hi = max(info.min, -120), min(info.max, 120) + 1
            x = g.integers(lo, hi, shape, dtype=np.int64)
            if domain in ("any", "divisor", "reduce") and x.size:
                # Extremes (wrapping) and, for divisors, zeros and -1.
                m = g.random(shape) < 0.08
                x = np.where(m, g.choice([info.min, info.max, info.max - 1], shape), x)
            if domain == "divisor" and x.size:
                m = g.random(shape) < 0.15
                x = np.where(m, g.choice([0, -1] if code[0] == "i" else [0, 1], shape), x)
            return x.astype(code)
        # floats
        dt = np.dtype(code)
        if domain == "exp":
            x = g.uniform(-110 if code == "f4" else -750, 92 if code == "f4" else 712, shape)
            x = np.where(g.random(shape) < 0.5, g.normal(0, 3, shape), x)
        elif domain == "log1p":
            x = np.where(g.random(shape) < 0.5, g.uniform(-1.2, 2, shape),
                         np.exp(g.uniform(-30, 30, shape)))
        elif domain == "positive":
            x = np.exp(g.uniform(-40, 40, shape))
        elif domain == "prod":
            x = g.uniform(0.6, 1.6, shape) * np.where(g.random(shape) < 0.2, -1, 1)
        elif domain == "exponent":
            x = np.where(g.random(shape) < 0.5, g.integers(-4, 5, shape), g.normal(0, 2, shape))
        else:
            scale = self.pick([1.0, 1.0, 100.0, 1e-3, 1e5 if domain != "reduce" else 10.0])
            x = g.normal(0, scale, shape)
            if self.chance(0.3):
                x = np.round(x)  # ties, exact integers, equal elements
        x = x.astype(dt)
        if domain not in ("prod",) and x.size and self.chance(0.5):
            specials = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, np.finfo(dt).tiny / 4]
            if domain != "reduce":  # sums of huge values overflow or not by the order
                specials.append(np.finfo(dt).max)
            specials = np.array(specials, dtype=dt)
            m = g.random(shape) < 0.1
            x = np.where(m, g.choice(specials, shape), x).astype(dt)
        return x

    def layout(self, rank):
        r = self.g.random()
        if rank == 0 or r < 0.55:
            return "c"
        if r < 0.7:
            return "t"
        if r < 0.85:
            return "f"
        return "s"


def stored(x, layout):
    """The array to write so that the runner's view of it (layout) is x."""
    if layout == "t":
        return np.ascontiguousarray(x.T)
    if layout == "f":
        return np.ascontiguousarray(np.flip(x))
    if layout == "s":
        s = np.full(x.shape[:-1] + (2 * x.shape[-1],), 77, dtype=x.dtype)
        s[..., ::2] = x
        return s
    return np.array(x, order="C")  # (np.ascontiguousarray makes a 0-d array 1-d)


def shape_text(s):
    return "(" + ",".join(map(str, s)) + ("," if len(s) == 1 else "") + ")"


def escape(text):
    return text.replace("%", "%25").replace(" ", "%20").replace("\n", "%0A")


# ------------------------------------------------------------------------------------------
# The case writer
# ------------------------------------------------------------------------------------------
class Writer:
    def __init__(self, out, include_known):
        self.out = out
        self.manifest = open(out / "manifest.txt", "w")
        self.data = open(out / "data.npys", "wb")
        self.n = 0
        self.include_known = include_known
        self.skipped_known = {}

    def close(self):
        self.manifest.close()
        self.data.close()

    def known(self, family, op, codes, n):
        """True when the n cases of (family, op, codes) are a known difference, left out."""
        for f, o, pred, text in KNOWN:
            if f == family and o == op and pred(codes):
                self.skipped_known[text] = self.skipped_known.get(text, 0) + n
                return not self.include_known
        return False

    def case(self, family, op, inputs, expected, params, save=None, bound=None):
        """inputs: [(value, code, rank or None for a scalar, layout)]; expected: an array
        (NumPy's result in tensr's result type), or an exception NumPy raised. Arrays are
        written flat, their shapes go to the manifest; `save` writes an input as it is.
        With `bound` (a float result that is a sum of products), expected is the float64
        reference and bound the float64 error bound of each element (see bounded())."""
        offset = self.data.tell()
        specs = []
        for x, code, rank, layout in inputs:
            if rank is None:
                np.save(self.data, np.array([x], dtype=code))
                specs.append("%s:s:c:[]" % code)
                continue
            if save is not None:
                save(self.data, x)
                s = np.shape(x)
            elif layout == "file":
                s = np.shape(x)
            else:
                st = stored(x, layout)
                np.save(self.data, st.ravel())
                s = st.shape
            specs.append("%s:%d:%s:[%s]" % (code, rank, layout, ",".join(map(str, s))))
        if isinstance(expected, Exception):
            params = dict(params, err=escape(str(expected).rstrip()))
        else:
            outs = expected if isinstance(expected, list) else [expected]
            for e in outs:
                np.save(self.data, np.asarray(e).ravel())
            if bound is not None:
                np.save(self.data, np.asarray(bound, dtype=np.float64).ravel())
                params = dict(params, bound=1)
            params = dict(params, out="|".join("[%s]" % ",".join(map(str, np.shape(e)))
                                               for e in outs) or "-")
        shapes = "x".join("s" if r is None else shape_text(np.shape(x))
                          for x, _, r, _ in inputs)
        fields = [str(self.n), str(offset), family, op, ";".join(specs) or "-",
                  "shapes=" + shapes]
        fields += ["%s=%s" % (k, v) for k, v in params.items()]
        self.manifest.write(" ".join(fields) + "\n")
        self.n += 1


def tol(rtol=0.0, atol=0.0):
    return {"rtol": repr(float(rtol)), "atol": repr(float(atol))}


def finite_abs(x):
    a = np.abs(np.asarray(x, dtype=np.float64))
    return a[np.isfinite(a)]


# ------------------------------------------------------------------------------------------
# Elementwise: binary
# ------------------------------------------------------------------------------------------
COMPARE = {"equal": np.equal, "not_equal": np.not_equal, "less": np.less,
           "less_equal": np.less_equal, "greater": np.greater, "greater_equal": np.greater_equal,
           "logical_and": np.logical_and, "logical_or": np.logical_or}
ARITH = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply,
         "divide": None, "remainder": np.remainder, "power": np.power,
         "maximum": np.maximum, "minimum": np.minimum}
ALL_BINARY = list(ARITH) + list(COMPARE)
BOOL_OK = {"add", "multiply", "maximum", "minimum"} | set(COMPARE)


def numpy_binary(op, ctype):
    if op in COMPARE:
        return COMPARE[op]
    if op == "divide":
        return np.true_divide if kind(ctype) == 2 else np.floor_divide
    return ARITH[op]


def as_operand(x, code, scalar):
    """A Python scalar for a C++ scalar (so that NumPy applies its value-based casting)."""
    if not scalar:
        return x
    return float(x) if kind(code) == 2 else int(x)


def gen_binary(w, rnd, key, n, ops=None):
    (ca, ra), (cb, rb) = key
    sa, sb = ra is None, rb is None
    ctype = promote(ca, cb, sa, sb)
    # a few ops (the sweep over rank pairs, the type promotion): more cases of each
    ops, n = (ops, 2 * n) if ops else (ALL_BINARY, n)
    for op in ops:
        if ca == "b1" and cb == "b1" and op not in BOOL_OK:
            continue
        if w.known("binary", op, (ca, cb), n):
            continue
        for _ in range(n):
            binary_case(w, rnd, op, ca, ra, cb, rb, ctype)


def binary_case(w, rnd, op, ca, ra, cb, rb, ctype):
    sa, sb = ra is None, rb is None
    ranks = [0 if sa else ra, 0 if sb else rb]
    bad = None if (sa or sb or not rnd.chance(0.04)) else rnd.mismatched(ranks)
    shapes = bad or rnd.broadcast_shapes(ranks)
    dom_a, dom_b = "any", "any"
    if op == "power":
        dom_a, dom_b = "small" if kind(ctype) == 1 else "any", "exponent"
    elif op in ("divide", "remainder"):
        dom_b = "divisor"
    a = rnd.values(ca, shapes[0], dom_a)
    b = rnd.values(cb, shapes[1], dom_b)
    # A C++ scalar: a value that NumPy's value-based casting keeps in the tensor's type.
    if sa:
        a = a if ca != "i8" else np.int64(rnd.pick([0, 1, 3, 7, 100, 2, 5]))
    if sb:
        b = b if cb != "i8" else np.int64(rnd.pick([1, 3, 7, 100, 2, 5] + [0] * (op != "power")))
        if cb == "i8" and op == "power":
            b = np.int64(rnd.pick([0, 1, 2, 3]))
    if sa and ca == "f8":
        a = np.float64(rnd.pick([2.5, -0.75, 3.0, 0.1, 1e10, -1e-3]))
    if sb and cb == "f8":
        b = np.float64(rnd.pick([2.5, -0.75, 3.0, 0.1, 1e10, -1e-3, 0.0]))
    out_code = "b1" if op in COMPARE else ctype
    inputs = [(a, ca, ra, "c" if sa else rnd.layout(ra)),
              (b, cb, rb, "c" if sb else rnd.layout(rb))]
    f = numpy_binary(op, ctype)
    pa, pb = as_operand(a, ca, sa), as_operand(b, cb, sb)
    with np.errstate(all="ignore"):
        try:
            r = f(pa, pb)
        except ValueError as e:
            w.case("binary", op, inputs, e, {"errmatch": "exact"})
            return
        np_type = np.result_type(pa, pb)
        if np_type != np.dtype(ctype):
            note("%s %s, %s %s" % (CPP[ca], "scalar" if sa else "rank %d" % ra,
                                   CPP[cb], "scalar" if sb else "rank %d" % rb),
                 np_type, ctype, op)
            r = f(np.asarray(pa).astype(ctype), np.asarray(pb).astype(ctype))
    r = np.asarray(r).astype(out_code)
    params = {}
    if op == "power" and kind(ctype) == 2:
        params = tol(4 * EPS[ctype], TINY[ctype])
    w.case("binary", op, inputs, r, params)


# ------------------------------------------------------------------------------------------
# Elementwise: unary
# ------------------------------------------------------------------------------------------
def sigmoid(x):
    x = x.astype(np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


UNARY = {
    # op: (NumPy function, domain, float result, exact)
    "negative": (np.negative, "any", False, True),
    "abs": (np.abs, "any", False, True),
    "square": (np.square, "any", False, True),
    "relu": (lambda x: np.maximum(x, np.zeros((), x.dtype)), "any", False, True),
    "isnan": (np.isnan, "any", False, True),
    "isfinite": (np.isfinite, "any", False, True),
    "logical_not": (np.logical_not, "any", False, True),
    "sqrt": (np.sqrt, "any", True, True),
    "exp": (np.exp, "exp", True, False),
    "log": (np.log, "positive", True, False),
    "log1p": (np.log1p, "log1p", True, False),
    "expm1": (np.expm1, "exp", True, False),
    "sin": (np.sin, "any", True, False),
    "cos": (np.cos, "any", True, False),
    "tanh": (np.tanh, "any", True, False),
    "sigmoid": (sigmoid, "any", True, False),
}
BOOL_UNARY = {"abs", "square", "isnan", "isfinite", "logical_not"}
# NumPy's float32 sin/cos are its own SIMD code, accurate for |x| up to about 1e5 (and
# tensr calls std::sin): larger arguments are left to the float64 cases.
TRIG_RANGE = 1e4


def gen_unary(w, rnd, key, n, ops=None):
    ((code, rank),) = key
    n = 3 * n if ops else n  # the sweep over ranks runs a few ops: more cases of each
    for op, (f, domain, is_float, exact) in UNARY.items():
        if ops and op not in ops:
            continue
        if code == "b1" and op not in BOOL_UNARY:
            continue
        if w.known("unary", op, (code,), n):
            continue
        for _ in range(n):
            shape = rnd.shape(rank)
            x = rnd.values(code, shape, domain if kind(code) == 2 else "any")
            if op in ("sin", "cos") and code == "f4":
                x = np.where(np.abs(x) > TRIG_RANGE, np.float32(0.5), x).astype(code)
            out = float_of(code) if is_float else ("b1" if op.startswith(("is", "logical")) else code)
            with np.errstate(all="ignore"):
                r = f(x)
                if r.dtype != np.dtype(out):
                    if op != "sigmoid":  # computed in float64 by design
                        note(CPP[code], r.dtype, out, op)
                    r = f(x.astype(out))
            params = {}
            if not exact and kind(out) == 2:
                params = tol(1e-6 if out == "f4" else 1e-13, TINY[out])
            w.case("unary", op, [(x, code, rank, rnd.layout(rank))], r.astype(out), params)


# ------------------------------------------------------------------------------------------
# Elementwise: where, clip
# ------------------------------------------------------------------------------------------
def gen_where(w, rnd, key, n, ops=None):
    (ck, rk), (ca, ra), (cb, rb) = key
    ctype = promote(ca, cb, ra is None, rb is None)
    if w.known("where", "where", (ca, cb), n):
        return
    for _ in range(n):
        ranks = [rk, ra, 0 if rb is None else rb]
        sh = rnd.broadcast_shapes(ranks)
        k = rnd.values("b1", sh[0])
        a = rnd.values(ca, sh[1])
        b = np.float64(rnd.pick([2.5, -1.0, 0.1])) if rb is None else rnd.values(cb, sh[2])
        pb = float(b) if rb is None else b
        r = np.where(k, a, pb)
        if r.dtype != np.dtype(ctype):
            note("bool, %s, %s" % (CPP[ca], CPP[cb] + (" scalar" if rb is None else "")),
                 r.dtype, ctype, "where")
            r = np.where(k, a.astype(ctype), np.asarray(pb).astype(ctype))
        w.case("where", "where", [(k, ck, rk, rnd.layout(rk)), (a, ca, ra, rnd.layout(ra)),
                                  (b, cb, rb, "c" if rb is None else rnd.layout(rb))],
               r.astype(ctype), {})


def gen_clip(w, rnd, key, n, ops=None):
    (ca, ra), (cl, rl), (ch, rh) = key
    # Each bound promotes against a on its own (elementwise.hpp's clip).
    ctype = common_type(promote(ca, cl, False, rl is None), promote(ca, ch, False, rh is None))
    if w.known("clip", "clip", (ca, cl, ch), n):
        return
    for _ in range(n):
        sh = rnd.broadcast_shapes([ra, rl or 0, rh or 0])
        a = rnd.values(ca, sh[0])

        def bound(code, rank, shape, lo):
            if rank is None:
                v = rnd.pick([-1, 0, 2, 10]) if lo else rnd.pick([1, 5, 20, -2])
                return float(v) if code == "f8" else int(v)
            v = rnd.values(code, shape)
            if kind(code) == 2:  # NaN bounds: NumPy's result is not settled (see its docs)
                v = np.where(np.isnan(v), 0, v).astype(code)
            return v

        lo = bound(cl, rl, sh[1], True)
        hi = bound(ch, rh, sh[2], False)
        with np.errstate(all="ignore"):
            r = np.clip(a, lo, hi)
        if r.dtype != np.dtype(ctype):
            note("%s, %s, %s" % (CPP[ca], CPP[cl] + (" scalar" if rl is None else ""),
                                 CPP[ch] + (" scalar" if rh is None else "")),
                 r.dtype, ctype, "clip")
            r = np.clip(a.astype(ctype), np.asarray(lo).astype(ctype), np.asarray(hi).astype(ctype))
        w.case("clip", "clip", [(a, ca, ra, rnd.layout(ra)),
                                (lo, cl, rl, "c" if rl is None else rnd.layout(rl)),
                                (hi, ch, rh, "c" if rh is None else rnd.layout(rh))],
               r.astype(ctype), {})


# ------------------------------------------------------------------------------------------
# Reductions
# ------------------------------------------------------------------------------------------
def logsumexp(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    return np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m


REDUCE_OPS = ["sum", "prod", "mean", "var", "std", "max", "min", "argmax", "argmin",
              "all", "any", "cumsum", "softmax", "log_softmax", "logsumexp"]
KEEPDIMS_OPS = {"sum", "prod", "mean", "max", "min", "argmax", "argmin", "all", "any"}
AXES_OPS = {"sum", "prod", "mean", "max", "min", "all", "any"}
SOFT_OPS = {"softmax", "log_softmax", "logsumexp"}


def reduce_expected(op, x, axis, keepdims, ddof):
    """NumPy's result (or, for the softmax family, scipy's formulas in float64)."""
    kw = {} if op in ("cumsum",) or op in SOFT_OPS else {"keepdims": keepdims}
    if op in ("var", "std"):
        kw["ddof"] = ddof
    if op in SOFT_OPS:
        x64 = x.astype(np.float64)
        lse = logsumexp(x64, axis)
        if op == "logsumexp":
            return np.squeeze(lse, axis=axis)
        if op == "log_softmax":
            m = np.max(x64, axis=axis, keepdims=True)
            m = np.where(np.isfinite(m), m, 0)
            r = x64 - m
            return r - np.log(np.sum(np.exp(r), axis=axis, keepdims=True))
        # scipy.special.softmax shifts by the max as it is (an inf makes the row NaN).
        e = np.exp(x64 - np.max(x64, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)
    f = {"all": np.all, "any": np.any}.get(op) or getattr(np, op)
    return f(x, axis=axis, **kw)


def reduce_type(op, code):
    if op in ("sum", "prod", "cumsum"):
        return sum_type(code)
    if op in ("mean", "var", "std") or op in SOFT_OPS:
        return float_of(code)
    if op in ("argmax", "argmin"):
        return "i8"
    if op in ("all", "any"):
        return "b1"
    return code


def reduce_tol(op, code, x, n):
    """Tolerances for float results: summation order differs (tensr is pairwise along every
    axis, NumPy only along the contiguous one), transcendental functions differ by ulps."""
    out = reduce_type(op, code)
    if kind(out) != 2:
        return {}
    eps = EPS[out] if kind(code) == 2 else EPS["f8"]
    a = finite_abs(x)
    big = float(a.max()) if a.size else 0.0
    if op in ("sum", "cumsum", "mean"):
        return tol(0, 32 * eps * float(a.sum()) / (n if op == "mean" and n else 1) + TINY[out])
    if op == "prod":
        return tol(4 * max(n, 1) * eps, TINY[out])
    if op == "var":
        return tol(64 * eps, 64 * eps * big * big + TINY[out])
    if op == "std":
        return tol(64 * eps, math.sqrt(64 * eps) * big + TINY[out])
    if op in SOFT_OPS:
        r = 1e-5 if out == "f4" else 1e-13
        return tol(r, r * max(big, 1.0) + TINY[out])
    return {}


def gen_reduce(w, rnd, key, n, ops=None):
    """ops: the forms the runner has for this dtype and rank, when not all."""
    ((code, rank),) = key
    for op in REDUCE_OPS:
        if op in SOFT_OPS and kind(code) != 2:
            continue
        if w.known("reduce", op, (code,), n):
            continue
        forms = []
        if op not in SOFT_OPS:
            forms.append("all")
        if rank >= 1:
            forms.append("axis")
            if op in KEEPDIMS_OPS:
                forms.append("keep")
            if op in ("sum", "max"):
                forms.append("out")
        if rank >= 2 and op in AXES_OPS:
            forms.append("axes")
        for form in forms:
            if ops and form not in ops:
                continue
            for _ in range(n):
                reduce_case(w, rnd, op, code, rank, form)


def reduce_case(w, rnd, op, code, rank, form):
    shape = rnd.shape(rank)
    domain = ("prod" if op == "prod" and kind(code) == 2 else
              "small" if op == "prod" else "reduce")
    if code == "i8" and op in ("mean", "var", "std") and w.known("reduce", "int64 mean", (), 1):
        domain = "no_extremes"  # the sum must not overflow (see KNOWN)
    x = rnd.values(code, shape, domain)
    if op in SOFT_OPS and x.size and rnd.chance(0.5):
        # Rows of -inf (softmax of them is NaN, logsumexp -inf), finite otherwise.
        x = np.where(np.isnan(x) | (x == np.inf), np.float32(-np.inf), x).astype(code)
    params = {"form": form}
    axis, keepdims, ddof = None, form == "keep", 0
    if form in ("axis", "keep", "out"):
        axis = int(rnd.g.integers(-rank, rank))
        params["axis"] = axis
    if form == "axes":
        k = int(rnd.g.integers(2, min(rank, 3) + 1))
        axes = [int(a) for a in rnd.g.permutation(rank)[:k]]
        axes = [a - rank if rnd.chance(0.3) else a for a in axes]
        axis = tuple(axes)
        params["axes"] = ",".join(map(str, axes))
        if rnd.chance(0.5):
            keepdims = True
            params["keepdims"] = 1
    if op in ("var", "std"):
        ddof = rnd.pick([0, 0, 1, 2])
        params["ddof"] = ddof
    n = x.size if axis is None else (
        int(np.prod([shape[a] for a in axis])) if isinstance(axis, tuple) else shape[axis])
    out = reduce_type(op, code)
    with np.errstate(all="ignore"):
        try:
            r = reduce_expected(op, x, axis, keepdims, ddof)
        except ValueError as e:
            w.case("reduce", op, [(x, code, rank, rnd.layout(rank))], e,
                   dict(params, errmatch="exact"))
            return
    r = np.asarray(r)
    if r.dtype != np.dtype(out) and op not in SOFT_OPS:
        note(CPP[code], r.dtype, out, op)
    params.update(reduce_tol(op, code, x, n))
    w.case("reduce", op, [(x, code, rank, rnd.layout(rank))], r.astype(out), params)


# ------------------------------------------------------------------------------------------
# .npy files written by NumPy
# ------------------------------------------------------------------------------------------
def gen_npy(w, rnd, key, n, ops=None):
    ((code, rank),) = key
    variants = ["c", "fortran", "big", "v2", "v3", "file"]
    for variant in variants:
        for _ in range(n):
            shape = rnd.shape(rank)
            x = rnd.values(code, shape)
            if code == "b1" and variant == "c" and x.size and rnd.chance(0.5):
                # bytes other than 0 and 1 in a bool file: NumPy's np.load reads any
                # non-zero byte as True (and so does tensr)
                raw = x.view(np.uint8).copy()
                raw[raw == 1] = rnd.pick([2, 0x80, 0xff])
                x_file, x = raw.view(np.bool_), x
            else:
                x_file = x
            dt = np.dtype(code)
            if variant == "big":
                x_file = x_file.astype(dt.newbyteorder(">"))
            if variant == "fortran" and rank >= 1:  # (it makes a 0-d array 1-d)
                x_file = np.asfortranarray(x_file)

            def save(f, arr, variant=variant):
                if variant in ("v2", "v3"):
                    np.lib.format.write_array(f, arr, version=(int(variant[1]), 0))
                else:
                    np.save(f, arr)

            params = {"variant": variant}
            if variant == "file":
                name = "npy_%d.npy" % w.n
                np.save(w.out / name, x_file)
                params["file"] = name
                w.case("npy", "load_npy", [(x_file, code, rank, "file")], x, params)
            else:
                w.case("npy", "load_npy", [(x_file, code, rank, "c")], x, params, save=save)


# ------------------------------------------------------------------------------------------
# Joining (when the runner has them)
# ------------------------------------------------------------------------------------------
def gen_join2(w, rnd, key, n, ops=None):
    (code, rank), _ = key
    for op in ("concatenate", "stack", "hstack", "vstack"):
        if op == "concatenate" and rank == 0:
            continue
        for _ in range(n):
            shape = list(rnd.shape(rank))
            sa, sb, params = list(shape), list(shape), {}
            if op == "concatenate":
                axis = int(rnd.g.integers(-rank, rank))
                params["axis"] = axis
                sb[axis] = rnd.size()
                if rnd.chance(0.1) and rank >= 2:  # another axis differs: NumPy's error
                    other = (axis + 1) % rank
                    sb[other] = sa[other] + 1
            elif op == "stack":
                params["axis"] = int(rnd.g.integers(-rank - 1, rank + 1))
            elif op == "hstack" and rank >= 1:
                sb[0 if rank == 1 else 1] = rnd.size()
            elif op == "vstack" and rank >= 2:
                sb[0] = rnd.size()
            a, b = rnd.values(code, tuple(sa)), rnd.values(code, tuple(sb))
            f = {"concatenate": lambda: np.concatenate([a, b], params["axis"]),
                 "stack": lambda: np.stack([a, b], params["axis"]),
                 "hstack": lambda: np.hstack([a, b]), "vstack": lambda: np.vstack([a, b])}[op]
            inputs = [(a, code, rank, rnd.layout(rank)), (b, code, rank, rnd.layout(rank))]
            try:
                r = f()
            except ValueError as e:
                w.case("join2", op, inputs, e, dict(params, errmatch="exact"))
                continue
            w.case("join2", op, inputs, r, params)


def gen_join1(w, rnd, key, n, ops=None):
    ((code, rank),) = key
    for op in ("tile", "repeat", "pad", "split"):
        if op == "split" and rank == 0:
            continue
        for _ in range(n):
            shape = rnd.shape(rank)
            x = rnd.values(code, shape)
            params = {}
            if op == "tile":
                reps = [int(v) for v in rnd.g.integers(0, 4, int(rnd.g.integers(1, 4)))]
                params["reps"] = ",".join(map(str, reps))
                r = np.tile(x, reps)
            elif op == "repeat":
                if rank == 0 or rnd.chance(0.3):
                    k = int(rnd.g.integers(0, 4))
                    params["repeats"] = k
                    r = np.repeat(x, k)
                else:
                    axis = int(rnd.g.integers(-rank, rank))
                    params["axis"] = axis
                    counts = ([int(rnd.g.integers(0, 4))] if rnd.chance(0.5) else
                              [int(v) for v in rnd.g.integers(0, 4, shape[axis])])
                    params["repeats"] = ",".join(map(str, counts)) or "0"
                    if not counts:
                        counts = [0]
                    r = np.repeat(x, counts if len(counts) > 1 else counts[0], axis)
            elif op == "pad":
                widths = [[int(v) for v in rnd.g.integers(0, 3, 2)] for _ in range(rank)]
                value = rnd.pick([0, 1, 7]) if code != "b1" else rnd.pick([0, 1])
                params["widths"] = ",".join(str(v) for p in widths for v in p) or "0"
                params["value"] = value
                r = np.pad(x, widths or 0, constant_values=value)
            else:
                axis = int(rnd.g.integers(-rank, rank))
                d = shape[axis]
                divisors = [k for k in range(1, 5) if d % k == 0]
                k = rnd.pick(divisors) if not rnd.chance(0.1) else 3
                params.update(axis=axis, sections=k)
                try:
                    pieces = np.split(x, k, axis)
                except ValueError as e:
                    w.case("join1", op, [(x, code, rank, rnd.layout(rank))], e,
                           dict(params, errmatch="exact"))
                    continue
                r = pieces
            inputs = [(x, code, rank, rnd.layout(rank))]
            if op == "split":
                w.case("join1", op, inputs, r, params)
            else:
                w.case("join1", op, inputs, r.astype(code), params)


# ------------------------------------------------------------------------------------------
# Sums of products (matmul, dot, inner, outer, vdot, tensordot, einsum): references and
# error bounds
# ------------------------------------------------------------------------------------------
# An element of such a result is a sum of P terms, each the product of F operand elements
# (F = 2 for the products of two tensors, the number of operands for einsum; P = 0 is an
# empty sum, exactly 0). However it is evaluated in floating point -- any summation order,
# blocked or pairwise, with or without FMA, einsum's pairwise contractions in any order --
# each term meets at most M = (F - 1) + (P - 1) roundings on its way into the result: F - 1
# multiplications, and at most P - 1 additions. (A pairwise step that sums k_s terms adds
# k_s - 1 additions to a term's path, and sum_s (k_s - 1) <= prod_s k_s - 1 = P - 1 for
# k_s >= 1.) So (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Lemma
# 3.1: (1 + d_1)...(1 + d_M) = 1 + t with |t| <= gamma(M, u) when every |d_i| <= u)
#
#     |computed - exact| <= gamma(M, u) * S,   gamma(M, u) = M u / (1 - M u),
#
# where S is the same contraction of the operands' absolute values and u the unit roundoff
# of the result type (2^-24 float32, 2^-53 float64). The reference is computed in float64
# for float32 operands (whose products are then exact) and in np.longdouble for float64
# operands, so it is off by at most gamma(M, u_ref) * S itself, and it is stored as float64:
# rounding a long double result adds at most u_store |ref| <= u_store S (u_store = 2^-53;
# 0 for a float64 reference). S is computed in the reference's precision too, from
# nonnegative terms: within a factor 1 + gamma(M, u_ref) of the true one. The bound the
# runner checks, |tensr - ref| <= bound elementwise, is therefore
#
#     bound = (gamma(M, u) + gamma(M, u_ref) + u_store) * S * (1 + 2 gamma(M, u_ref))
#             * (1 + 2^-40)                        (the roundings of the bound itself)
#             + P * F * denorm_min(result type)    (products that underflow)
#
# A missing or extra term or a wrong index exceeds it by about a term's size, float64 data
# accumulated in float32 by a factor of about 2^29 / M, and a result a few ulp off often
# does too; every correct summation order stays within it. Integer results are
# compared exactly: NumPy's integer products accumulate in the operands' type and wrap, as
# tensr's do.
UNIT = {"f4": 2.0 ** -24, "f8": 2.0 ** -53}
DENORM_MIN = {"f4": float(np.finfo(np.float32).smallest_subnormal),
              "f8": float(np.finfo(np.float64).smallest_subnormal)}


def gamma(m, u):
    return m * u / (1 - m * u)


def bounded(f, ops, code, factors, terms):
    """f (a NumPy contraction) of the float operands ops, as (float64 reference, float64
    bound); `factors` operands per product, `terms` products per element (see above)."""
    if code == "f4":
        ref_type, u_ref, u_store = np.float64, 2.0 ** -53, 0.0
    else:
        ref_type, u_store = np.longdouble, 2.0 ** -53
        u_ref = float(np.finfo(np.longdouble).eps) / 2
    with np.errstate(all="ignore"):
        ref = np.asarray(f(*[o.astype(ref_type) for o in ops]))
        s = np.asarray(f(*[np.abs(o).astype(ref_type) for o in ops]), dtype=np.float64)
    m = factors - 1 + max(terms - 1, 0)
    g_ref = gamma(m, u_ref)
    bound = ((gamma(m, UNIT[code]) + g_ref + u_store) * s * (1 + 2 * g_ref) * (1 + 2.0 ** -40)
             + terms * factors * DENORM_MIN[code])
    return ref.astype(np.float64), bound


def product_values(rnd, code, shape, wrap=True):
    """Operands of sums of products: normals of one random scale (no small integers, whose
    sums would be exact in any order), or integers: with extremes, whose products wrap, or
    (not wrap) small ones."""
    if kind(code) == 2:
        return rnd.g.normal(0, rnd.pick([1.0, 1.0, 1e-3, 1e3]), shape).astype(code)
    return rnd.values(code, shape, "any" if wrap else "small")


def product_case_out(w, family, op, inputs, f, ops, code, factors, terms, params):
    """Writes a case of f(*ops): NumPy's error, the exact integer result, or a float
    reference with its bound."""
    try:
        with np.errstate(all="ignore"):
            r = np.asarray(f(*ops))
    except ValueError as e:
        w.case(family, op, inputs, e, params)
        return
    if kind(code) != 2:
        w.case(family, op, inputs, r.astype(code), params)
        return
    ref, bound = bounded(f, ops, code, factors, terms)
    w.case(family, op, inputs, ref, params, bound=bound)


def factor_shape(rnd, n, rank):
    """A random shape of `rank` axes with n elements (None when there is none)."""
    if rank == 0:
        return () if n == 1 else None
    if n == 0:
        s = [rnd.size() for _ in range(rank)]
        s[int(rnd.g.integers(rank))] = 0
        return tuple(s)
    s = [1] * rank
    p = 2
    while n > 1:
        while n % p:
            p += 1
        s[int(rnd.g.integers(rank))] *= p
        n //= p
    return tuple(s)


PRODUCT_OPS = ["matmul", "matmul_out", "dot", "inner", "outer", "vdot"]


def gen_product(w, rnd, key, n, ops=None):
    (code, ra), (_, rb) = key
    for op in ops or PRODUCT_OPS:
        if op == "matmul_out" and ra == 1 and rb == 1:  # a 0-d result has no strides
            continue
        for _ in range(n):
            product_case(w, rnd, op, code, ra, rb)


def product_case(w, rnd, op, code, ra, rb):
    # Now and then sizes that take the GEMM's larger kernels, blocking and packing.
    big = rnd.chance(0.15) and op in ("matmul", "matmul_out", "dot")
    if big:
        dim = lambda: int(rnd.g.integers(6, 72))
        lead = lambda r: tuple(int(rnd.g.integers(1, 3)) for _ in range(r))
    else:
        dim = rnd.size
        lead = rnd.shape
    k = int(rnd.g.integers(6, 300)) if big and rnd.chance(0.5) else dim()
    bad = rnd.chance(0.04)
    kb = k + 1 if bad else k
    params = {}
    if op in ("matmul", "matmul_out"):
        ba, bb = rnd.broadcast_shapes([max(ra - 2, 0), max(rb - 2, 0)])
        if big:
            ba, bb = tuple(min(d, 2) for d in ba), tuple(min(d, 2) for d in bb)
        sa = ba + (dim(), k) if ra >= 2 else (k,)
        sb = bb + (kb, dim()) if rb >= 2 else (kb,)
        f, terms = np.matmul, k
    elif op == "dot":
        sa = lead(ra - 1) + (k,)
        sb = (kb,) if rb == 1 else lead(rb - 2) + (kb, dim())
        f, terms = np.dot, k
    elif op == "inner":
        sa, sb = lead(ra - 1) + (k,), lead(rb - 1) + (kb,)
        f, terms = np.inner, k
    elif op == "outer":
        sa, sb = rnd.shape(ra), rnd.shape(rb)
        f, terms = np.outer, 1
    else:  # vdot: the same number of elements, in any shapes
        sa = rnd.shape(ra)
        sb = None if bad else factor_shape(rnd, int(np.prod(sa)), rb)
        if sb is None:
            sb = rnd.shape(rb)
        f, terms = np.vdot, int(np.prod(sa))
    wrap = True  # integer products and sums wrap as NumPy's, in every family
    a, b = product_values(rnd, code, sa, wrap), product_values(rnd, code, sb, wrap)
    inputs = [(a, code, ra, rnd.layout(ra)), (b, code, rb, rnd.layout(rb))]
    product_case_out(w, "product", op, inputs, f, [a, b], code, 2, terms, params)


def gen_tensordot(w, rnd, key, n, ops=None):
    (code, ra), (_, rb) = key
    for op in ("tensordot", "tensordot_n"):
        for _ in range(n):
            tensordot_case(w, rnd, op, code, ra, rb)


def tensordot_case(w, rnd, op, code, ra, rb):
    kmax = min(ra, rb)
    big = ra + rb <= 4 and rnd.chance(0.1)
    size = (lambda: int(rnd.g.integers(6, 40))) if big else rnd.size
    sa = [size() for _ in range(ra)]
    sb = [size() for _ in range(rb)]
    if op == "tensordot":
        k = int(rnd.g.integers(1, kmax + 1))
        axes_a = [int(x) for x in rnd.g.permutation(ra)[:k]]
        axes_b = [int(x) for x in rnd.g.permutation(rb)[:k]]
    else:
        k = int(rnd.g.integers(0, kmax + 1))
        axes_a, axes_b = list(range(ra - k, ra)), list(range(k))
    for i, j in zip(axes_a, axes_b):
        sb[j] = sa[i]
    if k and rnd.chance(0.05):  # NumPy's shape-mismatch error
        sb[axes_b[0]] = sa[axes_a[0]] + 1
    terms = int(np.prod([sa[i] for i in axes_a]))
    if op == "tensordot":
        axes_a = [x - ra if rnd.chance(0.3) else x for x in axes_a]
        axes_b = [x - rb if rnd.chance(0.3) else x for x in axes_b]
        params = {"axes_a": ",".join(map(str, axes_a)), "axes_b": ",".join(map(str, axes_b))}
        f = lambda x, y: np.tensordot(x, y, axes=(axes_a, axes_b))
    else:
        params = {"n": k}
        f = lambda x, y: np.tensordot(x, y, axes=k)
    wrap = True
    a, b = product_values(rnd, code, tuple(sa), wrap), product_values(rnd, code, tuple(sb), wrap)
    inputs = [(a, code, ra, rnd.layout(ra)), (b, code, rb, rnd.layout(rb))]
    product_case_out(w, "tensordot", op, inputs, f, [a, b], code, 2, terms, params)


# ------------------------------------------------------------------------------------------
# einsum with random specs
# ------------------------------------------------------------------------------------------
EINSUM_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
EINSUM_MAX_OUT_RANK = 4  # einsum_case.hpp's einsum_max_out_rank
EINSUM_MAX_WORK = 20000  # products per case, at most


def einsum_draw(rnd, ranks):
    """A random spec for operands of these ranks: shared indices (contractions and
    broadcasts), an index repeated within an operand (diagonal, trace), indices of one
    operand summed, '...' (covering 0-2 axes, broadcast between operands), an index of
    size 1 in one operand broadcast against its size in another, implicit output. Returns
    a dict (spec, shapes, rank: the output's, products: per element; terms, count and size
    of the indices) or None when the result's rank or the work is too large."""
    letters = [str(c) for c in rnd.g.permutation(list(EINSUM_LETTERS))]
    use_ell = rnd.chance(0.3)
    ell = [int(rnd.g.integers(0, min(r, 2) + 1)) if use_ell and rnd.chance(0.75) else None
           for r in ranks]
    ell_n = max((e for e in ell if e is not None), default=0)
    ell_shape = list(rnd.shape(ell_n))
    size, terms = {}, []
    for i, r in enumerate(ranks):
        labels = []
        for _ in range(r - (ell[i] or 0)):
            seen = sorted({x for t in terms for x in t})
            p = rnd.g.random()
            if seen and p < 0.45:
                lab = rnd.pick(seen)
            elif labels and p > 0.88:
                lab = rnd.pick(labels)
            else:
                lab = letters.pop()
                size[lab] = 0 if rnd.chance(0.02) else 1 if rnd.chance(0.12) else int(
                    rnd.g.integers(2, 6))
            labels.append(lab)
        terms.append(labels)
    count = {}
    for t in terms:
        for lab in t:
            count[lab] = count.get(lab, 0) + 1
    # Shapes: an index's size, or 1 (broadcast) where the index is in another operand too.
    shapes = []
    for i, t in enumerate(terms):
        named = [1 if (size[lab] > 1 and t.count(lab) == 1 and count[lab] > 1
                       and rnd.chance(0.12)) else size[lab] for lab in t]
        if ell[i] is None:
            shapes.append(tuple(named))
            continue
        dots = [1 if rnd.chance(0.2) else d for d in ell_shape[ell_n - ell[i]:]]
        at = int(rnd.g.integers(0, len(t) + 1))
        shapes.append(tuple(named[:at] + dots + named[at:]))
        t.insert(at, "...")
    # The size an index has after broadcasting.
    eff = {}
    for t, sh in zip(terms, shapes):
        ax = 0
        for lab in t:
            if lab == "...":
                ax += (len(sh) - (len(t) - 1))
                continue
            d = sh[ax]
            eff[lab] = d if eff.get(lab, 1) == 1 else eff[lab]
            ax += 1
    if rnd.chance(0.3):
        out = None  # implicit: '...' first, then the indices seen once, by character code
        out_labels = sorted(lab for lab in count if count[lab] == 1)
        out_ell = use_ell and any(e is not None for e in ell)
    else:
        out_labels = [lab for lab in sorted(count)
                      if rnd.chance(0.8 if count[lab] == 1 else 0.35)]
        out_labels = [str(x) for x in rnd.g.permutation(out_labels)] if out_labels else []
        out_ell = any(e is not None for e in ell) and (ell_n > 0 or rnd.chance(0.5))
        out = list(out_labels)
        if out_ell:
            out.insert(int(rnd.g.integers(0, len(out) + 1)), "...")
    out_rank = len(out_labels) + (ell_n if out_ell else 0)
    summed = [lab for lab in count if lab not in out_labels]
    products = int(np.prod([eff[lab] for lab in summed]))
    work = int(np.prod(list(eff.values()))) * int(np.prod(ell_shape))
    if out_rank > EINSUM_MAX_OUT_RANK or work > EINSUM_MAX_WORK:
        return None
    spec = ",".join("".join(t) for t in terms)
    if out is not None:
        spec += "->" + "".join(out)
    return {"spec": spec, "shapes": shapes, "rank": out_rank, "products": products,
            "terms": terms, "count": count, "size": eff}


def gen_einsum(w, rnd, key, n, ops=None):
    code = key[0][0]
    ranks = [r for _, r in key]
    for _ in range(n):
        d = None
        while d is None:
            d = einsum_draw(rnd, ranks)
        spec, shapes = d["spec"], d["shapes"]
        params = {"spec": spec, "rank": d["rank"]}
        if rnd.chance(0.04):
            # An index whose sizes do not fit (neither equal nor 1): NumPy's ValueError,
            # tensr's einsum_error. Kept only when NumPy does raise.
            where = [(i, ax) for i, t in enumerate(d["terms"]) if "..." not in t
                     for ax, lab in enumerate(t) if d["count"][lab] >= 2 and d["size"][lab] >= 2]
            if where:
                i, ax = rnd.pick(where)
                trial = [list(sh) for sh in shapes]
                trial[i][ax] = d["size"][d["terms"][i][ax]] + 1
                try:
                    np.einsum(spec, *[np.zeros(sh) for sh in trial])
                except ValueError:
                    shapes = [tuple(sh) for sh in trial]
                    params["errkind"] = "einsum"
        wrap = True
        ops_ = [product_values(rnd, code, sh, wrap) for sh in shapes]
        inputs = [(x, code, r, rnd.layout(r)) for x, r in zip(ops_, ranks)]
        f = lambda *xs: np.einsum(spec, *xs)
        if "errkind" not in params:
            r = np.einsum(spec, *ops_)
            assert r.ndim == d["rank"], (spec, shapes, r.shape, d["rank"])
        product_case_out(w, "einsum", "einsum", inputs, f, ops_, code, len(ops_),
                         d["products"], params)


# ------------------------------------------------------------------------------------------
# Views
# ------------------------------------------------------------------------------------------
VIEW_OPS = ["t", "transpose", "swapaxes", "moveaxis", "slice", "flip", "diagonal",
            "reshape", "expand_dims", "squeeze", "squeeze_all", "broadcast_to",
            "sliding_window_view", "newaxis", "ellipsis_newaxis"]
VIEW_MIN_RANK = {"transpose": 1, "swapaxes": 1, "moveaxis": 1, "slice": 1, "diagonal": 2,
                 "squeeze": 1, "sliding_window_view": 1}
VIEW_MAX_RANK = 4  # view.cpp's max_rank: reshape, squeeze_all and broadcast_to results


def view_values(rnd, code, shape):
    if kind(code) == 2:
        return rnd.g.normal(0, rnd.pick([1.0, 1e-3, 1e5]), shape).astype(code)
    return rnd.values(code, shape)


def as_laid_out(x, layout):
    """NumPy's view of stored(x, layout), as the runner sees the input: same strides up to
    the element size, so that NumPy's no-copy rule of reshape sees what tensr sees."""
    st = stored(x, layout)
    v = {"t": lambda: st.T, "f": lambda: np.flip(st), "s": lambda: st[..., ::2],
         "c": lambda: st}[layout]()
    return st, v


def gen_view(w, rnd, key, n, ops=None):
    ((code, rank),) = key
    for op in ops or VIEW_OPS:
        if rank < VIEW_MIN_RANK.get(op, 0):
            continue
        for _ in range(n):
            view_case(w, rnd, op, code, rank)


def view_case(w, rnd, op, code, rank):
    shape = list(rnd.shape(rank))
    bad = rnd.chance(0.05)
    axis = lambda: int(rnd.g.integers(-rank, rank))
    params = {}
    layout = rnd.layout(rank)
    if op == "squeeze" and not bad and 1 not in shape:
        shape[int(rnd.g.integers(rank))] = 1
    x = view_values(rnd, code, tuple(shape))
    if op == "t":
        f = lambda v: v.T
    elif op == "transpose":
        axes = [int(a) - (rank if rnd.chance(0.3) else 0) for a in rnd.g.permutation(rank)]
        if bad and rank >= 2:
            axes[0] = axes[1]
        params["axes"] = ",".join(map(str, axes))
        f = lambda v: np.transpose(v, axes)
    elif op == "swapaxes":
        params.update(axis1=axis(), axis2=axis())
        f = lambda v: np.swapaxes(v, params["axis1"], params["axis2"])
    elif op == "moveaxis":
        params.update(source=axis(), destination=axis())
        f = lambda v: np.moveaxis(v, params["source"], params["destination"])
    elif op == "slice":
        slices, texts = [], []
        for d in shape:
            step = rnd.pick([1, 1, 2, 3, -1, -1, -2, -3])
            end = lambda: None if rnd.chance(0.3) else int(rnd.g.integers(-d - 2, d + 3))
            s = slice(end(), end(), step)
            slices.append(s)
            texts.append("%s:%s:%d" % ("n" if s.start is None else s.start,
                                       "n" if s.stop is None else s.stop, step))
        params["slices"] = ",".join(texts)
        if shape[0] > 0 and rnd.chance(0.3):
            i = int(rnd.g.integers(-shape[0], shape[0]))
            params["index"] = i
            slices[0] = i
        f = lambda v: v[tuple(slices)]
    elif op == "flip":
        if rank and rnd.chance(0.6):
            params["axis"] = axis()
            f = lambda v: np.flip(v, params["axis"])
        else:
            f = np.flip
    elif op == "diagonal":
        a1 = int(rnd.g.integers(rank))
        a2 = a1 if bad else rnd.pick([a for a in range(rank) if a != a1])
        d = max(shape[a1], shape[a2])
        params.update(offset=int(rnd.g.integers(-d - 1, d + 2)),
                      axis1=a1 - (rank if rnd.chance(0.3) else 0),
                      axis2=a2 - (rank if rnd.chance(0.3) else 0))
        f = lambda v: v.diagonal(params["offset"], params["axis1"], params["axis2"])
    elif op == "reshape":
        size = int(np.prod(shape))
        new = None
        while new is None:
            new = factor_shape(rnd, size, int(rnd.g.integers(0, VIEW_MAX_RANK + 1)))
        new = list(new)
        if bad:
            new = [size + 1]
        elif size > 0 and new and rnd.chance(0.4):
            new[int(rnd.g.integers(len(new)))] = -1
        if size == 0:
            layout = "c"  # (whether NumPy copied cannot be seen from the memory it uses)
        params.update(shape=",".join(map(str, new)), rank=len(new))
        f = lambda v: v.reshape(new)
    elif op == "expand_dims":
        params["axis"] = int(rnd.g.integers(-rank - 1, rank + 1))
        f = lambda v: np.expand_dims(v, params["axis"])
    elif op == "squeeze":
        ones = [i for i, d in enumerate(shape) if d == 1]
        a = rnd.pick(ones) if ones and not bad else int(rnd.g.integers(rank))
        params["axis"] = a - (rank if rnd.chance(0.3) else 0)
        f = lambda v: np.squeeze(v, params["axis"])
    elif op == "squeeze_all":
        params["rank"] = sum(d != 1 for d in shape)
        f = np.squeeze
    elif op == "broadcast_to":
        target = list(rnd.shape(int(rnd.g.integers(0, VIEW_MAX_RANK - rank + 1))))
        target += [rnd.size() if d == 1 else d for d in shape]
        big = [i for i, d in enumerate(target) if d >= 2 and i >= len(target) - rank]
        if bad and big:
            target[rnd.pick(big)] += 1
        params.update(shape=",".join(map(str, target)), rank=len(target))
        f = lambda v: np.broadcast_to(v, target)
    elif op == "sliding_window_view":
        k = int(rnd.g.integers(1, 3))
        axes = [axis() for _ in range(k)]
        left, window = list(shape), []
        for a in axes:
            window.append(int(rnd.g.integers(0, left[a] + 1)))
            left[a] -= window[-1] - 1
        if bad:
            window[-1] = left[axes[-1]] + window[-1]
        params.update(window=",".join(map(str, window)), axes=",".join(map(str, axes)))
        f = lambda v: np.lib.stride_tricks.sliding_window_view(v, window, axes)
    elif op == "newaxis":
        f = lambda v: v[None]
    else:  # ellipsis_newaxis
        f = lambda v: v[..., None]
    inputs = [(x, code, rank, layout)]
    st, v = as_laid_out(x, layout)
    try:
        r = f(v)
    except ValueError as e:  # (np.AxisError is a ValueError)
        w.case("view", op, inputs, e, params)
        return
    if op == "reshape" and r.size and not np.shares_memory(r, st):
        # NumPy had to copy: tensr's reshape, which never copies, throws shape_error.
        w.case("view", op, inputs, ValueError("reshape would copy"), params)
        return
    w.case("view", op, inputs, np.array(r, order="C"), params)  # (a scalar stays 0-d)


# ------------------------------------------------------------------------------------------
FAMILIES = {"binary": (gen_binary, 4), "unary": (gen_unary, 6), "where": (gen_where, 8),
            "clip": (gen_clip, 8), "reduce": (gen_reduce, 4), "npy": (gen_npy, 2),
            "join2": (gen_join2, 4), "join1": (gen_join1, 4), "product": (gen_product, 3),
            "tensordot": (gen_tensordot, 6), "einsum": (gen_einsum, 16), "view": (gen_view, 4)}
OPTIONAL_FAMILIES = {"join2", "join1"}


def parse_key(line):
    """'binary f4:2 f4:s | add less' -> ('binary', (('f4', 2), ('f4', None)), ['add', 'less'])"""
    line, _, ops = line.partition("|")
    family, *specs = line.split()
    inputs = []
    for s in specs:
        code, rank = s.split(":")
        inputs.append((code, None if rank == "s" else int(rank)))
    return family, tuple(inputs), ops.split() or None


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    runner, out = sys.argv[1], pathlib.Path(sys.argv[2])
    seed = int(os.environ.get("TENSR_DIFF_SEED", DEFAULT_SEED))
    include_known = os.environ.get("TENSR_DIFF_KNOWN", "") not in ("", "0")
    print("differential: seed %d (TENSR_DIFF_SEED overrides it), NumPy %s"
          % (seed, np.__version__))
    t0 = time.time()
    keys = subprocess.run([runner, "--list"], check=True, capture_output=True,
                          text=True).stdout.split("\n")
    keys = [parse_key(k) for k in keys if k.strip()]
    families = {f for f, _, _ in keys}
    missing = [f for f in FAMILIES if f not in families and f not in OPTIONAL_FAMILIES]
    for family, every_op in (("binary", ALL_BINARY), ("unary", list(UNARY))):
        have = set().union(*(ops or every_op for f, _, ops in keys if f == family))
        missing += ["%s %s" % (family, op) for op in every_op if op not in have]
    if missing:
        print("differential: the runner has no cases of %s" % missing)
        return 1

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    w = Writer(out, include_known)
    rnd = Rand(seed)
    for family, inputs, ops in keys:
        gen, n = FAMILIES[family]
        gen(w, rnd, inputs, n, ops)
    w.close()
    with open(out / "known_differences.txt", "w") as f:
        for text, count in w.skipped_known.items():
            f.write("  - %s [%d cases%s]\n"
                    % (text, count, " run anyway" if include_known else " left out"))
    for (operands, np_type, ctype), ops in sorted(NOTES.items()):
        print("note: (%s) NumPy's result type is %s, tensr's %s: compared with NumPy on the "
              "inputs cast to %s; ops: %s" % (operands, np_type, ctype, ctype,
                                              " ".join(sorted(ops))))
    print("differential: generated %d cases in %.1f s" % (w.n, time.time() - t0))
    sys.stdout.flush()
    return subprocess.call([runner, str(out)])


if __name__ == "__main__":
    sys.exit(main())
