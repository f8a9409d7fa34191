#!/usr/bin/env bash
# Ticks per second of the model's version 2 against version 1 (commit 3f1ae84), side by side.
#
# benches/versions.rs is built twice: in a worktree of version 1 (copied in, with an entry in
# that tree's Cargo.toml) and in the present tree, both without the app. The two executables
# then run in interleaved pairs on one core (taskset), the order swapped from pair to pair. Each
# run times many samples of a few ticks from the scaled marketplace at tick 200 (see
# versions.rs); a pair's ratio is version 1's time over version 2's, that is version 2's ticks
# per second as a share of version 1's, from the fastest sample of each run (a shared machine
# only ever adds time, so the fastest sample is the least disturbed) and, beside it, from the
# median sample. Prints each pair and, per size, the median ratio over the pairs and its range.
# Needs bash 4, Linux (taskset) and the full history (the worktree of 3f1ae84).
#
#   bash benches/versions.sh            # PAIRS=7 by default; about 10 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-$HOME/.cache/nano-diplomacy/target}"
PAIRS="${PAIRS:-7}"
V1_COMMIT=3f1ae84
# The second core where there is one, so that the first is left to the system.
CORE="${CORE:-$(($(nproc) > 1 ? 1 : 0))}"
export CARGO_TERM_COLOR=never
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/v1" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Builds benches/versions.rs in the tree at $1 into the target directory $2 and copies the
# executable to $3. Each tree has its own target directory, so that neither build can be
# mistaken for the other's.
build_bench() {
    local log="$work/build.log" executable
    if ! (cd "$1" && CARGO_TARGET_DIR="$2" cargo bench --no-default-features --bench versions \
        --no-run) >"$log" 2>&1; then
        cat "$log" >&2
        echo "building the benchmark in $1 failed" >&2
        exit 1
    fi
    executable=$(sed -n 's/.*Executable benches\/versions.rs (\(.*\))$/\1/p' "$log")
    cp "$executable" "$3"
}

git worktree add --detach "$work/v1" "$V1_COMMIT"
cp benches/versions.rs "$work/v1/benches/"
printf '\n[[bench]]\nname = "versions"\nharness = false\n' >>"$work/v1/Cargo.toml"
build_bench "$work/v1" "$TARGET/versions-v1" "$work/v1-bench"
build_bench . "$TARGET" "$work/v2-bench"

# One run of an executable: "fastest median" in ms for each size, 10,000 persons first.
run_bench() {
    taskset -c "$CORE" "$1" --bench 2>"$work/run.log" | python3 -c '
import re, sys
unit = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}
times = {}
for line in sys.stdin:
    m = re.search(r"(ten_thousand|hundred_thousand)\s+([\d.]+) (\S+)\s+│\s+[\d.]+ \S+\s+│\s+([\d.]+) (\S+)", line)
    if m:
        times[m[1]] = (float(m[2]) * unit[m[3]], float(m[4]) * unit[m[5]])
if len(times) < 2:
    sys.exit("the benchmark printed no times")
print(*times["ten_thousand"], *times["hundred_thousand"])' || {
        cat "$work/run.log" >&2
        exit 1
    }
}

results="$work/pairs.txt"
declare -A times
for pair in $(seq "$PAIRS"); do
    if ((pair % 2)); then order="v1 v2"; else order="v2 v1"; fi
    for version in $order; do
        times[$version]=$(run_bench "$work/$version-bench")
    done
    echo "$pair ${times[v1]} ${times[v2]}" >>"$results"
    python3 - ${times[v1]} ${times[v2]} "$pair" <<'EOF'
import sys
a = [float(x) for x in sys.argv[1:9]]
v1, v2, pair = a[:4], a[4:], sys.argv[9]
for i, persons in ((0, "10,000"), (2, "100,000")):
    print(f"pair {pair}, {persons:>7} persons: fastest sample v1 {v1[i]:8.2f} ms, v2 {v2[i]:8.2f} ms, "
          f"ratio {v1[i] / v2[i]:.3f}; median sample ratio {v1[i + 1] / v2[i + 1]:.3f}")
EOF
done

python3 - "$results" <<'EOF'
import statistics, sys
rows = [[float(x) for x in line.split()[1:]] for line in open(sys.argv[1])]
for i, persons in ((0, "10,000"), (2, "100,000")):
    for j, kind in ((0, "fastest"), (1, "median")):
        r = sorted(row[i + j] / row[4 + i + j] for row in rows)
        print(f"{persons:>7} persons, {kind:>7} samples: v2's speed as a share of v1's "
              f"(v1's time over v2's), median ratio "
              f"{statistics.median(r):.3f}, range {r[0]:.3f} to {r[-1]:.3f} ({len(r)} pairs)")
EOF
