"""Reference values for betaBinomialAB, computed with SciPy (Debian python3-scipy) independently of mangalab's method.

P(treatment > control): Evan Miller's exact closed-form sum when the treatment's alpha is a whole number, else quad.
Expected losses: nested scipy.integrate.quad of max(x - y, 0) against both Beta densities.
Relative-lift quantiles: brentq on P(pB / pA - 1 <= t) computed with quad.
Prints one JSON object per case. Not a runtime dependency.
"""
import json
import math

from scipy import integrate, optimize, stats
from scipy.special import betaln

CASES = [
    (3, 10, 5, 10, 1, 1), (120, 1000, 150, 1000, 1, 1), (33310, 53196, 35547, 53399, 1, 1),
    (50, 100, 5000, 10000, 1, 1), (0, 20, 1, 20, 1, 1), (12, 40, 9, 35, 0.5, 0.5),
]


def prob_b_beats_a(a1, b1, a2, b2, A, B, lo, hi):
    if float(a2).is_integer():
        return sum(math.exp(betaln(a1 + i, b1 + b2) - math.log(b2 + i) - betaln(1 + i, b2) - betaln(a1, b1)) for i in range(int(a2)))
    return integrate.quad(lambda x: A.pdf(x) * B.sf(x), lo, hi, limit=500, epsabs=1e-13)[0]


for s1, n1, s2, n2, pa, pb in CASES:
    a1, b1, a2, b2 = pa + s1, pb + n1 - s1, pa + s2, pb + n2 - s2
    A, B = stats.beta(a1, b1), stats.beta(a2, b2)
    lo, hi = min(A.ppf(1e-12), B.ppf(1e-12)), max(A.isf(1e-12), B.isf(1e-12))
    inner = lambda x: integrate.quad(lambda y: (x - y) * B.pdf(y), max(lo, B.ppf(1e-13)), x, limit=200)[0] if x > B.ppf(1e-13) else 0.0
    loss_ship = integrate.quad(lambda x: A.pdf(x) * inner(x), A.ppf(1e-12), A.isf(1e-12), limit=200, epsabs=1e-14)[0]
    loss_keep = (B.mean() - A.mean()) + loss_ship
    lift_cdf = lambda t: integrate.quad(lambda x: A.pdf(x) * B.cdf(min(1.0, (1 + t) * x)), A.ppf(1e-12), A.isf(1e-12), limit=200, epsabs=1e-13)[0]
    lift = [optimize.brentq(lambda t: lift_cdf(t) - q, -0.999999, 200, xtol=1e-12) for q in (0.025, 0.975)]
    print(json.dumps({"case": [s1, n1, s2, n2, pa, pb], "prob": prob_b_beats_a(a1, b1, a2, b2, A, B, lo, hi),
                      "lossShip": loss_ship, "lossKeep": loss_keep, "lift": lift,
                      "ci_a": [A.ppf(0.025), A.ppf(0.975)], "ci_b": [B.ppf(0.025), B.ppf(0.975)]}))
