//! Reading a lesson file strictly and checking that it makes a lesson: every text in both
//! languages, every preset and change valid, every condition and placeholder readable, two to
//! four answers a question. Each problem names its card, field and line.

use ron::extensions::Extensions;

use super::condition::{Condition, measure_names};
use super::errors::{LessonError, Problem};
use super::places::line_of;
use super::reveal::{Piece, pieces};
use super::{Card, Change, Lesson, RunTo, Text, WorldSpec};
use crate::scenario::{Scenario, field_at, suggestion};
use crate::sim::NanoModel;

/// The most cards a lesson may have (a lesson is a class hour, not a course).
pub const MOST_CARDS: usize = 30;
/// The most ticks a card may run, so that a lesson never runs for hours.
pub const MOST_TICKS: u64 = 100_000;

pub(super) fn parse(
    text: &str,
    origin: &str,
    folder: Option<std::path::PathBuf>,
) -> Result<Lesson, LessonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parse_error = |line, column, message: String| LessonError::Parse {
        origin: origin.to_string(),
        line,
        column,
        message,
    };
    if text.trim().is_empty() {
        return Err(parse_error(
            1,
            1,
            "the file is empty: a lesson is a RON structure `( title: ..., introduction: ..., \
             seed: ..., cards: [...] )`; copy a lesson from assets/lessons/ to start"
                .to_string(),
        ));
    }
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let mut lesson: Lesson = options.from_str(text).map_err(|e| {
        let line = e.span.start.line;
        let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let mut message = e.code.to_string();
        match &e.code {
            ron::error::Error::NoSuchStructField {
                expected, found, ..
            } => {
                message = format!(
                    "unknown field `{found}`{}; the fields here are: {}",
                    suggestion(found, expected.iter().copied()),
                    expected.join(", ")
                );
            }
            ron::error::Error::NoSuchEnumVariant {
                expected, found, ..
            } => message.push_str(&suggestion(found, expected.iter().copied())),
            // Reported where the structure closes, so the field being read is no clue.
            ron::error::Error::MissingStructField { field, outer } => {
                message = format!("missing field `{field}`");
                if outer.as_deref() == Some("Text") {
                    message.push_str(
                        ": every text a class reads is `(en: \"...\", id: \"...\")`, in English \
                         and in Bahasa Indonesia",
                    );
                }
                return parse_error(line, e.span.start.col, message);
            }
            _ => {}
        }
        if let Some(field) = field_at(line_text, e.span.start.col) {
            message.push_str(&format!(" (in `{field}`)"));
        }
        parse_error(line, e.span.start.col, message)
    })?;
    lesson.folder = folder;
    let problems = problems(&lesson);
    if problems.is_empty() {
        return Ok(lesson);
    }
    Err(LessonError::Invalid {
        origin: origin.to_string(),
        problems: problems
            .into_iter()
            .map(|(field, message)| Problem {
                line: line_of(text, &field),
                field,
                message,
            })
            .collect(),
    })
}

/// Everything wrong with a lesson, as (field, what is wrong).
pub fn problems(lesson: &Lesson) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut text = |field: String, t: &Text| {
        for (lang, s, name) in [("en", &t.en, "English"), ("id", &t.id, "Bahasa Indonesia")] {
            if s.trim().is_empty() {
                found.push((
                    format!("{field}.{lang}"),
                    format!("is empty, but every text a class reads needs its {name} text"),
                ));
            }
        }
    };
    text("title".into(), &lesson.title);
    text("introduction".into(), &lesson.introduction);
    for (i, card) in lesson.cards.iter().enumerate() {
        let at = format!("cards[{i}]");
        text(format!("{at}.text"), &card.text);
        text(format!("{at}.reveal"), &card.reveal);
        text(format!("{at}.discuss"), &card.discuss);
        if let Some(q) = &card.question {
            text(format!("{at}.question.text"), &q.text);
            for (j, answer) in q.answers.iter().enumerate() {
                text(format!("{at}.question.answers[{j}].text"), &answer.text);
            }
        }
    }
    if lesson.cards.is_empty() || lesson.cards.len() > MOST_CARDS {
        found.push((
            "cards".into(),
            format!(
                "has {} cards, but a lesson has 1 to {MOST_CARDS}",
                lesson.cards.len()
            ),
        ));
    }
    // Whether the card before had a world B, which a card going on keeps.
    let mut has_b = false;
    // The scenario of the last card that made one: what a fork changes.
    let mut last = None;
    for (i, card) in lesson.cards.iter().enumerate() {
        has_b = card_problems(lesson, i, card, has_b, &mut last, &mut found);
    }
    found
}

