//! The timeline in the app, headless: scrubbing back shows the world exactly as it was, playing
//! on continues the same run, a change by hand at a past tick starts a new branch and says so,
//! and both worlds of a comparison move together.

use bevy::prelude::*;

use super::Status;
use super::compare::{Change, Compare, Start};
use super::simulation::{Control, Playback, Simulation};
use super::tests::{app, send};
use crate::sim::ModelEvent;
use crate::timeline::MarkerKind;

fn simulation(app: &App) -> &Simulation {
    app.world().resource::<Simulation>()
}

/// A run of the same world never scrubbed, stepped to `tick`.
fn never_scrubbed(app: &App, tick: u64) -> Simulation {
    let mut fresh = Simulation::new(simulation(app).scenario.clone()).unwrap();
    while fresh.model.tick() < tick {
        fresh.step();
    }
    fresh
}

fn saved_encoding(simulation: &Simulation) -> Vec<u8> {
    let mut saved = simulation.to_saved();
    // The program's version and the time are not the world's.
    saved.program_version.clear();
    saved.to_bytes()
}

fn run_for(app: &mut App, updates: usize) {
    for _ in 0..updates {
        app.update();
    }
}

#[test]
fn scrubbing_back_shows_the_world_as_it_was_and_playing_on_continues_the_same_run() {
    let mut app = app(Playback::Running);
    run_for(&mut app, 80);
    let head = simulation(&app).model.tick();
    for t in [0, 1, 23, head - 1, 57] {
        send(&mut app, Control::Seek(t));
        assert_eq!(simulation(&app).model.tick(), t);
        assert_eq!(
            saved_encoding(simulation(&app)),
            saved_encoding(&never_scrubbed(&app, t)),
            "the state at tick {t}"
        );
        assert!(simulation(&app).rows().iter().all(|m| m.tick <= t));
    }
    // Seeking pauses; playing on goes past the old head, rows and all.
    send(&mut app, Control::TogglePlay);
    run_for(&mut app, 60);
    let end = simulation(&app).model.tick();
    assert!(end > head);
    let fresh = never_scrubbed(&app, end);
    assert_eq!(saved_encoding(simulation(&app)), saved_encoding(&fresh));
    let rows = |s: &Simulation| format!("{:?}", s.rows());
    assert_eq!(rows(simulation(&app)), rows(&fresh));
}

#[test]
fn markers_sit_at_the_ticks_their_events_happened() {
    let mut app = app(Playback::Running);
    run_for(&mut app, 120);
    let end = simulation(&app).model.tick();
    let markers = simulation(&app).timeline.markers().to_vec();
    let first_kin_across = markers
        .iter()
        .find(|m| matches!(m.kind, MarkerKind::FirstKinAcross { .. }))
        .expect("kin across communities within 120 ticks")
        .tick;
    // A plain run: the first new kin across communities is at the first marker's tick.
    let mut plain = Simulation::new(simulation(&app).scenario.clone()).unwrap();
    let mut first = None;
    while plain.model.tick() < end && first.is_none() {
        plain.model.step();
        let across = plain.model.events().iter().any(|e| {
            e.is_new_kinship()
                && matches!(
                    e,
                    ModelEvent::StageChanged {
                        cross_community: true,
                        ..
                    }
                )
        });
        if across {
            first = Some(plain.model.tick());
        }
    }
    assert_eq!(first, Some(first_kin_across));
}

#[test]
fn a_change_by_hand_at_a_past_tick_discards_the_future_and_says_so() {
    let mut app = app(Playback::Running);
    run_for(&mut app, 50);
    send(&mut app, Control::Seek(20));
    let mut params = simulation(&app).model.params().clone();
    params.decay = 0.02;
    send(&mut app, Control::SetParams(Box::new(params)));
    let timeline = &simulation(&app).timeline;
    assert_eq!(timeline.head_tick(), 20, "the future is gone");
    assert!(simulation(&app).history.iter().all(|m| m.tick <= 20));
    let status = &app.world().resource::<Status>().text;
    assert!(status.contains("discarded"), "{status}");
    // A public event held by hand is a change too; at the head, no future is lost.
    send(&mut app, Control::PublicEventNow);
    assert_eq!(simulation(&app).timeline.head_tick(), 20);
    send(&mut app, Control::Step);
    send(&mut app, Control::Seek(20));
    send(&mut app, Control::Step);
    assert_eq!(simulation(&app).model.params().decay, 0.02);
}

#[test]
fn the_timeline_moves_both_worlds_of_a_comparison_together() {
    let mut app = app(Playback::Running);
    send(
        &mut app,
        Control::Compare {
            change: Change::Set("public_rate=0".into()),
            start: Start::FromTheStart,
        },
    );
    run_for(&mut app, 40);
    send(&mut app, Control::Seek(15));
    let b = app.world().resource::<Compare>().world().unwrap();
    assert_eq!((simulation(&app).model.tick(), b.model.tick()), (15, 15));
    let mut alone = never_scrubbed(&app, 0);
    alone.set_params(b.model.params().clone());
    while alone.model.tick() < 15 {
        alone.step();
    }
    assert_eq!(saved_encoding(&alone), saved_encoding(b));
}

#[test]
fn a_persons_story_lists_the_symbols_it_learned_and_goes_back_with_the_timeline() {
    use crate::view::story::EntryKind;
    let start = simulation(&app(Playback::Paused)).model.clone();
    let mut app = app(Playback::Running);
    run_for(&mut app, 120);
    let now = &simulation(&app).model;
    let mut told = 0;
    for person in 0..now.population().len() as u32 {
        let learned: Vec<u32> = simulation(&app)
            .story_of(person)
            .filter_map(|e| match e.kind {
                EntryKind::Learned { symbol, .. } => Some(symbol),
                _ => None,
            })
            .collect();
        for symbol in now.population().symbols_known(person) {
            if !start.population().knows(person, symbol) {
                assert!(
                    learned.contains(&(symbol as u32)),
                    "person {person} knows symbol {symbol} beyond its start, untold"
                );
                told += 1;
            }
        }
    }
    assert!(
        told > 100,
        "only {told} symbols learned: the test tells nothing"
    );
    send(&mut app, Control::Seek(30));
    let back = simulation(&app);
    assert!(
        (0..back.model.population().len() as u32).all(|p| back.story_of(p).all(|e| e.tick <= 30))
    );
}

#[test]
fn why_this_tie_shows_the_rules_own_numbers() {
    let mut app = app(Playback::Running);
    run_for(&mut app, 60);
    let model = &simulation(&app).model;
    let (p, q) = (0..model.population().len() as u32)
        .find_map(|p| {
            model.ties().of(p).iter().find_map(|&(q, _)| {
                (model.population().persons[p as usize].community
                    != model.population().persons[q as usize].community)
                    .then_some((p, q))
            })
        })
        .expect("a tie across communities");
    let terms = model.willingness_terms(p, q);
    let english = crate::i18n::Lang::english();
    let names = crate::i18n::Names::new(&english, None, model.params());
    let rows = super::strings::willingness_rows(&terms, &names);
    let value = |name: &str| {
        rows.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no row {name}: {rows:?}"))
    };
    assert_eq!(
        value("willingness to meet"),
        format!("{:.2}", terms.willingness)
    );
    assert_eq!(value("barrier"), format!("{:.2}", terms.barrier));
    assert!(value("familiarity (each with the other's culture)").contains("mean"));
}
