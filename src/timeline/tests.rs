//! The timeline against plain runs: every state sought is the one a fresh run reaches, byte for
//! byte in the saved-run encoding; playing on gives the same rows; branches, markers and
//! thinning.

use super::*;
use crate::runs::{NANO_COLUMNS, Row, csv_bytes};
use crate::scenario::Scenario;
use crate::sim::events::ModelEvent;
use crate::sim::metrics::Metrics;
use crate::sim::params::NanoParams;

/// A preset at `persons`, its contact radius scaled to keep the neighbourhood's size, with
/// further `--set` changes.
fn world(preset: &str, persons: u32, changes: &[&str]) -> NanoModel {
    let mut scenario = Scenario::preset(preset).expect("a preset");
    let radius = scenario.nano().expect("nano").contact_radius
        * (f64::from(scenario.nano().expect("nano").persons) / f64::from(persons)).sqrt();
    scenario.set(&format!("persons={persons}")).expect("valid");
    scenario
        .set(&format!("contact_radius={radius}"))
        .expect("valid");
    for change in changes {
        scenario.set(change).expect("valid");
    }
    NanoModel::new(scenario.nano().expect("nano").clone(), scenario.seed)
}

fn marketplace() -> NanoModel {
    world("marketplace", 90, &[])
}

/// The saved-run encoding of a state.
fn json(model: &NanoModel) -> String {
    serde_json::to_string(model).expect("a state serialises")
}

/// A plain run's states, encoded, at ticks 0 to `ticks`.
fn plain_states(mut model: NanoModel, ticks: u64) -> Vec<String> {
    let mut states = vec![json(&model)];
    for _ in 0..ticks {
        model.step();
        states.push(json(&model));
    }
    states
}

/// A run of `ticks` ticks recorded in a timeline with a checkpoint every `every` ticks.
fn recorded(mut live: NanoModel, ticks: u64, every: u64) -> (Timeline, NanoModel) {
    let options = Options {
        every,
        budget: usize::MAX,
    };
    let mut timeline = Timeline::with_options(&live, options);
    for _ in 0..ticks {
        timeline.step(&mut live);
    }
    (timeline, live)
}

/// A run's rows as CSV.
fn rows(metrics: Vec<Metrics>) -> Vec<u8> {
    csv_bytes(NANO_COLUMNS, metrics.into_iter().map(Row::Nano)).expect("CSV")
}

#[test]
fn a_state_without_its_history_takes_it_back_whole() {
    let mut model = marketplace();
    for _ in 0..30 {
        model.step();
    }
    let mut copy = model.without_history();
    assert!(copy.tie_history().is_empty() && !model.tie_history().is_empty());
    assert!(copy.heap_bytes() < model.heap_bytes());
    copy.restore_history(model.tie_history().to_vec());
    assert_eq!(json(&copy), json(&model));
    let history = copy.take_history();
    assert_eq!(history, model.tie_history());
}

#[test]
fn seeking_gives_the_state_a_fresh_run_reaches() {
    let ticks = 200;
    let states = plain_states(marketplace(), ticks);
    let (mut timeline, mut live) = recorded(marketplace(), ticks, 16);
    assert_eq!(json(&live), states[ticks as usize]);
    // Checkpoints, the ticks beside them, 0 and the head; back and forth, forward from behind.
    for tick in [
        100, 0, 16, 17, 15, 200, 31, 32, 33, 199, 150, 151, 175, 1, 64, 200, 63,
    ] {
        let replayed = timeline.seek(&mut live, tick);
        assert_eq!(live.tick(), tick);
        assert!(replayed < 16, "{replayed} ticks replayed to {tick}");
        assert_eq!(
            json(&live),
            states[tick as usize],
            "the state at tick {tick}"
        );
    }
    // Beyond the head, the head; the replay from the last checkpoint is the worst.
    timeline.seek(&mut live, 0);
    assert_eq!(timeline.seek(&mut live, 500), 200 - 192);
    assert_eq!(json(&live), states[200]);
}

