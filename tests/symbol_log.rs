//! The symbol log (a viewing aid): it changes no draw, and it tells exactly what passed and what
//! was forgotten, by which channel, in order: replaying it on the repertoires of the tick before
//! gives the repertoires of the tick after.

use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::model::{FamiliaritySource, SymbolEvent, Via};
use nano_diplomacy::sim::params::{ExchangeRule, NanoParams, SymbolKind};
use nano_diplomacy::sim::{ModelEvent, NanoModel};

fn preset(name: &str) -> NanoParams {
    Scenario::preset(name).unwrap().nano().unwrap().clone()
}

/// Every person's repertoire, as a list of known flags per symbol.
fn repertoires(model: &NanoModel) -> Vec<Vec<bool>> {
    let population = model.population();
    (0..population.len() as u32)
        .map(|p| {
            (0..population.symbols.len())
                .map(|s| population.knows(p, s))
                .collect()
        })
        .collect()
}

fn total_known(model: &NanoModel) -> i64 {
    let population = model.population();
    (0..population.len() as u32)
        .map(|p| i64::from(population.known_count(p)))
        .sum()
}

/// A model with the log on.
fn logged(params: NanoParams, seed: u64) -> NanoModel {
    let mut model = NanoModel::new(params, seed);
    model.set_symbol_log(true);
    model
}

#[test]
fn the_log_changes_no_draw() {
    // The saved state (everything a run is) of runs with the log on and off, after every
    // mechanism has had its turn: contacts, forgetting, public events, a crisis, the placebo,
    // and public events held between ticks.
    let crisis = preset("crisis");
    let cases = [
        (preset("marketplace"), 250, FamiliaritySource::Partner),
        (crisis.clone(), 340, FamiliaritySource::Partner),
        (
            NanoParams {
                public_rate: 3.0,
                ..preset("marketplace")
            },
            120,
            FamiliaritySource::ThirdCommunity,
        ),
    ];
    for (params, ticks, source) in cases {
        let mut off = NanoModel::new(params.clone(), 3);
        let mut on = logged(params, 3);
        off.set_familiarity_source(source);
        on.set_familiarity_source(source);
        let mut passed = 0;
        for t in 0..ticks as u64 {
            off.step();
            on.step();
            if t.is_multiple_of(50) {
                off.hold_public_event();
                on.hold_public_event();
            }
            passed += on.symbol_log().len();
            assert!(off.symbol_log().is_empty(), "nothing logged while off");
        }
        assert!(passed > 1_000, "{passed}: the log saw something");
        assert_eq!(
            serde_json::to_string(&on).unwrap(),
            serde_json::to_string(&off).unwrap()
        );
    }
}

#[test]
fn replaying_the_log_gives_the_repertoires_of_the_next_tick() {
    // Contacts, forgetting and public events, in the order the log gives them: each giver knows
    // what it gives when it gives it, `learned` says whether the taker knew it, and only a
    // known foreign symbol is forgotten.
    let params = NanoParams {
        public_rate: 2.0,
        ..preset("marketplace")
    };
    let mut model = logged(params, 5);
    let population = model.population().clone();
    let mut known = repertoires(&model);
    let mut seen = [0usize; 4];
    for tick in 1..=200 {
        model.step();
        for event in model.symbol_log() {
            match *event {
                SymbolEvent::Passed {
                    giver,
                    taker,
                    symbol,
                    via,
                    learned,
                } => {
                    let (g, t, s) = (giver as usize, taker as usize, symbol as usize);
                    assert_ne!(giver, taker);
                    assert!(
                        known[g][s],
                        "tick {tick}: {giver} gave {symbol} it did not know"
                    );
                    assert_eq!(learned, !known[t][s], "tick {tick}: {event:?}");
                    known[t][s] = true;
                    let kind = population.symbols[s].kind;
                    match via {
                        Via::NonVerbal => {
                            assert_eq!(kind, SymbolKind::NonVerbal, "without words");
                            assert!(learned, "a contact offers what the taker lacks");
                            seen[0] += 1;
                        }
                        Via::Verbal { .. } => {
                            assert!(learned, "a contact offers what the taker lacks");
                            seen[1] += 1;
                        }
                        Via::Public => seen[2] += 1,
                    }
                }
                SymbolEvent::Forgotten { person, symbol } => {
                    let (p, s) = (person as usize, symbol as usize);
                    assert!(known[p][s], "tick {tick}: {event:?} was not known");
                    assert_ne!(
                        population.symbols[s].origin, population.persons[p].community,
                        "only foreign symbols are forgotten"
                    );
                    known[p][s] = false;
                    seen[3] += 1;
                }
            }
        }
        assert_eq!(known, repertoires(&model), "tick {tick}");
    }
    assert!(
        seen.iter().all(|&n| n > 100),
        "every kind of entry: {seen:?}"
    );
}

