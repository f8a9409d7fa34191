#!/usr/bin/env bash
# The nano model against an independent reading of docs/model.md in Mesa (nano_mesa.py):
# both run from SEEDS seeds on marketplace, language-barrier and crisis at a small size, and
# crosscheck.py compares the distributions of the final measures (Mann-Whitney with Holm's
# adjustment, and the difference of the means in standard errors and as a share of the mean).
# Then the same check on a deliberately wrong Mesa copy (forgetting left out) must disagree,
# and both implementations are timed side by side on the marketplace, one core each.
#
#   bash benches/peers/crosscheck.sh        # about 3 minutes on two cores once .venv exists
#
# Environment (all optional): SEEDS (30), PERSONS (300), TICKS (300), CARGO_TARGET_DIR.
# Exits non-zero if Python or Mesa cannot be set up, if the implementations disagree, or if the
# wrong copy is not told apart.
set -euo pipefail

MESA_VERSION=3.3.1
SCIPY_VERSION=1.14.1
SEEDS=${SEEDS:-30}
PERSONS=${PERSONS:-300}
TICKS=${TICKS:-300}
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
declare -A EXTRA=(
    [marketplace]=""
    [language-barrier]=""
    [crisis]="--set crisis.start=100 --set crisis.duration=150"
)
PRESETS=(marketplace language-barrier crisis)

# Runs the Mesa peer from every seed on a scenario (JSON) and writes its final rows as CSV.
mesa_runs() {
    local json=$1 out=$2
    shift 2
    seq 1 "$SEEDS" | xargs -P "$JOBS" -I{} "$py" "$here/nano_mesa.py" "$json" --seed {} "$@" \
        > "$out.jsonl"
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
    echo "== $preset: $SEEDS seeds each, $PERSONS persons, $TICKS ticks"
    # shellcheck disable=SC2086
    sets=(--set "persons=$PERSONS" ${EXTRA[$preset]})
    "$bin" check "$preset" --json "${sets[@]}" --set "ticks=$TICKS" > "$work/$preset.json"
    "$bin" sweep --scenario "$preset" "${sets[@]}" --reps "$SEEDS" --ticks "$TICKS" --final \
        --out "$work/$preset.rust.csv" > /dev/null
    mesa_runs "$work/$preset.json" "$work/$preset.mesa.csv"
    pairs+=("$preset:$work/$preset.rust.csv:$work/$preset.mesa.csv")
done

echo
echo "== Agreement: the program against the Mesa peer"
"$py" "$here/crosscheck.py" "${pairs[@]}"

echo
echo "== Power: the program against a wrong Mesa copy (forgetting left out), marketplace"
mesa_runs "$work/marketplace.json" "$work/wrong.mesa.csv" --wrong no-forgetting
"$py" "$here/crosscheck.py" --expect-disagreement --label "wrong" \
    "marketplace:$work/marketplace.rust.csv:$work/wrong.mesa.csv"

echo
echo "== Speed: the marketplace, $PERSONS persons, $TICKS ticks, seed 1, one core each"
# The program: the best of five runs' wall time (measures at the first and last tick only, as
# the peer collects them); its contacts from one run that records every tick (the same run:
# a seed gives the same contacts).
best=""
for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    taskset -c 0 "$bin" run --scenario marketplace --set "persons=$PERSONS" --seed 1 \
        --ticks "$TICKS" --every 1000000 > /dev/null
    end=$(date +%s.%N)
    best=$("$py" -c "print(min(x for x in [$end - $start, ${best:-1e9}]))")
done
"$bin" run --scenario marketplace --set "persons=$PERSONS" --seed 1 --ticks "$TICKS" \
    --out "$work/speed.csv" > /dev/null
contacts=$("$py" -c "import csv; print(sum(int(r['contacts']) for r in csv.DictReader(open('$work/speed.csv'))))")
mesa=$(taskset -c 0 "$py" "$here/nano_mesa.py" "$work/marketplace.json" --seed 1)
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
