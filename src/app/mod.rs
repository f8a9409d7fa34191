//! The desktop app: watch kinship form. Persons are discs at their homes (or in the kinship
//! network's layout), ties are lines that grow bolder from acquaintance to kin, and the panels
//! hold the controls, the plots, the inspector and the legend. The model stays in `sim`; the
//! app reads its state and events and changes a run only through [`simulation::Control`].

mod camera;
pub mod compare;
mod draw;
mod effects;
pub mod export;
mod input;
pub mod lesson;
mod panels;
pub mod simulation;
mod storage;
pub mod strings;

#[cfg(test)]
mod compare_tests;
#[cfg(test)]
mod lesson_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod timeline_tests;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, bail};
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::window::PresentMode;
use bevy_egui::EguiPlugin;

use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::view::palette::{self, ColourBy};
use crate::view::theme::Theme;
use export::ScreenshotRequest;
use simulation::{Playback, Selection, Simulation};

/// Which view of the world is shown (also `screenshot --view`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ViewMode {
    /// Persons at their homes.
    #[default]
    Map,
    /// The kinship network, laid out by its ties.
    Network,
}

/// How the world is shown.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct ViewSettings {
    /// Map or network.
    pub mode: ViewMode,
    /// What the persons' colour shows.
    pub colour_by: ColourBy,
    /// Whether the panels are shown (H hides them for a projector).
    pub show_panels: bool,
    /// The panels' scale, for a projector (1 is normal).
    pub ui_scale: f32,
    /// Whether the About window is open.
    pub show_about: bool,
    /// Dark, or light and high-contrast for a projector (key T).
    pub theme: Theme,
    /// "See through their eyes": colour everyone by familiarity with the selected person's
    /// culture (while a person is selected).
    pub eyes: bool,
}

impl ViewSettings {
    /// The colouring in force: the chosen one, or, seeing through a selected person's eyes,
    /// familiarity with that person's community.
    pub fn colouring(&self, model: &crate::sim::NanoModel, selected: Option<u32>) -> ColourBy {
        let community = selected
            .filter(|_| self.eyes)
            .and_then(|p| model.population().persons.get(p as usize))
            .map(|person| person.community);
        community.map_or(self.colour_by, ColourBy::FamiliarityWith)
    }
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            mode: ViewMode::Map,
            colour_by: ColourBy::Community,
            show_panels: true,
            ui_scale: 1.0,
            show_about: false,
            theme: Theme::Dark,
            eyes: false,
        }
    }
}

/// The interface language, read by every panel; the switch in the left panel changes it,
/// `--lang` chooses it at the start.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Language(pub Lang);

/// Room the panels take at each side of the window, in logical pixels (the camera fits the
/// world into the rest, and clicks there are not the world's).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct PanelWidths {
    /// Left.
    pub left: f32,
    /// Right.
    pub right: f32,
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
}

/// A short message at the bottom of the window (a file saved, a file that would not load).
#[derive(Resource, Debug, Default, Clone)]
pub struct Status {
    /// The message.
    pub text: String,
    /// New messages are shown for a few seconds.
    pub shown_at: Option<std::time::Instant>,
}

impl Status {
    /// Shows a message.
    pub fn say(&mut self, text: impl Into<String>) {
        self.text = text.into();
        self.shown_at = Some(std::time::Instant::now());
    }
}

/// The app's systems in the order they run each frame, configured once in [`core_plugin`]:
/// every plugin puts its systems in one of these sets instead of ordering them one by one.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Read the keyboard and the pointer; turn them into controls.
    RecordInput,
    /// Carry out the controls (files first, then the run's).
    ApplyControls,
    /// Advance the model (also in `FixedUpdate`, at the chosen speed).
    Step,
    /// Turn the model's events into effects on screen.
    CollectEffects,
    /// Lay out and draw the world, fit the camera, take screenshots and exports.
    Draw,
}

/// Systems that run only while the model plays ([`Playback::Running`]): pausing stops them all
/// at one place.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PausableSystems;

