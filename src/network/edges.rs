//! The network as two CSV files: an edge list (one kept tie a row) and the nodes beside it (one
//! person a row), for pandas, R's `read.csv` and igraph's `graph_from_data_frame`. Quoted by
//! the csv crate, like every CSV the program writes (a community's name may hold a comma).

use std::io::{self, Write};

use super::{NODE_FIELDS, NetworkOptions, Node, birth_ticks, crosses, kept_ties};
use crate::sim::NanoModel;

/// Writes the edge list: `source,target,stage,affinity,exchanges,formed,last_contact,
/// cross_community`, persons by id.
pub(super) fn write_edges(
    model: &NanoModel,
    options: NetworkOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "source",
        "target",
        "stage",
        "affinity",
        "exchanges",
        "formed",
        "last_contact",
        "cross_community",
    ])?;
    let born = birth_ticks(model);
    for (_, tie) in kept_ties(model, options) {
        csv.write_record([
            tie.a.to_string(),
            tie.b.to_string(),
            tie.stage.name().to_string(),
            tie.affinity.to_string(),
            tie.exchanges.to_string(),
            born.get(&(tie.a, tie.b)).copied().unwrap_or(0).to_string(),
            tie.last_contact.to_string(),
            crosses(model, &tie).to_string(),
        ])?;
    }
    csv.flush()
}

/// Writes the nodes: `id` and every node attribute, one person a row.
pub(super) fn write_nodes(model: &NanoModel, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(std::iter::once("id").chain(NODE_FIELDS.iter().map(|(name, _, _)| *name)))?;
    for person in 0..model.population().len() as u32 {
        let node = Node::of(model, person);
        csv.write_record(
            std::iter::once(person.to_string())
                .chain(NODE_FIELDS.iter().map(|(_, _, value)| value(&node))),
        )?;
    }
    csv.flush()
}
