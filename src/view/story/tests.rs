//! The stories against the model: replaying a person's story from the start gives what it knows
//! and whom it is tied to now; a cut and a replay give the same story as a run never cut.

use super::*;
use crate::sim::NanoParams;
use crate::sim::testing::preset;

fn marketplace() -> NanoParams {
    preset("marketplace")
}

/// A model with the symbol log on, and its story from tick 0.
fn start(params: NanoParams, seed: u64) -> (NanoModel, Story) {
    let mut model = NanoModel::new(params, seed);
    model.set_symbol_log(true);
    let mut story = Story::new();
    story.record(&model);
    (model, story)
}

fn step(model: &mut NanoModel, story: &mut Story) {
    model.step();
    story.record(model);
}

/// Each person's repertoire (one word of bits: the marketplace has 15 symbols).
fn known(model: &NanoModel) -> Vec<u64> {
    let population = model.population();
    (0..population.len() as u32)
        .map(|p| population.repertoire(p)[0])
        .collect()
}

fn has(repertoire: u64, symbol: u32) -> bool {
    repertoire & 1 << symbol != 0
}

#[test]
fn a_story_tells_every_symbol_learned_and_forgotten_from_a_giver_who_knew_it() {
    let params = NanoParams {
        public_rate: 1.0,
        ..marketplace()
    };
    let (mut model, mut story) = start(params, 1);
    // What everyone knew at the end of each tick.
    let mut known_at = vec![known(&model)];
    for _ in 0..250 {
        step(&mut model, &mut story);
        known_at.push(known(&model));
    }
    let now = &known_at[250];
    let mut learned = 0;
    for p in 0..model.population().len() as u32 {
        // Replayed from tick 0, the story gives what the person knows now: every symbol known
        // now but not at the start is learned in it, and a symbol forgotten is not known unless
        // learned again later.
        let mut knows = known_at[0][p as usize];
        for entry in story.entries(p) {
            match entry.kind {
                EntryKind::Learned { symbol, from, via } => {
                    let t = entry.tick as usize;
                    assert!(
                        !has(knows, symbol),
                        "{p} learned {symbol} it knew, tick {t}"
                    );
                    knows |= 1 << symbol;
                    // The giver knew it at the end of the tick before, or learned it in this
                    // tick before passing it on.
                    let giver_learned_now = story.entries(from).any(|e| {
                        e.tick == entry.tick
                            && matches!(e.kind, EntryKind::Learned { symbol: x, .. } if x == symbol)
                    });
                    assert!(
                        has(known_at[t - 1][from as usize], symbol) || giver_learned_now,
                        "{p} learned {symbol} at tick {t} from {from}, who did not know it"
                    );
                    assert_ne!(from, p);
                    if via == Via::NonVerbal {
                        assert_eq!(
                            model.population().symbols[symbol as usize].kind,
                            crate::sim::params::SymbolKind::NonVerbal
                        );
                    }
                    learned += 1;
                }
                EntryKind::Forgot { symbol } => {
                    assert!(has(knows, symbol), "{p} forgot {symbol} it did not know");
                    knows &= !(1 << symbol);
                }
                _ => {}
            }
        }
        assert_eq!(knows, now[p as usize], "person {p}");
    }
    assert!(learned > 10_000, "{learned}");
}

#[test]
fn a_story_tells_every_tie_and_exposure() {
    let params = NanoParams {
        transparency: 0.5,
        ..marketplace()
    };
    let (mut model, mut story) = start(params, 2);
    for _ in 0..200 {
        step(&mut model, &mut story);
    }
    let mut exposures = 0;
    for p in 0..model.population().len() as u32 {
        // Replayed, the tie entries give the person's ties now and their stages.
        let mut ties = std::collections::BTreeMap::new();
        for entry in story.entries(p) {
            match entry.kind {
                EntryKind::Tie { partner, from, to } => {
                    assert_eq!(ties.get(&partner).copied(), from, "{p} and {partner}");
                    match to {
                        Some(stage) => ties.insert(partner, stage),
                        None => ties.remove(&partner),
                    };
                }
                EntryKind::Exposed { .. } | EntryKind::FoundOut { .. } => exposures += 1,
                _ => {}
            }
        }
        let live: std::collections::BTreeMap<u32, Stage> = model
            .ties()
            .of(p)
            .iter()
            .map(|&(q, id)| (q, model.ties().get(id).stage))
            .collect();
        assert_eq!(ties, live, "person {p}");
    }
    assert!(model.agendas_exposed() > 100);
    assert_eq!(exposures, 2 * model.agendas_exposed(), "holder and partner");
}

