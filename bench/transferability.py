#!/usr/bin/env python3
"""How well the transferability stage's ranking predicts the fine-tuned result, through the product.

Submits bench/transferability/*.yaml (fine-tune experiments with a transferability stage, each body's
frozen depths swept over several seeds) to a running lab over its HTTP API, waits for them, reads each
experiment's ranking (GET /api/experiments/{id}/transferability) and its fine-tune trials
(GET /api/experiments/{id}/trials: held-out test_accuracy, validation objective), and computes the
rank correlation between the LogME score of each candidate (body x frozen depth) and its mean
fine-tuned accuracy over the seeds: Spearman's rho (average ranks for ties) with its exact
permutation p-value, and Kendall's tau-b. Writes its own section of docs/RESULTS.md between
markers, touching nothing else. Standard library only; run by bench/transferability.sh.

    transferability.py --api URL --token-file FILE --specs DIR --out FILE [--machine TEXT] [--command TEXT]
"""
import argparse
import itertools
import json
import math
import os
import sys
import time

START = "<!-- transferability-sh:start -->"
END = "<!-- transferability-sh:end -->"


# The API client, the options, the submission of a folder of specs and the wait are results.py's (same folder).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Api, add_folder_arguments, submit_folder, wait_for_end  # noqa: E402


def ranks(xs):
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1
        i = j + 1
    return r


def pearson(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    sa = math.sqrt(sum((x - ma) ** 2 for x in a))
    sb = math.sqrt(sum((y - mb) ** 2 for y in b))
    if sa == 0 or sb == 0:
        return float("nan")
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (sa * sb)


def spearman(a, b):
    return pearson(ranks(a), ranks(b))


def spearman_p(a, b):
    """Two-sided exact permutation p-value of Spearman's rho (all orderings; n <= 9)."""
    observed = abs(spearman(a, b))
    ra, rb = ranks(a), ranks(b)
    hits = total = 0
    for perm in itertools.permutations(rb):
        total += 1
        if abs(pearson(ra, list(perm))) >= observed - 1e-12:
            hits += 1
    return hits / total


def kendall_tau_b(a, b):
    concordant = discordant = ties_a = ties_b = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            da, db = a[i] - a[j], b[i] - b[j]
            if da == 0 and db == 0:
                continue
            if da == 0:
                ties_a += 1
            elif db == 0:
                ties_b += 1
            elif da * db > 0:
                concordant += 1
            else:
                discordant += 1
    denominator = math.sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b))
    return (concordant - discordant) / denominator if denominator else float("nan")


