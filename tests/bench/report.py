#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""report.py DIR KERNEL...: gather what `make bench` measured.

Reads DIR/KERNEL.jsonl (vrbench's "# json" records, after one line naming
the kernel) and DIR/callgrind.jsonl; writes DIR/results.json (everything),
DIR/results.txt (the tables, and the figures against the issue's targets)
and DIR/pair-cost.dat (the plot's data). Exits 1 if a kernel has no figures.
"""
import json
import sys
from pathlib import Path

PAIR = "VOLATILE+NONVOLATILE pair"


def load(path):
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not lines:
        return None
    head, records = lines[0], lines[1:]
    return {"kernel": head["kernel"], "release": head["release"], "results": records}


def find(run, section, what, n=None, span=None):
    for r in run["results"]:
        if r["section"] == section and r["what"] == what and \
           (n is None or r["n"] == n) and (span is None or r["span"] == span):
            return r["value"]
    return None


def sizes(runs, section, what):
    """The numbers of ranges measured, as the runs recorded them."""
    return sorted({r["n"] for run in runs for r in run["results"]
                   if r["section"] == section and r["what"] == what})


def fmt(value, unit=""):
    if value is None:
        return "-"
    return f"{value:,.2f}{unit}" if value < 10 else f"{value:,.0f}{unit}"


def table(run):
    rows = [f"## {run['kernel']} (Linux {run['release']})", "",
            f"{'section':<9} {'what':<52} {'n':>7} {'span':>5} {'median':>12} unit"]
    for r in run["results"]:
        rows.append(f"{r['section']:<9} {r['what']:<52} {r['n'] or '':>7} "
                    f"{r['span'] or '':>5} {r['value']:>12,.2f} {r['unit']}")
    return rows + [""]


def targets(runs):
    rows = ["## Against the targets", "",
            f"{'kernel':<10} {'pair/ioctl':>10} {'(<= 2)':>6} {'100k/1':>8} {'(<= 1.5)':>8} "
            f"{'B/range':>8} {'(<= 64)':>7} {'volatile MiB left at OOM kill (0)':>34} {'half-cache hog (0)':>18}"]
    for run in runs:
        ratio = find(run, "target", "pair at n=1 / GET_SIZE (target <= 2)")
        growth = find(run, "target", "pair at largest n / pair at n=1 (target <= 1.5)")
        per_range = find(run, "kmem", "slab per range (target <= 64)")
        left = find(run, "target", "intact volatile MiB at the OOM kill (target 0)")
        left2 = find(run, "target", "intact volatile MiB at an OOM kill, half-cache hog (target 0)")
        rows.append(f"{run['kernel']:<10} {fmt(ratio, 'x'):>17} {fmt(growth, 'x'):>17} "
                    f"{fmt(per_range):>16} {fmt(left):>34} {fmt(left2):>18}")
    return rows + [""]


def main():
    out = Path(sys.argv[1])
    runs, status = [], 0
    for kernel in sys.argv[2:]:
        run = load(out / f"{kernel}.jsonl")
        if not run or not run["results"]:
            print(f"report: no figures from {kernel}", file=sys.stderr)
            status = 1
            continue
        runs.append(run)
    callgrind = load(out / "callgrind.jsonl") if (out / "callgrind.jsonl").exists() else None

    lines = ["# vrange benchmarks", ""] + targets(runs)
    if callgrind:
        lines += ["## Range logic alone: user-space build of module/ranges.c under callgrind", "",
                  f"{'n':>7} {'instructions/pair':>18} {'L1d misses/pair':>16}"]
        for n in sizes([callgrind], "callgrind", "instructions per pair"):
            lines.append(f"{n:>7} {fmt(find(callgrind, 'callgrind', 'instructions per pair', n)):>18} "
                         f"{fmt(find(callgrind, 'callgrind', 'L1 data misses per pair', n)):>16}")
        lines.append("")
    for run in runs:
        lines += table(run)
    (out / "results.txt").write_text("\n".join(lines))
    (out / "results.json").write_text(json.dumps(
        {"runs": runs, "callgrind": callgrind}, indent=1) + "\n")

    # Plot data: one row per n, one column per kernel (ns per pair, span 1).
    with open(out / "pair-cost.dat", "w") as dat:
        dat.write("# n " + " ".join(r["kernel"] for r in runs) + "\n")
        for n in sizes(runs, "pair", PAIR):
            values = [find(r, "pair", PAIR, n, 1) for r in runs]
            dat.write(f"{n} " + " ".join("NaN" if v is None else f"{v:.1f}" for v in values) + "\n")
    with open(out / "pair-cost.kernels", "w") as names:
        names.write(" ".join(f"{r['kernel']}-{r['release']}" for r in runs) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
