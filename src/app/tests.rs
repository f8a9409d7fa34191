//! The app's systems, headless: `MinimalPlugins`, `app.update()`, then assertions on the world
//! (no window, no GPU).

use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;

use super::simulation::{Control, Playback, Selection, Simulation, Speed};
use super::{ViewMode, ViewSettings, core_plugin};
use crate::scenario::Scenario;
use crate::view::palette::ColourBy;

/// A headless app on a small marketplace, paused or running.
pub(super) fn app(state: Playback) -> App {
    let mut scenario = Scenario::default_preset();
    scenario.set("persons=150").unwrap();
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Simulation::new(scenario).unwrap())
        .add_plugins(core_plugin)
        .insert_state(state)
        // Each update advances exactly one fixed step.
        .insert_resource(TimeUpdateStrategy::FixedTimesteps(1))
        // The keyboard, without the window's input plugin.
        .init_resource::<ButtonInput<KeyCode>>();
    app.update(); // the first update starts the clocks
    app
}

fn tick(app: &App) -> u64 {
    app.world().resource::<Simulation>().model.tick()
}

pub(super) fn send(app: &mut App, control: Control) {
    app.world_mut().write_message(control);
    app.update();
    app.update(); // the state change applies at the next frame's transition
}

fn press(app: &mut App, key: KeyCode) {
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(key);
    app.update();
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(key);
    keys.clear();
    app.update();
}

fn playback(app: &App) -> Playback {
    *app.world().resource::<State<Playback>>().get()
}

#[test]
fn running_advances_one_tick_per_fixed_step_and_pause_stops_it() {
    let mut app = app(Playback::Running);
    let start = tick(&app);
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(tick(&app), start + 5);
    send(&mut app, Control::TogglePlay);
    assert_eq!(playback(&app), Playback::Paused);
    let paused_at = tick(&app);
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(tick(&app), paused_at);
    send(&mut app, Control::TogglePlay);
    assert_eq!(playback(&app), Playback::Running);
}

#[test]
fn space_toggles_play_and_s_steps_once() {
    let mut app = app(Playback::Running);
    press(&mut app, KeyCode::Space);
    assert_eq!(playback(&app), Playback::Paused);
    let at = tick(&app);
    press(&mut app, KeyCode::KeyS);
    assert_eq!(tick(&app), at + 1);
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(tick(&app), at + 2);
    assert_eq!(playback(&app), Playback::Paused);
}

#[test]
fn step_pauses_and_advances_exactly_one_tick() {
    let mut app = app(Playback::Running);
    send(&mut app, Control::Step);
    assert_eq!(playback(&app), Playback::Paused);
    let at = tick(&app);
    send(&mut app, Control::Step);
    assert_eq!(tick(&app), at + 1);
}

#[test]
fn reset_starts_again_from_the_seed() {
    let mut app = app(Playback::Paused);
    let first = app.world().resource::<Simulation>().history[0].clone();
    for _ in 0..3 {
        send(&mut app, Control::Step);
    }
    assert!(tick(&app) >= 3);
    press(&mut app, KeyCode::KeyR);
    assert_eq!(tick(&app), 0);
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.history, vec![first]);
}

#[test]
fn speed_sets_the_fixed_rate_within_its_range() {
    let mut app = app(Playback::Paused);
    send(&mut app, Control::SetSpeed(Speed::TicksPerSecond(120)));
    assert_eq!(*app.world().resource::<Speed>(), Speed::TicksPerSecond(120));
    let step = app.world().resource::<Time<Fixed>>().timestep();
    assert!((step.as_secs_f64() - 1.0 / 120.0).abs() < 1e-6);
    send(&mut app, Control::SetSpeed(Speed::TicksPerSecond(10_000)));
    assert_eq!(*app.world().resource::<Speed>(), Speed::TicksPerSecond(240));
    send(&mut app, Control::SetSpeed(Speed::TicksPerSecond(0)));
    assert_eq!(*app.world().resource::<Speed>(), Speed::TicksPerSecond(1));
}

