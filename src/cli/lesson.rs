//! `lessons` and `lesson NAME --check`: the shipped lessons listed, and a lesson run headless
//! card by card for a teacher preparing class, each reveal printed with its measured numbers.

use anyhow::{Result, bail};

use nano_diplomacy::lessons::report::card_heading;
use nano_diplomacy::lessons::{LESSONS, Lang, Lesson, LessonRun, Stop};

use super::print;

/// The language of `--lang`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangChoice {
    /// English.
    En,
    /// Bahasa Indonesia.
    Id,
}

impl From<LangChoice> for Lang {
    fn from(choice: LangChoice) -> Self {
        match choice {
            LangChoice::En => Lang::En,
            LangChoice::Id => Lang::Id,
        }
    }
}

/// Arguments of `lesson`.
#[derive(clap::Args, Debug)]
pub struct LessonArgs {
    /// A shipped lesson's name (`nano-diplomacy lessons` lists them) or a lesson file.
    lesson: String,
    /// Run every card headless and print each question, the answer that held and the reveal
    /// with its numbers (without it, only checks the file).
    #[arg(long)]
    check: bool,
    /// Draw every card's worlds from this seed instead of the lesson's.
    #[arg(long)]
    seed: Option<u64>,
    /// The language of the texts printed.
    #[arg(long, value_enum, default_value_t = LangChoice::En)]
    lang: LangChoice,
}

/// `lessons`: each shipped lesson's name, title and number of cards.
pub fn list(lang: LangChoice) -> Result<()> {
    let lang = Lang::from(lang);
    let mut out = String::new();
    for (name, _) in LESSONS {
        let lesson = Lesson::shipped(name)?;
        let cards = lesson.cards.len();
        let cards = match lang {
            Lang::En => format!("{cards} cards"),
            Lang::Id => format!("{cards} kartu"),
        };
        out.push_str(&format!(
            "{name:<24} {} ({cards})\n",
            lesson.title.get(lang)
        ));
    }
    out.push_str(match lang {
        Lang::En => "\nCheck one with: nano-diplomacy lesson NAME --check\n",
        Lang::Id => "\nPeriksa satu pelajaran dengan: nano-diplomacy lesson NAMA --check\n",
    });
    print(&out)
}

/// `lesson NAME|FILE [--check]`.
pub fn run(args: &LessonArgs) -> Result<()> {
    let lesson = Lesson::load(&args.lesson)?;
    let lang = Lang::from(args.lang);
    if !args.check {
        return print(&format!(
            "{}: valid lesson \"{}\", {} cards, seed {} (add --check to run it)\n",
            args.lesson,
            lesson.title.get(lang),
            lesson.cards.len(),
            lesson.seed
        ));
    }
    let seed = args.seed.unwrap_or(lesson.seed);
    let mut out = format!(
        "# {}\n\n{}\n\nseed {seed}\n",
        lesson.title.get(lang),
        lesson.introduction.get(lang)
    );
    let mut run = LessonRun::with_seed(lesson.clone(), seed);
    let mut unanswered = Vec::new();
    while let Some(outcome) = run.run_card()? {
        let card = &lesson.cards[outcome.card];
        out.push_str(&card_heading(outcome, &card.text, lang));
        if let Some(q) = &card.question {
            out.push_str(&format!("\n{}\n", q.text.get(lang)));
            for (j, answer) in q.answers.iter().enumerate() {
                let mark = if outcome.held[j] { "[x]" } else { "[ ]" };
                out.push_str(&format!("  {mark} {}\n", answer.text.get(lang)));
            }
            match outcome.held.iter().filter(|&&h| h).count() {
                1 => {}
                0 => unanswered.push(format!("card {}: no answer held", outcome.card + 1)),
                n => unanswered.push(format!(
                    "card {}: {n} answers held at once (make the conditions exclusive)",
                    outcome.card + 1
                )),
            }
        }
        if outcome.stop == Stop::Cap {
            unanswered.push(format!(
                "card {}: its event never came; it stopped at its cap, tick {}",
                outcome.card + 1,
                outcome.tick
            ));
        }
        out.push_str(&format!(
            "\n{}\n\n> {}\n",
            outcome.reveal.get(lang),
            card.discuss.get(lang)
        ));
    }
    print(&out)?;
    if !unanswered.is_empty() {
        bail!(
            "{} from seed {seed}:\n  {}",
            args.lesson,
            unanswered.join("\n  ")
        );
    }
    Ok(())
}
