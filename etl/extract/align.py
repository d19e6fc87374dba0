"""Alignment of printed labels to a national template: which printed row is which template row.

Printed rows come in the template's order, give or take rows left out, rows added and labels misprinted.
Each printed label scores its closeness to some template rows; the alignment picks, for every printed
label, at most one template row so that the order is kept and the total score is highest. A misprint
that is close to two rows is decided by its neighbours; a label that fits nowhere stays unplaced.
"""
from __future__ import annotations

from collections.abc import Sequence


def align(scores: Sequence[dict[str, float]], template: Sequence[str]) -> list[str | None]:
    """For each printed item (its candidate keys with their scores), the template key it is, or None.

    Keys are used at most once and in template order (a monotone alignment, as in sequence alignment
    with free gaps); among alignments with the same score the earliest printed candidates win.
    """
    n, m = len(scores), len(template)
    # best[i][j]: the highest score aligning items[:i] with template[:j].
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, cand = best[i], best[i - 1], scores[i - 1]
        for j in range(1, m + 1):
            value = max(prev[j], row[j - 1])
            score = cand.get(template[j - 1])
            if score is not None:
                value = max(value, prev[j - 1] + score)
            row[j] = value
    keys: list[str | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        score = scores[i - 1].get(template[j - 1])
        if score is not None and abs(best[i][j] - (best[i - 1][j - 1] + score)) < 1e-9 \
                and not abs(best[i][j] - best[i - 1][j]) < 1e-9:
            keys[i - 1] = template[j - 1]
            i, j = i - 1, j - 1
        elif abs(best[i][j] - best[i - 1][j]) < 1e-9:
            i -= 1
        else:
            j -= 1
    return keys
