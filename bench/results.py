#!/usr/bin/env python3
"""Submits bench/results/specs/*.yaml to a running lab over its HTTP API, waits for each, and writes
docs/RESULTS.md's generated part from the API's comparison and export routes only.

Run by bench/results.sh, which starts the standalone lab; standard library only (json, urllib). It also holds
what the other bench scripts that drive a lab import: the API client (Api), the options, the submission of a
folder of specs (submit_folder) and the wait for their end (wait_for_end).

    results.py --api URL --token-file FILE --specs DIR --out FILE [--scale full|smoke] [--machine TEXT]
"""
import argparse
import collections
import glob
import json
import math
import os
import re
import sys
import time
import urllib.error
import urllib.request

START = "<!-- results-sh:start -->"
END = "<!-- results-sh:end -->"

# RESULTS_SCALE=smoke caps these numeric spec fields (block or flow YAML, "key: n") so that the whole
# pipeline runs in minutes; the numbers it produces are not results. RESULTS_SCALE=one-seed runs every
# spec at its full budget with repeats: 1, which measures what the full run will cost.
SMOKE_CAPS = {
    "epochs": 2, "teacherEpochs": 2, "scoutEpochs": 1, "repeats": 2, "scouts": 2,
    "sourceExamplesPerClass": 50, "teacherExamplesPerClass": 60, "transferExamplesPerClass": 20,
    "validationPerClass": 20, "examplesPerClass": 20,
}


def scaled(text, scale):
    if scale == "full":
        return text
    if scale == "one-seed":
        # the full budget once: what one repeat costs, to size the full run
        return re.sub(r"(?<![A-Za-z])repeats:(\s*)\d+", r"repeats:\g<1>1", text)
    for key, cap in SMOKE_CAPS.items():
        text = re.sub(r"(?<![A-Za-z])(%s):(\s*)(\d+)" % key,
                      lambda m, cap=cap: "%s:%s%d" % (m.group(1), m.group(2), min(int(m.group(3)), cap)), text)
    return text


class Api:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    @classmethod
    def from_token_file(cls, url, token_file):
        """A client holding the token that the lab wrote to token_file (its data directory's api-token)."""
        with open(token_file) as f:
            return cls(url, f.read().strip())

    def call(self, method, path, body=None, content_type=None):
        req = urllib.request.Request(self.url + path, data=body, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        req.add_header("Accept", "application/json")
        if content_type:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raise SystemExit("%s %s -> %d %s" % (method, path, e.code, e.read().decode("utf-8", "replace")))


ENDED = ("COMPLETED", "FAILED", "CANCELLED")

# One submitted spec: its file, the file's text (before any scaling), the experiment's id, when it was sent.
Submitted = collections.namedtuple("Submitted", "spec_file text id at")


def add_folder_arguments(ap, timeout):
    """Adds the options of a script that submits a folder of specs to a lab and waits for them: --api, --token-file,
    --specs, --poll and --timeout (seconds, this default). Shared by bench/results.py and bench/transferability.py."""
    ap.add_argument("--api", required=True, help="the lab's API address")
    ap.add_argument("--token-file", required=True, help="the file holding the lab's API token")
    ap.add_argument("--specs", required=True, help="the folder whose *.yaml specs are submitted, in name order")
    ap.add_argument("--poll", type=float, default=10.0, help="seconds between two looks at each experiment")
    ap.add_argument("--timeout", type=float, default=timeout, help="seconds to wait for all to end")


def submit_folder(api, folder, rewrite=None):
    """Submits every *.yaml in folder, in name order, over the API; returns a Submitted per spec.

    rewrite, when given, turns a spec's text into the text that is sent (--scale here); the file is left alone.
    Shared by bench/results.py and bench/transferability.py."""
    files = sorted(glob.glob(os.path.join(folder, "*.yaml")))
    if not files:
        raise SystemExit("no specs in " + folder)
    submitted = []
    for spec_file in files:
        with open(spec_file) as f:
            text = f.read()
        sent = rewrite(text) if rewrite else text
        reply = api.call("POST", "/api/experiments", sent.encode("utf-8"), "application/yaml")
        print("submitted %s as %s (%s trials planned)" % (os.path.basename(spec_file), reply["id"], reply.get("plannedTrials")),
              flush=True)
        submitted.append(Submitted(spec_file, text, reply["id"], time.time()))
    return submitted


def wait_for_end(api, ids, started, timeout, poll, require_completed=False):
    """Polls each experiment every poll seconds until all have ended, and returns {id: when it was seen ended}.

    Gives up timeout seconds after started; with require_completed, an experiment that ends FAILED or CANCELLED
    ends the run with its message. Shared by bench/results.py and bench/transferability.py."""
    ended = {}
    while len(ended) < len(ids):
        if time.time() - started > timeout:
            raise SystemExit("timed out after %.0f s waiting for %s" % (timeout, [i for i in ids if i not in ended]))
        for eid in ids:
            if eid in ended:
                continue
            view = api.call("GET", "/api/experiments/%s" % eid)
            if view.get("status") in ENDED:
                ended[eid] = time.time()
                print("%s %s after %.0f s (%d/%d trials, %d failed)" % (view.get("name"), view["status"], time.time() - started,
                      view.get("trialsDone", 0), view.get("trialsTotal", 0), view.get("failedTrials", 0)), flush=True)
                if require_completed and view["status"] != "COMPLETED":
                    raise SystemExit("%s ended %s: %s" % (eid, view["status"], view.get("message")))
        if len(ended) < len(ids):
            time.sleep(poll)
    return ended


def title_of(text, fallback):
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return fallback


def fmt_metric(metric, value):
    if value is None:
        return "–"
    if "accuracy" in metric:
        return "%.1f %%" % (100 * value)
    if "errors" in metric:
        return "%.0f" % value
    return "%.4f" % value


def fmt_diff(metric, d):
    """'+6.3 pts [4.9, 7.8]' for accuracies, plain numbers otherwise; 'no interval' below 2 pairs."""
    if d.get("mean") is None:
        return "no pairs"
    unit, k, nd = (" pts", 100.0, 1) if "accuracy" in metric else ("", 1.0, 0 if "errors" in metric else 4)
    mean = "%+.*f%s" % (nd, k * d["mean"], unit)
    if d.get("low") is None:
        return mean + " (no interval: n < 2)"
    return "%s [%+.*f, %+.*f]" % (mean, nd, k * d["low"], nd, k * d["high"])


def verdict(d):
    if d.get("low") is None or d.get("mean") is None:
        return "n too small"
    if d["low"] == d["high"]:
        return "zero-width: every seed gave the same difference"
    better_high = d.get("mode", "max") == "max"
    if d["low"] > 0:
        return "method higher, interval excludes 0" + ("" if better_high else " (worse: lower is better)")
    if d["high"] < 0:
        return "method lower, interval excludes 0" + (" (better: lower is better)" if not better_high else "")
    return "interval includes 0"


# two-sided 95 % Student t quantiles by degrees of freedom; 1.96 (the normal's) above 30
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
       20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048,
       29: 2.045, 30: 2.042}


