//! The command line: parses arguments and wires scenario files, the model and the output
//! together. Every user mistake becomes a message and a non-zero exit, never a panic.

mod axelrod;
mod lesson;
mod run;
mod sweep;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use nano_diplomacy::scenario::{PRESETS, Scenario};

/// Nano power diplomacy: persons of differing culture, language and belief share symbols until
/// they live in kinship. Without a command, opens the desktop app on the default scenario (in a
/// build without the app, runs it headless and prints a summary).
#[derive(Parser, Debug)]
#[command(name = "nano-diplomacy", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario headless and write its metrics as CSV.
    Run(run::RunArgs),
    /// Run a scenario over combinations of parameters, replicated, in parallel, as tidy CSV
    /// with a summary of each combination beside it.
    Sweep(sweep::SweepArgs),
    /// Run Axelrod's (1997) culture model to convergence, several times, and report the
    /// stable regions.
    Axelrod(axelrod::AxelrodArgs),
    /// List the preset scenarios.
    Scenarios,
    /// List the shipped lessons, with their titles and number of cards.
    Lessons {
        /// The language of the titles.
        #[arg(long, value_enum, default_value_t = lesson::LangChoice::En)]
        lang: lesson::LangChoice,
    },
    /// Check a lesson (a shipped one's name or a lesson file); with --check, run it headless
    /// and print each card's question, the answer that held and the reveal with its numbers.
    Lesson(lesson::LessonArgs),
    /// Check a scenario file: every field present, known and within its range.
    Check {
        /// The scenario file (or a preset's name).
        file: String,
        /// Override a parameter by its name in the scenario file, as `run --set` does.
        #[arg(long, value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Print the resolved scenario (every parameter, the seed, version 2) as JSON on
        /// standard output, for other programs (benches/peers/nano_mesa.py reads it).
        #[arg(long)]
        json: bool,
    },
    /// Open the desktop app on a scenario (the default without a command).
    #[cfg(feature = "app")]
    App {
        /// A preset's name or a scenario file.
        #[arg(long, default_value = nano_diplomacy::scenario::DEFAULT_SCENARIO)]
        scenario: String,
        /// The interface language.
        #[command(flatten)]
        lang: LangArgs,
        /// Open in lesson mode on a lesson (a shipped lesson's name, or a lesson file).
        #[arg(long, value_name = "NAME|FILE")]
        lesson: Option<String>,
    },
    /// Run a scenario N ticks, draw one frame with the app's own code and save it as PNG.
    #[cfg(feature = "app")]
    Screenshot(ScreenshotArgs),
}

/// The interface language of the app and its screenshots.
#[cfg(feature = "app")]
#[derive(clap::Args, Debug)]
struct LangArgs {
    /// The interface language: `en` (English, the default), `id` (Bahasa Indonesia), or the
    /// code of a table of your own, `lang/CODE.ron` in the current directory or beside the
    /// program (README, "Languages").
    #[arg(long, default_value = "en")]
    lang: String,
    /// A language table of your own, by its path (instead of `--lang`).
    #[arg(long, conflicts_with = "lang")]
    lang_file: Option<std::path::PathBuf>,
}

#[cfg(feature = "app")]
impl LangArgs {
    /// The language asked for.
    fn lang(&self) -> Result<nano_diplomacy::i18n::Lang> {
        match &self.lang_file {
            Some(path) => nano_diplomacy::i18n::Lang::from_file(path),
            None => nano_diplomacy::i18n::Lang::new(&self.lang),
        }
    }
}

