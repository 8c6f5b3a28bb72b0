#!/usr/bin/env python3
"""Expected strings for tests/test_print.cpp: NumPy's repr() of each case below, printed
as C++ string literals (one literal per output line) to paste into the test.

Run with a Python that has NumPy (the strings in the test come from NumPy 1.24):

    /usr/bin/python3 tests/data/gen_print.py            # every case
    /usr/bin/python3 tests/data/gen_print.py f32_sci    # only the named cases
"""
import sys

import numpy as np

f32, f64 = np.float32, np.float64
nan, inf = np.nan, np.inf

# name -> array; the test builds the same array with tensr (see the case's name there).
CASES = {
    # float64, float32
    "f64_2d": np.array([[1, 2], [3, 4]], f64),
    "f32_2d": np.array([[1, 2], [3, 4]], f32),
    "f32_1d": np.array([1, 2, 3], f32),
    "f64_mixed_widths": np.array([1.5, 2.25, 3.0]),
    "f64_negative": np.array([-1.5, 2.0, -3.25, 100.0]),
    "f64_neg_zero": np.array([-0.0, 0.0, 1.0]),
    "f64_digits": np.array([1 / 3, 2 / 3, 0.1, 12345.678]),
    "f64_precision_cut": np.array([0.123456789, 3.14159265358979, -2.718281828459045]),
    "f64_positional": np.array([1 / 3, 2 / 3, 12.5]),
    "f32_large_int": np.array([73804592.0, 69642768.0, 88237528.0], f32),
    "f32_tenths": np.array([0.1, 0.2, 0.3], f32),
    "f32_digits": np.array([1 / 3, 3.14159265358979, -2.5], f32),
    # scientific notation
    "f64_sci_small": np.array([1e-5, 1.0]),
    "f64_sci_large": np.array([1.23456789e8, 1.0]),
    "f64_sci_ratio": np.array([1.0, 1001.0, -2.5]),
    "f64_sci_exp3": np.array([1e100, 1e-100]),
    "f64_sci_mixed": np.array([[1.5e-7, -2.0], [0.0, 3.25e10]]),
    "f32_sci": np.array([0.1, 1e-5, 1.23456789], f32),
    "f32_sci_short": np.array([0.1, 1e-5], f32),
    # nan / inf
    "f64_nan_inf": np.array([nan, inf]),
    "f64_nan_neginf": np.array([nan, -inf]),
    "f64_value_nan": np.array([1.5, nan, 2.0]),
    "f64_sci_nonfinite": np.array([1e-5, nan, -inf]),
    "f32_nonfinite": np.array([[1.0, inf], [-inf, nan]], f32),
    # integers and bool
    "i64_1d": np.arange(10) - 3,
    "i32_1d": np.array([-5, 10, 300], np.int32),
    "i8_1d": np.array([-128, 0, 127], np.int8),
    "u8_1d": np.array([0, 255, 7], np.uint8),
    "i16_2d": np.array([[1, -20], [300, 4]], np.int16),
    "u16_1d": np.array([1, 65535], np.uint16),
    "u32_1d": np.array([4000000000, 1], np.uint32),
    "u64_1d": np.array([0, 18446744073709551615], np.uint64),
    "bool_1d": np.array([True, False, True]),
    "bool_all_true": np.array([True, True]),
    "bool_2d": np.array([[True, False], [False, False]]),
    # rank 0
    "r0_f64": np.array(3.5),
    "r0_f32": np.array(3.5, f32),
    "r0_i64": np.array(7),
    "r0_u8": np.array(7, np.uint8),
    "r0_bool": np.array(True),
    "r0_nan": np.array(nan),
    "r0_neg_zero": np.array(-0.0),
    "r0_sci": np.array(1e-7, f32),
    # rank 3
    "i64_3d": np.arange(24).reshape(2, 3, 4),
    "f64_3d": np.arange(8.0).reshape(2, 2, 2) / 2,
    # empty and zero-size
    "empty_f32": np.zeros(0, f32),
    "empty_f64": np.zeros(0, f64),
    "empty_i64": np.zeros(0, np.int64),
    "empty_0x3_f64": np.zeros((0, 3), f64),
    "empty_3x0_i32": np.zeros((3, 0), np.int32),
    "empty_2x0x3_bool": np.zeros((2, 0, 3), bool),
    # line wrapping and dtype placement
    "f64_arange30": np.arange(30.0),
    "f32_arange30": np.arange(30.0, dtype=f32),
    "i64_arange100": np.arange(100),
    "f64_2x20": np.arange(40.0).reshape(2, 20),
    "f32_dtype_newline": np.arange(13, dtype=f32) * 7,
    "i32_dtype_newline": np.arange(14, dtype=np.int32) * 7,
    # summarization
    "i64_arange2000": np.arange(2000),
    "i64_arange1001": np.arange(1001),
    "f64_arange2000": np.arange(2000.0),
    "i64_100x100": np.arange(10000).reshape(100, 100),
    "f32_100x100": (np.arange(10000, dtype=f32) / 4).reshape(100, 100),
    "i64_20x10x10": np.arange(2000).reshape(20, 10, 10),
    "i64_2x1000": np.arange(2000).reshape(2, 1000),
    "bool_2000": np.arange(2000) % 3 == 0,
    # non-contiguous views
    "f64_transposed": np.arange(6.0).reshape(2, 3).T,
    "i64_flipped": np.arange(5)[::-1],
    "f32_flipped_2d": np.arange(6, dtype=f32).reshape(2, 3)[:, ::-1],
    "i64_broadcast": np.broadcast_to(np.array([1, 2, 3]), (2, 3)),
    "i64_transposed_2000": np.arange(2000).reshape(40, 50).T,
}


def cxx_literal(text):
    """The text as adjacent C++ string literals, one per output line."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        esc = line.replace("\\", "\\\\").replace('"', '\\"')
        out.append('"' + esc + ("\\n" if i + 1 < len(lines) else "") + '"')
    return "\n".join(out)


def main(names):
    for name in names or CASES:
        print("// " + name)
        print(cxx_literal(repr(CASES[name])))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
