//! The running model inside the app: play, pause, step, reset, speed, and the controls that
//! change a run. The model advances in `FixedUpdate` at the chosen rate (or as fast as it goes,
//! within a frame budget); the rest of the app only reads it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;

use super::compare::{Change, Compare, Comparison, Start, reason_in};
use super::{AppSystems, PausableSystems, Status, strings};
use crate::i18n::{Lang, Names};
use crate::provenance::Provenance;
use crate::runs::RunState;
use crate::saved::SavedRun;
use crate::scenario::{ModelSpec, Scenario};
use crate::sim::metrics::Metrics;
use crate::sim::model::{SymbolEvent, Via};
use crate::sim::params::NanoParams;
use crate::sim::{ModelEvent, NanoModel};
use crate::timeline::Timeline;
use crate::view::layout::NetworkLayout;
use crate::view::story::{Entry, Story};

/// Whether the model runs.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Playback {
    /// Ticks advance at the chosen speed.
    #[default]
    Running,
    /// Nothing advances but single steps.
    Paused,
}

/// How fast the model runs.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub enum Speed {
    /// So many ticks per second (1 to 240).
    TicksPerSecond(u32),
    /// As many ticks as fit in most of a frame.
    Unlimited,
}

impl Default for Speed {
    fn default() -> Self {
        Speed::TicksPerSecond(DEFAULT_TICKS_PER_SECOND as u32)
    }
}

/// The speed a run starts at: slow enough to watch ties form.
const DEFAULT_TICKS_PER_SECOND: f64 = 20.0;

/// The slowest and fastest chosen speeds.
pub const SPEED_RANGE: std::ops::RangeInclusive<u32> = 1..=240;

/// How much of a frame "as fast as it goes" may spend stepping the model.
const UNLIMITED_BUDGET: Duration = Duration::from_millis(12);

/// What a person (or a test) asks of the running model.
#[derive(Message, Debug, Clone)]
pub enum Control {
    /// Play if paused, pause if playing.
    TogglePlay,
    /// Advance one tick (pauses first).
    Step,
    /// Start the scenario again from its seed, with the population parameters as now set.
    Reset,
    /// Change the speed.
    SetSpeed(Speed),
    /// Load another scenario and reset.
    Load(Box<Scenario>),
    /// Change parameters: those of the rules apply at once, those of the population at the
    /// next reset.
    SetParams(Box<NanoParams>),
    /// Use this seed from the next reset.
    SetSeed(u64),
    /// Start a crisis between two communities now.
    StartCrisis {
        /// The two communities.
        between: (u8, u8),
        /// For how many ticks.
        duration: u64,
        /// How much prejudice (0 to 1).
        prejudice: f64,
        /// Affinity each tie across the divide loses per tick (0 to 1), before familiarity.
        strain: f64,
    },
    /// Hold a public event now.
    PublicEventNow,
    /// Continue a saved run.
    Resume(Box<SavedRun>),
    /// Select a person to inspect, or none.
    Select(Option<u32>),
    /// Open a scenario file and load it (carried out by `app::storage`, which sends `Load`).
    OpenScenario(PathBuf),
    /// Save the parameters and seed as now set as a scenario file (`app::storage`).
    SaveSettings(PathBuf),
    /// Save the whole run, to resume exactly where it is (`app::storage`).
    SaveRun(PathBuf),
    /// Open a saved run and continue it (carried out by `app::storage`, which sends `Resume`).
    OpenRun(PathBuf),
    /// Show world B beside A: the same scenario and seed with one change.
    Compare {
        /// What B changes.
        change: Change,
        /// Drawn anew from the start, or forked from A's present state.
        start: Start,
    },
    /// Show world A alone again.
    EndCompare,
    /// Show the world as it was at this tick (pauses; both worlds when comparing). Playing on
    /// from there continues the same run.
    Seek(u64),
}

impl Control {
    /// Whether it changes the worlds' state (or replaces them), rather than how they are run
    /// or seen, or a file written.
    pub fn changes_the_world(&self) -> bool {
        match self {
            Control::Step
            | Control::Reset
            | Control::Load(_)
            | Control::SetParams(_)
            | Control::SetSeed(_)
            | Control::StartCrisis { .. }
            | Control::PublicEventNow
            | Control::Resume(_)
            | Control::OpenScenario(_)
            | Control::OpenRun(_)
            | Control::Compare { .. }
            | Control::EndCompare
            | Control::Seek(_) => true,
            Control::TogglePlay
            | Control::SetSpeed(_)
            | Control::Select(_)
            | Control::SaveSettings(_)
            | Control::SaveRun(_) => false,
        }
    }
}

