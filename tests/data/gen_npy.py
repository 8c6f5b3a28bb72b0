#!/usr/bin/python3
"""Writes the .npy files under tests/data/npy/ that tests/test_npy.cpp loads.

Run with a Python that has NumPy (on Debian: /usr/bin/python3 tests/data/gen_npy.py); the
files were committed as written by NumPy 1.24. tests/test_npy.cpp compares what it loads
with the literal values listed here, so keep the two in step.
"""
import pathlib

import numpy as np
from numpy.lib import format as npf

OUT = pathlib.Path(__file__).resolve().parent / "npy"


def save(name, arr, version=None):
    with open(OUT / name, "wb") as f:
        if version is None:
            np.save(f, arr)
        else:
            npf.write_array(f, arr, version=version)


def main():
    OUT.mkdir(exist_ok=True)
    # One file per dtype, C order, little-endian (or '|').
    save("f4_2x3.npy", np.array([[1.5, -2.25, 0.0], [3.0e38, -1.0e-30, 7.0]], dtype="<f4"))
    save("f8_4.npy", np.array([0.1, -2.5, 1.0e300, np.inf], dtype="<f8"))
    save("i1_4.npy", np.array([-128, -1, 0, 127], dtype="i1"))
    save("u1_5.npy", np.array([0, 1, 127, 128, 255], dtype="u1"))
    save("i2_3.npy", np.array([-32768, 12345, 32767], dtype="<i2"))
    save("u2_2.npy", np.array([0, 65535], dtype="<u2"))
    save("i4_2x2x2.npy", np.arange(-4, 4, dtype="<i4").reshape(2, 2, 2) * 1000003)
    save("u4_2.npy", np.array([7, 4294967295], dtype="<u4"))
    save("i8_3.npy", np.array([-(2**63), 2**40 + 3, 2**63 - 1], dtype="<i8"))
    save("u8_2.npy", np.array([1, 2**64 - 1], dtype="<u8"))
    save("b1_2x2.npy", np.array([[True, False], [False, True]]))
    # Big-endian.
    save("be_f8_2x2.npy", np.array([[1.0, -0.5], [3.25, 1.0e-300]], dtype=">f8"))
    save("be_i4_3.npy", np.array([1, -2, 100000], dtype=">i4"))
    save("be_u2_2.npy", np.array([258, 65534], dtype=">u2"))
    save("be_f4_2.npy", np.array([1.5, -7.0], dtype=">f4"))
    # Fortran order (np.save writes fortran_order True for F-contiguous, non-C-contiguous arrays).
    save("fortran_i4_3x4.npy", np.asfortranarray(np.arange(12, dtype="<i4").reshape(3, 4)))
    save("fortran_f8_2x3x4.npy",
         np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) * 0.5))
    save("fortran_be_f4_2x3.npy",
         np.asfortranarray(np.arange(6, dtype=">f4").reshape(2, 3) - 2.5))
    # 0-d and 0-size.
    save("scalar_f8.npy", np.array(3.5, dtype="<f8"))
    save("scalar_b1.npy", np.array(True))
    save("empty_f4_0x3.npy", np.zeros((0, 3), dtype="<f4"))
    save("empty_i8_2x0x4.npy", np.zeros((2, 0, 4), dtype="<i8"))
    # Format versions 2.0 and 3.0 (3.0: the header is utf8).
    save("v2_f8_2x2.npy", np.array([[1.0, 2.0], [3.0, 4.0]], dtype="<f8"), version=(2, 0))
    save("v3_i2_3.npy", np.array([-1, 0, 1], dtype="<i2"), version=(3, 0))


if __name__ == "__main__":
    main()
