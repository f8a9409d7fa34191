//! The headless lesson runner: world A and an optional world B, walked card by card. A card
//! makes its worlds (or goes on with the last card's), runs to its point, is measured, its
//! answers judged and its reveal filled; going back restores the last card's worlds exactly.
//! The app drives the same runner a tick at a time ([`LessonRun::begin`], [`LessonRun::step`],
//! [`LessonRun::finish`]); a check for a teacher calls [`LessonRun::run_card`].

use super::condition::Condition;
use super::errors::LessonError;
use super::reveal::{fill, pieces};
use super::{Change, Event, Lesson, RunTo, Text, WorldSpec};
use crate::scenario::{ModelSpec, Scenario};
use crate::sim::NanoModel;
use crate::sim::events::ModelEvent;
use crate::sim::metrics::Metrics;

/// Why a card stopped where it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// It reached its tick.
    Tick,
    /// Its event happened, in this tick.
    Event,
    /// Its event did not happen within its cap.
    Cap,
}

/// What one card's run came to.
#[derive(Clone, Debug, PartialEq)]
pub struct CardOutcome {
    /// The card's index in the lesson (from 0).
    pub card: usize,
    /// World A's tick at the card's end.
    pub tick: u64,
    /// Why it stopped there.
    pub stop: Stop,
    /// World A's measures at the end.
    pub a: Metrics,
    /// World B's, if the card has a B.
    pub b: Option<Metrics>,
    /// Whether each answer's condition held, in the order of the answers.
    pub held: Vec<bool>,
    /// The first answer that held (a well-made question has exactly one).
    pub answer: Option<usize>,
    /// The reveal, its numbers filled in, in both languages.
    pub reveal: Text,
}

/// A card done: the worlds at its end, kept to go back to, and its outcome.
#[derive(Clone, Debug)]
struct Done {
    a: NanoModel,
    b: Option<NanoModel>,
    outcome: CardOutcome,
}

/// A card under way: where it started.
#[derive(Clone, Copy, Debug)]
struct Pending {
    card: usize,
    start_tick: u64,
    stop: Option<Stop>,
}

/// A lesson being walked through, with its worlds.
#[derive(Clone, Debug)]
pub struct LessonRun {
    lesson: Lesson,
    seed: u64,
    a: Option<NanoModel>,
    b: Option<NanoModel>,
    done: Vec<Done>,
    pending: Option<Pending>,
}

impl LessonRun {
    /// A run of a checked lesson from its own seed, before its first card.
    pub fn new(lesson: Lesson) -> Self {
        let seed = lesson.seed;
        Self::with_seed(lesson, seed)
    }

    /// The same from another seed: every card's worlds are drawn from it.
    pub fn with_seed(lesson: Lesson, seed: u64) -> Self {
        LessonRun {
            lesson,
            seed,
            a: None,
            b: None,
            done: Vec::new(),
            pending: None,
        }
    }

    /// The lesson.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The seed the worlds are drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// World A as it stands (none before the first card).
    pub fn world_a(&self) -> Option<&NanoModel> {
        self.a.as_ref()
    }

    /// World B as it stands, if the card compares.
    pub fn world_b(&self) -> Option<&NanoModel> {
        self.b.as_ref()
    }

    /// The outcomes of the cards done, in order.
    pub fn outcomes(&self) -> Vec<&CardOutcome> {
        self.done.iter().map(|d| &d.outcome).collect()
    }

    /// The card under way, if one has begun and not finished.
    pub fn card_under_way(&self) -> Option<usize> {
        self.pending.map(|p| p.card)
    }

    /// The index of the next card to begin, or `None` at the lesson's end.
    pub fn next_card(&self) -> Option<usize> {
        let next = self.done.len();
        (self.pending.is_none() && next < self.lesson.cards.len()).then_some(next)
    }