/// Which world of a comparison (A alone when there is none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Side {
    /// World A, the one as set.
    #[default]
    A,
    /// World B, with the comparison's change.
    B,
}

/// A tick was done; its events, for the renderer's effects.
#[derive(Message, Debug, Clone)]
pub struct Ticked {
    /// Which world.
    pub side: Side,
    /// The tick.
    pub tick: u64,
    /// What happened in it.
    pub events: Vec<ModelEvent>,
    /// The symbols that passed in it (for the marks that show them travelling).
    pub passed: Vec<SymbolEvent>,
}

/// The run: its scenario, the model, the metrics so far, and the network layout.
#[derive(Resource)]
pub struct Simulation {
    /// The scenario as loaded (its name and description are shown).
    pub scenario: Scenario,
    /// The parameters as now set (the population ones apply at the next reset).
    pub params: NanoParams,
    /// The seed of the next reset.
    pub seed: u64,
    /// The model.
    pub model: NanoModel,
    /// Metrics recorded so far, one row per recorded tick, to the timeline's head (read them
    /// to the tick on screen with [`Simulation::rows`]).
    pub history: Vec<Metrics>,
    /// The run's timeline: go back to any tick and play on.
    pub timeline: Timeline,
    /// Every person's story, to the timeline's head (read it to the tick on screen).
    pub story: Story,
    /// The last tick the story has recorded.
    story_to: u64,
    /// Metrics are recorded every this many ticks (more for large worlds).
    pub record_every: u64,
    /// Positions in the network view.
    pub layout: NetworkLayout,
    /// Counts new worlds (reset, load, resume), so that what belongs to the old one (effects,
    /// the selection) is let go.
    pub generation: u64,
}

impl Simulation {
    /// A run of a scenario of the nano model. An Axelrod scenario runs on the command line.
    pub fn new(scenario: Scenario) -> anyhow::Result<Self> {
        let ModelSpec::Nano(params) = &scenario.model else {
            anyhow::bail!(
                "`{}` runs Axelrod's model, which the app does not draw; use `nano-diplomacy \
                 run --scenario {}` or `nano-diplomacy axelrod`",
                scenario.name,
                scenario.name
            );
        };
        let params = params.clone();
        let mut model = NanoModel::new(params.clone(), scenario.seed);
        model.set_symbol_log(true);
        let layout = NetworkLayout::new(&model);
        let record_every = (u64::from(params.persons) / 2000).max(1);
        Ok(Simulation {
            seed: scenario.seed,
            history: vec![Metrics::measure(&model)],
            timeline: Timeline::new(&model),
            story: story_from(&model),
            story_to: model.tick(),
            scenario,
            params,
            model,
            record_every,
            layout,
            generation: 0,
        })
    }

    /// A saved run, to continue where it stopped.
    pub fn from_saved(saved: SavedRun) -> anyhow::Result<Self> {
        let RunState::Nano(model) = saved.state else {
            anyhow::bail!(
                "this saved run is of Axelrod's model, which the app does not draw; resume it \
                 with `nano-diplomacy run --resume FILE`"
            );
        };
        let mut simulation = Simulation::new(saved.scenario)?;
        simulation.params = model.params().clone();
        simulation.layout = NetworkLayout::new(&model);
        simulation.watch(model);
        Ok(simulation)
    }

    /// The run as a saved run (the scenario with the parameters and seed as now set).
    pub fn to_saved(&self) -> SavedRun {
        SavedRun::new(
            self.running_scenario(),
            self.record_every,
            RunState::Nano(self.model.clone()),
        )
    }

    /// The names of this world's communities and symbols in an interface language.
    pub fn names<'a>(&'a self, lang: &'a Lang) -> Names<'a> {
        Names::new(lang, Some(&self.scenario), self.model.params())
    }

    /// The scenario of the world on screen: the loaded one with the model's parameters and
    /// seed (what a file exported now says made it).
    pub fn running_scenario(&self) -> Scenario {
        let mut scenario = self.scenario.clone();
        scenario.model = ModelSpec::Nano(self.model.params().clone());
        scenario.seed = self.model.seed();
        scenario
    }

    /// What made a file exported now: this program, its command line, the running scenario.
    pub fn provenance(&self) -> Provenance {
        Provenance::now(Some(&self.running_scenario()))
    }

