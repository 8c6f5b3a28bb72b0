#!/usr/bin/env python3
"""Writes the seed inputs of fuzz/gemm_fuzzer.cpp into fuzz/corpus/gemm/: every operation and
element type once, at several sizes and layouts.

Layout of an input (see read_problem in gemm_fuzzer.cpp): byte 0 = operation + 9 * type;
byte 1 = GEMM kernel level | elementwise level << 2 | size scale << 4 (0-2 and 14 tiny, 3-6
and 12, 13, 15 small, 7, 8 and 11 medium, 9 large, 10 one long dimension); m, n, k (with scale
10 two more bytes: which dimension is long, and its size); flags (batch | no batch in A << 2 |
no batch in B << 3 | ta << 4 | tb << 5 | tc << 6 | shared buffer << 7); alpha | beta << 3;
value seed; then two layout bytes per operand (A, B, C). Run: python3 fuzz/corpus/make_gemm_seeds.py
"""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "gemm"
OPS = 9
scales = [0x00, 0x50, 0x70, 0x90, 0xa0]
OUT.mkdir(exist_ok=True)
i = 0
for op in range(OPS):
    for typ in range(4):
        scale = scales[(op + typ) % len(scales)]
        level = (op + typ) % 4 | ((op * 3 + typ) % 4) << 2
        flags = (2 + op) % 4 | (typ & 1) << 4 | (op & 1) << 5 | (typ >> 1) << 6 | ((op + typ) % 3 == 0) << 7
        ab = (op + typ) % 8 | ((op * 5 + typ) % 8) << 3
        layouts = bytes([(op * 7 + typ * 3 + j * 11) % 256 for j in range(6)])
        data = bytes([op + OPS * typ, scale | level, 3 + op, 5 + typ, 7 + op + typ, flags, ab, 17 * i % 256, 1, 2]) + layouts
        (OUT / ("seed_%02d" % i)).write_bytes(data)
        i += 1
