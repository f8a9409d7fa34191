//! GraphML: the network as it is at the end (or at a tick), every person a node and every kept
//! tie an edge, with their attributes typed as NetworkX's `read_graphml` and Gephi read them.

use std::io::{self, Write};

use super::{NODE_FIELDS, NetworkOptions, Node, birth_ticks, crosses, kept_ties, put, xml_escape};
use crate::sim::NanoModel;

/// The edge attributes: name and GraphML type.
const EDGE_KEYS: &[(&str, &str)] = &[
    ("stage", "string"),
    ("affinity", "double"),
    ("exchanges", "long"),
    ("formed", "long"),
    ("last_contact", "long"),
    ("cross_community", "boolean"),
];

/// Writes the GraphML document.
pub(super) fn write(
    model: &NanoModel,
    options: NetworkOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    put(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    put(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    for (name, kind, _) in NODE_FIELDS {
        writeln!(
            out,
            "  <key id=\"{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        )?;
    }
    for (name, kind) in EDGE_KEYS {
        writeln!(
            out,
            "  <key id=\"{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        )?;
    }
    writeln!(
        out,
        "  <graph id=\"kinship-tick{}\" edgedefault=\"undirected\">",
        model.tick()
    )?;
    for person in 0..model.population().len() as u32 {
        let node = Node::of(model, person);
        writeln!(out, "    <node id=\"{person}\">")?;
        for (name, _, value) in NODE_FIELDS {
            writeln!(
                out,
                "      <data key=\"{name}\">{}</data>",
                xml_escape(&value(&node))
            )?;
        }
        put(out, "    </node>\n")?;
    }
    let born = birth_ticks(model);
    for (id, tie) in kept_ties(model, options) {
        // Household ties are born at tick 0 with the world.
        let formed = born.get(&(tie.a, tie.b)).copied().unwrap_or(0);
        writeln!(
            out,
            "    <edge id=\"e{id}\" source=\"{}\" target=\"{}\">\n      \
             <data key=\"stage\">{}</data>\n      <data key=\"affinity\">{}</data>\n      \
             <data key=\"exchanges\">{}</data>\n      <data key=\"formed\">{formed}</data>\n      \
             <data key=\"last_contact\">{}</data>\n      \
             <data key=\"cross_community\">{}</data>\n    </edge>",
            tie.a,
            tie.b,
            tie.stage.name(),
            tie.affinity,
            tie.exchanges,
            tie.last_contact,
            crosses(model, &tie)
        )?;
    }
    put(out, "  </graph>\n</graphml>\n")
}