    /// Begins the next card: makes its worlds (or keeps the last card's) and returns its
    /// index. The question is asked now, before any step.
    pub fn begin(&mut self) -> Result<Option<usize>, LessonError> {
        if let Some(p) = self.pending {
            return Ok(Some(p.card));
        }
        let Some(i) = self.next_card() else {
            return Ok(None);
        };
        let card = &self.lesson.cards[i];
        let fail = |message: String| LessonError::Run {
            card: i + 1,
            message,
        };
        if card.world != WorldSpec::GoOn {
            let set = card.world.changes();
            let scenario = new_scenario(&self.lesson, &card.world, self.seed).map_err(fail)?;
            let b = match &card.compare {
                Some(change) => Some(changed(&scenario, change, set).map_err(fail)?),
                None => None,
            };
            self.a = Some(world(&scenario));
            self.b = b.as_ref().map(world);
        } else if let (Some(Change::Set(assignment)), Some(a)) = (&card.compare, &self.a) {
            self.b = Some(fork(a, assignment).map_err(fail)?);
        }
        let start_tick = self
            .a
            .as_ref()
            .ok_or_else(|| fail("the first card must make a world, not go on".into()))?
            .tick();
        self.pending = Some(Pending {
            card: i,
            start_tick,
            stop: None,
        });
        Ok(Some(i))
    }

    /// One tick of both worlds, unless the card under way has reached its point. Returns
    /// whether it has (then [`LessonRun::finish`] measures it).
    pub fn step(&mut self) -> bool {
        let Some(mut pending) = self.pending else {
            return true;
        };
        let Some(a) = self.a.as_mut() else {
            return true;
        };
        if pending.stop.is_some() {
            return true;
        }
        let run = &self.lesson.cards[pending.card].run;
        match run {
            // A card going on to a tick the last card passed runs nothing.
            RunTo::Tick(t) if a.tick() >= *t => pending.stop = Some(Stop::Tick),
            _ => {
                a.step();
                if let Some(b) = self.b.as_mut() {
                    b.step();
                }
                pending.stop = match run {
                    RunTo::Tick(t) => (a.tick() >= *t).then_some(Stop::Tick),
                    RunTo::Until { event, cap } => {
                        if a.events().iter().any(|e| is(event, e)) {
                            Some(Stop::Event)
                        } else {
                            (a.tick() >= pending.start_tick + cap).then_some(Stop::Cap)
                        }
                    }
                };
            }
        }
        self.pending = Some(pending);
        pending.stop.is_some()
    }

    /// Whether the card under way has reached its point, without stepping (a card going on
    /// to a tick already passed has reached it at once).
    pub fn reached(&self) -> bool {
        let (Some(pending), Some(a)) = (self.pending, self.a.as_ref()) else {
            return true;
        };
        pending.stop.is_some()
            || matches!(self.lesson.cards[pending.card].run, RunTo::Tick(t) if a.tick() >= t)
    }

    /// Measures the card under way (running it to its point first if needed), judges its
    /// answers and fills its reveal.
    pub fn finish(&mut self) -> Option<&CardOutcome> {
        let pending = self.pending?;
        while !self.step() {}
        let stop = self.pending.and_then(|p| p.stop).unwrap_or(Stop::Tick);
        let (a, b) = (self.a.clone()?, self.b.clone());
        let (ma, mb) = (Metrics::measure(&a), b.as_ref().map(Metrics::measure));
        let i = pending.card;
        let held: Vec<bool> = self
            .lesson
            .conditions(i)
            .iter()
            .map(|c: &Condition| c.holds(&ma, mb.as_ref()))
            .collect();
        let answer = held.iter().position(|&h| h);
        let card = &self.lesson.cards[i];
        let answer_text = |lang| match (answer, &card.question) {
            (Some(j), Some(q)) => q.answers[j].text.get(lang).to_string(),
            _ => String::new(),
        };
        let filled = |text: &str, lang| {
            let pieces = pieces(text).expect("a checked lesson's reveal reads");
            fill(&pieces, &ma, mb.as_ref(), &answer_text(lang), lang)
        };
        let reveal = Text {
            en: filled(&card.reveal.en, super::Lang::En),
            id: filled(&card.reveal.id, super::Lang::Id),
        };
        let outcome = CardOutcome {
            card: i,
            tick: a.tick(),
            stop,
            a: ma,
            b: mb,
            held,
            answer,
            reveal,
        };
        self.done.push(Done { a, b, outcome });
        self.pending = None;
        self.done.last().map(|d| &d.outcome)
    }

    /// Runs the next card whole: begins it, runs it to its point and finishes it. `None` at
    /// the lesson's end.
    pub fn run_card(&mut self) -> Result<Option<&CardOutcome>, LessonError> {
        if self.begin()?.is_none() {
            return Ok(None);
        }
        Ok(self.finish())
    }