    /// A copy of this run's settings around the same world, for a second world to be put in
    /// with [`Simulation::watch`] (compare's B, a lesson's B).
    pub fn beside(&self) -> Simulation {
        Simulation {
            scenario: self.scenario.clone(),
            params: self.params.clone(),
            seed: self.seed,
            model: self.model.clone(),
            history: Vec::new(),
            timeline: Timeline::new(&self.model),
            story: Story::new(),
            story_to: self.model.tick(),
            record_every: self.record_every,
            layout: self.layout.clone(),
            generation: self.generation,
        }
    }

    /// Shows `model` from its present tick on: its rows, timeline and story start there (a
    /// saved run resumed, a fork). Its symbol log is turned on, for the story and the marks.
    pub fn watch(&mut self, mut model: NanoModel) {
        model.set_symbol_log(true);
        self.history = vec![Metrics::measure(&model)];
        self.timeline = Timeline::new(&model);
        self.story = story_from(&model);
        self.story_to = model.tick();
        self.model = model;
    }

    /// Starts again from the seed with the current parameters.
    pub fn reset(&mut self) {
        self.watch(NanoModel::new(self.params.clone(), self.seed));
        self.layout = NetworkLayout::new(&self.model);
        self.record_every = (u64::from(self.params.persons) / 2000).max(1);
        self.generation += 1;
    }

    /// One tick, recorded when its turn comes. Behind the timeline's head it is the run's own
    /// next tick again, already recorded.
    pub fn step(&mut self) -> Ticked {
        self.timeline.step(&mut self.model);
        self.keep_rows_to_head();
        let tick = self.model.tick();
        if tick > self.story_to {
            self.story.record(&self.model);
            self.story_to = tick;
        }
        let recorded = self.history.last().is_some_and(|m| m.tick >= tick);
        if tick.is_multiple_of(self.record_every) && !recorded {
            self.history.push(Metrics::measure(&self.model));
        }
        Ticked {
            side: Side::A,
            tick: self.model.tick(),
            events: self.model.events().to_vec(),
            passed: passed(&self.model, |_| true),
        }
    }

    /// The rows recorded up to the tick on screen.
    pub fn rows(&self) -> &[Metrics] {
        let tick = self.model.tick();
        &self.history[..self.history.partition_point(|m| m.tick <= tick)]
    }

    /// Shows the world as it was (or will be again) at `tick`, within the ticks run so far.
    pub fn seek(&mut self, tick: u64) {
        self.timeline.seek(&mut self.model, tick);
    }

    /// Takes the world, just changed by hand, as the head of a new branch of the timeline;
    /// the tick after which a future was discarded, if one was.
    pub fn branch(&mut self) -> Option<u64> {
        let discarded = self.timeline.branch(&self.model);
        self.keep_rows_to_head();
        // At the head, what the change did (a public event's symbols) joins the story.
        self.story.record(&self.model);
        discarded.then(|| self.model.tick())
    }

    /// Drops the rows and the story beyond the timeline's head (a future discarded).
    fn keep_rows_to_head(&mut self) {
        let head = self.timeline.head_tick();
        let keep = self.history.partition_point(|m| m.tick <= head);
        self.history.truncate(keep);
        if self.story_to > head {
            self.story.truncate_after(head);
            self.story_to = head;
        }
    }

    /// A person's story to the tick on screen, newest first.
    pub fn story_of(&self, person: u32) -> impl Iterator<Item = Entry> + '_ {
        let tick = self.model.tick();
        self.story
            .entries(person)
            .rev()
            .skip_while(move |e| e.tick > tick)
    }

    /// Whether the world differs from the one the settings would draw: a population parameter
    /// or the seed changed since it was drawn (moving a slider back undoes it).
    pub fn reset_needed(&self) -> bool {
        // The model takes every rule at once, so any difference left is in the population.
        *self.model.params() != self.params || self.seed != self.model.seed()
    }

    /// Changes the parameters: the rules at once, the population at the next reset. A change
    /// of the rules starts a new branch of the timeline: the tick after which a future was
    /// discarded, if one was.
    pub fn set_params(&mut self, params: NanoParams) -> Option<u64> {
        let before = self.model.params().clone();
        self.model.set_rules(&params);
        self.params = params;
        if *self.model.params() != before {
            self.branch()
        } else {
            None
        }
    }
}

