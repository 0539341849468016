"""Benchmark (c), Optuna's side: the same Branin, budget and seeds with Optuna 3.1's TPESampler
and RandomSampler (defaults), in-memory storage, sequential trials. Time is the wall time of
study.optimize divided by the trials, so it includes Optuna's in-memory trial bookkeeping; the
objective itself costs microseconds.

Usage: /usr/bin/python3 bench/search/optuna_cost.py TRIALS SEED...
"""
import json
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(trial):
    x = trial.suggest_float("x", -5.0, 10.0)
    y = trial.suggest_float("y", 0.0, 15.0)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def main():
    trials = int(sys.argv[1])
    for seed in map(int, sys.argv[2:]):
        for algorithm, sampler in (("random", optuna.samplers.RandomSampler(seed=seed)),
                                   ("tpe", optuna.samplers.TPESampler(seed=seed))):
            study = optuna.create_study(direction="minimize", sampler=sampler)
            t0 = time.perf_counter()
            study.optimize(branin, n_trials=trials)
            spent = time.perf_counter() - t0
            print(json.dumps({"impl": "optuna", "algorithm": algorithm, "seed": seed,
                              "ms_per_trial": round(spent * 1000 / trials, 5), "best": round(study.best_value, 6)}),
                  flush=True)


if __name__ == "__main__":
    main()
