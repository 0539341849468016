"""Summarises bench/search/run-pareto.sh's JSONL: per (implementation, algorithm) the mean
hypervolume over seeds with a 95 % t-interval, at each reference point, computed here by a plain
2-D sweep for every side alike; checks that TransferLab's own Pareto.hypervolume (reported in its
lines) agrees with the sweep and with Optuna's internal WFG. Prints a Markdown table.

Usage: /usr/bin/python3 bench/search/summarise_pareto.py RESULTS.jsonl
"""
import json
import os
import statistics
import sys

import numpy as np
from optuna._hypervolume import WFG

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from results import t_interval  # noqa: E402 (the 95 % t-interval every bench script reports)

# per function: a tight reference (only points near the front count) and one every point is inside
REFERENCES = {"zdt1": [(1.1, 1.1), (1.1, 11.0)], "zdt2": [(1.1, 1.1), (1.1, 11.0)], "dtlz2": [(1.1, 1.1), (2.1, 2.1)]}


def sweep(points, ref):
    inside = sorted(p for p in points if p[0] < ref[0] and p[1] < ref[1])
    area, ceiling = 0.0, ref[1]
    for x, y in inside:
        if y < ceiling:
            area += (ref[0] - x) * (ceiling - y)
            ceiling = y
    return area


def paired(runs, a, b, references, label):
    if a not in runs or b not in runs:
        return
    first = {s: hv for s, hv, _ in runs[a]}
    second = {s: hv for s, hv, _ in runs[b]}
    seeds = sorted(set(first) & set(second))
    for k, ref in enumerate(references):
        m, h = t_interval([first[s][k] - second[s][k] for s in seeds])
        print(f"\n{label}, ref ({ref[0]:g}, {ref[1]:g}): {m:+.4f} ± {h if h is not None else float('nan'):.4f}"
              f" (95 % t-interval over {len(seeds)} seeds)")


def main():
    runs = {}
    worst_disagreement = 0.0
    functions = set()
    for line in open(sys.argv[1]):
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        functions.add(r.get("function", "zdt1"))
        if len(functions) > 1:
            sys.exit(f"one function per file, found {sorted(functions)}")
        references = REFERENCES[r.get("function", "zdt1")]
        hv = [sweep(r["points"], ref) for ref in references]
        for k, ref in enumerate(references):
            inside = np.array([p for p in r["points"] if p[0] < ref[0] and p[1] < ref[1]])
            wfg = WFG().compute(inside, np.array(ref)) if len(inside) else 0.0
            worst_disagreement = max(worst_disagreement, abs(wfg - hv[k]))
            if "hypervolume" in r:
                worst_disagreement = max(worst_disagreement, abs(r["hypervolume"][k] - hv[k]))
        runs.setdefault((r["impl"], r["algorithm"]), []).append((r["seed"], hv, r["seconds"]))
    print(f"function: {functions.pop()}\n")
    print("| implementation | sampler | seeds | " + " | ".join(f"hypervolume, ref ({a:g}, {b:g})" for a, b in references)
          + " | seconds per study |")
    print("|---|---|---|" + "---|" * len(references) + "---|")
    order = [("transferlab", "tpe"), ("optuna", "tpe"), ("transferlab", "tpe-equal"), ("optuna", "nsga2"),
             ("transferlab", "random")]
    for key in order + [k for k in runs if k not in order]:
        if key not in runs:
            continue
        rows = runs[key]
        cells = []
        for k in range(len(references)):
            m, h = t_interval([hv[k] for _, hv, _ in rows])
            cells.append(f"{m:.4f} ± {h if h is not None else float('nan'):.4f}")
        secs = statistics.fmean(s for _, _, s in rows)
        print(f"| {key[0]} | {key[1]} | {len(rows)} | " + " | ".join(cells) + f" | {secs:.2f} |")
    # paired by seed number: ours minus Optuna's TPE (different random streams, so the pairing is
    # bookkeeping), and ours minus ours with equal weights (the same first random configurations)
    paired(runs, ("transferlab", "tpe"), ("optuna", "tpe"), references, "TransferLab TPE minus Optuna TPE")
    paired(runs, ("transferlab", "tpe"), ("transferlab", "tpe-equal"), references,
           "TransferLab TPE minus the same with equal weights")
    print(f"\nlargest disagreement between the hypervolume implementations (this sweep, Optuna's WFG, TransferLab's Pareto): {worst_disagreement:.2e}")


if __name__ == "__main__":
    main()