    /// Goes back a card: a card under way is dropped, or else the last card done is undone;
    /// either way the worlds are those at the end of the card before, exactly. Returns
    /// whether there was anything to go back from.
    pub fn back(&mut self) -> bool {
        if self.pending.take().is_none() && self.done.pop().is_none() {
            return false;
        }
        match self.done.last() {
            Some(d) => {
                self.a = Some(d.a.clone());
                self.b = d.b.clone();
            }
            None => {
                self.a = None;
                self.b = None;
            }
        }
        true
    }
}

/// Whether a model event is the one a card waits for.
fn is(event: &Event, e: &ModelEvent) -> bool {
    match (event, e) {
        (
            Event::KinAcrossCommunities,
            ModelEvent::StageChanged {
                cross_community, ..
            },
        ) => *cross_community && e.is_new_kinship(),
        (Event::CrisisStarts, ModelEvent::CrisisStarted { .. })
        | (Event::CrisisEnds, ModelEvent::CrisisEnded { .. })
        | (Event::AgendaExposed, ModelEvent::AgendaExposed { .. }) => true,
        _ => false,
    }
}

fn world(scenario: &Scenario) -> NanoModel {
    let params = scenario
        .nano()
        .expect("a lesson's scenarios are nano")
        .clone();
    NanoModel::new(params, scenario.seed)
}

/// World B forked from A as it stands, with one rule changed (as the app's "Fork from now").
pub fn fork(a: &NanoModel, assignment: &str) -> Result<NanoModel, String> {
    let mut scenario = Scenario::default_preset();
    scenario.model = ModelSpec::Nano(a.params().clone());
    scenario.set(assignment).map_err(|e| e.to_string())?;
    let rules = scenario.nano().expect("set keeps the model").clone();
    let mut b = a.clone();
    b.set_rules(&rules);
    if *b.params() != rules {
        return Err(format!(
            "`{assignment}` changes the population, which a fork from the last card cannot: \
             give the card a new scenario to compare from the start"
        ));
    }
    Ok(b)
}

/// A card's new scenario, from a preset or a file, with its changes and the seed (none for a
/// card that goes on).
pub fn new_scenario(lesson: &Lesson, world: &WorldSpec, seed: u64) -> Result<Scenario, String> {
    match world {
        WorldSpec::Scenario { preset, set } => scenario_of(preset, set, seed),
        WorldSpec::File { path, set } => {
            let full = match &lesson.folder {
                Some(folder) if std::path::Path::new(path).is_relative() => folder.join(path),
                _ => path.into(),
            };
            let scenario = Scenario::load(&full.to_string_lossy()).map_err(|e| e.to_string())?;
            with_changes(scenario, &format!("`{path}`"), set, seed)
        }
        WorldSpec::GoOn => Err("a card that goes on makes no new world".into()),
    }
}

/// A card's scenario: the preset with its changes, from the lesson's seed.
pub fn scenario_of(preset: &str, set: &[String], seed: u64) -> Result<Scenario, String> {
    let presets = crate::scenario::preset_names();
    if !presets.contains(&preset) {
        return Err(format!(
            "no preset named `{preset}`{}; a lesson runs one of: {}",
            crate::scenario::suggestion(preset, presets.iter().copied()),
            presets.join(", ")
        ));
    }
    let scenario = Scenario::preset(preset).map_err(|e| e.to_string())?;
    with_changes(scenario, &format!("`{preset}`"), set, seed)
}

/// A nano scenario with a card's changes and seed; `what` names it when it is Axelrod's.
fn with_changes(
    mut scenario: Scenario,
    what: &str,
    set: &[String],
    seed: u64,
) -> Result<Scenario, String> {
    if !matches!(scenario.model, ModelSpec::Nano(_)) {
        return Err(format!(
            "{what} is Axelrod's model; a lesson runs the nano model"
        ));
    }
    scenario
        .set_all(set.iter().map(String::as_str))
        .map_err(|e| e.to_string())?;
    scenario.seed = seed;
    Ok(scenario)
}

/// World B's scenario: A's with one parameter changed, or another preset with A's seed and
/// the card's changes.
pub fn changed(scenario: &Scenario, change: &Change, set: &[String]) -> Result<Scenario, String> {
    match change {
        Change::Set(assignment) => {
            let mut b = scenario.clone();
            b.set(assignment).map_err(|e| e.to_string())?;
            Ok(b)
        }
        Change::Preset(preset) => scenario_of(preset, set, scenario.seed),
    }
}
