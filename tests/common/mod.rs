//! What the claim tests share: presets with changes, and paired comparisons over seeds.

#![allow(dead_code, reason = "each test file uses a part")]

use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::model::FamiliaritySource;
use nano_diplomacy::sim::ties::Stage;

/// A preset with `--set` style changes.
pub fn world(preset: &str, changes: &[&str]) -> Scenario {
    let mut scenario = Scenario::preset(preset).unwrap();
    scenario
        .set_all(changes.iter().copied())
        .unwrap_or_else(|e| panic!("{preset} {changes:?}: {e}"));
    scenario
}

/// Runs a scenario from a seed to `tick` and measures it with `measure`.
pub fn measured(
    scenario: &Scenario,
    seed: u64,
    tick: u64,
    source: FamiliaritySource,
    measure: &(dyn Fn(&NanoModel) -> f64 + Sync),
) -> f64 {
    let mut model = NanoModel::new(scenario.nano().unwrap().clone(), seed);
    model.set_familiarity_source(source);
    while model.tick() < tick {
        model.step();
    }
    measure(&model)
}

/// A paired comparison of two arms over the seeds.
#[derive(Debug)]
pub struct Paired {
    /// Mean of the first arm.
    pub a: f64,
    /// Mean of the second arm.
    pub b: f64,
    /// Mean of `a - b`.
    pub difference: f64,
    /// Its standard error.
    pub se: f64,
}

impl Paired {
    /// The difference in standard errors (infinite for a difference without spread).
    pub fn z(&self) -> f64 {
        if self.se == 0.0 {
            if self.difference == 0.0 {
                0.0
            } else {
                self.difference.signum() * f64::INFINITY
            }
        } else {
            self.difference / self.se
        }
    }
}

/// The paired comparison of two arms, seed by seed.
pub fn paired(a: &[f64], b: &[f64]) -> Paired {
    let n = a.len() as f64;
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let difference = mean(&d);
    let variance = d.iter().map(|x| (x - difference).powi(2)).sum::<f64>() / (n - 1.0);
    Paired {
        a: mean(a),
        b: mean(b),
        difference,
        se: (variance / n).sqrt(),
    }
}

/// Kin ties between the crisis presets' two communities, 0 and 1.
pub fn kin_across_divide(model: &NanoModel) -> f64 {
    let persons = &model.population().persons;
    model
        .ties()
        .iter()
        .filter(|(_, t)| {
            let (a, b) = (
                persons[t.a as usize].community,
                persons[t.b as usize].community,
            );
            t.stage == Stage::Kin && a.min(b) == 0 && a.max(b) == 1
        })
        .count() as f64
}