def t_interval(values):
    """The mean of values and the half-width of its 95 % Student t interval (None below 2 values)."""
    n = len(values)
    m = sum(values) / n
    if n < 2:
        return m, None
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    return m, T95.get(n - 1, 1.96) * sd / math.sqrt(n)


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def configurations(export):
    """Completed trials of each stage and configuration (params without seed): n and mean of every last metric."""
    groups = {}
    for t in export.get("trials", []):
        if t.get("status") != "COMPLETED":
            continue
        params = {k: v for k, v in (t.get("params") or {}).items() if k != "seed"}
        key = (t.get("stage"), json.dumps(params, sort_keys=True))
        groups.setdefault(key, []).append(t.get("lastMetrics") or {})
    rows = []
    for (stage, params), runs in groups.items():
        names = sorted({n for r in runs for n in r if n.startswith("val_") or n.startswith("test_")})
        rows.append((stage, params, len(runs), {n: mean([r[n] for r in runs if n in r]) for n in names}))
    return rows


def seconds(iso):
    from datetime import datetime
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def slot_seconds(export):
    """(trials that ran, their summed run time, the longest) from the trials' start and end times."""
    spans = [seconds(t["finishedAt"]) - seconds(t["startedAt"]) for t in export.get("trials", [])
             if t.get("startedAt") and t.get("finishedAt")]
    return len(spans), sum(spans), max(spans) if spans else 0.0


