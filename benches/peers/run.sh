#!/usr/bin/env bash
# Events per second of Axelrod's culture model: an idiomatic Mesa 3 model (axelrod_mesa.py)
# against this project's `nano-diplomacy axelrod`, both on one core, measured in this run.
#
#   bash benches/peers/run.sh
#
# Environment (all optional):
#   CARGO_TARGET_DIR  where cargo builds (default $HOME/.cache/nano-diplomacy/target-headless)
#   REPEATS           measurements per engine and size; the best is kept (default 3)
#   LONG_EVENTS       events of the extra one-long-run Rust column (default 20000000)
#   SANITY_RUNS       runs to convergence on 10 x 10 per engine, 0 to skip (default 20)
set -euo pipefail

MESA_VERSION=3.3.1
REPEATS=${REPEATS:-3}
LONG_EVENTS=${LONG_EVENTS:-20000000}
SANITY_RUNS=${SANITY_RUNS:-20}
FEATURES=5
TRAITS=10
SEED=1
# Per grid side: events per run (the same window of the dynamics for both engines, from a
# random start, and short of convergence, so both do every event asked), Mesa runs, Rust runs.
SIZES=(10 50 100)
declare -A WINDOW=([10]=10000 [50]=200000 [100]=400000)
declare -A MESA_RUNS=([10]=20 [50]=2 [100]=1)
declare -A RUST_RUNS=([10]=2000 [50]=200 [100]=100)

trap 'echo "run.sh: FAILED (line $LINENO: $BASH_COMMAND)" >&2' ERR

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
py="$venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== Python environment ($venv)"
if [ ! -x "$py" ]; then
    python3 -m venv "$venv"
fi
if ! "$py" -c "import sys, mesa; sys.exit(mesa.__version__ != '$MESA_VERSION')" 2>/dev/null; then
    "$py" -m pip install --quiet --disable-pip-version-check "mesa==$MESA_VERSION"
fi
mesa_version="$("$py" -c 'import mesa; print(mesa.__version__)')"
echo "mesa $mesa_version, $("$py" --version)"

echo "== Building nano-diplomacy (release, --no-default-features)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nano-diplomacy/target-headless}"
(cd "$root" && cargo build --release --no-default-features --quiet)
bin="$CARGO_TARGET_DIR/release/nano-diplomacy"
[ -x "$bin" ] || { echo "run.sh: no binary at $bin" >&2; exit 1; }
echo "binary: $bin (source: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown))"

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)"
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "setting: F = $FEATURES, q = $TRAITS, seed $SEED, best of $REPEATS; both single-threaded"

echo "== Measuring"
for size in "${SIZES[@]}"; do
    window=${WINDOW[$size]}
    for rep in $(seq "$REPEATS"); do
        echo "  $size x $size, try $rep: Mesa ${MESA_RUNS[$size]} x $window events," \
            "Rust ${RUST_RUNS[$size]} x $window events, Rust 1 run of up to $LONG_EVENTS"
        "$py" "$here/axelrod_mesa.py" --size "$size" --features $FEATURES --traits $TRAITS \
            --events "$window" --runs "${MESA_RUNS[$size]}" --seed $SEED >>"$work/mesa-$size"
        "$bin" axelrod --size "$size" --features $FEATURES --traits $TRAITS \
            --runs "${RUST_RUNS[$size]}" --max-events "$window" --seed $SEED --json \
            >>"$work/rust-$size"
        "$bin" axelrod --size "$size" --features $FEATURES --traits $TRAITS \
            --runs 1 --max-events "$LONG_EVENTS" --seed $SEED --json >>"$work/long-$size"
    done
done

"$py" - "$work" "${SIZES[@]}" <<'PY'
import json, sys

work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
GOAL = 200

def load(name):
    with open(f"{work}/{name}") as f:
        return [json.loads(line) for line in f if line.strip()]

def best(rows):
    return max(rows, key=lambda r: r["events_per_second"])

print()
print("Events per second, one core (best of the tries). 'same window': both engines run the")
print("same first N events from random starts, every attempt counted as one event.")
print()
head = (f"{'size':>9} {'events/run':>10} {'Mesa ev/s':>11} {'Rust ev/s':>12} {'ratio':>7} "
        f"{'goal':>5} | {'Rust 1 long run':>15} {'events':>10} {'ratio':>7}")
print(head)
print("-" * len(head))
ok = True
for size in sizes:
    mesa, rust, long = load(f"mesa-{size}"), load(f"rust-{size}"), load(f"long-{size}")
    # Like with like: every run of both did exactly the window's events (none converged).
    for r in rust:
        if r["converged"] != 0 or r["mean_events"] != mesa[0]["mean_events"]:
            print(f"error: {size} x {size}: Rust runs did not do the same events as Mesa's",
                  file=sys.stderr)
            ok = False
    for m in mesa:
        if m["events"] != m["runs"] * m["mean_events"] or m["converged"] != 0:
            print(f"error: {size} x {size}: Mesa runs did not do the events asked", file=sys.stderr)
            ok = False
    m, r, l = best(mesa), best(rust), best(long)
    ratio = r["events_per_second"] / m["events_per_second"]
    long_ratio = l["events_per_second"] / m["events_per_second"]
    long_events = f"{l['mean_events']:.0f}" + ("*" if l["converged"] else "")
    print(f"{f'{size} x {size}':>9} {m['mean_events']:>10.0f} {m['events_per_second']:>11,.0f} "
          f"{r['events_per_second']:>12,.0f} {ratio:>7.0f} {'met' if ratio >= GOAL else 'NOT':>5} | "
          f"{l['events_per_second']:>15,.0f} {long_events:>10} {long_ratio:>7.0f}")
print()
print(f"goal: this project >= {GOAL} x Mesa on the same window ('ratio', 'goal'). 'Rust 1 long run':")
print("one run of up to LONG_EVENTS events (* = converged first), a later phase of the dynamics")
print("than Mesa's window, shown for reference; its ratio is not like with like.")
sys.exit(0 if ok else 1)
PY

if [ "$SANITY_RUNS" -gt 0 ]; then
    echo
    echo "== Sanity check: 10 x 10, F = $FEATURES, q = $TRAITS, $SANITY_RUNS runs to convergence each"
    "$py" "$here/axelrod_mesa.py" --size 10 --features $FEATURES --traits $TRAITS \
        --events 100000000 --until-converged --runs "$SANITY_RUNS" --seed $SEED >"$work/sanity-mesa"
    "$bin" axelrod --size 10 --features $FEATURES --traits $TRAITS --runs "$SANITY_RUNS" \
        --seed $SEED --json >"$work/sanity-rust"
    "$py" - "$work" <<'PY'
import json, math, sys

work = sys.argv[1]
ok = True
for name, key in (("Mesa", "sanity-mesa"), ("Rust", "sanity-rust")):
    with open(f"{work}/{key}") as f:
        d = json.load(f)
    se = d["sd_regions"] / math.sqrt(d["runs"])
    print(f"  {name}: {d['converged']}/{d['runs']} converged, mean stable regions "
          f"{d['mean_regions']:.2f} (sd {d['sd_regions']:.2f}, se {se:.2f}), "
          f"mean events {d['mean_events']:,.0f}")
    ok &= d["converged"] == d["runs"]
print("  (Axelrod 1997 published 3.2; Mesa's events include up to 10 sweeps before its rescan)")
sys.exit(0 if ok else 1)
PY
fi
echo
echo "run.sh: done"
