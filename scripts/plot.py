#!/usr/bin/env python3
"""Turns wsbench result directories into a comparison CSV and PNG charts.

Usage:
    scripts/plot.py RESULTS_DIR [RESULTS_DIR ...] [--labels A,B,...] [--out DIR]

Each RESULTS_DIR is what `wsbench matrix` wrote: `summary.csv` (one row per cell) and `cells/*.json`.
With several directories (two compression settings, two commits, two servers) every chart shows them
side by side and `comparison.csv` gives each cell's figures per run and the ratio to the first run.
Error bars on messages/s and server CPU per message are each cell's interval of the median across rounds
(summary.csv `*_ci_low`/`*_ci_high`: bootstrap 95 % CI with 3+ rounds, min–max with fewer); result
directories from before those columns are drawn without them.

Writes into --out (default: the first RESULTS_DIR):
    comparison.csv              cells side by side, with ratios to the first run
    throughput.png              messages/s against payload size, compression off and on
    latency_percentiles.png     HdrHistogram-style percentile plot (latency against 1/(1-p))
    compression.png             compression ratio and server CPU per message, off vs on
"""
import argparse
import csv
import json
import os
import subprocess
import sys

KEY = ("mode", "connections", "payload_bytes", "message_type", "content", "compression")


def ensure_matplotlib():
    """Imports matplotlib, installing it from PyPI first if it is missing (as root or in a venv)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
        if os.geteuid() != 0 and not in_venv:
            sys.exit("plot.py: matplotlib is missing; run: python3 -m pip install --user matplotlib")
        print("plot.py: installing matplotlib with pip", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"], check=True)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def load_run(directory):
    path = os.path.join(directory, "summary.csv")
    if not os.path.exists(path):
        sys.exit(f"plot.py: {path} not found (is {directory} a wsbench matrix result directory?)")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        cell_json = os.path.join(directory, "cells", row["cell"] + ".json")
        row["_percentiles"] = None
        if os.path.exists(cell_json):
            with open(cell_json) as f:
                data = json.load(f)
            row["_percentiles"] = data.get("latency_us", {}).get("distribution")
    return rows


def number(row, field):
    try:
        return float(row[field])
    except (KeyError, TypeError, ValueError):
        return None


def error_bar(rows, field):
    """The [below, above] distances of each row's interval from its value, or None if a row has none."""
    below, above = [], []
    for row in rows:
        value, low, high = number(row, field), number(row, field + "_ci_low"), number(row, field + "_ci_high")
        if value is None or low is None or high is None:
            return None
        below.append(max(0.0, value - low))
        above.append(max(0.0, high - value))
    return [below, above]


def write_comparison(runs, labels, out):
    cells = {}
    for index, rows in enumerate(runs):
        for row in rows:
            cells.setdefault(tuple(row[k] for k in KEY), {})[index] = row
    metrics = ("msgs_per_s", "p50_us", "p99_us", "server_us_per_msg", "compression_ratio")
    header = list(KEY)
    for metric in metrics:
        header += [f"{metric}[{label}]" for label in labels]
        header += [f"{metric}[{label}/{labels[0]}]" for label in labels[1:]]
    path = os.path.join(out, "comparison.csv")
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for key in sorted(cells, key=lambda k: (k[0], int(k[1]), int(k[2]), k[3], k[4], k[5])):
            byrun = cells[key]
            line = list(key)
            for metric in metrics:
                values = [number(byrun[i], metric) if i in byrun else None for i in range(len(runs))]
                line += ["" if v is None else f"{v:g}" for v in values]
                base = values[0]
                line += ["" if (v is None or not base) else f"{v / base:.3f}" for v in values[1:]]
            writer.writerow(line)
    return path


