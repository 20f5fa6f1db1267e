"""Peers of the correlation-map benchmark (bench/run.ts, case "map").

    python spearman_peer.py numpy X.f64 Y.f64 n p q [r_radiogx.f64]
    python spearman_peer.py scipy X.f64 Y.f64 n p q

X.f64 / Y.f64: float64, variable-major (p × n and q × n: each variable's n samples contiguous), as
bench/run.ts writes them. Prints one JSON line: the seconds of the computation alone (files already read),
and for "numpy" the largest |r_numpy − r_radiogx| when radiogx's r (p × q, row-major) is given.

- numpy: the rank-then-matrix-multiply method — average ranks of every column (scipy.stats.rankdata, which is
  numpy's argsort underneath; also timed: numpy's double argsort, valid only without ties, the faster of the two
  is reported), each column centred and scaled to unit norm, one BLAS product Zxᵀ·Zy. r only: no p-values.
- scipy: scipy.stats.spearmanr(X, Y) — r and p of every pair of the p + q columns (what a user calls).
"""
import json
import sys
import time

import numpy as np
import scipy.stats


def load(path: str, rows: int, n: int) -> np.ndarray:
    """Samples × variables."""
    return np.fromfile(path, dtype=np.float64).reshape(rows, n).T.copy()


def unit(z: np.ndarray) -> np.ndarray:
    z = z - z.mean(axis=0)
    return z / np.linalg.norm(z, axis=0)


def numpy_map(X: np.ndarray, Y: np.ndarray, ranker) -> tuple[float, np.ndarray]:
    t = time.perf_counter()
    r = unit(ranker(X)).T @ unit(ranker(Y))
    return time.perf_counter() - t, r


def main() -> None:
    mode, xf, yf = sys.argv[1:4]
    n, p, q = (int(v) for v in sys.argv[4:7])
    X = load(xf, p, n)
    Y = load(yf, q, n)
    out: dict = {"mode": mode, "n": n, "p": p, "q": q}
    if mode == "numpy":
        t_rankdata, r = numpy_map(X, Y, lambda a: scipy.stats.rankdata(a, axis=0))
        ties = any(len(np.unique(a[:, j])) < n for a in (X, Y) for j in range(a.shape[1]))
        t_argsort = None
        if not ties:
            t_argsort, r2 = numpy_map(X, Y, lambda a: a.argsort(axis=0).argsort(axis=0).astype(np.float64))
            assert np.allclose(r, r2, atol=1e-12)
        out.update(seconds_rankdata=t_rankdata, seconds_argsort=t_argsort, seconds=min(t for t in (t_rankdata, t_argsort) if t is not None))
        if len(sys.argv) > 7:
            ours = np.fromfile(sys.argv[7], dtype=np.float64).reshape(p, q)
            out["max_abs_diff_r"] = float(np.nanmax(np.abs(ours - r)))
    elif mode == "scipy":
        t = time.perf_counter()
        res = scipy.stats.spearmanr(X, Y)
        out["seconds"] = time.perf_counter() - t
        out["shape"] = list(np.shape(res.statistic))
    else:
        raise SystemExit(f"unknown mode {mode!r}: expected numpy or scipy")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