def rescore(api, eid, per_class):
    """Submits a copy of the experiment that loads its body and scores it on per_class examples; returns its id."""
    view = api.call("GET", "/api/experiments/%s" % eid)
    body = next(t["outputs"]["body"] for t in api.call("GET", "/api/experiments/%s/trials" % eid) if t["stage"] == "pretrain")
    spec = view["spec"]
    spec["name"] = view["name"] + "-rescored"
    spec["pretrain"]["artifact"] = body
    spec["transferability"] = {"method": "logme", "examplesPerClass": per_class, "prune": {"keep": 1}}
    spec["train"]["epochs"] = 1
    spec["search"]["repeats"] = 1
    reply = api.call("POST", "/api/experiments", json.dumps(spec).encode("utf-8"), "application/json")
    print("rescoring %s's body %s on %d examples per class as %s" % (view["name"], body, per_class, reply["id"]), flush=True)
    return reply["id"]


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    add_folder_arguments(ap, timeout=3 * 3600.0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--machine", default="")
    ap.add_argument("--command", default="bench/transferability.sh")
    ap.add_argument("--rescore", type=int, default=0,
                    help="also score each experiment's body again on this many training examples per class (a cheap experiment "
                         "that loads the body by pretrain.artifact and keeps one 1-epoch trial) and correlate those scores too")
    args = ap.parse_args()
    api = Api.from_token_file(args.api, args.token_file)

    started = time.time()
    ids = [s.id for s in submit_folder(api, args.specs)]
    wait_for_end(api, ids, started, args.timeout, args.poll, require_completed=True)
    wall = time.time() - started

    rows = []
    stage_seconds = []
    for eid in ids:
        view = api.call("GET", "/api/experiments/%s" % eid)
        ranking = api.call("GET", "/api/experiments/%s/transferability" % eid)
        trials = api.call("GET", "/api/experiments/%s/trials" % eid)
        for t in trials:
            if t["stage"] == "transferability" and t.get("startedAt") and t.get("finishedAt"):
                stage_seconds.append(iso_seconds(t["finishedAt"]) - iso_seconds(t["startedAt"]))
        by_depth = {}
        for t in trials:
            if t["stage"] == "finetune" and t["status"] == "COMPLETED":
                d = int(round(t["params"]["frozenLayers"]))
                by_depth.setdefault(d, []).append(t)
        for c in ranking["candidates"]:
            runs = by_depth.get(c["frozenLayers"], [])
            rows.append({
                "body": view["name"].replace("transferability-", ""),
                "frozenLayers": c["frozenLayers"], "cut": c["cut"], "features": c["features"], "examples": c["examples"],
                "logme": c["score"],
                "test": mean([r["testMetrics"]["test_accuracy"] for r in runs if "test_accuracy" in r.get("testMetrics", {})]),
                "val": mean([r["objective"] for r in runs if r.get("objective") is not None]),
                "seeds": len(runs),
            })
    rows.sort(key=lambda r: (r["body"], r["frozenLayers"]))
    if args.rescore:
        rescored = [(view_name, rescore(api, eid, args.rescore)) for view_name, eid in
                    [(api.call("GET", "/api/experiments/%s" % e)["name"].replace("transferability-", ""), e) for e in ids]]
        wait_for_end(api, [eid for _, eid in rescored], time.time(), args.timeout, args.poll, require_completed=True)
        for body, eid in rescored:
            for c in api.call("GET", "/api/experiments/%s/transferability" % eid)["candidates"]:
                for r in rows:
                    if r["body"] == body and r["frozenLayers"] == c["frozenLayers"]:
                        r["logme_large"] = c["score"]
                        r["examples_large"] = c["examples"]
    scores = [r["logme"] for r in rows]
    tests = [r["test"] for r in rows]
    vals = [r["val"] for r in rows]
    rho_test, rho_val = spearman(scores, tests), spearman(scores, vals)
    p_test = spearman_p(scores, tests) if len(rows) <= 9 else float("nan")
    tau_test = kendall_tau_b(scores, tests)

    lines = [START, "", "## Transferability before the sweep: does LogME's ranking predict the fine-tuned result?", ""]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines.append("_Generated by `%s` on %s through the product's HTTP API (submit, `GET /api/experiments/{id}/transferability`, "
                 "`GET /api/experiments/{id}/trials`). %s_" % (args.command, when, args.machine))
    lines.append("")
    lines.append("Specs: `bench/transferability/*.yaml`. Two LeNet bodies (two 5×5 convolutions of 16 and 32 filters, a 128-unit "
                 "dense layer) pretrained supervised on MNIST digits 0–4, a strong one (5,000 images, 2 epochs) and a weak one "
                 "(250 images, 1 epoch); each is fine-tuned on digits 5–9 from k = 5 images per class at each of its four frozen "
                 "depths (0 = all layers train … 3 = only the new head trains), 3 seeds per depth, Adam at 0.01, 30 epochs. "
                 "Before the sweep the transferability stage scores every (body, depth) with LogME on the target's training "
                 "examples (the k-shot size: %d images, never validation or test) at the depth's cut. Each candidate's "
                 "fine-tuned result is the mean over its seeds of the held-out `test_accuracy` (1,000 test images) and of the "
                 "selection `val_accuracy`." % (rows[0]["examples"] if rows else 0))
    lines.append("")
    lines.append("| body | frozenLayers | cut (features) | LogME | LogME rank | mean test_accuracy | test rank | mean val_accuracy | seeds |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    score_rank = ranks([-s for s in scores])
    test_rank = ranks([-t for t in tests])
    for r, sr, tr in zip(rows, score_rank, test_rank):
        lines.append("| %s | %d | `%s` (%d) | %.4f | %g | %.4f | %g | %.4f | %d |" % (
            r["body"], r["frozenLayers"], r["cut"], r["features"], r["logme"], sr, r["test"], tr, r["val"], r["seeds"]))
    lines.append("")
    lines.append("**Rank correlation over the %d candidates** (LogME vs mean fine-tuned test accuracy): Spearman ρ = %.3f "
                 "(exact permutation p = %.3f, two-sided), Kendall τ-b = %.3f; against mean val_accuracy: Spearman ρ = %.3f."
                 % (len(rows), rho_test, p_test, tau_test, rho_val))
    for body in sorted(set(r["body"] for r in rows)):
        mine = [r for r in rows if r["body"] == body]
        lines.append("Within body `%s` alone (%d depths): Spearman ρ = %.3f." % (
            body, len(mine), spearman([r["logme"] for r in mine], [r["test"] for r in mine])))
    if args.rescore:
        large = [r["logme_large"] for r in rows]
        lines.append("")
        lines.append("**With a larger scoring sample** (%d training examples, %d per class, drawn from the same training part; "
                     "each body loaded again by `pretrain.artifact` and scored by the same stage, the fine-tuned results above "
                     "unchanged): Spearman ρ = %.3f (exact p = %.3f), Kendall τ-b = %.3f against mean test_accuracy; against mean "
                     "val_accuracy ρ = %.3f. Scores per candidate: %s." % (
                         rows[0]["examples_large"], args.rescore, spearman(large, tests),
                         spearman_p(large, tests) if len(rows) <= 9 else float("nan"), kendall_tau_b(large, tests),
                         spearman(large, vals),
                         ", ".join("%s/%d %.4f" % (r["body"], r["frozenLayers"], r["logme_large"]) for r in rows)))
    lines.append("")
    lines.append("Wall time of the run (both specs submitted at once, first submission to last end): %.0f s (%.1f min); "
                 "the transferability stage itself took %s s per experiment (loading the body, one forward pass over the "
                 "sample, one LogME per depth)." % (wall, wall / 60, ", ".join("%.1f" % s for s in stage_seconds)))
    lines.append("")
    lines.append(END)
    write(args.out, lines)
    print("\n".join(lines))


def iso_seconds(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def write(path, lines):
    block = "\n".join(lines) + "\n"
    old = open(path).read() if os.path.exists(path) else "# Results\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + block + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    with open(path, "w") as f:
        f.write(new)


if __name__ == "__main__":
    main()
