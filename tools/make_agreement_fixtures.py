#!/usr/bin/env python3
"""Reference values for MedTL's prediction agreement, produced once with scikit-learn and SciPy on
small seeded predictions tables. Run:

    /usr/bin/python3 tools/make_agreement_fixtures.py core/src/test/resources/org/medtl/core/agreement

Writes binary_a.csv, binary_b.csv, multi_a.csv, multi_b.csv (the fine-tuner's predictions format) and
expected.json. AUC: sklearn.metrics.roc_auc_score (binary; multi-class ovr macro/weighted; micro on one-hot
labels). Cohen's kappa: sklearn.metrics.cohen_kappa_score. McNemar: scipy.stats.binomtest. DeLong has no
scikit-learn version: its variance is computed here from the structural components by their O(m n)
definition (DeLong et al. 1988), independently of MedTL's mid-rank formulation.
"""
import json
import os
import sys

import numpy as np
from scipy.stats import binomtest, norm
from sklearn.metrics import cohen_kappa_score, roc_auc_score


def predicted(p):
    return (p[:, 1] > 0.5).astype(int) if p.shape[1] == 2 else np.argmax(p, axis=1)


def delong_direct(y, sa, sb):
    pos = y == 1
    neg = ~pos
    def comps(s):
        x = s[pos][:, None]
        z = s[neg][None, :]
        psi = (x > z) + 0.5 * (x == z)
        return psi.mean(axis=1), psi.mean(axis=0), psi.mean()
    v10a, v01a, auca = comps(sa)
    v10b, v01b, aucb = comps(sb)
    m, n = pos.sum(), neg.sum()
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    s = s10 / m + s01 / n
    z = (auca - aucb) / np.sqrt(s[0, 0] + s[1, 1] - 2 * s[0, 1])
    ci = lambda a, v: [max(0.0, a - norm.ppf(0.975) * np.sqrt(v)), min(1.0, a + norm.ppf(0.975) * np.sqrt(v))]
    return ci(auca, s[0, 0]), ci(aucb, s[1, 1]), float(2 * norm.sf(abs(z)))


def metrics(y, pa, pb):
    c = pa.shape[1]
    ya, yb = predicted(pa), predicted(pb)
    ra, rb = ya == y, yb == y
    acc_a, acc_b = ra.mean(), rb.mean()
    obs = np.mean(ra == rb)
    exp = acc_a * acc_b + (1 - acc_a) * (1 - acc_b)
    out = {
        "n": int(len(y)),
        "accuracy_a": float(acc_a), "accuracy_b": float(acc_b),
        "error_consistency_observed": float(obs),
        "error_consistency_expected": float(exp),
        "error_consistency_expected_paper": float(acc_a ** 2 + (1 - acc_a) ** 2),
        "error_consistency_kappa": float((obs - exp) / (1 - exp)),
        "cohen_kappa": float(cohen_kappa_score(ya, yb)),
        "agreement_rate": float(np.mean(ya == yb)),
    }
    b = int(np.sum(ra & ~rb))
    cc = int(np.sum(~ra & rb))
    out["mcnemar_p"] = float(binomtest(b, b + cc, 0.5).pvalue) if b + cc > 0 else 1.0
    if c == 2:
        out["auc_a"] = float(roc_auc_score(y, pa[:, 1]))
        out["auc_b"] = float(roc_auc_score(y, pb[:, 1]))
        out["delong_ci_a"], out["delong_ci_b"], out["delong_p"] = delong_direct(y, pa[:, 1], pb[:, 1])
    else:
        onehot = np.eye(c)[y]
        for name, p in (("a", pa), ("b", pb)):
            out["auc_%s_macro" % name] = float(roc_auc_score(y, p, multi_class="ovr", average="macro"))
            out["auc_%s_weighted" % name] = float(roc_auc_score(y, p, multi_class="ovr", average="weighted"))
            out["auc_%s_micro" % name] = float(roc_auc_score(onehot, p, average="micro"))
    return out


def write_csv(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(2020)
    expected = {"generator": "tools/make_agreement_fixtures.py"}

    # Binary, three folds; scores rounded to 2 decimals so that ties occur (mid-ranks matter).
    folds = np.repeat(["0", "1", "2"], [60, 75, 50])
    n = len(folds)
    y = (rng.random(n) < 0.4).astype(int)
    latent = rng.normal(size=n)
    pa1 = np.round(1 / (1 + np.exp(-(1.6 * (2 * y - 1) + latent + 0.8 * rng.normal(size=n)))), 2)
    pb1 = np.round(1 / (1 + np.exp(-(1.2 * (2 * y - 1) + latent + 0.9 * rng.normal(size=n)))), 2)
    pa = np.stack([1 - pa1, pa1], axis=1)
    pb = np.stack([1 - pb1, pb1], axis=1)
    ids = ["img_%04d.png" % i for i in range(n)]
    fmt = lambda v: repr(float(v))
    write_csv(os.path.join(out_dir, "binary_a.csv"), ["id", "fold", "label", "p_0", "p_1"],
              [[ids[i], folds[i], str(y[i]), fmt(pa[i, 0]), fmt(pa[i, 1])] for i in range(n)])
    order = rng.permutation(n)  # B in another order: rows must be joined by id
    write_csv(os.path.join(out_dir, "binary_b.csv"), ["id", "fold", "label", "p_0", "p_1"],
              [[ids[i], folds[i], str(y[i]), fmt(pb[i, 0]), fmt(pb[i, 1])] for i in order])
    expected["binary"] = {"pooled": metrics(y, pa, pb),
                          "per_fold": {f: metrics(y[folds == f], pa[folds == f], pb[folds == f]) for f in ["0", "1", "2"]}}

    # Three classes, two folds, fold column last.
    folds = np.repeat(["a", "b"], [70, 55])
    n = len(folds)
    y = rng.integers(0, 3, size=n)
    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    shared = rng.normal(size=(n, 3))
    pa = softmax(1.5 * np.eye(3)[y] + shared + rng.normal(size=(n, 3)))
    pb = softmax(1.0 * np.eye(3)[y] + shared + rng.normal(size=(n, 3)))
    ids = ["case-%d" % i for i in range(n)]
    write_csv(os.path.join(out_dir, "multi_a.csv"), ["id", "label", "p_0", "p_1", "p_2", "fold"],
              [[ids[i], str(y[i])] + [fmt(v) for v in pa[i]] + [folds[i]] for i in range(n)])
    order = rng.permutation(n)
    write_csv(os.path.join(out_dir, "multi_b.csv"), ["id", "fold", "label", "p_0", "p_1", "p_2"],
              [[ids[i], folds[i], str(y[i])] + [fmt(v) for v in pb[i]] for i in order])
    expected["multi"] = {"pooled": metrics(y, pa, pb),
                         "per_fold": {f: metrics(y[folds == f], pa[folds == f], pb[folds == f]) for f in ["a", "b"]}}
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("wrote", out_dir)


if __name__ == "__main__":
    main()
