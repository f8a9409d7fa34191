"""The kinship network of an exported GraphML, drawn by NetworkX and matplotlib as a researcher
would after `run --network`: kin ties only, persons coloured by community (the app's Okabe-Ito
colours), ties across communities in gold, laid out by Kamada and Kawai's layout.

    python draw_network.py kin.graphml picture.png
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

graph = nx.read_graphml(sys.argv[1])
kin = nx.Graph()
kin.add_nodes_from(graph.nodes(data=True))
kin.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if d["stage"] == "kin")
colours = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
names = sorted({(d["community"], d["community_name"]) for _, d in kin.nodes(data=True)})
position = nx.kamada_kawai_layout(kin)
figure, axes = plt.subplots(figsize=(12, 9), dpi=100)
figure.patch.set_facecolor("#16181d")
axes.set_facecolor("#16181d")
within = [(a, b) for a, b, d in kin.edges(data=True) if not d["cross_community"]]
across = [(a, b) for a, b, d in kin.edges(data=True) if d["cross_community"]]
nx.draw_networkx_edges(kin, position, edgelist=within, edge_color="#c8c8c8", alpha=0.35, width=1.0, ax=axes)
nx.draw_networkx_edges(kin, position, edgelist=across, edge_color="#ffd166", alpha=0.9, width=1.6, ax=axes)
for community, name in names:
    members = [n for n, d in kin.nodes(data=True) if d["community"] == community]
    nx.draw_networkx_nodes(
        kin, position, nodelist=members, node_size=28, node_color=colours[community % len(colours)],
        label=name, ax=axes,
    )
axes.legend(loc="upper right", facecolor="#16181d", labelcolor="white", fontsize=14, frameon=False)
axes.set_title(
    f"Kin after the run: {kin.number_of_nodes()} persons, {kin.number_of_edges()} kin ties, "
    f"{len(across)} across communities (gold)", color="white", fontsize=16,
)
axes.axis("off")
figure.tight_layout()
figure.savefig(sys.argv[2], facecolor=figure.get_facecolor())
