#!/usr/bin/python3
"""NumPy reads what tensr writes: runs tests/test_npy_export.cpp's program with
TENSR_NPY_EXPORT_DIR set, then loads every file it wrote with np.load and compares dtype,
shape and values (bit for bit) with the same arrays built in NumPy.

Usage: npy_roundtrip.py <test_npy_export executable> <output directory>
Exits 77 (CTest's SKIP_RETURN_CODE) when NumPy cannot be imported.
"""
import os
import pathlib
import shutil
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    print("SKIP: numpy is not importable by %s (on Debian: apt-get install python3-numpy)"
          % sys.executable)
    sys.exit(77)

CODES = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"]


def base(code, shape):
    k = np.arange(int(np.prod(shape)), dtype=np.int64)
    if code == "b1":
        v = k % 3 == 0
    elif code[0] == "f":
        v = (k.astype(np.float64) - 5) * 0.25
    elif code[0] == "i":
        v = k * 37 % 200 - 100
    else:
        v = k * 37 % 251
    return v.astype(code).reshape(shape)


def expected():
    out = {}
    for c in CODES:
        out[c + "_r0"] = base(c, ())
        out[c + "_r1"] = base(c, (5,))
        out[c + "_r2"] = base(c, (3, 4))
        out[c + "_r3"] = base(c, (2, 3, 4))
        out[c + "_r4"] = base(c, (2, 1, 3, 2))
        out[c + "_empty"] = base(c, (0, 3))
        m = base(c, (3, 4))
        out[c + "_t"] = m.T
        out[c + "_step"] = m[0:3:2, ::-1]
        a = base(c, (2, 3, 4))
        out[c + "_flip"] = np.flip(a, 1)
        out[c + "_perm"] = a.transpose(2, 0, 1)
        if c[0] in "iu":
            info = np.iinfo(c)
            out[c + "_limits"] = np.array([info.min, info.max, 0, 1], dtype=c)
    out["f8_special"] = np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324,
                                  np.finfo(np.float64).max], dtype="f8")
    out["f4_special"] = np.array([np.inf, -0.0, np.finfo(np.float32).smallest_subnormal,
                                  np.finfo(np.float32).max], dtype="f4")
    return out


def main():
    exe, outdir = sys.argv[1], pathlib.Path(sys.argv[2])
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    env = dict(os.environ, TENSR_NPY_EXPORT_DIR=str(outdir))
    subprocess.run([exe], env=env, check=True)

    want = expected()
    written = {p.stem for p in outdir.glob("*.npy")}
    failures = []
    if written != set(want):
        failures.append("files written %s differ from files expected %s"
                        % (sorted(written ^ set(want)), "(symmetric difference)"))
    for name in sorted(written & set(want)):
        path = outdir / (name + ".npy")
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            np.lib.format._check_version(version)
            if version != (1, 0):
                failures.append("%s: format version %s, expected (1, 0)" % (name, version))
            np.lib.format.read_array_header_1_0(f)
            if f.tell() % 64:
                failures.append("%s: payload starts at %d, not a multiple of 64" % (name, f.tell()))
        got = np.load(path, allow_pickle=False)
        exp = want[name]
        native = exp.dtype.newbyteorder("=")
        if got.dtype != native or got.shape != exp.shape:
            failures.append("%s: got %s %s, expected %s %s"
                            % (name, got.dtype.str, got.shape, native.str, exp.shape))
        elif got.tobytes() != np.ascontiguousarray(exp).tobytes():
            failures.append("%s: values differ:\n  got      %r\n  expected %r" % (name, got, exp))
    for f in failures:
        print("FAIL:", f)
    print("npy_roundtrip: NumPy %s loaded %d files written by tensr, %d failures"
          % (np.__version__, len(written), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
