"""The network exports read back by the parsers researchers use: NetworkX's read_graphml and
read_gexf, and pandas for the edge list. Run by tests/python/network.sh on files that
`nano-diplomacy run --network` wrote, against the run's own CSV row and saved state.

    python read_network.py DIR        # DIR holds kin.graphml, kin.gexf, kin.csv, run.csv, run.run

Exits non-zero, saying what differs, if anything does not match.
"""

import json
import sys
from pathlib import Path

import networkx as nx
import pandas as pd

folder = Path(sys.argv[1])
failures = []


def check(what, got, expected):
    if got != expected:
        failures.append(f"{what}: got {got!r}, expected {expected!r}")


# The run's last CSV row: its counts of ties by stage.
last = pd.read_csv(folder / "run.csv").iloc[-1]
ties, friends, kin = int(last["ties"]), int(last["friends"]), int(last["kin"])
# The saved run: the model's own persons (community, household, openness).
saved = json.loads((folder / "run.run").read_text())
persons = saved["state"]["Nano"]["population"]["persons"]
names = saved["scenario"]["model"]["Nano"]["community_names"]

graph = nx.read_graphml(folder / "kin.graphml")
check("GraphML nodes", graph.number_of_nodes(), len(persons))
check("GraphML edges", graph.number_of_edges(), ties)
stages = [d["stage"] for _, _, d in graph.edges(data=True)]
check("GraphML kin", stages.count("kin"), kin)
check("GraphML friends and kin", stages.count("friend") + stages.count("kin"), friends)
for person in (0, len(persons) // 2, len(persons) - 1):
    node = graph.nodes[str(person)]
    check(f"GraphML node {person} community", node["community"], persons[person]["community"])
    check(f"GraphML node {person} name", node["community_name"], names[persons[person]["community"]])
    check(f"GraphML node {person} household", node["household"], persons[person]["household"])
    check(f"GraphML node {person} openness", node["openness"], persons[person]["openness"])
for _, _, data in graph.edges(data=True):
    if not (0.0 <= data["affinity"] <= 1.0 and data["formed"] <= data["last_contact"] or data["formed"] == 0):
        failures.append(f"GraphML edge out of range: {data}")
        break

dynamic = nx.read_gexf(folder / "kin.gexf")
check("GEXF nodes", dynamic.number_of_nodes(), len(persons))
end = int(last["tick"])
alive = [d for _, _, d in dynamic.edges(data=True) if d["spells"][-1][1] == end]
check("GEXF edges alive at the end", len(alive), ties)
check("GEXF kin at the end", sum(1 for d in alive if d["stage"][-1][0] == "kin"), kin)
if dynamic.number_of_edges() < ties:
    failures.append("GEXF has fewer edges than ties alive at the end")

edges = pd.read_csv(folder / "kin.csv")
nodes = pd.read_csv(folder / "kin.nodes.csv")
check("edge list rows", len(edges), ties)
check("edge list kin", int((edges["stage"] == "kin").sum()), kin)
check("node list rows", len(nodes), len(persons))
check("node list communities", list(nodes["community"][:5]), [p["community"] for p in persons[:5]])
check(
    "edge list and GraphML agree on kin across communities",
    int((edges["cross_community"] & (edges["stage"] == "kin")).sum()),
    int(last["kin_cross_community"]),
)

print(
    f"read back: {len(persons)} persons, {ties} ties ({kin} kin) in GraphML, GEXF "
    f"({dynamic.number_of_edges()} ties over the run) and the edge list"
)
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