/// The symbols that passed in the model's last tick (and public events held since) that
/// `keep` keeps.
fn passed(model: &NanoModel, keep: impl Fn(&SymbolEvent) -> bool) -> Vec<SymbolEvent> {
    model
        .symbol_log()
        .iter()
        .filter(|e| matches!(e, SymbolEvent::Passed { .. }) && keep(e))
        .copied()
        .collect()
}

/// A public event held by hand, for the effects: its ring, and its symbol going out.
fn held(model: &NanoModel, side: Side, event: ModelEvent) -> Ticked {
    let speaker = match event {
        ModelEvent::PublicEvent { speaker, .. } => Some(speaker),
        _ => None,
    };
    let passed = passed(
        model,
        |e| matches!(e, SymbolEvent::Passed { giver, via: Via::Public, .. } if Some(*giver) == speaker),
    );
    Ticked {
        side,
        tick: model.tick(),
        events: vec![event],
        passed,
    }
}

/// A story that has read the model's start (the households' kin).
fn story_from(model: &NanoModel) -> Story {
    let mut story = Story::new();
    story.record(model);
    story
}

/// The person being inspected.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct Selection(pub Option<u32>);

/// Adds the running model to the app (the [`Simulation`] resource is inserted by the caller).
pub fn plugin(app: &mut App) {
    app.init_state::<Playback>()
        .init_resource::<Speed>()
        .init_resource::<Selection>()
        .init_resource::<Compare>()
        .add_message::<Control>()
        .add_message::<Ticked>()
        .insert_resource(Time::<Fixed>::from_hz(DEFAULT_TICKS_PER_SECOND))
        .add_systems(Update, apply_controls.in_set(AppSystems::ApplyControls))
        .add_systems(
            FixedUpdate,
            step_at_speed
                .in_set(AppSystems::Step)
                .in_set(PausableSystems)
                .run_if(speed_is_limited),
        )
        .add_systems(
            Update,
            step_unlimited
                .in_set(AppSystems::Step)
                .in_set(PausableSystems)
                .run_if(not(speed_is_limited)),
        );
}

fn speed_is_limited(speed: Res<Speed>) -> bool {
    matches!(*speed, Speed::TicksPerSecond(_))
}

