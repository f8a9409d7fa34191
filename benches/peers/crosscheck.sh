#!/usr/bin/env bash
# The nano model against an independent reading of docs/model.md in Mesa (nano_mesa.py):
# both run from 60 to 100 seeds on marketplace, language-barrier and crisis at a small size, and
# crosscheck.py compares the distributions of the final measures (Mann-Whitney with Holm's
# adjustment, and the difference of the means in standard errors and as a share of the mean).
# Then the same check on a deliberately wrong Mesa copy (forgetting left out) must disagree,
# and both implementations are timed side by side on the marketplace, one core each.
#
#   bash benches/peers/crosscheck.sh        # about 3 minutes on two cores once .venv exists
#
# Environment (all optional): SCALE (1: multiplies every preset's seeds), PERSONS (300),
# CARGO_TARGET_DIR. Each preset has its own ticks and seeds (below): enough for a difference
# of 5% of the mean to be three standard errors or more, which 30 seeds give the language
# barrier's few kin ties across communities only at several hundred ticks.
# Exits non-zero if Python or Mesa cannot be set up, if the implementations disagree, or if the
# wrong copy is not told apart.
set -euo pipefail

MESA_VERSION=3.3.1
SCIPY_VERSION=1.14.1
SCALE=${SCALE:-1}
PERSONS=${PERSONS:-300}
JOBS=$(nproc)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nano-diplomacy/target}"
venv="$here/.venv"
py="$venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trap 'echo "crosscheck.sh: FAILED (line $LINENO: $BASH_COMMAND)" >&2' ERR

echo "== Python environment ($venv)"
if [ ! -x "$py" ]; then
    python3 -m venv "$venv"
fi
"$py" -m pip install --quiet --disable-pip-version-check "mesa==$MESA_VERSION" "scipy==$SCIPY_VERSION"
"$py" -c "import mesa, scipy; print('mesa', mesa.__version__, '/ scipy', scipy.__version__)"

echo "== The program (release, without the app)"
(cd "$root" && cargo build --release --no-default-features --quiet)
bin="$CARGO_TARGET_DIR/release/nano-diplomacy"

# The presets at a small size; the crisis moved inside the window (from tick 100 for 150).
PRESETS=(marketplace language-barrier crisis)
declare -A EXTRA=(
    [marketplace]=""
    [language-barrier]=""
    [crisis]="--set crisis.start=100 --set crisis.duration=150"
)
declare -A TICKS_OF=([marketplace]=300 [language-barrier]=600 [crisis]=300)
declare -A SEEDS_OF=([marketplace]=60 [language-barrier]=100 [crisis]=60)

# Runs the Mesa peer from seeds 1 to the given count on a scenario (JSON), in as many Python
# processes as there are cores (each runs a block of seeds: starting Python and importing Mesa
# once), and writes its final rows as CSV.
mesa_runs() {
    local json=$1 out=$2 seeds=$3
    shift 3
    local block=$(( (seeds + JOBS - 1) / JOBS )) pids=()
    for ((first = 1; first <= seeds; first += block)); do
        local last=$(( first + block - 1 < seeds ? first + block - 1 : seeds ))
        "$py" "$here/nano_mesa.py" "$json" --seeds "$first-$last" "$@" > "$out.$first.jsonl" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid"
    done
    cat "$out".*.jsonl > "$out.jsonl"
    "$py" - "$out.jsonl" "$out" <<'EOF'
import csv, json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
with open(sys.argv[2], "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
EOF
}

pairs=()
for preset in "${PRESETS[@]}"; do
    seeds=$((SEEDS_OF[$preset] * SCALE))
    ticks=${TICKS_OF[$preset]}
    echo "== $preset: $seeds seeds each, $PERSONS persons, $ticks ticks"
    # shellcheck disable=SC2086
    sets=(--set "persons=$PERSONS" ${EXTRA[$preset]})
    "$bin" check "$preset" --json "${sets[@]}" --set "ticks=$ticks" > "$work/$preset.json"
    "$bin" sweep --scenario "$preset" "${sets[@]}" --reps "$seeds" --ticks "$ticks" --final \
        --out "$work/$preset.rust.csv" > /dev/null
    mesa_runs "$work/$preset.json" "$work/$preset.mesa.csv" "$seeds"
    pairs+=("$preset:$work/$preset.rust.csv:$work/$preset.mesa.csv")
done

echo
echo "== Agreement: the program against the Mesa peer"
"$py" "$here/crosscheck.py" "${pairs[@]}"

echo
echo "== Power: the program against a wrong Mesa copy (forgetting left out), marketplace"
mesa_runs "$work/marketplace.json" "$work/wrong.mesa.csv" $((SEEDS_OF[marketplace] * SCALE)) \
    --wrong no-forgetting
"$py" "$here/crosscheck.py" --expect-disagreement --label "wrong" \
    "marketplace:$work/marketplace.rust.csv:$work/wrong.mesa.csv"

echo
echo "== Speed: the marketplace preset as it is (600 persons, 600 ticks), seed 1, one core each"
# The preset itself, not the small worlds above: at 300 persons the program's fixed costs of a
# tick weigh more (docs/performance.md gives both).
best_of_five() {
    local best=""
    for _ in 1 2 3 4 5; do
        local start end
        start=$(date +%s.%N)
        taskset -c 0 "$bin" run --scenario marketplace --seed 1 --ticks "$1" \
            --every 1000000 > /dev/null
        end=$(date +%s.%N)
        best=$("$py" -c "print(min(x for x in [$end - $start, ${best:-1e9}]))")
    done
    echo "$best"
}
TICKS=600
best=$("$py" -c "print($(best_of_five "$TICKS") - $(best_of_five 0))")
"$bin" run --scenario marketplace --seed 1 --ticks "$TICKS" --out "$work/speed.csv" > /dev/null
"$bin" check marketplace --json > "$work/preset.json"
contacts=$("$py" -c "import csv; print(sum(int(r['contacts']) for r in csv.DictReader(open('$work/speed.csv'))))")
mesa=$(taskset -c 0 "$py" "$here/nano_mesa.py" "$work/preset.json" --seed 1 --ticks "$TICKS")
"$py" - "$best" "$contacts" "$TICKS" "$mesa" <<'EOF'
import json, sys
rust_seconds, rust_contacts, ticks = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
mesa = json.loads(sys.argv[4])
rows = [
    ("this program", ticks / rust_seconds, rust_contacts / rust_seconds),
    ("Mesa peer", mesa["ticks"] / mesa["seconds"], mesa["contacts_total"] / mesa["seconds"]),
]
print(f"{'':<14} {'ticks/s':>10} {'contacts/s':>12}")
for name, tps, cps in rows:
    print(f"{name:<14} {tps:>10.1f} {cps:>12.0f}")
print(f"ratio: {rows[0][1] / rows[1][1]:.0f} times the Mesa peer's ticks per second")
EOF