#[test]
fn as_fast_as_it_goes_runs_many_ticks_a_frame() {
    let mut app = app(Playback::Running);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        16,
    )));
    send(&mut app, Control::SetSpeed(Speed::Unlimited));
    let at = tick(&app);
    app.update();
    assert!(tick(&app) > at + 1, "{} ticks in a frame", tick(&app) - at);
}

#[test]
fn selection_follows_clicks_and_ignores_persons_that_do_not_exist() {
    let mut app = app(Playback::Paused);
    send(&mut app, Control::Select(Some(7)));
    assert_eq!(*app.world().resource::<Selection>(), Selection(Some(7)));
    send(&mut app, Control::Select(Some(100_000)));
    assert_eq!(*app.world().resource::<Selection>(), Selection(None));
    send(&mut app, Control::Select(Some(3)));
    send(&mut app, Control::Reset);
    assert_eq!(*app.world().resource::<Selection>(), Selection(None));
}

#[test]
fn c_cycles_the_colouring_and_n_switches_the_view() {
    let mut app = app(Playback::Paused);
    assert_eq!(
        app.world().resource::<ViewSettings>().colour_by,
        ColourBy::Community
    );
    press(&mut app, KeyCode::KeyC);
    assert_eq!(
        app.world().resource::<ViewSettings>().colour_by,
        ColourBy::MotherTongue
    );
    // Round every choice and back to the first.
    for _ in 1..ColourBy::ALL.len() {
        press(&mut app, KeyCode::KeyC);
    }
    assert_eq!(
        app.world().resource::<ViewSettings>().colour_by,
        ColourBy::Community
    );
    press(&mut app, KeyCode::KeyN);
    assert_eq!(
        app.world().resource::<ViewSettings>().mode,
        ViewMode::Network
    );
}

#[test]
fn rules_apply_at_once_and_population_changes_wait_for_a_reset() {
    let mut app = app(Playback::Paused);
    let mut params = app.world().resource::<Simulation>().params.clone();
    params.contact_rate = 0.9;
    send(&mut app, Control::SetParams(Box::new(params.clone())));
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.model.params().contact_rate, 0.9);
    assert!(!simulation.reset_needed());
    params.persons = 90;
    send(&mut app, Control::SetParams(Box::new(params)));
    let simulation = app.world().resource::<Simulation>();
    assert!(simulation.reset_needed());
    assert_eq!(simulation.model.population().len(), 150);
    // Moving the slider back undoes the need to reset.
    let mut back = app.world().resource::<Simulation>().params.clone();
    back.persons = 150;
    send(&mut app, Control::SetParams(Box::new(back.clone())));
    assert!(!app.world().resource::<Simulation>().reset_needed());
    back.persons = 90;
    send(&mut app, Control::SetParams(Box::new(back)));
    send(&mut app, Control::Reset);
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.model.population().len(), 90);
    assert!(!simulation.reset_needed());
}

#[test]
fn a_crisis_and_a_public_event_can_be_started_now() {
    let mut app = app(Playback::Paused);
    send(
        &mut app,
        Control::StartCrisis {
            between: (0, 2),
            duration: 30,
            prejudice: 0.5,
            strain: 0.01,
        },
    );
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.model.crisis().map(|c| c.between), Some((0, 2)));
    send(&mut app, Control::PublicEventNow);
    // Effects picked it up (a speaker who knows no symbol holds no event: try a few times).
    for _ in 0..10 {
        if !app
            .world()
            .resource::<super::effects::Effects>()
            .rings
            .is_empty()
        {
            return;
        }
        send(&mut app, Control::PublicEventNow);
    }
    panic!("no public event was held");
}

#[test]
fn an_axelrod_scenario_is_refused_with_a_reason() {
    let message = Simulation::new(Scenario::preset("axelrod-1997").unwrap())
        .err()
        .unwrap()
        .to_string();
    assert!(message.contains("nano-diplomacy axelrod"), "{message}");
}