/// Everything the app adds but the window, the renderer and egui: the schedule, the run, the
/// keyboard shortcuts and the file work. The headless tests build the app's real schedule
/// through this plugin.
pub fn core_plugin(app: &mut App) {
    let order = (
        AppSystems::RecordInput,
        AppSystems::ApplyControls,
        AppSystems::Step,
        AppSystems::CollectEffects,
        AppSystems::Draw,
    );
    let playing = in_state(Playback::Running);
    app.configure_sets(Update, order.chain())
        .configure_sets(FixedUpdate, order.chain())
        .configure_sets(
            Update,
            PausableSystems.run_if(playing.clone().and_eager(not(lesson::lesson_holds))),
        )
        .configure_sets(
            FixedUpdate,
            PausableSystems.run_if(playing.and_eager(not(lesson::lesson_holds))),
        )
        .init_resource::<ViewSettings>()
        .init_resource::<Language>()
        .init_resource::<PanelWidths>()
        .init_resource::<Status>()
        .init_resource::<effects::Effects>()
        .add_plugins((
            simulation::plugin,
            input::plugin,
            storage::plugin,
            lesson::plugin,
        ))
        .add_systems(
            Update,
            (
                effects::collect_effects.in_set(AppSystems::CollectEffects),
                follow_theme.in_set(AppSystems::Draw),
            ),
        );
}

/// The background follows the theme.
fn follow_theme(settings: Res<ViewSettings>, clear: Option<ResMut<ClearColor>>) {
    if let Some(mut clear) = clear {
        let background = srgb(settings.theme.colours().background);
        if clear.0 != background {
            clear.0 = background;
        }
    }
}

fn window_app(simulation: Simulation, width: u32, height: u32, title: String) -> App {
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: (width, height).into(),
                    present_mode: PresentMode::AutoVsync,
                    ..default()
                }),
                ..default()
            })
            .set(RenderPlugin {
                // Draw every mesh from the first frame: screenshots must not catch a pipeline
                // still compiling.
                synchronous_pipeline_compilation: true,
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor(srgb(palette::BACKGROUND)))
    .insert_resource(simulation)
    .add_plugins((
        core_plugin,
        draw::plugin,
        camera::plugin,
        input::fullscreen_plugin,
        export::plugin,
        panels::plugin,
    ));
    app
}

/// A palette colour as a Bevy colour.
fn srgb(c: palette::Rgba) -> Color {
    Color::srgba(c[0], c[1], c[2], c[3])
}

/// Says why a window cannot open here, before winit would panic trying.
fn check_display() -> Result<()> {
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set). \
             Run it from a desktop, under a virtual display (`xvfb-run -a nano-diplomacy ...`), \
             or headless: `nano-diplomacy run --scenario NAME`"
        );
    }
    Ok(())
}

/// Opens the desktop app on a scenario, running, in English.
pub fn run(scenario: &Scenario) -> Result<()> {
    run_with(scenario, None, Lang::english())
}

/// Opens the desktop app on a scenario, running, or on a lesson's introduction, in an
/// interface language.
pub fn run_with(
    scenario: &Scenario,
    lesson: Option<crate::lessons::Lesson>,
    lang: Lang,
) -> Result<()> {
    check_display()?;
    let title = format!("nano-diplomacy: {}", scenario.name);
    let simulation = Simulation::new(scenario.clone())?;
    let mut app = window_app(simulation, 1600, 900, title);
    app.insert_resource(Language(lang));
    if let Some(lesson) = lesson {
        app.world_mut()
            .write_message(lesson::LessonControl::Open(Box::new(lesson)));
    }
    match app.run() {
        AppExit::Success => Ok(()),
        AppExit::Error(code) => bail!("the app stopped with an error (code {code})"),
    }
}

/// What `nano-diplomacy screenshot` draws.
#[derive(Debug, Clone)]
pub struct Picture {
    /// Ticks to run first.
    pub ticks: u64,
    /// The PNG to write.
    pub out: PathBuf,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Map or network.
    pub view: ViewMode,
    /// A person to inspect.
    pub select: Option<u32>,
    /// What the persons' colour shows.
    pub colour_by: ColourBy,
    /// The theme.
    pub theme: Theme,
    /// See through the selected person's eyes.
    pub eyes: bool,
    /// World B beside A, with this change.
    pub compare: Option<compare::Change>,
    /// Fork B from A at this tick (else B is drawn anew).
    pub fork_at: Option<u64>,
    /// The interface language.
    pub lang: Lang,
    /// A lesson's card instead: the lesson, the card (from 1), whether revealed, the language.
    pub lesson: Option<(crate::lessons::Lesson, usize, bool, crate::lessons::Lang)>,
}

