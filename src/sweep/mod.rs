//! Sweeps: a scenario run over every combination of some parameters' values, each combination
//! replicated with its own seed, as NetLogo's BehaviorSpace and Mesa's `batch_run` do.
//!
//! Runs are numbered combination by combination (the first parameter varies slowest), replicate
//! by replicate. A run's seed is derived from the base seed, its combination and its replicate,
//! so any single run can be repeated alone with `nano-diplomacy run --seed S --set ...`; and a
//! run's rows depend on nothing else, so a sweep's output is the same whatever the number of
//! threads or shards.

mod axis;

use crate::runs::{Row, RunState, Schedule};
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::params::FieldError;
use crate::sim::rng::derive_seed;

pub use axis::{Axis, SweepFile};

/// Why a sweep cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A `--set` that is neither `name=a:b:step` nor `name=v1,v2,...`.
    #[error("--set {0}: {1}")]
    Axis(String, String),
    /// A combination's values are not a valid scenario.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A shard that does not exist.
    #[error("--shard {0}: give I/N with 1 <= I <= N, for example 3/10")]
    Shard(String),
    /// Too many runs, or an axis that cannot be swept.
    #[error("{0}")]
    Plan(String),
    /// A run's model could not be made.
    #[error("combination {combination}: {message}")]
    Model {
        /// The combination.
        combination: usize,
        /// What went wrong.
        message: String,
    },
}

/// The most runs one sweep may hold (shard it for more, or it is probably a typo).
pub const MOST_RUNS: usize = 10_000_000;
/// Up to this many combinations each is checked before any run; beyond, each value alone.
const CHECK_EVERY_COMBINATION_UP_TO: usize = 10_000;
/// Scenario fields that a sweep sets itself or that name it, and so cannot be swept.
const NOT_AXES: &[&str] = &["seed", "ticks", "name", "description", "model"];

/// A planned sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The scenario the combinations change.
    pub base: Scenario,
    /// The parameters varied.
    pub axes: Vec<Axis>,
    /// Replicates of each combination.
    pub reps: u32,
    /// Ticks per run.
    pub ticks: u64,
}

/// The columns that say which run a row is of, before the varied parameters' values.
const IDENTITY: [&str; 4] = ["run", "combination", "replicate", "seed"];

/// One run of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedRun {
    /// Its number, from 0.
    pub index: usize,
    /// Its combination's number.
    pub combination: usize,
    /// Its replicate, from 0.
    pub replicate: u32,
    /// Its seed.
    pub seed: u64,
    /// The value of each axis.
    pub values: Vec<String>,
}

impl PlannedRun {
    /// The fields before its rows' measures: its number, combination, replicate and seed, then
    /// the varied parameters' values (named by [`Sweep::columns`]).
    pub fn identity(&self) -> Vec<String> {
        let numbers = [
            self.index.to_string(),
            self.combination.to_string(),
            self.replicate.to_string(),
            self.seed.to_string(),
        ];
        numbers
            .into_iter()
            .chain(self.values.iter().cloned())
            .collect()
    }
}