/// Arguments of `screenshot`.
#[cfg(feature = "app")]
#[derive(clap::Args, Debug)]
struct ScreenshotArgs {
    /// The interface language.
    #[command(flatten)]
    lang: LangArgs,
    /// A preset's name or a scenario file.
    #[arg(long, default_value = nano_diplomacy::scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// Ticks to run before the picture.
    #[arg(long, default_value_t = 300)]
    ticks: u64,
    /// The PNG to write.
    #[arg(long)]
    out: std::path::PathBuf,
    /// Width of the picture in pixels.
    #[arg(long, default_value_t = 1600, value_parser = clap::value_parser!(u32).range(320..=7680))]
    width: u32,
    /// Height of the picture in pixels.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u32).range(240..=4320))]
    height: u32,
    /// The view: `map` (homes) or `network` (the kinship network's layout).
    #[arg(long, value_enum, default_value_t = nano_diplomacy::app::ViewMode::Map)]
    view: nano_diplomacy::app::ViewMode,
    /// Inspect this person in the picture (its ties highlighted, the inspector filled).
    #[arg(long)]
    select: Option<u32>,
    /// What the persons' colour shows.
    #[arg(long, value_enum, default_value_t = nano_diplomacy::lessons::Colour::Community)]
    colour_by: nano_diplomacy::lessons::Colour,
    /// The light, high-contrast theme for a projector (key T in the app).
    #[arg(long)]
    projector: bool,
    /// See through this person's eyes: everyone coloured by familiarity with its culture, the
    /// person inspected.
    #[arg(long, value_name = "PERSON", conflicts_with = "select")]
    eyes: Option<u32>,
    /// Show world B beside: the same scenario and seed with one parameter changed, as with
    /// `--set` (`--compare familiarity_weight=0`).
    #[arg(long, value_name = "NAME=VALUE", conflicts_with = "compare_preset")]
    compare: Option<String>,
    /// Show world B beside: another preset with the same seed (`--compare-preset no-symbols`).
    #[arg(long, value_name = "PRESET")]
    compare_preset: Option<String>,
    /// Fork B from A's state at this tick rather than drawing it anew (a rule change only).
    #[arg(long, value_name = "TICK")]
    fork_at: Option<u64>,
    /// A lesson's card instead of a run: the lesson (a shipped lesson's name or a file).
    #[arg(long, value_name = "NAME|FILE", requires = "card")]
    lesson: Option<String>,
    /// With --lesson: the card, from 1 (its question, with the cards before it run).
    #[arg(long, value_name = "N")]
    card: Option<usize>,
    /// With --lesson: the card run and its reveal shown.
    #[arg(long, requires = "lesson")]
    reveal: bool,
    /// With --lesson: the lesson's language, `en` or `id` (by default the interface's, `--lang`,
    /// where the lesson has it, else `en`).
    #[arg(long, value_name = "en|id", requires = "lesson")]
    lesson_lang: Option<String>,
}

/// Parses the arguments and runs the command.
pub fn main() -> Result<()> {
    let cli = Cli::try_parse().unwrap_or_else(|e| e.exit());
    match cli.command {
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Axelrod(args)) => axelrod::run(&args),
        Some(Command::Sweep(args)) => sweep::run(&args),
        Some(Command::Scenarios) => list_scenarios(),
        Some(Command::Lessons { lang }) => lesson::list(lang),
        Some(Command::Lesson(args)) => lesson::run(&args),
        Some(Command::Check { file, set, json }) => check(&file, &set, json),
        #[cfg(feature = "app")]
        Some(Command::App {
            scenario,
            lesson,
            lang,
        }) => {
            let lesson = lesson
                .map(|name| nano_diplomacy::lessons::Lesson::load(&name))
                .transpose()?;
            nano_diplomacy::app::run_with(&load_scenario(&scenario)?, lesson, lang.lang()?)
        }
        #[cfg(feature = "app")]
        Some(Command::Screenshot(args)) => {
            let scenario = load_scenario(&args.scenario)?;
            let picture_lang = args.lang.lang()?;
            let picture = nano_diplomacy::app::Picture {
                lang: picture_lang.clone(),
                ticks: args.ticks,
                out: args.out.clone(),
                width: args.width,
                height: args.height,
                view: args.view,
                select: args.select.or(args.eyes),
                colour_by: args
                    .colour_by
                    .colour_by()
                    .expect("--colour-by never offers the eyes"),
                theme: if args.projector {
                    nano_diplomacy::view::theme::Theme::Projector
                } else {
                    nano_diplomacy::view::theme::Theme::Dark
                },
                eyes: args.eyes.is_some(),
                compare: match (&args.compare, &args.compare_preset) {
                    (Some(set), _) => Some(nano_diplomacy::app::compare::Change::Set(set.clone())),
                    (None, Some(preset)) => {
                        Some(nano_diplomacy::app::compare::Change::Preset(preset.clone()))
                    }
                    (None, None) => None,
                },
                fork_at: args.fork_at,
                lesson: match (&args.lesson, args.card) {
                    (Some(name), Some(card)) => Some((
                        nano_diplomacy::lessons::Lesson::load(name)?,
                        card,
                        args.reveal,
                        match args.lesson_lang.as_deref() {
                            None => nano_diplomacy::app::lesson::lesson_lang(&picture_lang),
                            Some("en") => nano_diplomacy::lessons::Lang::En,
                            Some("id") => nano_diplomacy::lessons::Lang::Id,
                            Some(other) => anyhow::bail!(
                                "--lesson-lang {other}: the lessons are in `en` and `id`"
                            ),
                        },
                    )),
                    _ => None,
                },
            };
            nano_diplomacy::app::screenshot(&scenario, &picture)?;
            print(&format!("saved {}\n", args.out.display()))
        }
        #[cfg(feature = "app")]
        None => nano_diplomacy::app::run_with(
            &Scenario::default_preset(),
            None,
            nano_diplomacy::i18n::Lang::english(),
        ),
        #[cfg(not(feature = "app"))]
        None => run::run_default(),
    }
}

