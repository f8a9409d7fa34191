//! A class session's report, as Markdown (to print or keep) and as CSV (one row per answer):
//! each card's question, the class' show of hands as the teacher entered it, the answer that
//! held and the reveal with its numbers.

use super::run::{CardOutcome, LessonRun, Stop};
use super::{Lang, Lesson, Text};

/// The class' show of hands on one card's question: how many chose each answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally(pub Vec<u32>);

/// What a session came to: the cards done, their outcomes and the class' answers.
#[derive(Clone, Debug)]
pub struct SessionReport {
    lesson: Lesson,
    seed: u64,
    outcomes: Vec<CardOutcome>,
    tallies: Vec<Option<Tally>>,
}

impl SessionReport {
    /// The report of the cards done so far in a run, with no hands entered yet.
    pub fn of(run: &LessonRun) -> Self {
        let outcomes: Vec<CardOutcome> = run.outcomes().into_iter().cloned().collect();
        SessionReport {
            lesson: run.lesson().clone(),
            seed: run.seed(),
            tallies: vec![None; outcomes.len()],
            outcomes,
        }
    }

    /// Enters the class' show of hands for a card (by index; ignored for a card not done).
    pub fn set_tally(&mut self, card: usize, tally: Tally) {
        if let Some(at) = self.outcomes.iter().position(|o| o.card == card) {
            self.tallies[at] = Some(tally);
        }
    }

    /// The report as Markdown.
    pub fn markdown(&self, lang: Lang) -> String {
        let (held_word, hands_word, discuss_word) = match lang {
            Lang::En => ("held", "hands", "To discuss"),
            Lang::Id => ("terbukti", "tangan", "Untuk didiskusikan"),
        };
        let mut out = format!(
            "# {}\n\n{}\n\nseed {}\n",
            self.lesson.title.get(lang),
            self.lesson.introduction.get(lang),
            self.seed
        );
        for (outcome, tally) in self.outcomes.iter().zip(&self.tallies) {
            let card = &self.lesson.cards[outcome.card];
            out.push_str(&card_heading(outcome, &card.text, lang));
            if let Some(q) = &card.question {
                out.push_str(&format!("\n**{}**\n\n", q.text.get(lang)));
                for (j, answer) in q.answers.iter().enumerate() {
                    let hands = tally
                        .as_ref()
                        .and_then(|t| t.0.get(j))
                        .map(|h| format!(" ({h} {hands_word})"))
                        .unwrap_or_default();
                    let mark = if outcome.held[j] {
                        format!(" **{held_word}**")
                    } else {
                        String::new()
                    };
                    out.push_str(&format!("- {}{hands}{mark}\n", answer.text.get(lang)));
                }
            }
            out.push_str(&format!(
                "\n{}\n\n*{discuss_word}:* {}\n",
                outcome.reveal.get(lang),
                card.discuss.get(lang)
            ));
        }
        out
    }

    /// The report as CSV: one row per answer of each card done (one row for a card without a
    /// question), with the hands and whether the answer held.
    pub fn csv(&self, lang: Lang) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header = [
            "card", "tick", "question", "answer", "hands", "held", "reveal",
        ];
        writer.write_record(header).expect("CSV into memory");
        for (outcome, tally) in self.outcomes.iter().zip(&self.tallies) {
            let card = &self.lesson.cards[outcome.card];
            let number = (outcome.card + 1).to_string();
            let tick = outcome.tick.to_string();
            let reveal = outcome.reveal.get(lang);
            match &card.question {
                Some(q) => {
                    for (j, answer) in q.answers.iter().enumerate() {
                        let hands = tally
                            .as_ref()
                            .and_then(|t| t.0.get(j))
                            .map(u32::to_string)
                            .unwrap_or_default();
                        let held = u8::from(outcome.held[j]).to_string();
                        writer
                            .write_record([
                                &number,
                                &tick,
                                q.text.get(lang),
                                answer.text.get(lang),
                                &hands,
                                &held,
                                reveal,
                            ])
                            .expect("CSV into memory");
                    }
                }
                None => writer
                    .write_record([&number, &tick, "", "", "", "", reveal])
                    .expect("CSV into memory"),
            }
        }
        String::from_utf8(writer.into_inner().expect("CSV into memory"))
            .expect("UTF-8 in, UTF-8 out")
    }
}

/// A card's heading in a printed session: its number, the tick it stopped at (and why, when
/// not at its tick) and its text.
pub fn card_heading(outcome: &CardOutcome, text: &Text, lang: Lang) -> String {
    let (card, tick) = match lang {
        Lang::En => ("Card", "tick"),
        Lang::Id => ("Kartu", "langkah"),
    };
    format!(
        "\n## {card} {} ({tick} {}{})\n\n{}\n",
        outcome.card + 1,
        outcome.tick,
        stop_note(outcome.stop, lang),
        text.get(lang)
    )
}

/// A note on why a card stopped, when it was not at its tick.
pub fn stop_note(stop: Stop, lang: Lang) -> &'static str {
    match (stop, lang) {
        (Stop::Tick, _) => "",
        (Stop::Event, Lang::En) => ", when the event came",
        (Stop::Event, Lang::Id) => ", saat peristiwanya terjadi",
        (Stop::Cap, Lang::En) => ", the event never came",
        (Stop::Cap, Lang::Id) => ", peristiwanya tidak terjadi",
    }
}
