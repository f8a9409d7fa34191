//! The network exports: GraphML, GEXF and the edge list hold every person and the kept ties,
//! with the attributes the model has; their reading by NetworkX and pandas is checked by
//! tests/python/read_network.py, which .ci/run runs on files the command line writes.

use nano_diplomacy::network::{NetworkOptions, nodes_file_beside, write_network};
use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::ties::Stage;

fn small_run() -> NanoModel {
    let mut scenario = Scenario::default_preset();
    scenario.set("persons=150").unwrap();
    let mut model = NanoModel::new(scenario.nano().unwrap().clone(), 5);
    for _ in 0..60 {
        model.step();
    }
    model
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nano-network-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn graphml_holds_every_person_and_every_live_tie() {
    let model = small_run();
    let path = scratch("graphml").join("kin.graphml");
    write_network(&model, &path, NetworkOptions::default()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(count(&text, "<node id="), 150);
    assert_eq!(count(&text, "<edge id="), model.ties().len());
    assert!(text.contains("<data key=\"community_name\">Hill</data>"));
    // Only kin: every person still a node.
    let kin = NetworkOptions {
        closest_at_least: Stage::Kin,
    };
    write_network(&model, &path, kin).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let kin_ties = model
        .ties()
        .iter()
        .filter(|(_, t)| t.stage == Stage::Kin)
        .count();
    assert!(kin_ties > 0 && kin_ties < model.ties().len());
    assert_eq!(count(&text, "<node id="), 150);
    assert_eq!(count(&text, "<edge id="), kin_ties);
    assert_eq!(count(&text, "<data key=\"stage\">kin</data>"), kin_ties);
}

#[test]
fn the_edge_list_has_its_nodes_beside_it() {
    let model = small_run();
    let path = scratch("edges").join("kin.csv");
    write_network(&model, &path, NetworkOptions::default()).unwrap();
    let edges = std::fs::read_to_string(&path).unwrap();
    let nodes = std::fs::read_to_string(nodes_file_beside(&path)).unwrap();
    assert_eq!(edges.lines().count(), 1 + model.ties().len());
    assert_eq!(nodes.lines().count(), 1 + 150);
    assert!(edges.starts_with("source,target,stage,affinity,exchanges,formed,last_contact,"));
    assert!(nodes.starts_with("id,community,community_name,household,"));
}

#[test]
fn gexf_replays_every_tie_that_lived() {
    let model = small_run();
    let path = scratch("gexf").join("kin.gexf");
    write_network(&model, &path, NetworkOptions::default()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("mode=\"dynamic\""));
    assert_eq!(count(&text, "<node id="), 150);
    let mut pairs: Vec<(u32, u32)> = model.tie_history().iter().map(|r| (r.a, r.b)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    // Every pair that was ever tied, but those whose only stretch lasted no tick.
    let edges = count(&text, "<edge id=");
    assert!(
        edges <= pairs.len() && edges >= model.ties().len(),
        "{edges} edges"
    );
}

#[test]
fn a_path_it_cannot_write_or_an_unknown_format_is_an_error() {
    let model = small_run();
    let message = write_network(
        &model,
        std::path::Path::new("kin.json"),
        NetworkOptions::default(),
    )
    .unwrap_err();
    assert!(message.contains(".graphml, .gexf or .csv"), "{message}");
    let missing = scratch("missing")
        .join("no-such-folder")
        .join("kin.graphml");
    assert!(write_network(&model, &missing, NetworkOptions::default()).is_err());
}