/// Applies what was asked this frame, in order.
#[expect(
    clippy::too_many_arguments,
    reason = "a system reads and changes what a control touches"
)]
pub fn apply_controls(
    mut controls: MessageReader<Control>,
    mut simulation: ResMut<Simulation>,
    mut speed: ResMut<Speed>,
    mut selection: ResMut<Selection>,
    playback: Res<State<Playback>>,
    mut next: ResMut<NextState<Playback>>,
    mut fixed: ResMut<Time<Fixed>>,
    mut ticked: MessageWriter<Ticked>,
    mut compare: ResMut<Compare>,
    mut status: ResMut<Status>,
    language: Res<super::Language>,
    lesson_mode: Res<super::lesson::LessonMode>,
) {
    let lang = &language.0;
    let mut paused = *playback.get() == Playback::Paused;
    for control in controls.read() {
        // In a lesson the runner and the app step the same worlds; a change by hand (a key
        // such as S or R, whose buttons the lesson hides) would part them.
        if lesson_mode.0.is_some() && control.changes_the_world() {
            status.say(lang.t("lesson.worlds_held"));
            continue;
        }
        match control {
            Control::TogglePlay => {
                paused = !paused;
                next.set(if paused {
                    Playback::Paused
                } else {
                    Playback::Running
                });
            }
            Control::Step => {
                paused = true;
                next.set(Playback::Paused);
                step_both(&mut simulation, &mut compare, &mut ticked);
            }
            Control::Reset => {
                simulation.reset();
                selection.0 = None;
                if let Some(b) = compare.0.as_mut()
                    && let Err(reason) = b.reset_beside(&simulation)
                {
                    compare.0 = None;
                    status.say(strings::compare_failed(lang, &reason_in(lang, &reason)));
                }
            }
            Control::SetSpeed(new) => {
                let new = match *new {
                    Speed::TicksPerSecond(tps) => {
                        Speed::TicksPerSecond(tps.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end()))
                    }
                    Speed::Unlimited => Speed::Unlimited,
                };
                if let Speed::TicksPerSecond(tps) = new {
                    fixed.set_timestep_hz(f64::from(tps));
                }
                *speed = new;
            }
            Control::Load(scenario) => match Simulation::new((**scenario).clone()) {
                Ok(mut loaded) => {
                    loaded.generation = simulation.generation + 1;
                    *simulation = loaded;
                    selection.0 = None;
                    end_compare(&mut compare, &mut status, lang);
                }
                Err(message) => warn!("{message}"),
            },
            Control::SetParams(params) => {
                let discarded = simulation.set_params((**params).clone());
                if let Some(b) = compare.0.as_mut() {
                    b.follow_rules(&simulation);
                }
                say_discarded(&mut status, lang, discarded);
            }
            Control::SetSeed(seed) => {
                simulation.seed = *seed;
                if let Some(b) = compare.0.as_mut() {
                    b.world.seed = *seed;
                }
            }
            Control::StartCrisis {
                between,
                duration,
                prejudice,
                strain,
            } => {
                simulation
                    .model
                    .start_crisis(*between, *duration, *prejudice, *strain);
                let discarded = simulation.branch();
                if let Some(b) = compare.0.as_mut() {
                    b.world
                        .model
                        .start_crisis(*between, *duration, *prejudice, *strain);
                    b.world.branch();
                }
                say_discarded(&mut status, lang, discarded);
            }
            Control::Resume(saved) => match Simulation::from_saved((**saved).clone()) {
                Ok(mut resumed) => {
                    resumed.generation = simulation.generation + 1;
                    *simulation = resumed;
                    selection.0 = None;
                    end_compare(&mut compare, &mut status, lang);
                }
                Err(message) => warn!("{message}"),
            },
            Control::PublicEventNow => {
                if let Some(event) = simulation.model.hold_public_event() {
                    say_discarded(&mut status, lang, simulation.branch());
                    ticked.write(held(&simulation.model, Side::A, event));
                }
                if let Some(b) = compare.0.as_mut()
                    && let Some(event) = b.world.model.hold_public_event()
                {
                    b.world.branch();
                    ticked.write(held(&b.world.model, Side::B, event));
                }
            }
            Control::Compare { change, start } => {
                match Comparison::new(&simulation, change.clone(), *start) {
                    Ok(b) => {
                        status.say(strings::compare_started(lang, &b.label(lang)));
                        compare.0 = Some(b);
                    }
                    Err(reason) => {
                        status.say(strings::compare_failed(lang, &reason_in(lang, &reason)))
                    }
                }
            }
            Control::EndCompare => compare.0 = None,
            Control::Seek(tick) => {
                paused = true;
                next.set(Playback::Paused);
                simulation.seek(*tick);
                if let Some(b) = compare.0.as_mut() {
                    b.world.seek(*tick);
                }
            }
            Control::Select(person) => {
                selection.0 =
                    person.filter(|&p| (p as usize) < simulation.model.population().len());
            }
            // Files are read and written by `app::storage`, which runs first in the same set.
            Control::OpenScenario(_)
            | Control::SaveSettings(_)
            | Control::SaveRun(_)
            | Control::OpenRun(_) => {}
        }
    }
}

/// Says that a change by hand discarded the future after a tick, if it did.
fn say_discarded(status: &mut Status, lang: &Lang, discarded: Option<u64>) {
    if let Some(tick) = discarded {
        status.say(strings::future_discarded(lang, tick));
    }
}

/// Ends a comparison whose world A is gone, and says so.
fn end_compare(compare: &mut Compare, status: &mut Status, lang: &Lang) {
    if compare.0.take().is_some() {
        status.say(lang.t("compare.ended_new_world"));
    }
}

/// One tick of A, and of B in lockstep when comparing.
fn step_both(
    simulation: &mut Simulation,
    compare: &mut Compare,
    ticked: &mut MessageWriter<Ticked>,
) {
    ticked.write(simulation.step());
    if let Some(b) = compare.0.as_mut() {
        ticked.write(Ticked {
            side: Side::B,
            ..b.world.step()
        });
    }
}

fn step_at_speed(
    mut simulation: ResMut<Simulation>,
    mut compare: ResMut<Compare>,
    mut ticked: MessageWriter<Ticked>,
) {
    step_both(&mut simulation, &mut compare, &mut ticked);
}

fn step_unlimited(
    mut simulation: ResMut<Simulation>,
    mut compare: ResMut<Compare>,
    mut ticked: MessageWriter<Ticked>,
) {
    let start = Instant::now();
    loop {
        step_both(&mut simulation, &mut compare, &mut ticked);
        if start.elapsed() >= UNLIMITED_BUDGET {
            break;
        }
    }
}
