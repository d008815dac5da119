"""Independent reference for dev.dilate.eval.text.KneserNey: interpolated modified Kneser-Ney
(Chen & Goodman 1998, eq. 17 and 19) with KenLM's conventions (raw counts at the top order and for
n-grams starting with <s>; one <s> of padding; unigrams interpolated with the uniform over the
vocabulary without <s>). Written from the formulas with plain dictionaries.

usage: python3 kneser_ney.py ORDER TRAIN_FILE QUERY_FILE
TRAIN_FILE: one sentence per line, words separated by spaces. QUERY_FILE: lines
"h1 h2 ... | w"; prints ln p(w | h) per query line.
"""
import math
import sys
from collections import defaultdict

order = int(sys.argv[1])
sentences = [line.split() for line in open(sys.argv[2], encoding="utf-8") if line.split()]

counts = [defaultdict(int) for _ in range(order + 1)]  # counts[k][tuple] = raw count of k-grams
for s in sentences:
    toks = ["<s>"] + s + ["</s>"]
    for i in range(1, len(toks)):
        for k in range(1, order + 1):
            if i - k + 1 < 0:
                break
            counts[k][tuple(toks[i - k + 1:i + 1])] += 1

vocab = {w for (w,) in counts[1]} | {"<unk>", "</s>"}

adj = [None] * (order + 1)
adj[order] = dict(counts[order])
for k in range(order - 1, 0, -1):
    left = defaultdict(set)
    for g in counts[k + 1]:
        left[g[1:]].add(g[0])
    adj[k] = {}
    for g, c in counts[k].items():
        adj[k][g] = c if g[0] == "<s>" else len(left[g])


def discounts(a):
    t = {j: sum(1 for v in a.values() if v == j) for j in range(1, 5)}
    if min(t.values()) == 0:
        return {1: 0.5, 2: 1.0, 3: 1.5}
    y = t[1] / (t[1] + 2 * t[2])
    d = {j: j - (j + 1) * y * t[j + 1] / t[j] for j in (1, 2, 3)}
    if any(not (0 < d[j] <= j) for j in d):
        return {1: 0.5, 2: 1.0, 3: 1.5}
    return d


D = {k: discounts(adj[k]) for k in range(1, order + 1)}
by_context = {k: defaultdict(dict) for k in range(1, order + 1)}
for k in range(1, order + 1):
    for g, a in adj[k].items():
        by_context[k][g[:-1]][g[-1]] = a


def p(context, w):
    k = len(context) + 1
    if k == 1:
        lower = 1.0 / len(vocab)
    else:
        lower = p(context[1:], w)
    follow = by_context[k].get(tuple(context))
    if not follow:
        return lower
    total = sum(follow.values())
    n = {j: sum(1 for a in follow.values() if min(a, 3) == j) for j in (1, 2, 3)}
    gamma = sum(D[k][j] * n[j] for j in (1, 2, 3)) / total
    a = follow.get(w, 0)
    return max(a - D[k][min(a, 3)], 0) / total + gamma * lower if a else gamma * lower


for line in open(sys.argv[3], encoding="utf-8"):
    history, w = line.rstrip("\n").split(" | ")
    h = history.split()[-(order - 1):] if order > 1 and history.split() else []
    h = [x if x in vocab or x == "<s>" else "<unk>" for x in h]
    print(repr(math.log(p(h, w if w in vocab else "<unk>"))))
