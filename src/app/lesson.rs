//! Lesson mode: one card at a time. A card sets up its worlds (A, and B beside it when it
//! compares), asks the class to predict, runs to its point, and reveals what happened with the
//! measured numbers. The headless runner (`crate::lessons::LessonRun`) keeps the lesson's
//! worlds and judges the answers; the app shows the same worlds, stepped in step with it (the
//! model is deterministic, so both copies stay equal, tick for tick).

use std::path::PathBuf;

use bevy::prelude::*;

use super::compare::{self, Compare, Comparison};
use super::simulation::{Playback, Selection, Simulation};
use super::{AppSystems, Status, ViewMode, ViewSettings};
use crate::lessons::report::{SessionReport, Tally};
use crate::lessons::run::{LessonRun, new_scenario};
use crate::lessons::{self, Colour, Lang, Lesson, View, WorldSpec};
use crate::sim::NanoModel;

/// Where the class is in the lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The title and introduction.
    Intro,
    /// A card's text and question, before its run: the class predicts.
    Ask(usize),
    /// A card's worlds running to its point.
    Running(usize),
    /// A card's outcome, with its numbers.
    Reveal(usize),
    /// After the last card: the session, to save.
    End,
}

/// A lesson under way.
pub struct LessonSession {
    /// The runner: the lesson's worlds, its outcomes.
    pub run: LessonRun,
    /// Where the class is.
    pub phase: Phase,
    /// The class' show of hands, per card and answer.
    pub tallies: Vec<Vec<u32>>,
    /// The language the lesson's texts are shown in.
    pub lang: Lang,
}

impl LessonSession {
    /// A lesson at its introduction.
    pub fn new(lesson: Lesson) -> Self {
        let tallies = lesson
            .cards
            .iter()
            .map(|c| vec![0; c.question.as_ref().map_or(0, |q| q.answers.len())])
            .collect();
        LessonSession {
            run: LessonRun::new(lesson),
            phase: Phase::Intro,
            tallies,
            lang: Lang::En,
        }
    }

    /// The lesson.
    pub fn lesson(&self) -> &Lesson {
        self.run.lesson()
    }

    /// Whether the worlds must not step: the class is reading, predicting or discussing.
    pub fn holds(&self) -> bool {
        !matches!(self.phase, Phase::Running(_))
    }

    /// The session report (the class' answers and the outcomes), as Markdown and CSV.
    pub fn report(&self) -> (String, String) {
        let mut report = SessionReport::of(&self.run);
        for (card, tally) in self.tallies.iter().enumerate() {
            if !tally.is_empty() {
                report.set_tally(card, Tally(tally.clone()));
            }
        }
        (report.markdown(self.lang), report.csv(self.lang))
    }
}

/// The lesson under way, if any.
#[derive(Resource, Default)]
pub struct LessonMode(pub Option<LessonSession>);

impl LessonMode {
    /// Whether a lesson holds the worlds still.
    pub fn holds(&self) -> bool {
        self.0.as_ref().is_some_and(LessonSession::holds)
    }
}

/// What the lesson panel asks.
#[derive(Message, Debug, Clone)]
pub enum LessonControl {
    /// Start a lesson (at its introduction).
    Open(Box<Lesson>),
    /// The next step: from the introduction or a reveal to the next card's question; at the
    /// end of the lesson, to its summary.
    Next,
    /// Run the card asked.
    Run,
    /// Back a card: the worlds as they were at the end of the card before.
    Back,
    /// The class' hands for an answer.
    SetTally {
        /// The card.
        card: usize,
        /// The answer.
        answer: usize,
        /// How many hands.
        hands: u32,
    },
    /// Show the lesson in this language.
    SetLang(Lang),
    /// Save the session report as Markdown and CSV (NAME.md and NAME.csv).
    SaveReport(PathBuf),
    /// Leave lesson mode (the worlds stay as they are).
    Leave,
}

/// Whether the worlds are held still by a lesson (a run condition of the model's stepping).
pub fn lesson_holds(mode: Res<LessonMode>) -> bool {
    mode.holds()
}

/// Adds lesson mode.
pub fn plugin(app: &mut App) {
    app.init_resource::<LessonMode>()
        .add_message::<LessonControl>()
        .add_systems(
            Update,
            apply_lesson_controls
                .in_set(AppSystems::ApplyControls)
                .after(super::simulation::apply_controls),
        )
        .add_systems(FixedUpdate, follow_the_run.after(AppSystems::Step))
        .add_systems(Update, follow_the_run.after(AppSystems::Step));
}

