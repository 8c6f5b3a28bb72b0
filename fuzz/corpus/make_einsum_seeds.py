#!/usr/bin/env python3
"""Writes the seed inputs of fuzz/einsum_fuzzer.cpp into fuzz/corpus/einsum/.

Layout of an input (see einsum_fuzzer.cpp): byte 0 = (operand count - 1) | output rank << 2
| int64 << 5 | into << 6 | path << 7; byte 1 = derive | '...' axes per operand << 1, 3, 5 |
one axis 0 or 1 << 7; per operand a rank byte and three size bytes; a seed byte for the values;
then the spec. Half of the seeds give the shapes, half let the fuzzer derive them. Run from anywhere: python3 fuzz/corpus/make_einsum_seeds.py
"""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "einsum"

# (spec, operand shapes, output rank, int64, into, path)
SEEDS = [
    ("ij,jk->ik", [(2, 3), (3, 2)], 2, False, True, True),
    ("ij,jk", [(3, 3), (3, 3)], 2, True, True, False),
    ("ii", [(3, 3)], 0, False, False, False),
    ("ii->i", [(2, 2)], 1, True, False, False),
    ("ij->ji", [(2, 3)], 2, False, True, False),
    ("...ij,...jk->...ik", [(2, 2, 3), (1, 3, 2)], 3, False, True, True),
    ("bij,bjk->bik", [(2, 2, 2), (2, 2, 3)], 3, True, False, True),
    ("ab,bc,cd->ad", [(2, 3), (3, 1), (1, 2)], 2, False, False, True),
    ("i,i->", [(3,), (1,)], 0, False, False, False),
    ("ijk,jl->ilk", [(2, 3, 1), (3, 2)], 3, False, True, True),
    ("ij,kj->ik", [(0, 3), (2, 3)], 2, True, True, False),
    ("...,...", [(2, 3), (3,)], 2, False, False, False),
    ("a b , b c -> a c", [(1, 2), (2, 2)], 2, False, False, False),
    ("i,j,k", [(2,), (3,), (1,)], 3, True, False, True),
    ("Ab,bA->", [(2, 3), (3, 2)], 0, False, False, False),
]


def encode(spec, shapes, out_rank, int64, into, path, ctl):
    head = (len(shapes) - 1) | out_rank << 2 | int64 << 5 | into << 6 | path << 7
    b = bytes([head, ctl])
    for s in shapes:
        sizes = list(s) + [1] * (3 - len(s))
        b += bytes([len(s)] + sizes)
    return b + bytes([11]) + spec.encode()


OUT.mkdir(exist_ok=True)
for i, seed in enumerate(SEEDS):
    (OUT / ("seed_%02d" % i)).write_bytes(encode(*seed, 0))
    (OUT / ("derived_%02d" % i)).write_bytes(encode(*seed, 1 | (i % 7) << 1 | (i % 3 == 0) << 7))