#[test]
fn playing_on_after_seeking_gives_the_rows_of_a_run_never_scrubbed() {
    let ticks = 240;
    let mut plain = marketplace();
    let mut expected = vec![Metrics::measure(&plain)];
    for _ in 0..ticks {
        plain.step();
        expected.push(Metrics::measure(&plain));
    }
    let (mut timeline, mut live) = recorded(marketplace(), 150, 16);
    let records = live.tie_history().len();
    // Back to 37, on to 90, back to 12, then on past the head to the end.
    let mut got = Vec::new();
    timeline.seek(&mut live, 37);
    // The head's history is kept once, split between the live model and the timeline.
    assert_eq!(live.tie_history().len() + timeline.future.len(), records);
    got.push(Metrics::measure(&live));
    while live.tick() < 90 {
        timeline.step(&mut live);
        got.push(Metrics::measure(&live));
    }
    assert!(timeline.is_behind());
    assert_eq!(rows(got), rows(expected[37..=90].to_vec()));
    timeline.seek(&mut live, 12);
    let mut got = vec![Metrics::measure(&live)];
    while live.tick() < ticks {
        timeline.step(&mut live);
        got.push(Metrics::measure(&live));
    }
    assert_eq!(rows(got), rows(expected[12..].to_vec()));
    assert_eq!(json(&live), json(&plain));
    assert_eq!(timeline.head_tick(), ticks);
    assert!(!timeline.is_behind());
    // At the head, the timeline holds no copy of the history.
    assert_eq!(
        timeline.heap_bytes(),
        timeline.checkpoint_bytes() + timeline.marks.heap_bytes()
    );
}

/// Stricter rules: kin ties form later.
fn stricter(model: &NanoModel) -> NanoParams {
    NanoParams {
        theta_kin: 0.6,
        decay: 0.02,
        ..model.params().clone()
    }
}

#[test]
fn a_change_at_a_past_tick_branches_and_the_branch_replays_exactly() {
    let (mut timeline, mut live) = recorded(marketplace(), 200, 16);
    timeline.seek(&mut live, 90);
    live.set_rules(&stricter(&live));
    assert!(
        timeline.branch(&live),
        "the future after tick 90 is discarded"
    );
    assert_eq!(timeline.head_tick(), 90);
    assert!(timeline.checkpoints().all(|c| c.tick <= 90));
    assert!(timeline.checkpoints().any(|c| c.tick == 90 && c.pinned));
    // The reference: a run changed at tick 90, never scrubbed.
    let mut reference = marketplace();
    for _ in 0..90 {
        reference.step();
    }
    reference.set_rules(&stricter(&reference));
    let mut states = vec![String::new(); 90];
    states.push(json(&reference));
    for _ in 90..180 {
        reference.step();
        states.push(json(&reference));
    }
    for _ in 90..180 {
        timeline.step(&mut live);
    }
    // At the branch, from before it (over the pinned checkpoint), and within it.
    for tick in [90, 40, 120, 91, 89, 179, 180, 95] {
        timeline.seek(&mut live, tick);
        if tick >= 90 {
            assert_eq!(
                json(&live),
                states[tick as usize],
                "the state at tick {tick}"
            );
        }
    }
    // Played on from before the change, the run takes it at its tick and reproduces the head.
    timeline.seek(&mut live, 70);
    while live.tick() < 180 {
        timeline.step(&mut live);
        if live.tick() >= 90 {
            assert_eq!(json(&live), states[live.tick() as usize]);
        }
    }
    assert!(!timeline.is_behind());
}

#[test]
fn an_intervention_at_the_head_discards_nothing_and_is_replayed() {
    let (mut timeline, mut live) = recorded(marketplace(), 50, 16);
    live.start_crisis((0, 1), 30, 0.8, 0.01);
    assert!(!timeline.branch(&live), "no future to discard");
    for _ in 0..3 {
        timeline.step(&mut live);
    }
    live.hold_public_event();
    assert!(!timeline.branch(&live));
    for _ in 0..40 {
        timeline.step(&mut live);
    }
    let head = json(&live);
    let pinned: Vec<u64> = timeline
        .checkpoints()
        .filter(|c| c.pinned)
        .map(|c| c.tick)
        .collect();
    assert_eq!(pinned, [50, 53]);
    assert!(
        timeline
            .markers()
            .iter()
            .any(|m| m.tick == 50 && m.kind == MarkerKind::CrisisStarted { between: (0, 1) })
    );
    timeline.seek(&mut live, 10);
    timeline.seek(&mut live, 93);
    assert_eq!(json(&live), head);
    timeline.seek(&mut live, 49);
    while live.tick() < 93 {
        timeline.step(&mut live);
    }
    assert_eq!(json(&live), head);
}