/// Steps of the network layout before a picture of the network: enough for it to settle.
const LAYOUT_STEPS_BEFORE_PICTURE: u32 = 400;

/// Runs a scenario, draws one frame with the window's own code, saves it as a PNG and exits
/// (`nano-diplomacy screenshot`).
pub fn screenshot(scenario: &Scenario, picture: &Picture) -> Result<()> {
    check_display()?;
    let mut simulation = Simulation::new(scenario.clone())?;
    if let Some(person) = picture.select
        && person as usize >= simulation.model.population().len()
    {
        bail!(
            "--select {person}: there are {} persons, numbered from 0",
            simulation.model.population().len()
        );
    }
    let mut world_b = None;
    if let (Some(change), Some(at)) = (&picture.compare, picture.fork_at) {
        if at > picture.ticks {
            bail!(
                "--fork-at {at} is after the picture's tick {}",
                picture.ticks
            );
        }
        while simulation.model.tick() < at {
            simulation.step();
        }
        world_b = Some(compare::Comparison::new(
            &simulation,
            change.clone(),
            compare::Start::FromNow,
        )?);
    }
    while simulation.model.tick() < picture.ticks {
        simulation.step();
        if let Some(b) = world_b.as_mut() {
            b.world.step();
        }
    }
    if let (Some(change), None) = (&picture.compare, &world_b) {
        world_b = Some(compare::Comparison::new(
            &simulation,
            change.clone(),
            compare::Start::FromTheStart,
        )?);
    }
    if picture.view == ViewMode::Network {
        for _ in 0..LAYOUT_STEPS_BEFORE_PICTURE {
            simulation.layout.step(&simulation.model);
            if let Some(b) = world_b.as_mut() {
                b.world.layout.step(&b.world.model);
            }
        }
    }
    let mut lesson_mode = lesson::LessonMode::default();
    if let Some((chosen, card, reveal, lang)) = picture.lesson.clone() {
        let session = lesson::session_at(chosen, card, reveal, lang)?;
        let (a, b) = (
            session.run.world_a().cloned(),
            session.run.world_b().cloned(),
        );
        let a = a.ok_or_else(|| anyhow::anyhow!("the lesson has no world at card {card}"))?;
        let (shown, beside) = lesson::worlds_of(&session, &a, b.as_ref())
            .ok_or_else(|| anyhow::anyhow!("the lesson's world at card {card} cannot be shown"))?;
        simulation = shown;
        world_b = beside;
        lesson_mode.0 = Some(session);
    }
    let title = format!("nano-diplomacy: {} (screenshot)", scenario.name);
    let mut app = window_app(simulation, picture.width, picture.height, title);
    app.insert_resource(lesson_mode);
    let saved = Arc::new(AtomicBool::new(false));
    app.insert_state(Playback::Paused)
        .insert_resource(compare::Compare(world_b))
        .insert_resource(Selection(picture.select))
        .insert_resource(Language(picture.lang.clone()))
        .insert_resource(ViewSettings {
            mode: picture.view,
            colour_by: picture.colour_by,
            theme: picture.theme,
            eyes: picture.eyes,
            ..default()
        })
        .insert_resource(ScreenshotRequest {
            out: picture.out.clone(),
            after_frames: 12,
            give_up_after: 600,
            saved: saved.clone(),
        });
    // Exit codes: see export::take_requested_screenshot (2: not saved, 3: timed out).
    match app.run() {
        AppExit::Success if saved.load(Ordering::SeqCst) => Ok(()),
        AppExit::Success => bail!("the window closed before the screenshot was saved"),
        AppExit::Error(code) if code.get() == 3 => bail!(
            "no frame was captured within 600 frames: is there a working GPU or software \
             Vulkan driver (Debian: mesa-vulkan-drivers)?"
        ),
        AppExit::Error(_) => bail!(
            "the screenshot could not be saved to {}",
            picture.out.display()
        ),
    }
}
