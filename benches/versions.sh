#!/usr/bin/env bash
# Ticks per second of the model's version 2 against version 1 (commit 3f1ae84), side by side:
# the marketplace scaled as in benches/model.rs (the contact radius shrunk with the population,
# so equal persons and contact rate make equal attempts per tick), both binaries built in
# release without the app, run on one core (taskset) in interleaved pairs. A run's ticks per
# second come from the difference of a long and a short run from the same seed, so that the
# start of a world cancels out. Prints each pair and, per size, the median ratio and its range.
#
#   bash benches/versions.sh            # PAIRS=7 by default; about 5 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nano-diplomacy/target}"
PAIRS="${PAIRS:-7}"
V1_COMMIT=3f1ae84
CORE="${CORE:-1}"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/v1" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git worktree add --detach "$work/v1" "$V1_COMMIT" >/dev/null 2>&1
(cd "$work/v1" && cargo build --release --no-default-features --quiet)
cp "$CARGO_TARGET_DIR/release/nano-diplomacy" "$work/nd-v1"
cargo build --release --no-default-features --quiet
cp "$CARGO_TARGET_DIR/release/nano-diplomacy" "$work/nd-v2"

seconds() {
    local start end
    start=$(date +%s.%N)
    taskset -c "$CORE" "$@" >/dev/null
    end=$(date +%s.%N)
    python3 -c "print($end - $start)"
}

for persons in 10000 100000; do
    radius=$(python3 -c "print(0.08 * (600 / $persons) ** 0.5)")
    if [ "$persons" = 10000 ]; then long=550; else long=150; fi
    ratios=()
    for pair in $(seq "$PAIRS"); do
        declare -A rate
        for version in v1 v2; do
            args=(run --scenario marketplace --set "persons=$persons"
                --set "contact_radius=$radius" --every 1000000)
            a=$(seconds "$work/nd-$version" "${args[@]}" --ticks "$long")
            b=$(seconds "$work/nd-$version" "${args[@]}" --ticks 50)
            rate[$version]=$(python3 -c "print(($long - 50) / ($a - $b))")
        done
        ratio=$(python3 -c "print(${rate[v2]} / ${rate[v1]})")
        ratios+=("$ratio")
        printf '%7d persons, pair %d: v1 %8.1f  v2 %8.1f ticks/s  ratio %.3f\n' \
            "$persons" "$pair" "${rate[v1]}" "${rate[v2]}" "$ratio"
    done
    python3 - "${ratios[@]}" <<'EOF'
import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f"  v2 / v1: median ratio {statistics.median(r):.3f}, range {r[0]:.3f} to {r[-1]:.3f}")
EOF
done
