"""The statistics behind "rising this week": an exact binomial tail and Benjamini–Hochberg.

A value's weekly article counts are Poisson. To ask whether this week's count ``x`` is
higher than its baseline ``b`` (the sum over the baseline weeks) allows, condition on
``n = x + b``: under "same rate" ``x`` is Binomial(n, p0), with ``p0`` the current
window's share of the exposure (``1 / (weeks + 1)`` for equal weeks, or this week's share
of all articles when adjusting for volume). This is the exact conditional test for the
ratio of two Poisson rates; it needs no estimate of the baseline rate, so a value never
seen before needs several articles before it counts as significant, and a value that is
always large needs a real change.
"""

from __future__ import annotations

import math


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p), exact to double precision."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_term(i: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q

    mode = int((n + 1) * p)
    if k > mode:
        # Terms fall from k on: sum until they stop mattering.
        total, i = 0.0, k
        while i <= n:
            term = math.exp(log_term(i))
            total += term
            if term < total * 1e-17:
                break
            i += 1
        return min(1.0, total)
    # The tail holds the mode: one minus the (smaller) lower tail.
    lower = sum(math.exp(log_term(i)) for i in range(k))
    return max(0.0, min(1.0, 1.0 - lower))


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted p-values (q-values) controlling the false discovery rate, in input order.

    Flag the items whose q-value is at most the chosen rate: of the items flagged, that
    share at most is expected to be false alarms, however many values were tested.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        adjusted[i] = min(1.0, running)
    return adjusted