#[test]
fn public_events_log_their_listeners_with_the_public_channel() {
    // Each public event's listeners who took the symbol up, with the public channel: as many
    // learned as the event says, from its speaker, of its symbol.
    let params = NanoParams {
        public_rate: 4.0,
        ..preset("marketplace")
    };
    let mut model = logged(params, 2);
    let mut public_learned = 0;
    for _ in 0..150 {
        model.step();
        let mut said: Vec<(u32, u32, u32)> = Vec::new();
        for event in model.events() {
            if let ModelEvent::PublicEvent {
                speaker,
                symbol,
                learned,
                ..
            } = *event
            {
                said.push((speaker, symbol, learned));
            }
        }
        let mut heard = 0;
        for event in model.symbol_log() {
            if let SymbolEvent::Passed {
                giver,
                symbol,
                via: Via::Public,
                learned,
                ..
            } = *event
            {
                assert!(
                    said.iter().any(|&(s, sym, _)| (s, sym) == (giver, symbol)),
                    "{event:?} from no public event this tick"
                );
                heard += u32::from(learned);
            }
        }
        let expected: u32 = said.iter().map(|&(_, _, learned)| learned).sum();
        assert_eq!(heard, expected);
        public_learned += heard;
    }
    assert!(public_learned > 100, "{public_learned}");
}

/// Per tick: (entries learned, entries forgotten, change in the number of symbols known).
fn per_tick(params: NanoParams, ticks: u32) -> Vec<(i64, i64, i64)> {
    let mut model = logged(params, 9);
    let mut rows = Vec::new();
    for _ in 0..ticks {
        let before = total_known(&model);
        model.step();
        let mut learned = 0;
        let mut forgotten = 0;
        for event in model.symbol_log() {
            match event {
                SymbolEvent::Passed { learned: true, .. } => learned += 1,
                SymbolEvent::Passed { .. } => {}
                SymbolEvent::Forgotten { .. } => forgotten += 1,
            }
        }
        rows.push((learned, forgotten, total_known(&model) - before));
    }
    rows
}

#[test]
fn the_log_counts_every_symbol_learned_and_forgotten() {
    // Without forgetting, the symbols learned are the growth of the repertoires.
    let learning = per_tick(
        NanoParams {
            symbol_forgetting: 0.0,
            public_rate: 1.0,
            ..preset("marketplace")
        },
        100,
    );
    assert!(learning.iter().all(|&(_, f, _)| f == 0));
    assert!(learning.iter().all(|&(l, _, d)| l == d), "{learning:?}");
    assert!(learning.iter().map(|r| r.0).sum::<i64>() > 500);
    // Without contacts or public events, the symbols forgotten are the loss (after 100 ticks
    // of the marketplace, so that there are foreign symbols to forget).
    let mut model = logged(preset("marketplace"), 9);
    for _ in 0..100 {
        model.step();
    }
    let mut rules = model.params().clone();
    rules.contact_rate = 0.0;
    rules.public_rate = 0.0;
    model.set_rules(&rules);
    let mut lost = 0;
    for _ in 0..30 {
        let before = total_known(&model);
        model.step();
        assert!(
            model
                .symbol_log()
                .iter()
                .all(|e| matches!(e, SymbolEvent::Forgotten { .. }))
        );
        let forgotten = model.symbol_log().len() as i64;
        assert_eq!(before - total_known(&model), forgotten);
        lost += forgotten;
    }
    assert!(lost > 100, "{lost}");
    // With both, the balance of the two is the change.
    for (l, f, d) in per_tick(preset("marketplace"), 100) {
        assert_eq!(l - f, d);
    }
}

#[test]
fn under_assimilation_only_public_events_pass_symbols() {
    let params = NanoParams {
        exchange: ExchangeRule::Assimilation,
        public_rate: 2.0,
        ..preset("marketplace")
    };
    let mut model = logged(params, 4);
    let mut public = 0;
    for _ in 0..60 {
        model.step();
        for event in model.symbol_log() {
            if let SymbolEvent::Passed { via, .. } = event {
                assert_eq!(*via, Via::Public, "no symbol passes in a contact");
                public += 1;
            }
        }
    }
    assert!(public > 0);
}

#[test]
fn the_log_is_a_viewing_option_not_the_runs_state() {
    let mut model = logged(preset("marketplace"), 1);
    model.step();
    assert!(!model.symbol_log().is_empty());
    // Not saved: a model read back has the log off and empty.
    let json = serde_json::to_string(&model).unwrap();
    let mut restored: NanoModel = serde_json::from_str(&json).unwrap();
    assert!(!restored.symbol_log_on() && restored.symbol_log().is_empty());
    restored.step();
    assert!(restored.symbol_log().is_empty());
    // Turned off, it empties at once; the next tick clears what the last one logged.
    model.set_symbol_log(false);
    assert!(model.symbol_log().is_empty());
    model.set_symbol_log(true);
    model.step();
    let first = model.symbol_log().to_vec();
    model.step();
    assert_ne!(model.symbol_log(), &first[..], "a new tick, a new log");
}
