"""Reads the JSON lines of run.sh and prints median, min–max of ms/trial and of the best value."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
groups = {}
for r in rows:
    groups.setdefault((r["impl"], r["algorithm"]), []).append(r)
print("| searcher | seeds | ms per trial, median (min–max) | best value, median (min–max) | best value, mean |")
print("|---|---|---|---|---|")
for (impl, algorithm), rs in sorted(groups.items()):
    ms = [r["ms_per_trial"] for r in rs]
    best = [r["best"] for r in rs]
    print(f"| {impl} {algorithm} | {len(rs)} | {statistics.median(ms):.3f} ({min(ms):.3f}–{max(ms):.3f}) "
          f"| {statistics.median(best):.4f} ({min(best):.4f}–{max(best):.4f}) | {statistics.mean(best):.4f} |")
