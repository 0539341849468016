#!/usr/bin/env python3
"""PBT against ASHA with random search, through a running lab's API (bench/pbt/run.sh starts one).

For each seed the same fine-tune sweep (sklearn digits 0-4 -> 5-9, a small MLP, the same search
space, the same body: pretraining is seeded by the spec's seed) is submitted twice: once under
ASHA with random search, once under PBT. ASHA gets as many trials as make its expected epochs about
PBT's population x epochs; the epochs each arm actually trained are read back and reported. Per
seed: the best validation accuracy of the sweep (what selection sees) and the held-out test accuracy
of that best trial; then the paired differences PBT - ASHA with their mean and 95 % t-interval.
Standard library only; reads results only through the API (bench/results.py's client).
"""
import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from results import Api, t_interval  # noqa: E402 (the lab's API client and the interval, shared with bench/results.py)

SPEC = """name: {name}
kind: finetune
seed: {seed}
data: {{dataset: digits, sourceClasses: [0, 1, 2, 3, 4], targetClasses: [5, 6, 7, 8, 9], examplesPerClass: {k}, validationPerClass: 40}}
model: {{hidden: [64, 32]}}
pretrain: {{epochs: 5}}
train: {{epochs: {epochs}, batchSize: {batch}, frozenLayers: 0, checkpointEvery: 1, baseline: false, optimizer: {optimizer}, momentum: {momentum}}}
search:
  algorithm: random
  trials: {trials}
  maxConcurrent: {concurrent}
  space:
    learningRate: {{type: loguniform, min: {lr_min}, max: {lr_max}}}
    bodyLearningRate: {{type: loguniform, min: {body_min}, max: {body_max}}}
scheduler: {scheduler}
"""