#[test]
fn a_change_without_a_branch_is_taken_as_one_when_the_run_departs() {
    // Every untouched tie forgotten at the next tick: the run departs from the head's at once.
    let forgetful = |model: &NanoModel| NanoParams {
        forget_below: 0.99,
        ..model.params().clone()
    };
    let mut reference = marketplace();
    for _ in 0..60 {
        reference.step();
    }
    reference.set_rules(&forgetful(&reference));
    reference.step();
    let (mut timeline, mut live) = recorded(marketplace(), 120, 16);
    timeline.seek(&mut live, 60);
    live.set_rules(&forgetful(&live));
    timeline.step(&mut live);
    assert_eq!(timeline.head_tick(), 61);
    timeline.seek(&mut live, 0);
    timeline.seek(&mut live, 61);
    assert_eq!(json(&live), json(&reference));
}

/// What the markers should be, from a plain run's events, tick by tick; and the densities.
fn expected_marks(mut model: NanoModel, ticks: u64) -> (Vec<Marker>, [Vec<u32>; 3]) {
    let mut markers: Vec<Marker> = Vec::new();
    let mut counts: [Vec<u32>; 3] = [vec![0], vec![0], vec![0]];
    for tick in 1..=ticks {
        model.step();
        for counts in &mut counts {
            counts.push(0);
        }
        let persons = &model.population().persons;
        for event in model.events() {
            let kind = match *event {
                ModelEvent::StageChanged { a, b, .. } if event.is_new_kinship() => {
                    counts[2][tick as usize] += 1;
                    let (ca, cb) = (persons[a as usize].community, persons[b as usize].community);
                    let communities = (ca.min(cb), ca.max(cb));
                    let seen = markers.iter().any(|m| {
                        matches!(m.kind, MarkerKind::FirstKinAcross { communities: c, .. } if c == communities)
                    });
                    (ca != cb && !seen).then_some(MarkerKind::FirstKinAcross {
                        communities,
                        persons: (a, b),
                    })
                }
                ModelEvent::CrisisStarted { between } => {
                    Some(MarkerKind::CrisisStarted { between })
                }
                ModelEvent::CrisisEnded { between } => Some(MarkerKind::CrisisEnded { between }),
                ModelEvent::AgendaExposed { holder, partner } => {
                    counts[0][tick as usize] += 1;
                    let seen = markers
                        .iter()
                        .any(|m| matches!(m.kind, MarkerKind::FirstExposure { .. }));
                    (!seen).then_some(MarkerKind::FirstExposure { holder, partner })
                }
                ModelEvent::PublicEvent { .. } => {
                    counts[1][tick as usize] += 1;
                    None
                }
                _ => None,
            };
            markers.extend(kind.map(|kind| Marker { tick, kind }));
        }
    }
    (markers, counts)
}

