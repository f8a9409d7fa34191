//! The network as two CSV files: an edge list (one kept tie a row) and the nodes beside it (one
//! person a row), for pandas, R's `read.csv` and igraph's `graph_from_data_frame`.

use std::io::{self, Write};

use super::{NODE_FIELDS, NetworkOptions, Node, birth_ticks, crosses, kept_ties};
use crate::files::csv_field;
use crate::sim::NanoModel;

/// Writes the edge list: `source,target,stage,affinity,exchanges,formed,last_contact,
/// cross_community`, persons by id.
pub(super) fn write_edges(
    model: &NanoModel,
    options: NetworkOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "source,target,stage,affinity,exchanges,formed,last_contact,cross_community"
    )?;
    let born = birth_ticks(model);
    for (_, tie) in kept_ties(model, options) {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            tie.a,
            tie.b,
            tie.stage.name(),
            tie.affinity,
            tie.exchanges,
            born.get(&(tie.a, tie.b)).copied().unwrap_or(0),
            tie.last_contact,
            crosses(model, &tie)
        )?;
    }
    Ok(())
}

/// Writes the nodes: `id` and every node attribute, one person a row.
pub(super) fn write_nodes(model: &NanoModel, out: &mut dyn Write) -> io::Result<()> {
    let header: Vec<&str> = NODE_FIELDS.iter().map(|(name, _, _)| *name).collect();
    writeln!(out, "id,{}", header.join(","))?;
    for person in 0..model.population().len() as u32 {
        let node = Node::of(model, person);
        let row: Vec<String> = NODE_FIELDS
            .iter()
            .map(|(_, _, value)| csv_field(&value(&node)).into_owned())
            .collect();
        writeln!(out, "{person},{}", row.join(","))?;
    }
    Ok(())
}