/// A card's problems; returns whether the card has a world B.
fn card_problems(
    lesson: &Lesson,
    i: usize,
    card: &Card,
    had_b: bool,
    last: &mut Option<Scenario>,
    found: &mut Vec<(String, String)>,
) -> bool {
    let at = format!("cards[{i}]");
    let mut say = |field: &str, message: String| {
        let field = if field.is_empty() {
            at.clone()
        } else {
            format!("{at}.{field}")
        };
        found.push((field, format!("(card {}) {message}", i + 1)));
    };
    let has_b = match &card.world {
        WorldSpec::GoOn => {
            if i == 0 {
                say(
                    "world",
                    "is GoOn, but the first card has no card to go on from: give \
                     `Scenario(preset: \"marketplace\")` or another preset"
                        .into(),
                );
            }
            match (&card.compare, last.as_ref()) {
                (Some(Change::Preset(_)), _) => say(
                    "compare",
                    "is another preset on a card that goes on: a fork from the last card \
                     changes one rule (`Set(\"familiarity_weight=0\")`); another preset needs \
                     a new scenario"
                        .into(),
                ),
                (Some(Change::Set(assignment)), Some(scenario)) => {
                    let a = NanoModel::new(scenario.nano().expect("nano").clone(), 0);
                    if let Err(e) = super::run::fork(&a, assignment) {
                        say("compare", format!("does not make world B: {e}"));
                    }
                }
                _ => {}
            }
            had_b || card.compare.is_some()
        }
        world => {
            let set = world.changes();
            match super::run::new_scenario(lesson, world, lesson.seed) {
                Err(e) => {
                    say("world", format!("does not make a scenario: {e}"));
                    *last = None;
                }
                Ok(scenario) => {
                    if let Some(change) = &card.compare
                        && let Err(e) = super::run::changed(&scenario, change, set)
                    {
                        say("compare", format!("does not make world B: {e}"));
                    }
                    *last = Some(scenario);
                }
            }
            card.compare.is_some()
        }
    };
    if let (Some(person), Some(scenario)) = (card.look.select, last.as_ref()) {
        let persons = scenario.nano().map_or(0, |p| p.persons);
        if person >= persons {
            say(
                "look.select",
                format!(
                    "is person {person}, but the world has persons 0 to {}",
                    persons - 1
                ),
            );
        }
    }
    match card.run {
        RunTo::Tick(t) if t == 0 || t > MOST_TICKS => say(
            "run",
            format!("is Tick({t}), but a card runs to a tick from 1 to {MOST_TICKS}"),
        ),
        RunTo::Until { cap, .. } if cap == 0 || cap > MOST_TICKS => say(
            "run",
            format!("has cap {cap}, but a card waits 1 to {MOST_TICKS} ticks at most"),
        ),
        _ => {}
    }
    if let Some(plot) = &card.look.plot
        && !measure_names().contains(&plot.as_str())
    {
        say(
            "look.plot",
            format!(
                "is `{plot}`{}, but must be a measure: {}",
                suggestion(plot, measure_names().iter().copied()),
                measure_names().join(", ")
            ),
        );
    }
    if let Some(q) = &card.question {
        if !(2..=4).contains(&q.answers.len()) {
            say(
                "question.answers",
                format!(
                    "has {} answer{}, but a question has 2 to 4",
                    q.answers.len(),
                    if q.answers.len() == 1 { "" } else { "s" }
                ),
            );
        }
        for (j, answer) in q.answers.iter().enumerate() {
            let field = format!("question.answers[{j}].when");
            match Condition::parse(&answer.when) {
                Err(e) => say(&field, e.0),
                Ok(c) if c.uses_b() && !has_b => {
                    say(&field, format!("`{}` {}", answer.when, NO_B));
                }
                Ok(_) => {}
            }
        }
    }
    for (lang, reveal) in [("en", &card.reveal.en), ("id", &card.reveal.id)] {
        let field = format!("reveal.{lang}");
        match pieces(reveal) {
            Err(e) => say(&field, e),
            Ok(pieces) => {
                let uses_b = pieces
                    .iter()
                    .any(|p| matches!(p, Piece::Number(e, _) if e.uses_b()));
                if uses_b && !has_b {
                    say(&field, format!("has a placeholder that {NO_B}"));
                }
                if card.question.is_none() && pieces.contains(&Piece::Answer) {
                    say(
                        &field,
                        "has `{answer}`, but the card asks no question".into(),
                    );
                }
            }
        }
    }
    has_b
}

const NO_B: &str = "reads world B, but this card has none: give `compare` (on this card, or \
                    on the card it goes on from)";

#[cfg(test)]
mod tests {
    use super::super::{LESSONS, Lesson};

    #[test]
    fn every_shipped_lesson_reads() {
        for (name, _) in LESSONS {
            Lesson::shipped(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