#[test]
fn a_saved_run_opens_where_it_stopped() {
    let mut app = app(Playback::Paused);
    for _ in 0..4 {
        send(&mut app, Control::Step);
    }
    let saved = app.world().resource::<Simulation>().to_saved();
    let at = tick(&app);
    send(&mut app, Control::Reset);
    assert_eq!(tick(&app), 0);
    send(&mut app, Control::Resume(Box::new(saved.clone())));
    assert_eq!(tick(&app), at);
    // And it goes on as the original would have.
    let crate::runs::RunState::Nano(mut original) = saved.state else {
        panic!("a nano run");
    };
    original.step();
    send(&mut app, Control::Step);
    let resumed = &app.world().resource::<Simulation>().model;
    assert_eq!(
        crate::sim::Metrics::measure(&original),
        crate::sim::Metrics::measure(resumed)
    );
}

#[test]
fn metrics_export_to_a_file_named_after_the_scenario_and_tick() {
    use super::export::{ExportDir, ExportMetrics, export_metrics};
    let mut app = app(Playback::Paused);
    let dir = std::env::temp_dir().join(format!("nano-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    app.insert_resource(ExportDir(dir.clone()))
        .add_message::<ExportMetrics>()
        .add_systems(Update, export_metrics);
    for _ in 0..3 {
        send(&mut app, Control::Step);
    }
    app.world_mut().write_message(ExportMetrics);
    app.update();
    let files = exported(&dir);
    assert!(
        files[0].starts_with("marketplace-metrics-tick3-") && files[0].ends_with(".csv"),
        "{}",
        files[0]
    );
    let text = std::fs::read_to_string(dir.join(&files[0])).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], crate::runs::NANO_COLUMNS.join(","));
    assert_eq!(lines.len(), 1 + 4, "tick 0 and the three steps");
    assert!(lines[4].starts_with("3,"));
    let status = app.world().resource::<super::Status>();
    assert!(
        status.text.contains("4 rows of metrics saved to"),
        "{}",
        status.text
    );
}

#[test]
fn loading_a_preset_and_a_seed_start_new_worlds() {
    let mut app = app(Playback::Paused);
    send(&mut app, Control::Step);
    send(
        &mut app,
        Control::Load(Box::new(Scenario::preset("crisis").unwrap())),
    );
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.scenario.name, "crisis");
    assert_eq!(simulation.model.tick(), 0);
    assert_eq!(simulation.model.population().len(), 600);
    let first_home = simulation.model.population().homes[0];
    send(&mut app, Control::SetSeed(99));
    assert!(app.world().resource::<Simulation>().reset_needed());
    send(&mut app, Control::Reset);
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.model.seed(), 99);
    assert_ne!(simulation.model.population().homes[0], first_home);
}

/// A fresh directory for a test's files.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nano-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn status_text(app: &App) -> String {
    app.world().resource::<super::Status>().text.clone()
}

#[test]
fn settings_saved_from_the_panels_open_again_as_a_scenario() {
    let mut app = app(Playback::Paused);
    let path = scratch_dir("settings").join("mine.ron");
    send(&mut app, Control::SetSeed(4242));
    send(&mut app, Control::SaveSettings(path.clone()));
    assert!(
        status_text(&app).contains("settings saved to"),
        "{}",
        status_text(&app)
    );
    send(
        &mut app,
        Control::Load(Box::new(Scenario::preset("crisis").unwrap())),
    );
    send(&mut app, Control::OpenScenario(path.clone()));
    let simulation = app.world().resource::<Simulation>();
    assert_eq!(simulation.scenario.name, "marketplace");
    assert_eq!(
        simulation.model.seed(),
        4242,
        "opened and loaded in one frame"
    );
    assert_eq!(simulation.model.population().len(), 150);
    assert!(
        status_text(&app).starts_with("opened "),
        "{}",
        status_text(&app)
    );
}

#[test]
fn a_run_saved_from_the_panels_resumes_where_it_stopped() {
    let mut app = app(Playback::Paused);
    let path = scratch_dir("run").join("mine.run");
    for _ in 0..3 {
        send(&mut app, Control::Step);
    }
    send(&mut app, Control::SaveRun(path.clone()));
    assert!(
        status_text(&app).contains("run saved at tick 3"),
        "{}",
        status_text(&app)
    );
    send(&mut app, Control::Reset);
    send(&mut app, Control::OpenRun(path));
    assert_eq!(tick(&app), 3);
    assert!(
        status_text(&app).starts_with("resumed "),
        "{}",
        status_text(&app)
    );
}