def section(spec_file, text, view, comparison, export, minutes):
    name = view.get("name") or os.path.basename(spec_file)
    out = ["### %s" % title_of(text, name), ""]
    status = view.get("status")
    out.append("Spec `%s` (experiment `%s`): %s, %d of %d trials done, %d failed, %.1f min from submission to end."
               % (os.path.relpath(spec_file), view.get("id"), status, view.get("trialsDone", 0), view.get("trialsTotal", 0),
                  view.get("failedTrials", 0), minutes))
    out.append("")
    if not comparison or not comparison.get("baseline"):
        out.append("**No comparison:** the experiment has no completed baseline to pair with.")
        out.append("")
    else:
        cfg = ", ".join("%s=%s" % kv for kv in sorted((comparison.get("configuration") or {}).items())) or "the only one"
        out.append("Method `%s` (best configuration on the selection metric: %s) against `%s` (%s), paired by seed%s."
                   % (comparison.get("method"), cfg, comparison.get("baseline"), comparison.get("baselineName"),
                      "; %d of the configuration's trials had no pair and are left out" % comparison["unpaired"]
                      if comparison.get("unpaired") else ""))
        out.append("")
        out.append("| metric | method, mean | baseline, mean | method − baseline, 95 % interval | n | verdict |")
        out.append("|---|---|---|---|---|---|")
        pairs = comparison.get("pairs") or []
        for d in comparison.get("differences") or []:
            m = d["metric"]
            mv = mean([p["methodValues"][m] for p in pairs if m in (p.get("methodValues") or {})])
            bv = mean([p["baselineValues"][m] for p in pairs if m in (p.get("baselineValues") or {})])
            kind = "selection" if not m.startswith("test_") else "held-out"
            ratio = ""
            if mv is not None and bv:
                if "errors" in m:
                    ratio = " (×%.2f of the baseline's errors)" % (mv / bv)
                elif "accuracy" in m and bv < 1:
                    ratio = " (errors ×%.2f of the baseline's)" % ((1 - mv) / (1 - bv))
            out.append("| %s (%s) | %s%s | %s | %s | %d | %s |" % (m, kind, fmt_metric(m, mv), ratio, fmt_metric(m, bv),
                                                             fmt_diff(m, d), d.get("n", 0), verdict(d)))
        if not any(d["metric"].startswith("test_") for d in comparison.get("differences") or []):
            out.append("")
            out.append("No held-out test metric: this lab reports none per finished trial yet.")
        out.append("")
    busy = slot_seconds(export)
    out.append("Slot time: %d trials ran for %.0f s in all (the longest %.0f s)." % (busy[0], busy[1], busy[2]))
    out.append("")
    rows = configurations(export)
    if rows:
        names = sorted({n for _, _, _, ms in rows for n in ms})
        out.append("Every configuration (completed trials, from the export route):")
        out.append("")
        out.append("| stage | configuration | n | " + " | ".join("mean %s" % n for n in names) + " |")
        out.append("|---|---|---|" + "---|" * len(names))
        for stage, params, n, ms in rows:
            p = ", ".join("%s=%s" % kv for kv in sorted(json.loads(params).items()) if kv[0] not in ("device",)) or "–"
            out.append("| %s | %s | %d | %s |" % (stage, p, n, " | ".join(fmt_metric(m, ms.get(m)) for m in names)))
        out.append("")
    return out


def main():
    ap = argparse.ArgumentParser()
    add_folder_arguments(ap, timeout=4 * 3600.0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", default="full", choices=["full", "smoke", "one-seed"])
    ap.add_argument("--machine", default="")
    ap.add_argument("--command", default="bench/results.sh")
    ap.add_argument("--exports", default="", help="also save each experiment's export JSON in this folder")
    args = ap.parse_args()
    api = Api.from_token_file(args.api, args.token_file)

    started = time.time()
    submitted = submit_folder(api, args.specs, lambda text: scaled(text, args.scale))
    ended = wait_for_end(api, [s.id for s in submitted], started, args.timeout, args.poll)
    wall = time.time() - started

    lines = [START, ""]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines.append("_Generated by `%s` on %s through the product's HTTP API (submit, `GET /api/experiments/{id}/comparison`, "
                 "`GET /api/experiments/{id}/export?format=json`); scale `%s`. %s_" % (args.command, when, args.scale, args.machine))
    lines.append("")
    lines.append("**Wall time of the whole run** (all %d spec(s) submitted at once, first submission to last end): %.0f s (%.1f min)."
                 % (len(submitted), wall, wall / 60))
    lines.append("")
    for spec_file, text, eid, t0 in submitted:
        view = api.call("GET", "/api/experiments/%s" % eid)
        comparison = api.call("GET", "/api/experiments/%s/comparison" % eid)
        export = api.call("GET", "/api/experiments/%s/export?format=json" % eid)
        if args.exports:
            os.makedirs(args.exports, exist_ok=True)
            with open(os.path.join(args.exports, os.path.basename(spec_file)[:-5] + ".json"), "w") as f:
                json.dump({"comparison": comparison, "export": export}, f)
        lines += section(spec_file, text, view, comparison, export, (ended[eid] - t0) / 60)
    lines.append(END)
    write(args.out, lines)
    print("wrote %s (run wall time %.0f s)" % (args.out, wall), flush=True)


def write(path, lines):
    block = "\n".join(lines) + "\n"
    old = open(path).read() if os.path.exists(path) else "# Results\n"
    if START in old and END in old:
        new = old[:old.index(START)] + block.rstrip("\n") + old[old.index(END) + len(END):]
    else:
        # first run: the generated part goes before the first older part
        at = old.find("\n## ")
        at = len(old) if at < 0 else at + 1
        new = old[:at] + "## Through the product (bench/results.sh)\n\n" + block + "\n" + old[at:]
    with open(path, "w") as f:
        f.write(new)


if __name__ == "__main__":
    sys.exit(main())
