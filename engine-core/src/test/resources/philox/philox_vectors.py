#!/usr/bin/env python3
"""Writes philox4x32_10.txt: known answers of Philox4x32-10 and of jgrad's counter-based stream.

An implementation of its own, written from the algorithm's definition (Salmon, Moraes, Dror and
Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011), independent of the Java code; it
first checks itself against the three known-answer vectors the paper's authors publish with their
Random123 library. Run from this directory: python3 philox_vectors.py > philox4x32_10.txt
"""
import random

MASK = 0xFFFFFFFF
A, B = 0xD2511F53, 0xCD9E8D57  # round multipliers
WA, WB = 0x9E3779B9, 0xBB67AE85  # key schedule (Weyl) increments


def philox4x32_10(ctr, key):
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for _ in range(10):
        p0 = A * c0
        p1 = B * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32) ^ c3 ^ k1) & MASK, p0 & MASK
        k0, k1 = (k0 + WA) & MASK, (k1 + WB) & MASK
    return c0, c1, c2, c3


PUBLISHED = [  # Random123 kat_vectors, philox4x32 with 10 rounds: counter, key, answer
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((MASK,) * 4, (MASK, MASK), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]


def stream_word(key64, first_block, i):
    """Element i of a draw starting at block first_block of the stream of 64-bit key key64."""
    b = first_block + i // 4
    ctr = (b & MASK, (b >> 32) & MASK, 0, 0)
    return philox4x32_10(ctr, (key64 & MASK, (key64 >> 32) & MASK))[i % 4]


def main():
    for ctr, key, want in PUBLISHED:
        assert philox4x32_10(ctr, key) == want, (ctr, key)
    rng = random.Random(20261203)
    print("# block c0 c1 c2 c3 k0 k1 -> r0 r1 r2 r3 (hex words), written by philox_vectors.py")
    cases = [c[:2] for c in PUBLISHED]
    cases += [(tuple(rng.getrandbits(32) for _ in range(4)), (rng.getrandbits(32), rng.getrandbits(32)))
              for _ in range(20)]
    for ctr, key in cases:
        out = philox4x32_10(ctr, key)
        print("block", *("%08x" % w for w in ctr + key), "->", *("%08x" % w for w in out))
    print("# stream key first_block n: the n words of a draw (signed 64-bit decimal key and block)")
    for key, first, n in [(0, 0, 9), (1, 0, 8), (-7, 5, 11), (0x123456789ABCDEF, (1 << 32) - 2, 13),
                          (rng.getrandbits(63), rng.getrandbits(40), 6)]:
        words = [stream_word(key & ((1 << 64) - 1), first, i) for i in range(n)]
        print("stream", key, first, n, "->", *("%08x" % w for w in words))


if __name__ == "__main__":
    main()
