#!/usr/bin/python3
"""Expected values for tests/test_einsum_*.cpp, computed by NumPy's np.einsum.

Operand k of a case with shape s holds ((arange(n) * (k + 2) + k) % 11) - 5 reshaped to s
(tests/test_einsum_common.hpp builds the same numbers), so every expected value is an exact
integer in double. Writes tests/data/einsum/cases_<group>.inc, one C++ call per case:

    check<R>("spec", {shape, values}, <the compile-time form as a lambda>, operands...);

Run: /usr/bin/python3 tests/data/gen_einsum.py (from the repository root).
"""
import os

import numpy as np

GROUPS = {
    "one": [
        ("ij->ji", [(2, 3)]),
        ("ij", [(2, 3)]),
        ("ji", [(2, 3)]),
        ("ii->", [(3, 3)]),
        ("ii", [(3, 3)]),
        ("ii->i", [(3, 3)]),
        ("iij->j", [(3, 3, 2)]),
        ("iji->ij", [(3, 2, 3)]),
        ("ij->", [(2, 3)]),
        ("ij->i", [(2, 3)]),
        ("ij->j", [(2, 3)]),
        ("ijk->kji", [(2, 3, 4)]),
        ("ijkl->lk", [(2, 3, 2, 2)]),
        ("abcde->eca", [(2, 1, 3, 2, 2)]),
        ("abcde", [(1, 2, 2, 1, 3)]),
        ("->", [()]),
        ("", [()]),
        ("i", [(4,)]),
        ("i->", [(0,)]),
        ("ij->j", [(0, 3)]),
        ("ij->i", [(2, 0)]),
        ("...->...", [(2, 3)]),
        ("...ii->...i", [(2, 3, 3)]),
        ("i...->...", [(2, 3, 2)]),
        ("...", [(2, 2)]),
        ("...ij->...ji", [(2, 2, 3)]),
        ("Ba->aB", [(2, 3)]),
    ],
    "two": [
        ("ij,jk->ik", [(2, 3), (3, 4)]),
        ("ij,jk", [(2, 3), (3, 4)]),
        ("ij,kj->ik", [(2, 3), (4, 3)]),
        ("ji,jk->ik", [(3, 2), (3, 4)]),
        ("ij,jk->ki", [(2, 3), (3, 4)]),
        ("ba,ac->bc", [(2, 3), (3, 4)]),
        ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
        ("ijb,jkb->ikb", [(2, 3, 2), (3, 4, 2)]),
        ("bij,bkj->bik", [(2, 2, 3), (2, 4, 3)]),
        ("ijk,jl->ilk", [(3, 4, 1), (4, 5)]),
        ("ijk,jl->ilk", [(3, 4, 2), (4, 5)]),
        ("i,i->", [(4,), (4,)]),
        ("i,i", [(4,), (4,)]),
        ("i,j->ij", [(2,), (3,)]),
        ("i,j", [(2,), (3,)]),
        ("ij,ij->ij", [(2, 3), (2, 3)]),
        ("ij,ij->", [(2, 3), (2, 3)]),
        ("ij,ji->", [(2, 3), (3, 2)]),
        ("ij,j->i", [(2, 3), (3,)]),
        ("i,ij->j", [(2,), (2, 3)]),
        ("ij,jk->ik", [(2, 1), (3, 4)]),
        ("ij,jk->ik", [(2, 3), (1, 4)]),
        ("i,i->i", [(3,), (1,)]),
        ("ij,ij->ij", [(2, 1), (1, 3)]),
        ("Ba,aC->BC", [(2, 3), (3, 4)]),
        ("Ab,bC", [(2, 3), (3, 4)]),
        ("ba,cb", [(2, 3), (4, 2)]),
        ("ba,ab", [(2, 3), (3, 2)]),
        ("ab,ab->ba", [(2, 3), (2, 3)]),
        ("ii,i->i", [(3, 3), (3,)]),
        ("ijk,ikj->i", [(2, 3, 4), (2, 4, 3)]),
        ("i,->i", [(3,), ()]),
        (",->", [(), ()]),
        ("ij,jk->ik", [(2, 0), (0, 3)]),
        ("ij,jk->ik", [(0, 3), (3, 2)]),
        ("abcd,dcbe->ae", [(2, 2, 3, 2), (2, 3, 2, 3)]),
        ("abcde,ed->abc", [(2, 1, 2, 3, 2), (2, 3)]),
        ("ij,kl->ijkl", [(2, 2), (3, 2)]),
        ("ij,kl->ikjl", [(2, 2), (3, 2)]),
        ("...ij,...jk->...ik", [(2, 1, 2, 3), (3, 3, 2)]),
        ("...ij,...jk", [(2, 2, 3), (3, 2)]),
        ("i...,j...->ij...", [(2, 3), (4, 1)]),
        ("...,...", [(2, 3), (3,)]),
        ("...i,...i->...", [(2, 3), (3,)]),
        ("ij...,jk...->ik...", [(2, 3, 2), (3, 2, 2)]),
        ("ij,jk->ik", [(33, 40), (40, 27)]),
        ("bij,jk->bik", [(3, 20, 30), (30, 25)]),
        ("ij,kj->ik", [(30, 41), (29, 41)]),
        ("ijk,jl->ilk", [(20, 30, 1), (30, 40)]),
        # layouts the GEMM cannot read directly: a copied operand, a batch loop
        ("ijk,kl->jil", [(3, 2, 4), (4, 2)]),
        ("abij,abjk->baik", [(2, 3, 2, 2), (2, 3, 2, 3)]),
        ("ibj,bjk->kbi", [(2, 3, 4), (3, 4, 2)]),
    ],
    "multi": [
        ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
        ("ij,jk,kl", [(2, 3), (3, 4), (4, 2)]),
        ("i,i,i->", [(4,), (4,), (4,)]),
        ("i,j,k->ijk", [(2,), (3,), (2,)]),
        ("bn,anm,bm->ba", [(2, 3), (4, 3, 2), (2, 2)]),
        ("ea,fb,abcd->efcd", [(2, 3), (2, 2), (3, 2, 2, 3), ]),
        ("ii,ij,jk->k", [(3, 3), (3, 2), (2, 4)]),
        ("ij,j,jk->ik", [(2, 3), (3,), (3, 2)]),
        ("...a,...a,...a->...", [(2, 3), (3,), (1, 3)]),
        ("ab,bc,cd,de->ae", [(2, 5), (5, 2), (2, 5), (5, 3)]),
        ("i,i,i,i->i", [(3,), (3,), (3,), (3,)]),
        ("ij,jk,kl,lm->", [(2, 3), (3, 2), (2, 3), (3, 2)]),
        ("ab,bc,cd,de,ef->af", [(2, 3), (3, 2), (2, 4), (4, 2), (2, 3)]),
        ("a,b,c,d,e->abcde", [(2,), (1,), (3,), (2,), (2,)]),
        ("ij,ik,il,im,in->i", [(2, 2), (2, 3), (2, 1), (2, 2), (2, 3)]),
        ("abc,bcd,de,e,ea->", [(2, 3, 2), (3, 2, 2), (2, 3), (3,), (3, 2)]),
        ("ij,jk,kl->il", [(2, 0), (0, 3), (3, 2)]),
        ("ab,bc,cd->", [(1, 3), (3, 1), (1, 2)]),
    ],
}


def operand(k, shape):
    n = int(np.prod(shape, dtype=np.int64))
    return (((np.arange(n) * (k + 2) + k) % 11) - 5).astype(np.float64).reshape(shape)


def braced(xs):
    return "{" + ", ".join(str(x) for x in xs) + "}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "einsum")
    os.makedirs(out_dir, exist_ok=True)
    for group, cases in GROUPS.items():
        lines = [
            "// generated by tests/data/gen_einsum.py from np.einsum -- do not edit",
        ]
        for spec, shapes in cases:
            ops = [operand(k, s) for k, s in enumerate(shapes)]
            r = np.asarray(np.einsum(spec, *ops))
            vals = braced(int(v) for v in r.ravel())
            args = ", ".join(
                f"op<{len(s)}>({', '.join([str(k)] + [str(d) for d in s])})"
                for k, s in enumerate(shapes))
            lines.append(
                f'check<{r.ndim}>("{spec}", {{{braced(r.shape)}, {vals}}}, '
                f'[](const auto&... o) {{ return tensr::einsum<"{spec}">(o...); }}, {args});')
        with open(os.path.join(out_dir, f"cases_{group}.inc"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