def plot_throughput(plt, runs, labels, out):
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, rows in zip(labels, runs):
        series = {}
        for row in rows:
            key = (row["compression"], row["connections"], row["mode"])
            series.setdefault(key, []).append((int(row["payload_bytes"]), number(row, "msgs_per_s"), row))
        for (compression, connections, mode), points in sorted(series.items()):
            points.sort(key=lambda p: p[0])
            ax.errorbar([p[0] for p in points], [p[1] for p in points], yerr=error_bar([p[2] for p in points], "msgs_per_s"),
                        marker="o", capsize=3, linestyle="-" if compression == "off" else "--",
                        label=f"{label}: {connections} conn, compression {compression}, {mode}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("payload (bytes)")
    ax.set_ylabel("messages/s (median, bars: interval across rounds)")
    ax.set_title("Echo throughput")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(out, "throughput.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_percentiles(plt, runs, labels, out):
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, rows in zip(labels, runs):
        for row in rows:
            points = row["_percentiles"]
            if not points:
                points = [[p, number(row, f)] for p, f in
                          ((50, "p50_us"), (90, "p90_us"), (99, "p99_us"), (99.9, "p99_9_us"), (99.99, "p99_99_us"))]
            points = [(p, v) for p, v in points if v is not None and p < 100]
            if not points:
                continue
            xs = [1.0 / (1.0 - p / 100.0) for p, _ in points]
            ax.plot(xs, [v for _, v in points], marker=".",
                    label=f"{label}: {row['connections']}×{row['payload_bytes']} B, {row['compression']}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ticks = [2, 10, 100, 1000, 10000]
    ax.set_xticks(ticks)
    ax.set_xticklabels(["50%", "90%", "99%", "99.9%", "99.99%"])
    ax.set_xlabel("percentile")
    ax.set_ylabel("latency (µs)")
    ax.set_title("Latency by percentile (HdrHistogram style)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=6)
    fig.tight_layout()
    path = os.path.join(out, "latency_percentiles.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_compression(plt, runs, labels, out):
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.5))
    width = 0.8 / max(1, len(runs) * 2)
    for r, (label, rows) in enumerate(zip(labels, runs)):
        sizes = sorted({int(row["payload_bytes"]) for row in rows})
        for c, compression in enumerate(sorted({row["compression"] for row in rows})):
            ratio, cpu, cpu_rows = [], [], []
            for size in sizes:
                match = [row for row in rows if int(row["payload_bytes"]) == size and row["compression"] == compression]
                ratio.append(max((number(m, "compression_ratio") or 0) for m in match) if match else 0)
                worst = max(match, key=lambda m: number(m, "server_us_per_msg") or 0) if match else {}
                cpu.append(number(worst, "server_us_per_msg") or 0)
                cpu_rows.append(worst)
            offset = (r * 2 + c) * width
            xs = [i + offset for i in range(len(sizes))]
            left.bar(xs, ratio, width, label=f"{label}: {compression}")
            right.bar(xs, cpu, width, yerr=error_bar(cpu_rows, "server_us_per_msg"), capsize=3, label=f"{label}: {compression}")
        for axis in (left, right):
            axis.set_xticks([i + 0.4 - width / 2 for i in range(len(sizes))])
            axis.set_xticklabels([f"{s} B" for s in sizes])
    left.set_title("Compression ratio (original / on the wire)")
    right.set_title("Server CPU per message (µs, bars: interval)")
    for axis in (left, right):
        axis.grid(True, axis="y", alpha=0.3)
        axis.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(out, "compression.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+", help="wsbench matrix result directories")
    parser.add_argument("--labels", help="comma-separated names for the runs (default: directory names)")
    parser.add_argument("--out", help="where to write (default: the first results directory)")
    args = parser.parse_args()
    labels = args.labels.split(",") if args.labels else [os.path.basename(os.path.normpath(d)) for d in args.results]
    if len(labels) != len(args.results):
        sys.exit("plot.py: --labels needs one name per results directory")
    out = args.out or args.results[0]
    os.makedirs(out, exist_ok=True)
    runs = [load_run(d) for d in args.results]
    written = [write_comparison(runs, labels, out)]
    plt = ensure_matplotlib()
    written += [plot_throughput(plt, runs, labels, out), plot_percentiles(plt, runs, labels, out),
                plot_compression(plt, runs, labels, out)]
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
