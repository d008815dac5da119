"""Independent reference for the DUS repository's level construction (dilated and binary).

Written from the description of omerlux/DUS generate.py in shared/spec/planners.md §1.2:
strides B // a**skip, then floor-divided by a; each level takes the not-yet-revealed offsets that
are multiples of the stride; leftovers form a final level; a final level smaller than the one
before it is merged into it. Binary: recursive midpoints (lo+hi)//2 by depth, same merge.

Prints one JSON object: {"dilated": {"B,a,skip": [[...], ...]}, "binary": {"B": [[...], ...]}}.
"""
import json
import sys


def merge_last(levels):
    if len(levels) >= 2 and len(levels[-1]) < len(levels[-2]):
        last = levels.pop()
        levels[-1] = sorted(levels[-1] + last)
    return levels


def dilated(B, a, skip):
    if a == 1:
        return [list(range(B))]
    stride = B // (a ** skip)
    seen, out = set(), []
    while stride >= 1:
        level = [i for i in range(B) if i % stride == 0 and i not in seen]
        if level:
            out.append(level)
            seen.update(level)
        stride //= a
    rest = [i for i in range(B) if i not in seen]
    if rest:
        out.append(rest)
    return merge_last(out)


def binary(B):
    out = []

    def rec(lo, hi, depth):
        if lo > hi:
            return
        if len(out) <= depth:
            out.append([])
        mid = (lo + hi) // 2
        out[depth].append(mid)
        rec(lo, mid - 1, depth + 1)
        rec(mid + 1, hi, depth + 1)

    rec(0, B - 1, 0)
    return merge_last([sorted(l) for l in out])


def main():
    max_b = int(sys.argv[1]) if len(sys.argv) > 1 else 128
    result = {"dilated": {}, "binary": {}}
    for B in range(1, max_b + 1):
        for a in (1, 2, 3, 4):
            for skip in (1, 2):
                result["dilated"][f"{B},{a},{skip}"] = dilated(B, a, skip)
        result["binary"][str(B)] = binary(B)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