#[test]
fn markers_and_densities_are_those_of_the_run_at_their_ticks() {
    let crisis = || {
        world(
            "crisis",
            150,
            &["crisis.start=60", "crisis.duration=50", "transparency=0.8"],
        )
    };
    let ticks = 160;
    let (expected, counts) = expected_marks(crisis(), ticks);
    let (mut timeline, mut live) = recorded(crisis(), ticks, 16);
    let kinds: std::collections::BTreeSet<u8> = expected
        .iter()
        .map(|m| match m.kind {
            MarkerKind::FirstKinAcross { .. } => 0,
            MarkerKind::CrisisStarted { .. } => 1,
            MarkerKind::CrisisEnded { .. } => 2,
            MarkerKind::FirstExposure { .. } => 3,
        })
        .collect();
    assert_eq!(kinds.len(), 4, "every kind of marker happens");
    assert_eq!(timeline.markers(), expected);
    assert!(expected.iter().any(|m| m.tick == 60));
    for kind in Density::ALL {
        assert_eq!(timeline.density(kind), counts[kind as usize], "{kind:?}");
        let total: u64 = counts[kind as usize].iter().map(|&c| u64::from(c)).sum();
        assert!(total > 0, "{kind:?} happen");
        for bins in [1, 7, 161, 400] {
            let binned = timeline.binned(kind, bins);
            assert_eq!(binned.len(), bins);
            assert_eq!(binned.iter().sum::<u64>(), total);
        }
        assert_eq!(
            timeline.binned(kind, 161),
            counts[kind as usize]
                .iter()
                .map(|&c| u64::from(c))
                .collect::<Vec<_>>()
        );
    }
    // Scrubbing and playing on changes none of it; a branch keeps only what came before.
    timeline.seek(&mut live, 20);
    while live.tick() < ticks {
        timeline.step(&mut live);
    }
    assert_eq!(timeline.markers(), expected);
    timeline.seek(&mut live, 100);
    let same = live.params().clone();
    live.set_rules(&same);
    timeline.branch(&live);
    let before: Vec<Marker> = expected.iter().copied().filter(|m| m.tick <= 100).collect();
    assert_eq!(timeline.markers(), before);
    assert_eq!(timeline.density(Density::PublicEvents).len(), 101);
    assert_eq!(timeline.density(Density::Exposures), &counts[0][..=100]);
}

#[test]
fn thinning_keeps_the_budget_the_pinned_checkpoints_and_exact_seeks() {
    let ticks = 300;
    let states = plain_states(marketplace(), ticks);
    let mut live = marketplace();
    let size = live.without_history().heap_bytes();
    // About a dozen states' worth.
    let budget = size * 12;
    let mut timeline = Timeline::with_options(&live, Options { every: 4, budget });
    let mut pinned = None;
    for _ in 0..ticks {
        timeline.step(&mut live);
        if live.tick() == 150 {
            // An intervention that changes nothing, pinned all the same.
            let same = live.params().clone();
            live.set_rules(&same);
            timeline.branch(&live);
            pinned = Some(json(&live));
        }
        assert!(
            timeline.checkpoint_bytes() <= budget,
            "{} bytes held at tick {}",
            timeline.checkpoint_bytes(),
            live.tick()
        );
    }
    let every = timeline.options().every;
    assert!(every >= 16, "the spacing doubled, to {every}");
    let ticks_kept: Vec<u64> = timeline.checkpoints().map(|c| c.tick).collect();
    assert!(ticks_kept.contains(&0) && ticks_kept.contains(&150));
    assert!(
        timeline
            .checkpoints()
            .all(|c| c.tick.is_multiple_of(every) || c.pinned)
    );
    for tick in [
        299,
        0,
        every - 1,
        every,
        149,
        150,
        151,
        (3 * every + 1).min(ticks),
    ] {
        timeline.seek(&mut live, tick);
        assert_eq!(
            json(&live),
            states[tick as usize],
            "the state at tick {tick}"
        );
    }
    timeline.seek(&mut live, 150);
    assert_eq!(Some(json(&live)), pinned);
}

#[test]
fn the_default_spacing_shrinks_as_the_world_grows() {
    let spacing = |persons| {
        let mut model = world("marketplace", persons, &[]);
        model.step();
        Options::for_model(&model).every
    };
    assert_eq!(spacing(600), 128);
    assert_eq!(spacing(5_000), 16);
    assert_eq!(spacing(100), 512);
}

#[test]
fn any_sequence_of_seeks_and_steps_stays_on_the_run() {
    use crate::sim::rng::{below, seeded};
    let ticks = 260;
    let states = plain_states(marketplace(), ticks);
    let mut rng = seeded(17);
    let (mut timeline, mut live) = recorded(marketplace(), 100, 8);
    for _ in 0..60 {
        let tick = u64::from(below(&mut rng, timeline.head_tick() as u32 + 1));
        timeline.seek(&mut live, tick);
        assert_eq!(json(&live), states[tick as usize], "sought {tick}");
        for _ in 0..below(&mut rng, 12) {
            if live.tick() < ticks {
                timeline.step(&mut live);
            }
        }
        assert_eq!(
            json(&live),
            states[live.tick() as usize],
            "stepped to {}",
            live.tick()
        );
    }
}
