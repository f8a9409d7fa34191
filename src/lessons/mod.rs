//! Lessons: a title, an introduction and cards a class walks through, each card a run of the
//! model with a question asked before it and a reveal filled in with what the run measured.
//! Lesson files are RON, read strictly like scenario files; the shipped ones are embedded.

mod check;
pub mod condition;
mod errors;
mod places;
pub mod report;
pub mod reveal;
pub mod run;

pub use condition::{Condition, Expr, World};
pub use errors::LessonError;
pub use report::{SessionReport, Tally};
pub use run::{CardOutcome, LessonRun, Stop};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::view::palette::ColourBy;

/// The lessons under assets/lessons/, embedded so the program teaches from any directory.
pub const LESSONS: &[(&str, &str)] = &[
    (
        "sharing-builds-kinship",
        include_str!("../../assets/lessons/sharing-builds-kinship.ron"),
    ),
    (
        "without-words",
        include_str!("../../assets/lessons/without-words.ron"),
    ),
    (
        "when-states-quarrel",
        include_str!("../../assets/lessons/when-states-quarrel.ron"),
    ),
    (
        "no-hidden-agenda",
        include_str!("../../assets/lessons/no-hidden-agenda.ron"),
    ),
];

/// The names of the shipped lessons, in teaching order.
pub fn lesson_names() -> Vec<&'static str> {
    LESSONS.iter().map(|(name, _)| *name).collect()
}

/// The languages every text of a lesson is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

/// A text a class reads, in English and in Bahasa Indonesia.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    pub en: String,
    /// Bahasa Indonesia.
    pub id: String,
}

impl Text {
    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Id => &self.id,
        }
    }
}

/// A lesson as written in its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The lesson's title.
    pub title: Text,
    /// A short introduction, read before the first card.
    pub introduction: Text,
    /// The seed of every card's worlds (a check from other seeds replaces it).
    pub seed: u64,
    /// The cards, in order.
    pub cards: Vec<Card>,
    /// The folder the lesson file was read from, where a card's scenario file is looked for
    /// (none for a shipped lesson: the working directory).
    #[serde(skip)]
    pub folder: Option<PathBuf>,
}

/// One step of a lesson: a run, what to look at, a question before and a reveal after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// What the teacher reads out as the card opens.
    pub text: Text,
    /// Which world the card runs: a new scenario, or the last card's worlds going on.
    pub world: WorldSpec,
    /// World B beside A: the same scenario and seed with one change. On a card with a new
    /// scenario B is drawn from the start; on a card that goes on, B is forked from A as it
    /// stands with one rule changed (`Set` only). Without it, a card that goes on keeps the
    /// last card's B, if it had one.
    #[serde(default)]
    pub compare: Option<Change>,
    /// How far the card runs.
    pub run: RunTo,
    /// What the view shows during the card.
    #[serde(default)]
    pub look: Look,
    /// The prediction asked before the run, if the card asks one.
    #[serde(default)]
    pub question: Option<Question>,
    /// What happened, with placeholders (`{kin_cross_community(A)}`) filled from the run.
    pub reveal: Text,
    /// A question for the class to discuss after the reveal.
    pub discuss: Text,
}

/// Which world a card runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorldSpec {
    /// A preset from the start, with changes as `--set` makes them (`familiarity_weight=0`),
    /// from the lesson's seed.
    Scenario {
        /// The preset's name (`nano-diplomacy scenarios` lists them).
        preset: String,
        /// Changes, as `--set NAME=VALUE` takes them.
        #[serde(default)]
        set: Vec<String>,
    },
    /// A scenario file of the teacher's own, with changes, from the lesson's seed. A relative
    /// path is read from the lesson file's folder.
    File {
        /// The scenario file's path.
        path: String,
        /// Changes, as `--set NAME=VALUE` takes them.
        #[serde(default)]
        set: Vec<String>,
    },
    /// The last card's worlds, going on from where it stopped.
    GoOn,
}

impl WorldSpec {
    /// The changes a new world is drawn with (none for going on).
    pub fn changes(&self) -> &[String] {
        match self {
            WorldSpec::Scenario { set, .. } | WorldSpec::File { set, .. } => set,
            WorldSpec::GoOn => &[],
        }
    }
}

/// What world B differs in, as in the app's compare mode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// One parameter changed, as `--set` takes it (`familiarity_weight=0`).
    Set(String),
    /// Another preset, with the same seed and the card's changes.
    Preset(String),
}