def run(api, a, name, seed, trials, concurrent, scheduler):
    spec = SPEC.format(name=name, seed=seed, k=a.k, epochs=a.epochs, batch=a.batch, optimizer=a.optimizer, momentum=a.momentum,
                       lr_min=a.lr[0], lr_max=a.lr[1], body_min=a.body_lr[0], body_max=a.body_lr[1],
                       trials=trials, concurrent=concurrent, scheduler=scheduler)
    eid = api.call("POST", "/api/experiments", spec.encode("utf-8"), "application/yaml")["id"]
    started = time.time()
    while True:
        e = api.call("GET", "/api/experiments/" + eid)
        if e["status"] in ("COMPLETED", "FAILED", "CANCELLED"):
            break
        time.sleep(2)
    if e["status"] != "COMPLETED":
        raise SystemExit("%s (%s) ended %s: %s" % (name, eid, e["status"], e.get("message")))
    sweep = [t for t in api.call("GET", "/api/experiments/%s/trials" % eid) if t["stage"] == "finetune"]
    best = max(sweep, key=lambda t: -1 if t.get("objective") is None else t["objective"])
    exploits = len(api.call("GET", "/api/experiments/%s/lineage" % eid)["exploits"])
    return {
        "id": eid,
        "val": best["objective"],
        "test": (best.get("testMetrics") or {}).get("test_accuracy"),
        "epochs": sum(t["epochs"] for t in sweep),
        "trials": len(sweep),
        "exploits": exploits,
        # a trial stopped by ASHA or exploited by PBT is told to stop after the epoch it is in: that epoch is discarded
        "interrupted": exploits + sum(1 for t in sweep if t["status"] == "STOPPED"),
        "seconds": time.time() - started,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--api", required=True)
    p.add_argument("--token-file", required=True)
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--first-seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--population", type=int, default=8)
    p.add_argument("--asha-trials", type=int, default=25)
    p.add_argument("--k", type=int, default=3, help="training examples per target class")
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--optimizer", default="adam", choices=("adam", "sgd"))
    p.add_argument("--momentum", type=float, default=0.0, help="SGD's (Nesterov) momentum")
    p.add_argument("--lr", type=float, nargs=2, default=(1e-4, 1e-1), metavar=("MIN", "MAX"), help="learningRate's log-uniform range")
    p.add_argument("--body-lr", type=float, nargs=2, default=(1e-5, 1e-2), metavar=("MIN", "MAX"),
                   help="bodyLearningRate's log-uniform range")
    p.add_argument("--slots", type=int, default=2)
    # PBT's own settings; tune them on seeds other than the reported ones (e.g. --first-seed 101)
    p.add_argument("--interval", type=int, default=2, help="PBT perturbationInterval (epochs)")
    p.add_argument("--quantile", type=float, default=0.25, help="PBT quantile")
    p.add_argument("--resample", type=float, default=0.25, help="PBT resampleProbability")
    p.add_argument("--factors", default="0.8, 1.2", help="PBT perturbFactors, comma-separated")
    p.add_argument("--explore", default="perturb", choices=("perturb", "bandit"),
                   help="PBT explore: the donor's values perturbed, or PB2's bandit")
    a = p.parse_args()
    api = Api.from_token_file(a.api, a.token_file)
    asha = "{type: asha, gracePeriod: 1, reductionFactor: 3, maxResource: %d}" % a.epochs
    pbt = "{type: pbt, perturbationInterval: %d, quantile: %s, resampleProbability: %s, perturbFactors: [%s], explore: %s}" % (
        a.interval, a.quantile, a.resample, a.factors, a.explore)
    print("ASHA: %d trials, %s; PBT: population %d, %s; %d epochs, k = %d, batch %d, %s%s, seeds %d-%d" % (
        a.asha_trials, asha, a.population, pbt, a.epochs, a.k, a.batch, a.optimizer,
        " momentum %s" % a.momentum if a.optimizer == "sgd" else "", a.first_seed, a.first_seed + a.seeds - 1),
        file=sys.stderr, flush=True)
    rows = []
    for seed in range(a.first_seed, a.first_seed + a.seeds):
        # interleaved, so load drifts hit both arms alike
        r_asha = run(api, a, "asha-random-s%d" % seed, seed, a.asha_trials, a.slots, asha)
        r_pbt = run(api, a, "pbt-s%d" % seed, seed, a.population, a.population, pbt)
        rows.append((seed, r_asha, r_pbt))
        print("seed %d  asha: val %.4f test %.4f (%d trials, %d epochs, %.0f s)   pbt: val %.4f test %.4f "
              "(%d trials, %d epochs, %d exploits, %.0f s)" % (seed, r_asha["val"], r_asha["test"], r_asha["trials"],
              r_asha["epochs"], r_asha["seconds"], r_pbt["val"], r_pbt["test"], r_pbt["trials"], r_pbt["epochs"],
              r_pbt["exploits"], r_pbt["seconds"]), file=sys.stderr, flush=True)

    print("| seed | ASHA + random: best val | its test | epochs | PBT: best val | its test | epochs | exploits | PBT − ASHA (val) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed, x, y in rows:
        print("| %d | %.4f | %.4f | %d | %.4f | %.4f | %d | %d | %+.4f |" % (
            seed, x["val"], x["test"], x["epochs"], y["val"], y["test"], y["epochs"], y["exploits"], y["val"] - x["val"]))
    for metric in ("val", "test"):
        m, h = t_interval([y[metric] - x[metric] for _, x, y in rows])
        lo, hi = (None, None) if h is None else (m - h, m + h)
        print("\nPBT − ASHA, best %s accuracy: mean %+.4f, 95 %% t-interval [%s, %s], n = %d" % (
            "validation" if metric == "val" else "trial's test", m,
            "%+.4f" % lo if lo is not None else "-", "%+.4f" % hi if hi is not None else "-", len(rows)))
    n = len(rows)
    print("\nepochs recorded, mean per seed: ASHA %.1f, PBT %.1f; plus at most one discarded epoch per stop or exploit:"
          " ASHA %.1f, PBT %.1f" % (sum(x["epochs"] for _, x, _ in rows) / n, sum(y["epochs"] for _, _, y in rows) / n,
                                     sum(x["interrupted"] for _, x, _ in rows) / n, sum(y["interrupted"] for _, _, y in rows) / n))


if __name__ == "__main__":
    main()