impl Sweep {
    /// Plans a sweep, checking it before any run starts: every combination, up to
    /// 10,000 of them; beyond, each value alone, and the combinations as they run.
    pub fn new(base: Scenario, axes: Vec<Axis>, reps: u32, ticks: u64) -> Result<Self, SweepError> {
        let mut names = std::collections::HashSet::new();
        for axis in &axes {
            if NOT_AXES.contains(&axis.name.as_str()) {
                return Err(SweepError::Plan(format!(
                    "--set {}: a sweep sets `{}` itself (use --ticks and --seed, the base seed)",
                    axis.name, axis.name
                )));
            }
            if !names.insert(axis.name.as_str()) {
                return Err(SweepError::Plan(format!(
                    "--set {}: the parameter is varied twice",
                    axis.name
                )));
            }
        }
        let combinations = axes
            .iter()
            .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
            .filter(|&n| {
                n.checked_mul(reps.max(1) as usize)
                    .is_some_and(|r| r <= MOST_RUNS)
            })
            .ok_or_else(|| {
                SweepError::Plan(format!(
                    "that sweep has more than {MOST_RUNS} runs; make it smaller or split it \
                     into several sweeps"
                ))
            })?;
        let sweep = Sweep {
            base,
            axes,
            reps: reps.max(1),
            ticks,
        };
        if combinations <= CHECK_EVERY_COMBINATION_UP_TO {
            for combination in 0..combinations {
                sweep.scenario_of(combination, sweep.base.seed)?;
            }
        } else {
            // Too many to check one by one before starting: each value alone now, and the
            // combinations as they run.
            for (axis, scenario) in sweep.each_value_alone() {
                match scenario {
                    Ok(_) => {}
                    // A range that another axis may mend (`theta_friend` must stay below
                    // `theta_kin`) is checked with the combinations, as they run.
                    Err(ScenarioError::Invalid { problems, .. })
                        if problems
                            .iter()
                            .all(|(p, _)| sweep.another_axis_may_mend(axis, p)) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(sweep)
    }

    /// The base scenario with each value of each axis alone, in turn.
    fn each_value_alone(&self) -> impl Iterator<Item = (&Axis, Result<Scenario, ScenarioError>)> {
        self.axes.iter().flat_map(move |axis| {
            axis.values.iter().map(move |value| {
                let mut scenario = self.base.clone();
                (
                    axis,
                    scenario.set(&axis.assignment(value)).map(|()| scenario),
                )
            })
        })
    }

    /// About how many bytes the largest run takes: the base scenario with each value alone
    /// (the population, which sets a run's size, is one parameter).
    pub fn largest_run_bytes(&self) -> u64 {
        self.each_value_alone()
            .filter_map(|(_, scenario)| Some(scenario.ok()?.estimated_bytes()))
            .fold(self.base.estimated_bytes(), u64::max)
    }

    /// Whether a range error that a value of `axis` gives alone might vanish with another
    /// axis's value: the error is on another axis's parameter, or names one as its bound
    /// (`must be below theta_friend (0.6)`).
    fn another_axis_may_mend(&self, axis: &Axis, problem: &FieldError) -> bool {
        let parameter = |field: &str| field.split('.').next().unwrap_or(field).to_string();
        self.axes
            .iter()
            .filter(|other| parameter(&other.name) != parameter(&axis.name))
            .any(|other| {
                let name = parameter(&other.name);
                parameter(&problem.field) == name || mentions(&problem.expected, &name)
            })
    }

    /// The number of combinations.
    pub fn combinations(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    /// The number of runs.
    pub fn runs(&self) -> usize {
        self.combinations() * self.reps as usize
    }

    /// The values of a combination, one per axis (the first axis varies slowest).
    pub fn values_of(&self, combination: usize) -> Vec<String> {
        let mut rest = combination;
        let mut values = vec![String::new(); self.axes.len()];
        for (slot, axis) in values.iter_mut().zip(&self.axes).rev() {
            *slot = axis.values[rest % axis.values.len()].clone();
            rest /= axis.values.len();
        }
        values
    }

    /// A run by its number.
    pub fn planned(&self, index: usize) -> PlannedRun {
        let combination = index / self.reps as usize;
        let replicate = (index % self.reps as usize) as u32;
        PlannedRun {
            index,
            combination,
            replicate,
            seed: derive_seed(
                derive_seed(self.base.seed, combination as u64),
                u64::from(replicate),
            ),
            values: self.values_of(combination),
        }
    }

    /// The scenario of a combination, with a seed.
    pub fn scenario_of(&self, combination: usize, seed: u64) -> Result<Scenario, SweepError> {
        let mut scenario = self.base.clone();
        let assignments: Vec<String> = self
            .axes
            .iter()
            .zip(self.values_of(combination))
            .map(|(axis, value)| axis.assignment(&value))
            .collect();
        scenario.set_all(assignments.iter().map(String::as_str))?;
        scenario.seed = seed;
        Ok(scenario)
    }

    /// The CSV's columns: a run's identity ([`PlannedRun::identity`]), then the model's
    /// measures.
    pub fn columns(&self) -> Vec<String> {
        let identity = IDENTITY.iter().map(|c| c.to_string());
        let axes = self.axes.iter().map(|axis| axis.name.clone());
        let measures = Row::columns_of(&self.base.model)
            .iter()
            .map(|c| c.to_string());
        identity.chain(axes).chain(measures).collect()
    }

    /// The rows of one run, as `schedule` says.
    pub fn rows_of(&self, run: &PlannedRun, schedule: Schedule) -> Result<Vec<Row>, SweepError> {
        let scenario = self.scenario_of(run.combination, run.seed)?;
        let mut state = RunState::new(&scenario).map_err(|e| SweepError::Model {
            combination: run.combination,
            message: e.to_string(),
        })?;
        let mut rows = Vec::new();
        let Ok(_) = state.record(self.ticks, schedule, &mut rows);
        Ok(rows)
    }
}

/// The runs of shard `i` of `n` (1-based): equal contiguous parts, so the shards' rows, in
/// order, are the whole sweep's.
pub fn shard(runs: usize, spec: &str) -> Result<std::ops::Range<usize>, SweepError> {
    let fail = || SweepError::Shard(spec.to_string());
    let (i, n) = spec.split_once('/').ok_or_else(fail)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| fail())?,
        n.trim().parse().map_err(|_| fail())?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(fail());
    }
    // In 128 bits: `runs * i` may not fit in a `usize` for a huge I.
    let at = |k: usize| (runs as u128 * k as u128 / n as u128) as usize;
    Ok(at(i - 1)..at(i))
}

/// Whether `text` names the parameter `name` as a word (not `theta_kin` in `theta_kinship`).
fn mentions(text: &str, name: &str) -> bool {
    let part_of_name = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].ends_with(part_of_name) && !text[at + name.len()..].starts_with(part_of_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_sweep(reps: u32) -> Sweep {
        let mut base = Scenario::default_preset();
        base.set("persons=60").unwrap();
        let axes = vec![
            Axis::parse("openness_mean=0.2,0.8").unwrap(),
            Axis::parse("languages=1:3:1").unwrap(),
        ];
        Sweep::new(base, axes, reps, 5).unwrap()
    }

    #[test]
    fn combinations_vary_the_first_axis_slowest() {
        let sweep = small_sweep(2);
        assert_eq!((sweep.combinations(), sweep.runs()), (6, 12));
        assert_eq!(sweep.values_of(0), ["0.2", "1"]);
        assert_eq!(sweep.values_of(2), ["0.2", "3"]);
        assert_eq!(sweep.values_of(3), ["0.8", "1"]);
        let run = sweep.planned(7);
        assert_eq!((run.combination, run.replicate), (3, 1));
        // Seeds differ between runs, and a run's seed depends on its place alone.
        let seeds: std::collections::HashSet<u64> =
            (0..12).map(|i| sweep.planned(i).seed).collect();
        assert_eq!(seeds.len(), 12);
        assert_eq!(small_sweep(2).planned(7).seed, run.seed);
    }

    #[test]
    fn a_run_of_a_sweep_is_the_run_with_its_seed() {
        let sweep = small_sweep(2);
        let run = sweep.planned(5);
        let every = Schedule::Every {
            every: 1,
            first: true,
        };
        let rows = sweep.rows_of(&run, every).unwrap();
        let scenario = sweep.scenario_of(run.combination, run.seed).unwrap();
        let mut state = RunState::new(&scenario).unwrap();
        let mut expected = vec![state.row(0)];
        for t in 1..=5 {
            state.step();
            expected.push(state.row(t));
        }
        assert_eq!(rows, expected);
        assert_eq!(sweep.rows_of(&run, Schedule::Last).unwrap(), rows[5..]);
        let columns = sweep.columns();
        assert_eq!(
            columns[..7],
            [
                "run",
                "combination",
                "replicate",
                "seed",
                "openness_mean",
                "languages",
                "tick"
            ]
        );
        assert_eq!(
            run.identity().len() + rows[0].columns().len(),
            columns.len()
        );
    }

    #[test]
    fn sweeps_that_cannot_be_run_are_refused() {
        let axis = |s: &str| Axis::parse(s).unwrap();
        let many = |name: &str| Axis {
            name: name.to_string(),
            ..axis("persons=1:1000:1")
        };
        for (axes, expected) in [
            (vec![axis("seed=1,2")], "sets `seed` itself"),
            (vec![axis("ticks=2,5")], "sets `ticks` itself"),
            (
                vec![axis("eta=0.1,0.2"), axis("eta=0.3,0.4")],
                "varied twice",
            ),
            (
                [
                    "persons",
                    "eta",
                    "decay",
                    "mixing",
                    "p_known",
                    "p_travel",
                    "kin_decay",
                ]
                .iter()
                .map(|n| many(n))
                .collect(),
                "more than 10000000 runs",
            ),
            (
                vec![many("persons"), many("eta"), many("decay")],
                "more than 10000000 runs",
            ),
        ] {
            let message = Sweep::new(Scenario::default_preset(), axes, 1, 5)
                .unwrap_err()
                .to_string();
            assert!(message.contains(expected), "{message}");
        }
    }

    #[test]
    fn invalid_combinations_are_refused_before_any_run() {
        let base = Scenario::default_preset();
        let axes = vec![Axis::parse("contact_rate=0.5:1.5:0.5").unwrap()];
        let message = Sweep::new(base, axes, 1, 5).unwrap_err().to_string();
        assert!(message.contains("`contact_rate` is 1.5"), "{message}");
    }

    #[test]
    fn values_valid_together_pass_in_any_order() {
        let axis = |s: &str| Axis::parse(s).unwrap();
        let base = Scenario::default_preset();
        // `theta_friend` alone would be above the preset's `theta_kin` (0.75).
        let axes = vec![axis("theta_friend=0.8"), axis("theta_kin=0.9,0.95")];
        Sweep::new(base.clone(), axes, 1, 5).unwrap();
        // Too many combinations to check one by one: each value is checked alone, and a range
        // that depends on another axis waits for the runs; a value outside its own range does
        // not.
        let persons = axis("persons=10:1009:1");
        let axes = vec![
            persons.clone(),
            axis("eta=0.1,0.2,0.3,0.4,0.5,0.6"),
            axis("theta_friend=0.8"),
            axis("theta_kin=0.9,0.95"),
        ];
        assert_eq!(
            Sweep::new(base.clone(), axes, 1, 5).unwrap().combinations(),
            12_000
        );
        let axes = vec![
            persons.clone(),
            axis("eta=0.1:1:0.1"),
            axis("contact_rate=0.5,1.5"),
        ];
        let message = Sweep::new(base.clone(), axes, 1, 5)
            .unwrap_err()
            .to_string();
        assert!(message.contains("`contact_rate` is 1.5"), "{message}");
        // An error that no other axis can mend is refused before the runs, even when it
        // names another parameter (`theta_kin`, not varied, must be above `theta_friend`) or
        // a field of the value's own parameter (`crisis.start`).
        let many = |last: &str| vec![persons.clone(), axis("eta=0.1:1:0.1"), axis(last)];
        for (last, expected) in [
            ("theta_friend=0.4,0.95", "`theta_kin` is 0.75"),
            (
                "crisis=None,Some(start: 0, duration: 3, between: (0, 1), prejudice: 0.5, strain: 0.0)",
                "`crisis.start` is 0",
            ),
        ] {
            let message = Sweep::new(base.clone(), many(last), 1, 5)
                .unwrap_err()
                .to_string();
            assert!(message.contains(expected), "{message}");
        }
        // A value's own range that another axis's bound may mend waits for the runs.
        let axes = vec![
            persons,
            axis("eta=0.1:1:0.1"),
            axis("hysteresis=0.5"),
            axis("theta_friend=0.6,0.7"),
        ];
        Sweep::new(base, axes, 1, 5).unwrap();
    }

    #[test]
    fn shards_cover_the_runs_once_in_order() {
        for (runs, n) in [(10, 3), (7, 7), (3, 5), (100, 8)] {
            let mut next = 0;
            for i in 1..=n {
                let part = shard(runs, &format!("{i}/{n}")).unwrap();
                assert_eq!(part.start, next);
                next = part.end;
            }
            assert_eq!(next, runs);
        }
        for bad in ["0/3", "4/3", "1/0", "x", "1-3"] {
            assert!(shard(10, bad).is_err(), "{bad}");
        }
        let huge = format!("{}/{}", usize::MAX, usize::MAX);
        assert_eq!(shard(10, &huge).unwrap(), 9..10);
        assert_eq!(
            shard(usize::MAX, &huge).unwrap(),
            usize::MAX - 1..usize::MAX
        );
    }
}