/// The language of a lesson's texts for an interface language: Indonesian for `id`, else
/// English (a lesson is written in these two).
pub fn lesson_lang(interface: &crate::i18n::Lang) -> Lang {
    match interface.code() {
        "id" => Lang::Id,
        _ => Lang::En,
    }
}

/// What lesson controls change.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Worlds<'w> {
    simulation: ResMut<'w, Simulation>,
    compare: ResMut<'w, Compare>,
    settings: ResMut<'w, ViewSettings>,
    selection: ResMut<'w, Selection>,
    next: ResMut<'w, NextState<Playback>>,
    status: ResMut<'w, Status>,
    language: ResMut<'w, super::Language>,
}

fn apply_lesson_controls(
    mut controls: MessageReader<LessonControl>,
    mut mode: ResMut<LessonMode>,
    mut worlds: Worlds,
) {
    for control in controls.read() {
        if let LessonControl::Open(lesson) = control {
            let mut session = LessonSession::new((**lesson).clone());
            // The lesson's texts in the interface language, where the lesson has it.
            session.lang = lesson_lang(&worlds.language.0);
            mode.0 = Some(session);
            worlds.next.set(Playback::Paused);
            continue;
        }
        if let LessonControl::Leave = control {
            mode.0 = None;
            continue;
        }
        let Some(session) = mode.0.as_mut() else {
            continue;
        };
        match control {
            LessonControl::Next => match session.phase {
                Phase::Intro | Phase::Reveal(_) => match session.run.begin() {
                    Ok(Some(card)) => {
                        show_card(session, card, &mut worlds);
                        session.phase = Phase::Ask(card);
                    }
                    Ok(None) => session.phase = Phase::End,
                    Err(e) => worlds.status.say(e.to_string()),
                },
                _ => {}
            },
            LessonControl::Run => {
                if let Phase::Ask(card) = session.phase {
                    session.phase = Phase::Running(card);
                    worlds.next.set(Playback::Running);
                }
            }
            LessonControl::Back => {
                let was = session.phase;
                session.run.back();
                let done = session.run.outcomes().len();
                session.phase = match (was, done) {
                    (Phase::Intro, _) => Phase::Intro,
                    (_, 0) => Phase::Intro,
                    (_, n) => Phase::Reveal(n - 1),
                };
                if let (Some(a), b) = (session.run.world_a(), session.run.world_b()) {
                    mirror(a, b, session, &mut worlds);
                }
                worlds.next.set(Playback::Paused);
            }
            LessonControl::SetTally {
                card,
                answer,
                hands,
            } => {
                if let Some(slot) = session
                    .tallies
                    .get_mut(*card)
                    .and_then(|t| t.get_mut(*answer))
                {
                    *slot = *hands;
                }
            }
            LessonControl::SetLang(lang) => {
                session.lang = *lang;
                // The interface follows: one language in the room.
                let code = match lang {
                    Lang::En => "en",
                    Lang::Id => "id",
                };
                if worlds.language.0.code() != code
                    && let Ok(interface) = crate::i18n::Lang::new(code)
                {
                    worlds.language.0 = interface;
                }
            }
            LessonControl::SaveReport(path) => {
                let (markdown, csv) = session.report();
                let md = path.with_extension("md");
                let csv_path = path.with_extension("csv");
                let written = crate::files::write_atomically(&md, markdown.as_bytes())
                    .and_then(|()| crate::files::write_atomically(&csv_path, csv.as_bytes()));
                match written {
                    Ok(()) => {
                        let said = worlds.language.0.f(
                            "status.report_saved",
                            &[
                                ("markdown", &md.display().to_string()),
                                ("csv", &csv_path.display().to_string()),
                            ],
                        );
                        worlds.status.say(said);
                    }
                    Err(e) => {
                        let said = worlds
                            .language
                            .0
                            .f("status.report_not_saved", &[("reason", &e.to_string())]);
                        worlds.status.say(said);
                    }
                }
            }
            LessonControl::Open(_) | LessonControl::Leave => {}
        }
    }
}

