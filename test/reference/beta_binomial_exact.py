"""Exact-integration references for betaBinomialAB at production counts (10 to 1e8 trials per arm, very unequal
posteriors included), computed with SciPy (Debian python3-scipy) independently of mangalab's quadrature.

Every expectation over a Beta posterior is a self-normalised scipy.integrate.quad: the density's kernel
exp((a-1) log x + (b-1) log(1-x)) is integrated, and divided by its own integral, over the posterior's range
(mean +- 12 sd, or quantiles 1e-14 and 1 - 1e-14 for small parameters) cut at the other posterior's quantiles. So no
log-Beta constant is used (SciPy's betaln is off by 1.7e-7 at 1e8 trials), and the other posterior's CDF is
scipy.special.betainc (Boost). Integrals run over the narrower posterior, so betainc is evaluated only for the wider
one: keep that one under about 1e6 trials, since SciPy 1.10's betainc is off by 3e-8 at 1e8 (and by 2e-3 at the mean
of Beta(5002001, 94997999)); larger cases use test/reference/beta_binomial_mpmath.py.
- P(treatment > control) = E_A[1 - I_x(aB, bB)] (or E_B[I_y(aA, bA)]).
- Expected loss of shipping the treatment = E_A[x I_x(aB, bB) - mean_B I_x(aB + 1, bB)], and so on.
- Relative-lift quantiles: brentq (xtol 1e-13, rtol 1e-13) on P(pB / pA - 1 <= t).
Input: a JSON list of [s1, n1, s2, n2, prior_alpha, prior_beta]; output: a JSON list of results. Not a runtime dependency.
"""
import json
import warnings
import math
import sys

from scipy import integrate, optimize
from scipy.special import betainc, betaincinv

warnings.filterwarnings("ignore")  # quad warns of roundoff at epsrel 1e-13, the limit of double precision


def support(a, b):
    if min(a, b) >= 20:
        m = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        return max(0.0, m - 12 * sd), min(1.0, m + 12 * sd)
    return betaincinv(a, b, 1e-14), betaincinv(a, b, 1 - 1e-14)


def expect(a, b, fn, points):
    lo, hi = support(a, b)
    mode = min(max((a - 1) / (a + b - 2), lo), hi) if a + b > 2 else (lo + hi) / 2
    peak = (a - 1) * math.log(mode) + (b - 1) * math.log1p(-mode) if 0 < mode < 1 else 0.0

    def kernel(x):
        if x <= 0 or x >= 1:
            return 0.0
        return math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - peak)

    cuts = sorted({p for p in points if lo < p < hi} | {mode}) if lo < mode < hi else sorted({p for p in points if lo < p < hi})
    opts = dict(points=cuts or None, limit=2000, epsabs=0, epsrel=1e-13)
    norm = integrate.quad(kernel, lo, hi, **opts)[0]
    return integrate.quad(lambda x: kernel(x) * fn(x), lo, hi, **opts)[0] / norm


def spread(a, b):
    return a * b / ((a + b) ** 2 * (a + b + 1))


def case(s1, n1, s2, n2, pa, pb):
    aA, bA, aB, bB = pa + s1, pb + n1 - s1, pa + s2, pb + n2 - s2
    mA, mB = aA / (aA + bA), aB / (aB + bB)
    qA = [betaincinv(aA, bA, q) for q in (1e-9, 0.5, 1 - 1e-9)]
    qB = [betaincinv(aB, bB, q) for q in (1e-9, 0.5, 1 - 1e-9)]
    over_a = spread(aA, bA) <= spread(aB, bB)
    if over_a:
        prob = expect(aA, bA, lambda x: 1 - betainc(aB, bB, x), qB)
        loss_ship = expect(aA, bA, lambda x: x * betainc(aB, bB, x) - mB * betainc(aB + 1, bB, x), qB)
    else:
        prob = expect(aB, bB, lambda y: betainc(aA, bA, y), qA)
        loss_ship = expect(aB, bB, lambda y: mA * (1 - betainc(aA + 1, bA, y)) - y * (1 - betainc(aA, bA, y)), qA)
    loss_keep = mB - mA + loss_ship

    def lift_cdf(t):
        if over_a:
            return expect(aA, bA, lambda x: betainc(aB, bB, min(1.0, (1 + t) * x)), [q / (1 + t) for q in qB])
        return expect(aB, bB, lambda y: 1 - betainc(aA, bA, min(1.0, y / (1 + t))), [q * (1 + t) for q in qA])

    hi = max(1.0, 4 * betaincinv(aB, bB, 1 - 1e-6) / max(betaincinv(aA, bA, 1e-6), 1e-300))
    lift = [optimize.brentq(lambda t: lift_cdf(t) - q, -1 + 1e-12, hi, xtol=1e-13, rtol=1e-13, maxiter=500) for q in (0.025, 0.975)]
    return {"case": [s1, n1, s2, n2, pa, pb], "prob": prob, "lossShip": loss_ship, "lossKeep": loss_keep, "lift": lift,
            "ciA": [betaincinv(aA, bA, 0.025), betaincinv(aA, bA, 0.975)],
            "ciB": [betaincinv(aB, bB, 0.025), betaincinv(aB, bB, 0.975)]}


print(json.dumps([case(*c) for c in json.load(sys.stdin)]))