#[test]
fn a_file_that_will_not_open_is_said_on_the_status_line_and_changes_nothing() {
    let mut app = app(Playback::Paused);
    send(&mut app, Control::Step);
    let missing = scratch_dir("missing").join("no-such-file.ron");
    send(&mut app, Control::OpenScenario(missing.clone()));
    assert_eq!(tick(&app), 1, "the run goes on as it was");
    assert!(
        status_text(&app).contains("no-such-file"),
        "{}",
        status_text(&app)
    );
    send(&mut app, Control::OpenRun(missing));
    assert_eq!(tick(&app), 1);
    let axelrod = scratch_dir("axelrod").join("grid.ron");
    std::fs::write(&axelrod, Scenario::preset("axelrod-1997").unwrap().to_ron()).unwrap();
    send(&mut app, Control::OpenScenario(axelrod));
    assert!(
        status_text(&app).contains("runs on the command line"),
        "{}",
        status_text(&app)
    );
    assert_eq!(tick(&app), 1);
}

#[test]
fn the_network_exports_to_a_file_named_after_the_scenario_and_tick() {
    use super::export::{ExportDir, ExportNetwork, export_network};
    use crate::network::NetworkFormat;
    use crate::sim::ties::Stage;
    let mut app = app(Playback::Paused);
    let dir = scratch_dir("network-export");
    app.insert_resource(ExportDir(dir.clone()))
        .add_message::<ExportNetwork>()
        .add_systems(Update, export_network);
    send(&mut app, Control::Step);
    app.world_mut().write_message(ExportNetwork {
        format: NetworkFormat::GraphMl,
        closest_at_least: Stage::Kin,
    });
    app.update();
    let files = exported(&dir);
    assert!(
        files[0].starts_with("marketplace-network-tick1-") && files[0].ends_with(".graphml"),
        "{}",
        files[0]
    );
    let text = std::fs::read_to_string(dir.join(&files[0])).unwrap();
    let simulation = app.world().resource::<Simulation>();
    let kin = simulation
        .model
        .ties()
        .iter()
        .filter(|(_, t)| t.stage == Stage::Kin)
        .count();
    assert_eq!(text.matches("<edge id=").count(), kin);
    assert_eq!(text.matches("<node id=").count(), 150);
    assert!(
        status_text(&app).starts_with("network saved to"),
        "{}",
        status_text(&app)
    );
}

/// The one file exported into `dir`, with its provenance beside it (which is checked).
fn exported(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "the file and its provenance: {files:?}");
    assert_eq!(files[1], format!("{}.meta.json", files[0]));
    let meta = std::fs::read_to_string(dir.join(&files[1])).unwrap();
    assert!(meta.contains("\"program\": \"nano-diplomacy\""), "{meta}");
    assert!(
        meta.contains("\"persons\": 150"),
        "the running scenario: {meta}"
    );
    files.truncate(1);
    files
}

#[test]
fn only_what_a_class_should_notice_glows() {
    use super::effects::Effects;
    use super::simulation::{Side, Ticked};
    use crate::sim::ModelEvent;
    use crate::sim::ties::Stage;
    let mut app = app(Playback::Paused);
    let persons = app
        .world()
        .resource::<Simulation>()
        .model
        .population()
        .persons
        .clone();
    let of = |c: u8| {
        persons
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.community == c)
            .map(|(i, _)| i as u32)
    };
    let (hill, river): (Vec<u32>, Vec<u32>) = (of(0).take(3).collect(), of(1).take(3).collect());
    let change =
        |a: u32, b: u32, from: Option<Stage>, to: Stage, cross: bool| ModelEvent::StageChanged {
            a: a.min(b),
            b: a.max(b),
            from,
            to: Some(to),
            cross_community: cross,
        };
    let glows = |app: &mut App, events: Vec<ModelEvent>| {
        app.world_mut().write_message(Ticked {
            side: Side::A,
            tick: 1,
            events,
            passed: Vec::new(),
        });
        app.update();
        app.world().resource::<Effects>().glows.len()
    };
    // New kin within a community: no glow.
    assert_eq!(
        glows(
            &mut app,
            vec![change(
                hill[0],
                hill[1],
                Some(Stage::Friend),
                Stage::Kin,
                false
            )]
        ),
        0
    );
    // The first tie between Hill and River glows; the second does not.
    assert_eq!(
        glows(
            &mut app,
            vec![change(hill[0], river[0], None, Stage::Acquaintance, true)]
        ),
        1
    );
    assert_eq!(
        glows(
            &mut app,
            vec![change(hill[1], river[1], None, Stage::Acquaintance, true)]
        ),
        1
    );
    // New kin across communities glows.
    assert_eq!(
        glows(
            &mut app,
            vec![change(
                hill[2],
                river[2],
                Some(Stage::Friend),
                Stage::Kin,
                true
            )]
        ),
        2
    );
}