/// Shows a card's worlds as the runner made them, and the view the card asks for.
fn show_card(session: &LessonSession, card: usize, worlds: &mut Worlds) {
    let spec = &session.lesson().cards[card];
    let (Some(a), b) = (session.run.world_a(), session.run.world_b()) else {
        return;
    };
    // A card that goes on without a new B keeps the worlds on screen, which are the runner's.
    let new_worlds = spec.world != WorldSpec::GoOn || spec.compare.is_some();
    if new_worlds || worlds.simulation.model.tick() != a.tick() {
        mirror(a, b, session, worlds);
    }
    let look = &spec.look;
    if let Some(view) = look.view {
        worlds.settings.mode = match view {
            View::Map => ViewMode::Map,
            View::Network => ViewMode::Network,
        };
    }
    if let Some(colour) = look.colour {
        worlds.settings.eyes = colour == Colour::Eyes;
        if let Some(by) = colour.colour_by() {
            worlds.settings.colour_by = by;
        }
    }
    worlds.selection.0 = look.select;
    worlds.next.set(Playback::Paused);
}

/// The app's worlds set to the runner's: A, and B beside it (or none).
fn mirror(a: &NanoModel, b: Option<&NanoModel>, session: &LessonSession, worlds: &mut Worlds) {
    let generation = worlds.simulation.generation + 1;
    if let Some((mut shown, beside)) = worlds_of(session, a, b) {
        shown.generation = generation;
        *worlds.simulation = shown;
        worlds.compare.0 = beside;
    }
}

/// The runner's worlds as the app shows them: A in its card's scenario (for its name), and
/// B beside it with the change that makes it differ.
pub fn worlds_of(
    session: &LessonSession,
    a: &NanoModel,
    b: Option<&NanoModel>,
) -> Option<(Simulation, Option<Comparison>)> {
    let lesson = session.lesson();
    let card = session
        .run
        .card_under_way()
        .or_else(|| session.run.outcomes().len().checked_sub(1))
        .unwrap_or(0)
        .min(lesson.cards.len().checked_sub(1)?);
    // The scenario of the card's world, for its name and description.
    let scenario = lesson.cards[..=card]
        .iter()
        .rev()
        .find(|c| c.world != WorldSpec::GoOn)
        .and_then(|c| new_scenario(lesson, &c.world, session.run.seed()).ok())?;
    let mut shown = Simulation::new(scenario).ok()?;
    shown.params = a.params().clone();
    shown.watch(a.clone());
    let beside = b.and_then(|b| {
        let change = lesson.cards[..=card]
            .iter()
            .rev()
            .find_map(|c| c.compare.clone())?;
        let change = match change {
            lessons::Change::Set(s) => compare::Change::Set(s),
            lessons::Change::Preset(p) => compare::Change::Preset(p),
        };
        Some(Comparison::showing(&shown, b.clone(), change))
    });
    Some((shown, beside))
}

/// A lesson at a card, for a picture: the cards before it run, this one asked (or, with
/// `reveal`, run and revealed).
pub fn session_at(
    lesson: Lesson,
    card: usize,
    reveal: bool,
    lang: Lang,
) -> anyhow::Result<LessonSession> {
    let cards = lesson.cards.len();
    anyhow::ensure!(
        (1..=cards).contains(&card),
        "--card {card}: the lesson has cards 1 to {cards}"
    );
    let mut session = LessonSession::new(lesson);
    session.lang = lang;
    for _ in 1..card {
        session.run.run_card()?;
    }
    session.run.begin()?;
    session.phase = Phase::Ask(card - 1);
    if reveal {
        session.run.finish();
        session.phase = Phase::Reveal(card - 1);
    }
    Ok(session)
}

/// Steps the runner as the app's worlds step; at the card's point, holds them and reveals.
fn follow_the_run(
    mut mode: ResMut<LessonMode>,
    simulation: Res<Simulation>,
    mut next: ResMut<NextState<Playback>>,
) {
    let Some(session) = mode.0.as_mut() else {
        return;
    };
    let Phase::Running(card) = session.phase else {
        return;
    };
    let mut reached = false;
    while !reached
        && session
            .run
            .world_a()
            .is_some_and(|a| a.tick() < simulation.model.tick())
    {
        reached = session.run.step();
    }
    // A card that goes on to a tick already passed, or whose point is now.
    reached = reached || session.run.reached();
    if reached {
        session.run.finish();
        session.phase = Phase::Reveal(card);
        next.set(Playback::Paused);
    }
}
