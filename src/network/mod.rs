//! The kinship network out of the program, for Gephi, NetworkX, igraph and R: every person a
//! node with its attributes, the ties as edges, as GraphML, as dynamic GEXF (each tie's
//! stages over time, from the ties' history), or as a CSV edge list with a node list beside
//! it. Written as it is read from the model, a line at a time, never built as a document in
//! memory.

mod edges;
mod gexf;
mod graphml;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::files::PartialFile;
use crate::sim::NanoModel;
use crate::sim::ties::{Stage, Tie};

/// The formats, named by a file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkFormat {
    /// `.graphml`: the network as it is now, with node and edge attributes.
    GraphMl,
    /// `.gexf`: GEXF 1.3, dynamic: every tie's stages over the run, for Gephi's timeline.
    Gexf,
    /// `.csv`: an edge list; the nodes in `NAME.nodes.csv` beside it.
    EdgeList,
}

impl NetworkFormat {
    /// The format a file's extension names, or a message that lists them.
    pub fn of(path: &Path) -> Result<Self, String> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("graphml") => Ok(NetworkFormat::GraphMl),
            Some(e) if e.eq_ignore_ascii_case("gexf") => Ok(NetworkFormat::Gexf),
            Some(e) if e.eq_ignore_ascii_case("csv") => Ok(NetworkFormat::EdgeList),
            _ => Err(format!(
                "{}: a network is written as .graphml, .gexf or .csv (an edge list, with the \
                 nodes beside it), named by the file's extension",
                path.display()
            )),
        }
    }
}

/// The file of nodes written beside an edge list `NAME.csv`: `NAME.nodes.csv`.
pub fn nodes_file_beside(edges: &Path) -> PathBuf {
    let stem = edges
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    edges.with_file_name(format!("{stem}.nodes.csv"))
}

/// What a network file holds of the model: the ties at `closest_at_least` or closer (all live
/// ties when `Acquaintance`); every person is a node whatever the filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkOptions {
    /// The least close stage kept.
    pub closest_at_least: Stage,
}

impl Default for NetworkOptions {
    fn default() -> Self {
        NetworkOptions {
            closest_at_least: Stage::Acquaintance,
        }
    }
}

/// Writes the model's network to `path` in the format its extension names, safely (a partial
/// file renamed into place); an edge list writes its nodes beside it.
pub fn write_network(
    model: &NanoModel,
    path: &Path,
    options: NetworkOptions,
) -> Result<(), String> {
    let format = NetworkFormat::of(path)?;
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = PartialFile::create(path).map_err(fail)?;
    match format {
        NetworkFormat::GraphMl => graphml::write(model, options, &mut file),
        NetworkFormat::Gexf => gexf::write(model, options, &mut file),
        NetworkFormat::EdgeList => edges::write_edges(model, options, &mut file),
    }
    .map_err(fail)?;
    file.commit().map_err(fail)?;
    if format == NetworkFormat::EdgeList {
        let nodes_path = nodes_file_beside(path);
        let fail = |e: std::io::Error| format!("cannot write {}: {e}", nodes_path.display());
        let mut nodes = PartialFile::create(&nodes_path).map_err(fail)?;
        edges::write_nodes(model, &mut nodes).map_err(fail)?;
        nodes.commit().map_err(fail)?;
    }
    Ok(())
}

/// One person's attributes as a node.
struct Node {
    community: u8,
    community_name: String,
    household: u32,
    belief: u8,
    mother_tongue: u8,
    ses: f64,
    appearance: f64,
    openness: f64,
    hidden_agenda: bool,
    /// Mean familiarity with the other communities (docs/model.md, rule 3); 0 with one
    /// community.
    familiarity: f64,
    symbols_known: u32,
}

impl Node {
    fn of(model: &NanoModel, person: u32) -> Self {
        let population = model.population();
        let who = &population.persons[person as usize];
        Node {
            community: who.community,
            community_name: model.params().community_name(u32::from(who.community)),
            household: who.household,
            belief: who.belief,
            mother_tongue: who.mother_tongue,
            ses: who.ses,
            appearance: who.appearance,
            openness: who.openness,
            hidden_agenda: who.hidden_agenda,
            familiarity: population.foreign_familiarity(person, model.params().communities),
            symbols_known: population.known_count(person),
        }
    }
}

/// The node attributes: name, type in GraphML and GEXF, and the value of a node as text.
type NodeField = (&'static str, &'static str, fn(&Node) -> String);

const NODE_FIELDS: &[NodeField] = &[
    ("community", "int", |n| n.community.to_string()),
    ("community_name", "string", |n| n.community_name.clone()),
    ("household", "int", |n| n.household.to_string()),
    ("belief", "int", |n| n.belief.to_string()),
    ("mother_tongue", "int", |n| n.mother_tongue.to_string()),
    ("ses", "double", |n| n.ses.to_string()),
    ("appearance", "double", |n| n.appearance.to_string()),
    ("openness", "double", |n| n.openness.to_string()),
    ("hidden_agenda", "boolean", |n| n.hidden_agenda.to_string()),
    ("familiarity", "double", |n| n.familiarity.to_string()),
    ("symbols_known", "int", |n| n.symbols_known.to_string()),
];

/// The tick each live tie was last born, from the ties' history (a tie forgotten and met again
/// is born again).
fn birth_ticks(model: &NanoModel) -> HashMap<(u32, u32), u64> {
    let mut born = HashMap::with_capacity(model.ties().len());
    for record in model.tie_history() {
        if record.from.is_none() {
            born.insert((record.a, record.b), record.tick);
        }
    }
    born
}

/// The live ties kept by the options, in id order.
fn kept_ties(model: &NanoModel, options: NetworkOptions) -> impl Iterator<Item = (u32, Tie)> + '_ {
    model
        .ties()
        .iter()
        .filter(move |(_, tie)| tie.stage >= options.closest_at_least)
}

/// Whether a tie joins two communities.
fn crosses(model: &NanoModel, tie: &Tie) -> bool {
    let persons = &model.population().persons;
    persons[tie.a as usize].community != persons[tie.b as usize].community
}

/// Text made safe inside XML, in an attribute or an element.
fn xml_escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out.into()
}

/// Writes text to a writer, mapping nothing: a shorthand for the writers' many lines.
fn put(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(
            NetworkFormat::of(Path::new("a/kin.graphml")),
            Ok(NetworkFormat::GraphMl)
        );
        assert_eq!(
            NetworkFormat::of(Path::new("kin.GEXF")),
            Ok(NetworkFormat::Gexf)
        );
        assert_eq!(
            NetworkFormat::of(Path::new("kin.csv")),
            Ok(NetworkFormat::EdgeList)
        );
        let message = NetworkFormat::of(Path::new("kin.json")).unwrap_err();
        assert!(message.contains(".graphml, .gexf or .csv"), "{message}");
        assert_eq!(
            nodes_file_beside(Path::new("out/kin.csv")),
            Path::new("out/kin.nodes.csv")
        );
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml_escape("Hill"), "Hill");
        assert_eq!(
            xml_escape("<a & \"b\">'"),
            "&lt;a &amp; &quot;b&quot;&gt;&apos;"
        );
    }
}