/// How far a card runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RunTo {
    /// Until world A's tick counter reads this tick (ticks since the scenario's start).
    Tick(u64),
    /// Until an event happens in world A, or `cap` more ticks have passed.
    Until {
        /// What to wait for.
        event: Event,
        /// The most ticks the card runs if the event never comes.
        cap: u64,
    },
}

/// An event a card can run until.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// The first new kin tie between persons of different communities.
    KinAcrossCommunities,
    /// A crisis between two states begins.
    CrisisStarts,
    /// A crisis ends.
    CrisisEnds,
    /// A hidden agenda comes to light.
    AgendaExposed,
}

/// The whole view during a card: which plot is highlighted, who is selected, how persons are
/// drawn. Anything left out stays as the class last saw it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Look {
    /// The measure whose plot is highlighted, by its CSV column name.
    #[serde(default)]
    pub plot: Option<String>,
    /// The person selected (inspected), by id.
    #[serde(default)]
    pub select: Option<u32>,
    /// The map or the kinship network.
    #[serde(default)]
    pub view: Option<View>,
    /// What the persons' colour shows.
    #[serde(default)]
    pub colour: Option<Colour>,
}

/// The view of the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    /// Persons at their homes.
    Map,
    /// The kinship network's layout.
    Network,
}

/// What the persons' colour shows (the app's colourings): in a lesson's `look`, and as
/// `screenshot --colour-by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum Colour {
    /// Community.
    Community,
    /// Mother tongue.
    MotherTongue,
    /// Belief.
    Belief,
    /// Customs.
    Customs,
    /// Openness.
    Openness,
    /// Appearance, on a neutral grey scale.
    Appearance,
    /// The share of a person's symbols that come from other communities.
    SymbolsFromOthers,
    /// Familiarity with the selected person's culture ("see through their eyes"). Not a
    /// `--colour-by` value: the command line has `--eyes PERSON`.
    #[value(skip)]
    Eyes,
}

impl Colour {
    /// The app's colouring; `None` for the eyes, which are a switch of their own (they need a
    /// person).
    pub fn colour_by(self) -> Option<ColourBy> {
        Some(match self {
            Colour::Community => ColourBy::Community,
            Colour::MotherTongue => ColourBy::MotherTongue,
            Colour::Belief => ColourBy::Belief,
            Colour::Customs => ColourBy::Customs,
            Colour::Openness => ColourBy::Openness,
            Colour::Appearance => ColourBy::Appearance,
            Colour::SymbolsFromOthers => ColourBy::ForeignSymbols,
            Colour::Eyes => return None,
        })
    }
}

/// A prediction asked before the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub text: Text,
    /// Two to four answers, each with the condition on the measures that makes it true.
    pub answers: Vec<Answer>,
}

/// One answer to a prediction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The answer as the class reads it.
    pub text: Text,
    /// When it is right, judged at the card's end (`kin_cross_share(B) < kin_cross_share(A)`).
    pub when: String,
}

impl Lesson {
    /// Reads and checks a lesson from RON text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, LessonError> {
        check::parse(text, origin, None)
    }

    /// A shipped lesson by name.
    pub fn shipped(name: &str) -> Result<Self, LessonError> {
        let (_, text) = LESSONS
            .iter()
            .find(|(lesson, _)| *lesson == name)
            .ok_or_else(|| LessonError::Unknown(name.to_string()))?;
        Self::parse(text, &format!("lesson {name}"))
    }

    /// A shipped lesson's name, or else a path to a lesson file.
    pub fn load(name_or_path: &str) -> Result<Self, LessonError> {
        if lesson_names().contains(&name_or_path) {
            return Self::shipped(name_or_path);
        }
        let path = Path::new(name_or_path);
        if !path.exists() && !name_or_path.contains(['/', '.', '\\']) {
            return Err(LessonError::Unknown(name_or_path.to_string()));
        }
        let bytes = std::fs::read(path).map_err(|source| LessonError::Read {
            path: name_or_path.to_string(),
            source,
        })?;
        let text = crate::files::utf8_text(bytes).map_err(|message| LessonError::Parse {
            origin: name_or_path.to_string(),
            line: 1,
            column: 1,
            message,
        })?;
        let folder = path.parent().map(Path::to_path_buf);
        check::parse(&text, name_or_path, folder)
    }

    /// Every card's answers' conditions, parsed (the lesson was checked, so they parse).
    pub fn conditions(&self, card: usize) -> Vec<Condition> {
        self.cards[card]
            .question
            .iter()
            .flat_map(|q| &q.answers)
            .map(|a| Condition::parse(&a.when).expect("a checked lesson's conditions parse"))
            .collect()
    }
}