/// A preset or a scenario file, with a one-line note on standard error when the file is
/// version 1 (its version-2 mechanisms off).
pub(crate) fn load_scenario(name_or_path: &str) -> Result<Scenario> {
    let scenario = Scenario::load(name_or_path)?;
    if let Some(note) = scenario.version_note(name_or_path) {
        eprintln!("{note}");
    }
    Ok(scenario)
}

fn list_scenarios() -> Result<()> {
    let mut out = String::new();
    for (name, _) in PRESETS {
        let scenario = Scenario::preset(name).with_context(|| format!("preset {name}"))?;
        out.push_str(&format!("{name:<18} {}\n", scenario.description));
    }
    out.push_str("\nRun one with: nano-diplomacy run --scenario NAME\n");
    print(&out)
}

fn check(file: &str, set: &[String], json: bool) -> Result<()> {
    let mut scenario = load_scenario(file)?;
    scenario.set_all(set.iter().map(String::as_str))?;
    if json {
        let text =
            serde_json::to_string_pretty(&scenario).context("writing the scenario as JSON")?;
        return print(&format!("{text}\n"));
    }
    print(&format!(
        "{file}: valid scenario `{}` ({}), seed {}, {} ticks\n",
        scenario.name, scenario.model, scenario.seed, scenario.ticks
    ))
}

/// A progress bar on standard error when it is a terminal (hidden otherwise), with the time left.
fn progress_bar(total: u64, unit: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {unit} {{pos}}/{{len}}, {{per_sec}}, {{eta}} left"
        ))
        .expect("a valid template"),
    );
    bar
}

/// Worker threads for parallel runs: `jobs`, or one per core; fewer, with a note, when that
/// many runs of about `bytes_per_run` each would not fit in the memory that is free (the
/// output is the same whatever the number of threads, so only the time changes).
fn worker_pool(jobs: Option<u32>, bytes_per_run: u64) -> Result<(rayon::ThreadPool, usize)> {
    let asked = jobs
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let free = free_memory();
    let jobs = jobs_that_fit(asked, bytes_per_run, free);
    if jobs < asked {
        let gib = |bytes: u64| bytes as f64 / f64::from(1u32 << 30);
        eprintln!(
            "note: running {jobs} at once instead of {asked}: each run needs about {:.1} GiB, \
             and {:.1} GiB of memory is free",
            gib(bytes_per_run),
            gib(free.unwrap_or(0))
        );
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("starting the worker threads")?;
    Ok((pool, jobs))
}

/// How many runs of `bytes_per_run` fit at once in four fifths of `free` bytes: at most
/// `asked`, at least one; `asked` when the free memory is not known.
fn jobs_that_fit(asked: usize, bytes_per_run: u64, free: Option<u64>) -> usize {
    let Some(free) = free else {
        return asked;
    };
    let fit = (free / 5 * 4 / bytes_per_run.max(1)).max(1);
    asked.min(usize::try_from(fit).unwrap_or(usize::MAX))
}

/// The memory available for new work (`MemAvailable` in /proc/meminfo), where the system
/// tells it.
fn free_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

#[cfg(test)]
mod tests {
    use super::jobs_that_fit;

    #[test]
    fn no_more_runs_at_once_than_fit_in_free_memory() {
        const GIB: u64 = 1 << 30;
        // Four fifths of 4 GiB hold three runs of 1 GiB.
        assert_eq!(jobs_that_fit(8, GIB, Some(4 * GIB)), 3);
        assert_eq!(jobs_that_fit(2, GIB, Some(4 * GIB)), 2);
        // Always at least one; all asked for when the free memory is not known.
        assert_eq!(jobs_that_fit(8, 100 * GIB, Some(4 * GIB)), 1);
        assert_eq!(jobs_that_fit(8, 100 * GIB, None), 8);
        assert_eq!(jobs_that_fit(8, 0, Some(GIB)), 8);
        assert!(super::free_memory().is_none_or(|free| free > 0));
    }
}
