#!/usr/bin/env python3
"""Reference values for MedTL's similarity measures, produced once by google/svcca and by independent
formulas, on small seeded inputs. Run:

    /usr/bin/python3 tools/make_similarity_fixtures.py /path/to/google-svcca core/src/test/resources/org/medtl/core/similarity

/path/to/google-svcca is a checkout of github.com/google/svcca (cca_core.py, pwcca.py); it is imported
from there and never copied into this repository. Writes <case>_x.npy, <case>_y.npy (float32, rows = data
points, columns = neurons) and expected.json.

CKA values are NOT taken from Kornblith's feature-space code (whose formula MedTL implements) but from
the Gram-matrix definitions: HSIC = tr(K H L H)/(n-1)^2 and the unbiased estimator of Song et al. 2012
(zeroed diagonals), so the test checks the algebra MedTL relies on.
"""
import json
import os
import sys

import numpy as np


def load_svcca(path):
    sys.path.insert(0, path)
    import cca_core  # noqa: E402
    import pwcca  # noqa: E402
    return cca_core, pwcca


def svcca_reference(cca_core, a1, a2, epsilon, fraction=None, dims=None):
    """google/svcca tutorial recipe: centre, SVD, keep s_k V_k, then get_cca_similarity."""
    out = []
    for a in (a1, a2):
        c = a - np.mean(a, axis=1, keepdims=True)
        _, s, v = np.linalg.svd(c, full_matrices=False)
        if dims is None:
            frac = np.cumsum(s ** 2) / np.sum(s ** 2)
            k = int(np.searchsorted(frac, fraction) + 1)
        else:
            k = dims
        out.append(np.dot(s[:k] * np.eye(k), v[:k]))
    r = cca_core.get_cca_similarity(out[0], out[1], epsilon=epsilon, verbose=False)
    return float(np.mean(r["cca_coef1"])), r["cca_coef1"].tolist(), out[0].shape[0], out[1].shape[0]


def gram_cka(x, y):
    """x, y: data points x neurons. Biased HSIC with the centring matrix."""
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k = x @ x.T
    l = y @ y.T
    hsic = lambda a, b: np.trace(a @ h @ b @ h) / (n - 1) ** 2
    return float(hsic(k, l) / np.sqrt(hsic(k, k) * hsic(l, l)))


def unbiased_hsic(k, l):
    n = k.shape[0]
    k = k.copy()
    l = l.copy()
    np.fill_diagonal(k, 0)
    np.fill_diagonal(l, 0)
    one = np.ones(n)
    return (np.trace(k @ l) + (one @ k @ one) * (one @ l @ one) / ((n - 1) * (n - 2))
            - 2.0 / (n - 2) * (one @ k @ l @ one)) / (n * (n - 3))


def gram_cka_debiased(x, y):
    # Deliberately on UNcentred features: the U-statistic is invariant to shifts, which MedTL's
    # feature-space formula (written for centred features) relies on.
    k = x @ x.T
    l = y @ y.T
    return float(unbiased_hsic(k, l) / np.sqrt(unbiased_hsic(k, k) * unbiased_hsic(l, l)))


def make_cases(rng):
    cases = {}
    # Related layers of different widths; ReLU-like, positive means (as conv activations are).
    m = 400
    z = rng.normal(size=(m, 8))
    x = np.maximum(z @ rng.normal(size=(8, 12)) + 0.3 * rng.normal(size=(m, 12)), 0) + 0.01 * rng.normal(size=(m, 12))
    y = np.tanh(z @ rng.normal(size=(8, 16))) + 0.5 * rng.normal(size=(m, 16))
    cases["related"] = (x, y)
    # A constant (dead) neuron in X: dropped by epsilon.
    x2 = rng.normal(size=(300, 10))
    x2[:, 3] = 0.0
    y2 = x2 @ rng.normal(size=(10, 9)) + rng.normal(size=(300, 9))
    cases["dead_neuron"] = (x2, y2)
    # Y narrower than X: PWCCA's second branch (reference checked with swapped arguments).
    x3 = rng.normal(size=(250, 14))
    y3 = x3[:, :6] @ rng.normal(size=(6, 6)) + 0.7 * rng.normal(size=(250, 6)) + 2.0
    cases["narrow_y"] = (x3, y3)
    return {k: (a.astype(np.float32), b.astype(np.float32)) for k, (a, b) in cases.items()}


def main():
    svcca_path, out_dir = sys.argv[1], sys.argv[2]
    cca_core, pwcca = load_svcca(svcca_path)
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20230208)
    expected = {"generator": "tools/make_similarity_fixtures.py", "numpy": np.__version__, "cases": {}}
    for name, (x, y) in make_cases(rng).items():
        np.save(os.path.join(out_dir, name + "_x.npy"), x)
        np.save(os.path.join(out_dir, name + "_y.npy"), y)
        a1 = x.T.astype(np.float64)  # google/svcca wants neurons x data points
        a2 = y.T.astype(np.float64)
        e = {}
        for eps in (0.0, 1e-12, 1e-6):
            try:
                r = cca_core.get_cca_similarity(a1, a2, epsilon=eps, verbose=False)
            except np.linalg.LinAlgError as err:
                # e.g. a constant neuron with epsilon 0: pinv then sqrt of a negative eigenvalue gives NaN.
                e["cca_eps_%g" % eps] = {"reference_error": str(err)}
                continue
            e["cca_eps_%g" % eps] = {
                "value": float(np.mean(r["cca_coef1"])),
                "mean_98_mass": float(r["mean"][0]),
                "coefficients": np.asarray(r["cca_coef1"]).tolist(),
                "kept_x": int(np.sum(r["x_idxs"])),
                "kept_y": int(np.sum(r["y_idxs"])),
            }
        eps = 1e-12
        kx = int(np.sum(cca_core.get_cca_similarity(a1, a2, epsilon=eps, verbose=False)["x_idxs"]))
        ky = int(np.sum(cca_core.get_cca_similarity(a1, a2, epsilon=eps, verbose=False)["y_idxs"]))
        # compute_pwcca adds neuron means back to sign-ambiguous directions, so it is only well defined on
        # centred activations (docs/similarity.md); MedTL's PWCCA equals it there, and is shift-invariant.
        c1 = a1 - a1.mean(axis=1, keepdims=True)
        c2 = a2 - a2.mean(axis=1, keepdims=True)
        if kx <= ky:
            v, w, c = pwcca.compute_pwcca(c1, c2, epsilon=eps)
        else:
            v, w, c = pwcca.compute_pwcca(c2, c1, epsilon=eps)  # the branch MedTL mirrors
        e["pwcca_eps_1e-12"] = {"value": float(v), "weights": np.asarray(w).tolist(), "coefficients": np.asarray(c).tolist(),
                                "swapped": bool(kx > ky)}
        v, c, k1, k2 = svcca_reference(cca_core, a1, a2, 1e-12, fraction=0.99)
        e["svcca_0.99"] = {"value": v, "coefficients": c, "kept_x": k1, "kept_y": k2}
        v, c, k1, k2 = svcca_reference(cca_core, a1, a2, 1e-12, dims=5)
        e["svcca_dims_5"] = {"value": v, "coefficients": c, "kept_x": k1, "kept_y": k2}
        xd = x.astype(np.float64)
        yd = y.astype(np.float64)
        e["cka"] = {"value": gram_cka(xd, yd)}
        e["cka_debiased"] = {"value": gram_cka_debiased(xd, yd)}
        expected["cases"][name] = e
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("wrote", out_dir)


if __name__ == "__main__":
    main()
