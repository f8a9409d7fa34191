#!/usr/bin/env bash
# The network exports read back by real parsers: `nano-diplomacy run --network` writes the
# marketplace's kinship network as GraphML, GEXF and an edge list, with the run's CSV and saved
# state beside them, and read_network.py loads them with NetworkX and pandas and checks them
# against those. Run by .ci/run; fails, rather than skips, if Python or its packages cannot be
# set up. With --picture FILE.png it also draws the network with NetworkX and matplotlib (the
# README's picture).
#
#   bash tests/python/network.sh [--picture docs/images/network-networkx.png]
set -euo pipefail

NETWORKX_VERSION=3.6.1
PANDAS_VERSION=3.1.1
MATPLOTLIB_VERSION=3.11.2
SCIPY_VERSION=1.14.1  # NetworkX lays out large graphs with it
TICKS=200

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nano-diplomacy/target}"
venv="$here/.venv"
py="$venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trap 'echo "network.sh: FAILED (line $LINENO: $BASH_COMMAND)" >&2' ERR

echo "== Python environment ($venv)"
if [ ! -x "$py" ]; then
    python3 -m venv "$venv"
fi
"$py" -m pip install --quiet --disable-pip-version-check "networkx==$NETWORKX_VERSION" \
    "pandas==$PANDAS_VERSION" "matplotlib==$MATPLOTLIB_VERSION" "scipy==$SCIPY_VERSION"

echo "== The program (release, without the app)"
(cd "$root" && cargo build --release --no-default-features --quiet)
bin="$CARGO_TARGET_DIR/release/nano-diplomacy"

echo "== The marketplace, $TICKS ticks, its network three ways"
"$bin" run --scenario marketplace --ticks "$TICKS" --every "$TICKS" --out "$work/run.csv" \
    --save "$work/run.run" --network "$work/kin.graphml" > /dev/null
for format in gexf csv; do
    "$bin" run --scenario marketplace --ticks "$TICKS" --network "$work/kin.$format" > /dev/null
done
"$py" "$here/read_network.py" "$work"

if [ "${1:-}" = "--picture" ]; then
    "$py" "$here/draw_network.py" "$work/kin.graphml" "$2"
    echo "drew $2"
fi
