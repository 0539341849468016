"""The multi-objective benchmark, Optuna's side: the same test function (ZDT1, ZDT2 or DTLZ2 with two
objectives) with N variables in [0, 1], both objectives minimised, the same budget and seeds, with Optuna 3.1's TPESampler (multi-objective mode, i.e. MOTPE) and
NSGAIISampler, each with its defaults, in-memory storage, sequential trials. Prints, per (sampler,
seed), every evaluated point; the summary computes the hypervolume of every side the same way.

Usage: /usr/bin/python3 bench/search/optuna_pareto.py FUNCTION TRIALS VARIABLES SEED...
"""
import json
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def zdt1(x):
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return x[0], g * (1 - (x[0] / g) ** 0.5)


def zdt2(x):
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return x[0], g * (1 - (x[0] / g) ** 2)


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[1:])
    return (1 + g) * math.cos(x[0] * math.pi / 2), (1 + g) * math.sin(x[0] * math.pi / 2)


FUNCTIONS = {"zdt1": zdt1, "zdt2": zdt2, "dtlz2": dtlz2}


def main():
    function, trials, variables = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    evaluate = FUNCTIONS[function]
    for seed in map(int, sys.argv[4:]):
        for algorithm, sampler in (("tpe", optuna.samplers.TPESampler(seed=seed)),
                                   ("nsga2", optuna.samplers.NSGAIISampler(seed=seed))):
            study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler)
            t0 = time.perf_counter()
            study.optimize(lambda t: evaluate([t.suggest_float(f"x{i}", 0.0, 1.0) for i in range(variables)]), n_trials=trials)
            spent = time.perf_counter() - t0
            points = [list(t.values) for t in study.trials]
            print(json.dumps({"impl": "optuna", "function": function, "algorithm": algorithm, "seed": seed, "seconds": round(spent, 3),
                              "points": points}), flush=True)


if __name__ == "__main__":
    main()