#[test]
fn a_cut_and_a_replay_give_the_story_of_a_run_never_cut() {
    let params = NanoParams {
        public_rate: 1.0,
        ..marketplace()
    };
    let run = |story: &mut Story, model: &mut NanoModel, to: u64| {
        while model.tick() < to {
            step(model, story);
            // A public event held between ticks, told at once.
            if model.tick().is_multiple_of(25) {
                model.hold_public_event();
                story.record(model);
            }
        }
    };
    let (mut whole_model, mut whole) = start(params.clone(), 3);
    run(&mut whole, &mut whole_model, 200);

    // Run on to 130, go back to 75 and replay from a snapshot, or to 50 (a tick with a public
    // event held after it) and replay from the start; record the model brought back at once,
    // or only after its next step.
    for (back, from_snapshot, at_once) in [(75, true, true), (50, false, true), (75, true, false)] {
        let (mut model, mut story) = start(params.clone(), 3);
        run(&mut story, &mut model, back);
        let snapshot = serde_json::to_string(&model).unwrap();
        run(&mut story, &mut model, 130);
        story.truncate_after(back);
        let mut model = if from_snapshot {
            serde_json::from_str(&snapshot).unwrap()
        } else {
            let mut fresh = NanoModel::new(params.clone(), 3);
            while fresh.tick() < back {
                fresh.step();
                if fresh.tick().is_multiple_of(25) {
                    fresh.hold_public_event();
                }
            }
            fresh
        };
        model.set_symbol_log(true);
        if at_once {
            story.record(&model);
        }
        run(&mut story, &mut model, 200);
        assert_eq!(story.len(), whole.len(), "back to {back}");
        for p in 0..model.population().len() as u32 {
            assert!(story.entries(p).eq(whole.entries(p)), "back to {back}: {p}");
        }
    }
    // Cutting at or after the last tick told changes nothing.
    let before = whole.clone();
    whole.truncate_after(200);
    whole.truncate_after(500);
    assert_eq!(whole.persons, before.persons);
}

#[test]
fn every_entry_reads_as_a_line_with_the_scenarios_names() {
    let params = NanoParams {
        public_rate: 1.0,
        transparency: 0.5,
        ..marketplace()
    };
    let (mut model, mut story) = start(params, 4);
    for _ in 0..100 {
        step(&mut model, &mut story);
    }
    let english = crate::i18n::Lang::english();
    let words = crate::i18n::Names::new(&english, None, model.params());
    let names = &model.params().community_names;
    let mut kinds = std::collections::BTreeSet::new();
    for p in 0..model.population().len() as u32 {
        for entry in story.entries(p) {
            let line = describe(&entry, &model, &words);
            let kind = match entry.kind {
                EntryKind::Learned { symbol, via, .. } => {
                    let symbol = &model.population().symbols[symbol as usize];
                    assert!(line.contains(&symbol.name), "{line}");
                    assert!(line.contains(&names[symbol.origin as usize]), "{line}");
                    match via {
                        Via::Public => "public",
                        Via::NonVerbal => "without words",
                        Via::Verbal { .. } => "in words",
                    }
                }
                EntryKind::Forgot { symbol } => {
                    let name = &model.population().symbols[symbol as usize].name;
                    assert!(line.contains(name), "{line}");
                    "forgot"
                }
                EntryKind::Tie { from: None, .. } if entry.tick == 0 => {
                    assert!(line.contains("household"), "{line}");
                    "household"
                }
                EntryKind::Tie { .. } => "tie",
                EntryKind::Exposed { .. } => "exposed",
                EntryKind::FoundOut { .. } => "found out",
            };
            assert!(names.iter().any(|n| line.contains(n.as_str())), "{line}");
            kinds.insert(kind);
        }
    }
    assert_eq!(kinds.len(), 8, "every kind of line: {kinds:?}");
}

/// In Bahasa Indonesia a story reads in Indonesian, with the scenario's Indonesian names for
/// the symbols and communities: "Belajar lagu panen (Bukit) dari warga 12 (Sungai), ...".
#[test]
fn a_story_in_indonesian_uses_the_scenarios_indonesian_names() {
    let scenario = crate::scenario::Scenario::preset("marketplace").unwrap();
    let (mut model, mut story) = start(scenario.nano().unwrap().clone(), 4);
    for _ in 0..60 {
        step(&mut model, &mut story);
    }
    let id = crate::i18n::Lang::new("id").unwrap();
    let names = crate::i18n::Names::new(&id, Some(&scenario), model.params());
    let given = &scenario.names["id"];
    let mut learned = 0;
    for p in 0..model.population().len() as u32 {
        for entry in story.entries(p) {
            let line = describe(&entry, &model, &names);
            assert!(
                !line.contains("Learned") && !line.contains("person"),
                "{line}"
            );
            if let EntryKind::Learned { symbol, .. } = entry.kind {
                let indonesian = &given.symbols[symbol as usize % given.symbols.len()];
                assert!(line.starts_with("Belajar "), "{line}");
                assert!(line.contains(indonesian.as_str()), "{line}");
                assert!(
                    given.communities.iter().any(|c| line.contains(c.as_str())),
                    "{line}"
                );
                learned += 1;
            }
        }
    }
    assert!(learned > 0, "some symbols pass in 60 ticks");
}
