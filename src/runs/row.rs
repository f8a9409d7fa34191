//! A run's row: the measures of one recorded tick of either model, as typed values under
//! their column names. A row is formatted only where it is written (the CSV, a summary).

use std::fmt;

use crate::scenario::ModelSpec;
use crate::sim::axelrod::AxelrodModel;
use crate::sim::metrics::Metrics;

/// One measure's value, of its kind; the kind decides how it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// A count, written as an integer.
    Count(u64),
    /// A share, a mean or another real number, written with six decimals.
    Real(f64),
    /// Whether something holds, written 1 or 0.
    Flag(bool),
    /// No value (kin equity where the richest third has no kin), written as an empty field.
    Undefined,
}

impl From<u64> for Value {
    fn from(count: u64) -> Self {
        Value::Count(count)
    }
}

impl From<f64> for Value {
    fn from(real: f64) -> Self {
        Value::Real(real)
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Self {
        Value::Flag(flag)
    }
}

impl From<Option<f64>> for Value {
    fn from(real: Option<f64>) -> Self {
        real.map_or(Value::Undefined, Value::Real)
    }
}

impl Value {
    /// The number a reader of the written row finds: a real number at its six written
    /// decimals, a flag 0 or 1, no value NaN. A sweep's summary is of these numbers, so that
    /// anyone who summarises its CSV finds the same means.
    pub fn as_written(self) -> f64 {
        match self {
            Value::Count(count) => count as f64,
            // Read back from the very digits written: the one rounding sure to match them.
            Value::Real(real) => format!("{real:.6}")
                .parse()
                .expect("a formatted number reads back"),
            Value::Flag(flag) => f64::from(u8::from(flag)),
            Value::Undefined => f64::NAN,
        }
    }
}

impl fmt::Display for Value {
    /// The value as a CSV field holds it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Count(count) => write!(f, "{count}"),
            Value::Real(real) => write!(f, "{real:.6}"),
            Value::Flag(flag) => write!(f, "{}", u8::from(flag)),
            Value::Undefined => Ok(()),
        }
    }
}

/// A row type's column names and a function giving its values, from one list of its fields,
/// so that a column's name cannot part from its value: each column is named as its field.
macro_rules! columns {
    ($(#[$doc:meta])* $columns:ident, $values:ident, $row:ty: $($field:ident),+ $(,)?) => {
        $(#[$doc])*
        pub const $columns: &[&str] = &[$(stringify!($field)),+];

        /// The row's values, in the order of its columns.
        fn $values(row: &$row) -> Vec<Value> {
            vec![$(Value::from(row.$field)),+]
        }
    };
}

columns!(
    /// The nano model's columns, in the CSV's order; docs/model.md, "What is measured", defines
    /// each.
    NANO_COLUMNS, nano_values, Metrics:
    tick,
    contacts,
    successes,
    public_events,
    ties,
    friends,
    kin,
    kin_cross_community,
    kin_cross_share,
    mean_affinity,
    kin_giant_share,
    kin_components,
    ei_index,
    mean_symbols,
    symbol_overlap,
    distinct_cultures,
    customs_entropy,
    common_language_share,
    mean_openness,
    agendas_exposed,
    crisis,
    kin_cross_belief,
    kin_cross_belief_share,
    kin_cross_tongue,
    kin_cross_tongue_share,
    kin_cross_ses,
    kin_cross_ses_share,
    kin_cross_appearance,
    kin_cross_appearance_share,
    familiarity,
    kin_equity,
);

columns!(
    /// The columns of Axelrod's runs, in the CSV's order.
    AXELROD_COLUMNS, axelrod_values, AxelrodRow:
    tick,
    events,
    active_bonds,
    stable_regions,
    converged,
);

/// What is recorded of Axelrod's model at a tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxelrodRow {
    /// Ticks done, as the run counts them.
    pub tick: u64,
    /// Events so far.
    pub events: u64,
    /// Bonds between neighbours that could still change a culture.
    pub active_bonds: u64,
    /// Regions of neighbours with the same culture.
    pub stable_regions: u64,
    /// Whether no event can change a culture any more.
    pub converged: bool,
}

impl AxelrodRow {
    /// The model as it stands, at tick `tick`.
    pub fn measure(model: &AxelrodModel, tick: u64) -> Self {
        AxelrodRow {
            tick,
            events: model.events(),
            active_bonds: model.active_bonds(),
            stable_regions: model.stable_regions() as u64,
            converged: model.is_converged(),
        }
    }
}

/// The measures of one recorded tick of either model.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "most rows are the nano model's: boxing them would cost an allocation a row to \
              save memory on Axelrod's rows only"
)]
pub enum Row {
    /// The nano power diplomacy model's measures.
    Nano(Metrics),
    /// Axelrod's model's.
    Axelrod(AxelrodRow),
}

