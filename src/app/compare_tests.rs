//! Compare, headless: world B beside A starts as A but for its change, steps in lockstep, and a
//! fork copies A's state exactly.

use bevy::prelude::*;

use super::Status;
use super::compare::{Change, Compare, Start};
use super::simulation::{Control, Playback, Simulation};
use super::tests::{app, send};
use crate::scenario::Scenario;
use crate::sim::NanoModel;

fn model_a(app: &App) -> &NanoModel {
    &app.world().resource::<Simulation>().model
}

fn model_b(app: &App) -> &NanoModel {
    &app.world()
        .resource::<Compare>()
        .world()
        .expect("a comparison is under way")
        .model
}

fn compare(app: &mut App, change: &str, start: Start) {
    let change = if change.contains('=') {
        Change::Set(change.to_string())
    } else {
        Change::Preset(change.to_string())
    };
    send(app, Control::Compare { change, start });
}

#[test]
fn b_starts_as_a_person_by_person_but_for_its_change() {
    let mut app = app(Playback::Paused);
    compare(&mut app, "familiarity_weight=0", Start::FromTheStart);
    let (a, b) = (model_a(&app), model_b(&app));
    assert_eq!(b.tick(), 0);
    assert_eq!(a.population().persons, b.population().persons);
    assert_eq!(a.population().homes, b.population().homes);
    assert_eq!(a.params().familiarity_weight, 0.8);
    assert_eq!(b.params().familiarity_weight, 0.0);
    let mut same_rules = b.params().clone();
    same_rules.familiarity_weight = a.params().familiarity_weight;
    assert_eq!(&same_rules, a.params(), "nothing else differs");
    for p in 0..a.population().len() as u32 {
        assert_eq!(a.population().customs(p), b.population().customs(p));
        assert_eq!(a.population().fluency(p), b.population().fluency(p));
        assert_eq!(a.population().repertoire(p), b.population().repertoire(p));
    }
}

#[test]
fn a_preset_b_keeps_the_people_and_changes_only_what_the_preset_does() {
    let mut app = app(Playback::Paused);
    // The marketplace as it ships, which `no-symbols` copies but for its symbols.
    send(
        &mut app,
        Control::Load(Box::new(Scenario::default_preset())),
    );
    compare(&mut app, "no-symbols", Start::FromTheStart);
    let (a, b) = (model_a(&app), model_b(&app));
    assert_eq!(b.params().symbol_knowledge, 0.0);
    assert_eq!(b.seed(), a.seed());
    assert_eq!(a.population().persons, b.population().persons);
    assert_eq!(a.population().homes, b.population().homes);
    for p in 0..a.population().len() as u32 {
        assert_eq!(a.population().customs(p), b.population().customs(p));
    }
    let knows_any = (0..b.population().len() as u32).any(|p| b.population().known_count(p) > 0);
    assert!(!knows_any, "in B nobody has a symbol");
}

#[test]
fn both_worlds_step_in_lockstep_and_b_catches_up_when_started_late() {
    let mut app = app(Playback::Running);
    for _ in 0..7 {
        app.update();
    }
    compare(&mut app, "public_rate=0", Start::FromTheStart);
    assert_eq!(model_a(&app).tick(), model_b(&app).tick());
    for _ in 0..5 {
        app.update();
        assert_eq!(model_a(&app).tick(), model_b(&app).tick());
    }
    send(&mut app, Control::TogglePlay);
    send(&mut app, Control::Step);
    assert_eq!(model_a(&app).tick(), model_b(&app).tick());
    // B drawn anew runs as a run of its own scenario would.
    let mut alone = NanoModel::new(model_b(&app).params().clone(), model_a(&app).seed());
    while alone.tick() < model_b(&app).tick() {
        alone.step();
    }
    assert_eq!(
        serde_json::to_string(&alone).unwrap(),
        serde_json::to_string(model_b(&app)).unwrap()
    );
    send(&mut app, Control::Reset);
    assert_eq!((model_a(&app).tick(), model_b(&app).tick()), (0, 0));
    assert_eq!(
        model_b(&app).params().public_rate,
        0.0,
        "B keeps its change"
    );
}

#[test]
fn a_fork_copies_the_state_exactly_and_then_follows_its_change() {
    let mut app = app(Playback::Running);
    for _ in 0..30 {
        app.update();
    }
    send(&mut app, Control::TogglePlay);
    let before = serde_json::to_string(model_a(&app)).unwrap();
    compare(&mut app, "familiarity_weight=0", Start::FromNow);
    let mut b = model_b(&app).clone();
    assert_eq!(b.tick(), model_a(&app).tick());
    b.set_rules(model_a(&app).params());
    assert_eq!(serde_json::to_string(&b).unwrap(), before);
    send(&mut app, Control::TogglePlay);
    for _ in 0..40 {
        app.update();
    }
    assert_eq!(model_a(&app).tick(), model_b(&app).tick());
    assert_ne!(
        model_a(&app).ties().len(),
        model_b(&app).ties().len(),
        "the worlds part after the fork"
    );
}

#[test]
fn a_fork_cannot_change_the_population_and_says_why() {
    let mut app = app(Playback::Paused);
    compare(&mut app, "persons=100", Start::FromNow);
    assert!(app.world().resource::<Compare>().0.is_none());
    let status = &app.world().resource::<Status>().text;
    assert!(status.contains("new world"), "{status}");
}

#[test]
fn sliders_move_both_worlds_and_a_new_scenario_ends_the_comparison() {
    let mut app = app(Playback::Paused);
    compare(&mut app, "familiarity_weight=0", Start::FromTheStart);
    let mut params = model_a(&app).params().clone();
    params.decay = 0.01;
    send(&mut app, Control::SetParams(Box::new(params)));
    assert_eq!(model_b(&app).params().decay, 0.01);
    assert_eq!(model_b(&app).params().familiarity_weight, 0.0);
    send(
        &mut app,
        Control::Load(Box::new(Scenario::preset("crisis").unwrap())),
    );
    assert!(app.world().resource::<Compare>().0.is_none());
}
