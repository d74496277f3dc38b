"""P(treatment > control), the expected losses and the relative-lift quantiles of betaBinomialAB at 1e7 and 1e8 trials
per arm, to 11 or more digits, with
mpmath (40 digits): the regularized incomplete beta by its continued fraction (Numerical Recipes 6.4, modified Lentz,
run to 1e-35) and the expectation over the control's Beta posterior by mpmath's Gauss-Legendre quadrature over its
mean +- 12 sd, self-normalised; each lift quantile by secant steps on P(pB / pA - 1 <= t) from the two starting values
given, until a step moves t by less than 1e-14. Written because SciPy's betainc (Debian SciPy 1.10) is off by 3e-8 at these counts
and by 2e-3 near the mean; its output (and ibeta's at three points) is pasted into test/betaBinomialAB.test.ts.
Input: a JSON list of [s1, n1, s2, n2, [lift_lo_start, lift_hi_start]]. Needs mpmath (Debian: python3-mpmath); a few
minutes a case. Not a runtime dependency.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 40


def betacf(a, b, x):
    tiny = mp.mpf("1e-80")
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = mp.mpf(1), 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000_000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < mp.mpf("1e-35"):
            return h
    raise RuntimeError("continued fraction did not converge")


def ibeta(x, a, b):
    lbt = mp.loggamma(a + b) - mp.loggamma(a) - mp.loggamma(b) + a * mp.log(x) + b * mp.log(1 - x)
    if x < (a + 1) / (a + b + 2):
        return mp.exp(lbt) * betacf(a, b, x) / a
    return 1 - mp.exp(lbt) * betacf(b, a, 1 - x) / b


def case(s1, n1, s2, n2, lift_from):
    aA, bA, aB, bB = [mp.mpf(v) for v in (1 + s1, 1 + n1 - s1, 1 + s2, 1 + n2 - s2)]
    mA, mB = aA / (aA + bA), aB / (aB + bB)
    sd = mp.sqrt(aA * bA / ((aA + bA) ** 2 * (aA + bA + 1)))
    peak = (aA - 1) * mp.log(mA) + (bA - 1) * mp.log(1 - mA)
    kernel = lambda x: mp.exp((aA - 1) * mp.log(x) + (bA - 1) * mp.log(1 - x) - peak)
    cuts = [mA + k * sd for k in range(-12, 13, 3)]
    quad = lambda f: mp.quad(f, cuts, method="gauss-legendre")
    norm = quad(kernel)
    prob = quad(lambda x: kernel(x) * (1 - ibeta(x, aB, bB))) / norm
    loss = quad(lambda x: kernel(x) * (x * ibeta(x, aB, bB) - mB * ibeta(x, aB + 1, bB))) / norm
    lift_cdf = lambda t: quad(lambda x: kernel(x) * ibeta(min(mp.mpf(1), (1 + t) * x), aB, bB)) / norm
    lift = []
    for q, t0 in zip((mp.mpf("0.025"), mp.mpf("0.975")), lift_from):
        t0 = mp.mpf(t0)
        t1 = t0 * (1 + mp.mpf("1e-7"))
        f0, f1 = lift_cdf(t0) - q, lift_cdf(t1) - q
        for _ in range(6):
            t0, t1 = t1, t1 - f1 * (t1 - t0) / (f1 - f0)
            if abs(t1 - t0) < mp.mpf("1e-14"):
                break
            f0, f1 = f1, lift_cdf(t1) - q
        lift.append(float(t1))
    return {"case": [s1, n1, s2, n2], "prob": float(prob), "lossShip": float(loss), "lossKeep": float(mB - mA + loss), "lift": lift}


print(json.dumps([case(*c) for c in json.load(sys.stdin)]))