impl Row {
    /// The columns of a model's rows.
    pub fn columns_of(model: &ModelSpec) -> &'static [&'static str] {
        match model {
            ModelSpec::Nano(_) => NANO_COLUMNS,
            ModelSpec::Axelrod(_) => AXELROD_COLUMNS,
        }
    }

    /// This row's columns.
    pub fn columns(&self) -> &'static [&'static str] {
        match self {
            Row::Nano(_) => NANO_COLUMNS,
            Row::Axelrod(_) => AXELROD_COLUMNS,
        }
    }

    /// The values, in the order of [`Row::columns`].
    pub fn values(&self) -> Vec<Value> {
        match self {
            Row::Nano(metrics) => nano_values(metrics),
            Row::Axelrod(row) => axelrod_values(row),
        }
    }

    /// The value of the column named `column`, if the row has one.
    pub fn value(&self, column: &str) -> Option<Value> {
        let at = self.columns().iter().position(|c| *c == column)?;
        Some(self.values()[at])
    }

    /// Every value as the number written (see [`Value::as_written`]), with its column's name.
    pub fn named_values(&self) -> Vec<(&'static str, f64)> {
        self.columns()
            .iter()
            .zip(self.values())
            .map(|(&name, value)| (name, value.as_written()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::NanoModel;

    #[test]
    fn each_column_has_its_value() {
        let metrics = Metrics::measure(&NanoModel::new(crate::sim::testing::small_params(), 1));
        let row = Row::Nano(metrics.clone());
        assert_eq!(row.values().len(), NANO_COLUMNS.len());
        assert_eq!(row.value("kin"), Some(Value::Count(metrics.kin)));
        assert_eq!(
            row.value("mean_affinity"),
            Some(Value::Real(metrics.mean_affinity))
        );
        assert_eq!(row.value("crisis"), Some(Value::Flag(false)));
        assert_eq!(row.value("happiness"), None);
        assert!(row.named_values().iter().all(|(_, v)| v.is_finite()));
        let lonely = Row::Nano(Metrics {
            kin_equity: None,
            ..metrics
        });
        assert_eq!(lonely.value("kin_equity"), Some(Value::Undefined));
        let axelrod = Row::Axelrod(AxelrodRow {
            tick: 3,
            events: 300,
            active_bonds: 12,
            stable_regions: 4,
            converged: true,
        });
        assert_eq!(axelrod.values().len(), AXELROD_COLUMNS.len());
        assert_eq!(axelrod.value("converged"), Some(Value::Flag(true)));
    }

    #[test]
    fn values_are_written_by_kind() {
        let written = |v: Value| (v.to_string(), v.as_written());
        assert_eq!(written(Value::Count(42)), ("42".to_string(), 42.0));
        assert_eq!(
            written(Value::Real(1.0 / 3.0)),
            ("0.333333".to_string(), 0.333333)
        );
        assert_eq!(
            written(Value::Real(0.0000006)),
            ("0.000001".to_string(), 1e-6)
        );
        assert_eq!(written(Value::Flag(true)), ("1".to_string(), 1.0));
        assert_eq!(Value::Undefined.to_string(), "");
        assert!(Value::Undefined.as_written().is_nan());
    }
}
