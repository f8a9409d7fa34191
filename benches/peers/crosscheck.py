"""Compares the final measures of two implementations of the nano model over many seeds.

Reads two CSV files of final rows (one row per seed; a header naming the measures, as the
program's `sweep --final` writes them and as crosscheck.sh collects the Mesa peer's JSON
lines), and for each measure asks whether the two distributions agree:

- a two-sided Mann-Whitney test, its p-values Holm-adjusted over every (preset, measure) pair
  compared in one call;
- the difference of the means with its standard error (Welch: the two samples' variances);
- agreement: an adjusted p-value of at least 0.01, AND a difference within three of its
  standard errors, AND within 5% of the larger mean. Failing to reject alone is not agreement.

Prints a table and exits 0 when every row agrees, 1 otherwise (or, with --expect-disagreement,
0 when some row disagrees: the check's power shown on a deliberately wrong copy).

    python crosscheck.py --expect-disagreement PRESET:RUST.csv:MESA.csv ...
"""

import argparse
import csv
import math
import statistics
import sys

from scipy.stats import mannwhitneyu

MEASURES = ["kin", "kin_cross_community", "mean_affinity", "distinct_cultures", "familiarity"]
ALPHA = 0.01
MAX_SE = 3.0
MAX_RELATIVE = 0.05


def column(path, measure):
    with open(path, newline="") as f:
        return [float(row[measure]) for row in csv.DictReader(f)]


def holm(p_values):
    """Holm's step-down adjustment, in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="PRESET:RUST.csv:MESA.csv")
    parser.add_argument("--expect-disagreement", action="store_true")
    parser.add_argument("--label", default="Mesa")
    args = parser.parse_args()

    rows = []
    for pair in args.pairs:
        preset, rust_csv, mesa_csv = pair.split(":")
        for measure in MEASURES:
            rust = column(rust_csv, measure)
            mesa = column(mesa_csv, measure)
            diff = statistics.fmean(mesa) - statistics.fmean(rust)
            se = math.sqrt(
                statistics.variance(rust) / len(rust) + statistics.variance(mesa) / len(mesa)
            )
            if se == 0.0 and diff == 0.0:
                p = 1.0
            else:
                p = mannwhitneyu(rust, mesa, alternative="two-sided").pvalue
            rows.append([preset, measure, statistics.fmean(rust), statistics.fmean(mesa),
                         diff, se, p, len(rust), len(mesa)])
    for row, adjusted in zip(rows, holm([r[6] for r in rows])):
        row[6] = adjusted

    print(f"{'preset':<18} {'measure':<20} {'Rust':>10} {args.label:>10} {'diff/SE':>8} "
          f"{'diff/mean':>9} {'p (Holm)':>9}  verdict")
    disagreements = 0
    for preset, measure, rust, mesa, diff, se, p, n_rust, n_mesa in rows:
        z = diff / se if se > 0 else (0.0 if diff == 0 else math.inf)
        larger = max(abs(rust), abs(mesa))
        relative = abs(diff) / larger if larger > 0 else 0.0
        agree = p >= ALPHA and abs(z) <= MAX_SE and relative <= MAX_RELATIVE
        disagreements += not agree
        print(f"{preset:<18} {measure:<20} {rust:>10.4g} {mesa:>10.4g} {z:>8.2f} "
              f"{relative:>9.3f} {p:>9.3g}  {'agree' if agree else 'DISAGREE'}")
    runs = ", ".join(sorted({f"{r[0]} {r[7]}" for r in rows}))
    print(f"(seeds a side: {runs}; agreement: p >= {ALPHA} after Holm, |diff| <= {MAX_SE} SE "
          f"and <= {MAX_RELATIVE:.0%} of the larger mean)")
    if args.expect_disagreement:
        if disagreements == 0:
            print("FAILED: the deliberately wrong copy was not told apart")
            return 1
        print(f"as expected, the wrong copy disagrees on {disagreements} of {len(rows)} rows")
        return 0
    if disagreements:
        print(f"FAILED: {disagreements} of {len(rows)} rows disagree")
        return 1
    print(f"all {len(rows)} rows agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
