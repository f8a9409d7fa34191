//! Runs of a scenario, of either model, as `run` and `sweep` drive them: the run itself (made,
//! stepped, measured; saved.rs writes it to a file), its typed rows, the one recording loop
//! both commands use, and the CSV the rows are written as.

mod record;
mod row;
mod table;

use serde::{Deserialize, Serialize};

use crate::scenario::{ModelSpec, Scenario};
use crate::sim::NanoModel;
use crate::sim::axelrod::{AxelrodError, AxelrodModel};
use crate::sim::metrics::Metrics;

pub use record::{Recorder, Schedule};
pub use row::{AXELROD_COLUMNS, AxelrodRow, NANO_COLUMNS, Row, Value};
pub use table::{CsvWriter, csv_bytes};

/// The state of a run of either model. A saved run is this state in a file: a change of its
/// shape or meaning is a change of the saved-run format (raise `saved::FORMAT_VERSION`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum RunState {
    /// The nano power diplomacy model.
    Nano(NanoModel),
    /// Axelrod's model.
    Axelrod(AxelrodModel),
}

impl RunState {
    /// A fresh run of a scenario, from its seed.
    pub fn new(scenario: &Scenario) -> Result<Self, AxelrodError> {
        Ok(match &scenario.model {
            ModelSpec::Nano(params) => {
                RunState::Nano(NanoModel::new(params.clone(), scenario.seed))
            }
            ModelSpec::Axelrod(params) => {
                RunState::Axelrod(AxelrodModel::new(*params, scenario.seed)?)
            }
        })
    }

    /// Ticks done (for Axelrod's model, events divided by sites, as `run` counts ticks).
    pub fn tick(&self) -> u64 {
        match self {
            RunState::Nano(model) => model.tick(),
            RunState::Axelrod(model) => model.events() / model.sites().max(1) as u64,
        }
    }

    /// The columns of this model's rows.
    pub fn columns(&self) -> &'static [&'static str] {
        match self {
            RunState::Nano(_) => NANO_COLUMNS,
            RunState::Axelrod(_) => AXELROD_COLUMNS,
        }
    }

    /// The row of the state as it stands, at tick `tick` (Axelrod's model is told the tick: a
    /// run counts the tick it converged within, which its events alone would not show).
    pub fn row(&self, tick: u64) -> Row {
        match self {
            RunState::Nano(model) => Row::Nano(Metrics::measure(model)),
            RunState::Axelrod(model) => Row::Axelrod(AxelrodRow::measure(model, tick)),
        }
    }

    /// One tick; false when there is nothing left to do (Axelrod's grid has converged). A tick
    /// of Axelrod's model is one event per site on average.
    pub fn step(&mut self) -> bool {
        match self {
            RunState::Nano(model) => {
                model.step();
                true
            }
            RunState::Axelrod(model) => {
                if model.is_converged() {
                    return false;
                }
                let sweep = model.sites() as u64;
                model.run(Some(model.events().saturating_add(sweep)));
                true
            }
        }
    }

    /// Whether a run of Axelrod's model has converged (never, for the nano model).
    pub fn converged(&self) -> bool {
        matches!(self, RunState::Axelrod(model) if model.is_converged())
    }
}
