#!/usr/bin/env python3
"""NumPy baseline for `./medtl bench-similarity` (benchmark only; never used by tests or at run time).

    /usr/bin/python3 tools/bench_similarity_numpy.py SVCCA_PATH CASE_DIR MEASURE[,MEASURE...] REPEATS
    /usr/bin/python3 tools/bench_similarity_numpy.py --process CASE_DIR cka|cka-debiased

CASE_DIR holds x.npy and y.npy (float32, rows = data points, columns = neurons). Runs the reference
algorithms the way their users call them: google/svcca cca_core.get_cca_similarity (epsilon 1e-12, as the
study), the SVCCA tutorial recipe (SVD keeping 99 % of the variance, then get_cca_similarity),
pwcca.compute_pwcca, and linear / debiased CKA in feature space (Kornblith et al. 2019's formulas).
SVCCA_PATH is a checkout of github.com/google/svcca (not part of this repository).
Prints one JSON object {measure: {"seconds": [...], "cpu_seconds": [...], "value": v}} on stdout
(cpu_seconds: process CPU time of all threads, steadier than wall time on a shared machine).
With --process the script is the whole-process baseline for `./medtl similarity`: load x.npy and y.npy,
one CKA in float64, print {"value": v}; the caller times the process from start to exit.
"""
import json
import sys
import time

import numpy as np


def cka(x, y, debiased):
    x = x - x.mean(0, keepdims=True)
    y = y - y.mean(0, keepdims=True)
    xty = np.linalg.norm(x.T.dot(y)) ** 2
    nx = np.linalg.norm(x.T.dot(x))
    ny = np.linalg.norm(y.T.dot(y))
    if not debiased:
        return xty / (nx * ny)
    n = x.shape[0]
    dx = np.einsum("ij,ij->i", x, x)
    dy = np.einsum("ij,ij->i", y, y)
    sx, sy = dx.sum(), dy.sum()
    h = lambda v, a, b, sa, sb: v - n / (n - 2.0) * a.dot(b) + sa * sb / ((n - 1) * (n - 2))
    return h(xty, dx, dy, sx, sy) / np.sqrt(h(nx ** 2, dx, dx, sx, sx) * h(ny ** 2, dy, dy, sy, sy))


def main():
    if sys.argv[1] == "--process":
        case, measure = sys.argv[2], sys.argv[3]
        x = np.load(case + "/x.npy").astype(np.float64)
        y = np.load(case + "/y.npy").astype(np.float64)
        print(json.dumps({"value": float(cka(x, y, measure == "cka-debiased"))}))
        return
    sys.path.insert(0, sys.argv[1])
    import cca_core
    import pwcca
    case, measures, repeats = sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
    x = np.load(case + "/x.npy")
    y = np.load(case + "/y.npy")

    def svcca(a1, a2):
        red = []
        for a in (a1, a2):
            c = a - np.mean(a, axis=1, keepdims=True)
            _, s, v = np.linalg.svd(c, full_matrices=False)
            k = int(np.searchsorted(np.cumsum(s ** 2) / np.sum(s ** 2), 0.99) + 1)
            red.append(np.dot(s[:k] * np.eye(k), v[:k]))
        return np.mean(cca_core.get_cca_similarity(red[0], red[1], epsilon=1e-12, verbose=False)["cca_coef1"])

    def pw(a1, a2):
        # compute_pwcca is well defined on centred activations only (docs/similarity.md).
        return pwcca.compute_pwcca(a1 - a1.mean(1, keepdims=True), a2 - a2.mean(1, keepdims=True), epsilon=1e-12)[0]

    run = {
        "cca": lambda: np.mean(cca_core.get_cca_similarity(x.T.astype(np.float64), y.T.astype(np.float64),
                                                           epsilon=1e-12, verbose=False)["cca_coef1"]),
        "svcca": lambda: svcca(x.T.astype(np.float64), y.T.astype(np.float64)),
        "pwcca": lambda: pw(x.T.astype(np.float64), y.T.astype(np.float64)),
        "cka": lambda: cka(x.astype(np.float64), y.astype(np.float64), False),
        "cka-debiased": lambda: cka(x.astype(np.float64), y.astype(np.float64), True),
    }
    out = {}
    for m in measures:
        times = []
        cpu = []
        value = None
        if repeats > 1:
            run[m]()  # untimed warm-up, as on the Java side, when timing many small problems
        for _ in range(repeats):
            t = time.perf_counter()
            c = time.process_time()
            value = float(run[m]())
            cpu.append(time.process_time() - c)
            times.append(time.perf_counter() - t)
        out[m] = {"seconds": times, "cpu_seconds": cpu, "value": value}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