#[test]
fn through_their_eyes_colours_by_familiarity_with_the_selected_persons_community() {
    let mut app = app(Playback::Paused);
    let model = app.world().resource::<Simulation>().model.clone();
    let person = 7;
    let community = model.population().persons[person as usize].community;
    let mut settings = ViewSettings {
        eyes: true,
        ..ViewSettings::default()
    };
    assert_eq!(
        settings.colouring(&model, Some(person)),
        ColourBy::FamiliarityWith(community)
    );
    // Without a person selected, or with the eyes closed, the chosen colouring holds.
    assert_eq!(settings.colouring(&model, None), ColourBy::Community);
    settings.eyes = false;
    assert_eq!(
        settings.colouring(&model, Some(person)),
        ColourBy::Community
    );
    // C still cycles the colourings a class chooses from, never into one person's eyes.
    send(&mut app, Control::Select(Some(person)));
    app.world_mut().resource_mut::<ViewSettings>().eyes = true;
    press(&mut app, KeyCode::KeyC);
    assert_eq!(
        app.world().resource::<ViewSettings>().colour_by,
        ColourBy::MotherTongue
    );
}

/// The interface language is a resource every system reads: switched at run time, the words
/// the panels and the status line show change with it, the world's names included.
#[test]
fn switching_the_language_changes_what_the_panels_say() {
    use super::Language;
    use super::compare::{Change, Compare, Start};
    use crate::i18n::Lang;

    let mut app = app(Playback::Paused);
    let id = Lang::new("id").unwrap();
    app.insert_resource(Language(id.clone()));
    send(
        &mut app,
        Control::Compare {
            change: Change::Preset("no-symbols".into()),
            start: Start::FromTheStart,
        },
    );
    assert_eq!(
        status_text(&app),
        "membandingkan dengan B: tak seorang pun punya simbol untuk dibagi"
    );
    let label = |app: &App, lang: &Lang| {
        app.world()
            .resource::<Compare>()
            .0
            .as_ref()
            .unwrap()
            .label(lang)
    };
    let english = Lang::english();
    assert_eq!(label(&app, &english), "B: nobody has a symbol to share");
    // The legend names the communities and the colouring in the language.
    let simulation = app.world().resource::<Simulation>();
    let legend = |lang: &Lang| {
        crate::view::palette::legend(
            &simulation.model,
            ColourBy::Community,
            &simulation.names(lang),
        )
    };
    let names = |lang: &Lang| legend(lang).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(names(&id), ["Bukit", "Sungai", "Pesisir"]);
    assert_eq!(names(&english), ["Hill", "River", "Coast"]);
    assert_eq!(
        ColourBy::ForeignSymbols.label(&id),
        "simbol dari komunitas lain"
    );
    // Back in English, the status line speaks English again.
    app.insert_resource(Language(english));
    send(&mut app, Control::EndCompare);
    send(
        &mut app,
        Control::Compare {
            change: Change::Set("familiarity_weight=0".into()),
            start: Start::FromNow,
        },
    );
    assert!(
        status_text(&app).starts_with("comparing with B: familiarity lowers no barrier"),
        "{}",
        status_text(&app)
    );
}
