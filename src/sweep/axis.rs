//! A sweep's axes: a parameter and the values it takes, read from `--set name=a:b:step` or
//! `name=v1,v2,...`, and the sweep file that lists them.

use serde::{Deserialize, Serialize};

use super::SweepError;

/// One parameter and the values it takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// The parameter's name in a scenario file (`openness_mean`, `crisis.prejudice`).
    pub name: String,
    /// Its values, as written in a scenario file.
    pub values: Vec<String>,
}

/// The most values one range may give (a typo such as `0:1:0.0001` should not start a
/// ten-thousand-run sweep unasked).
const MOST_VALUES: usize = 1000;

impl Axis {
    /// `name=value`, as `--set` takes it.
    pub fn assignment(&self, value: &str) -> String {
        format!("{}={value}", self.name)
    }

    /// Reads `name=a:b:step` (from a to b inclusive) or `name=v1,v2,...`.
    pub fn parse(text: &str) -> Result<Self, SweepError> {
        let fail = |message: &str| SweepError::Axis(text.to_string(), message.to_string());
        let (name, spec) = text
            .split_once('=')
            .ok_or_else(|| fail("expected name=a:b:step or name=v1,v2,..."))?;
        let (name, spec) = (name.trim(), spec.trim());
        if name.is_empty() || spec.is_empty() {
            return Err(fail("expected name=a:b:step or name=v1,v2,..."));
        }
        let values = if spec.contains(':') && !spec.contains(['(', '"']) {
            let parts: Vec<&str> = spec.split(':').collect();
            let [a, b, step] = parts[..] else {
                return Err(fail("a range is a:b:step, for example 0:1:0.25"));
            };
            let number = |s: &str| {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| fail(&format!("`{s}` is not a number")))
            };
            let (a, b, step) = (number(a)?, number(b)?, number(step)?);
            if step <= 0.0 || b < a {
                return Err(fail("a range needs a <= b and a step above 0"));
            }
            let steps = ((b - a) / step + 1e-9).floor();
            if !steps.is_finite() || steps >= MOST_VALUES as f64 {
                return Err(fail(&format!(
                    "that is more than {MOST_VALUES} values; at most {MOST_VALUES} per parameter"
                )));
            }
            let count = steps as usize + 1;
            let integers = [a, b, step].iter().all(|v| v.fract() == 0.0);
            (0..count)
                .map(|i| {
                    let v = a + step * i as f64;
                    if integers {
                        format!("{}", v as i64)
                    } else {
                        // Rounded to what a person would write, so 0.1 + 0.2 reads 0.3.
                        let rounded = (v * 1e9).round() / 1e9;
                        format!("{rounded}")
                    }
                })
                .collect()
        } else {
            split_top_level(spec)
        };
        if values.iter().any(String::is_empty) {
            return Err(fail("an empty value"));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = values.iter().find(|v| !seen.insert(*v)) {
            return Err(fail(&format!(
                "the value {twice} comes twice (a step finer than the values can show?)"
            )));
        }
        Ok(Axis {
            name: name.to_string(),
            values,
        })
    }
}

/// Splits `v1,v2,...` at the commas outside brackets and quotes, so that a tuple such as
/// `(0, 2)` or a quoted text stays one value.
fn split_top_level(spec: &str) -> Vec<String> {
    let (mut values, mut current, mut depth, mut quoted) = (Vec::new(), String::new(), 0i32, false);
    for c in spec.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                values.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    values.push(current.trim().to_string());
    values
}

/// A sweep file: the scenario, the axes and the replicates, in RON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepFile {
    /// A preset's name or a scenario file.
    pub scenario: String,
    /// The parameters to vary, each `name=a:b:step` or `name=v1,v2,...`.
    pub vary: Vec<String>,
    /// Replicates of each combination.
    pub reps: u32,
    /// Ticks per run (default: the scenario's).
    pub ticks: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_read_ranges_and_lists() {
        let a = Axis::parse("openness_mean=0:1:0.25").unwrap();
        assert_eq!(a.values, ["0", "0.25", "0.5", "0.75", "1"]);
        let b = Axis::parse("persons=100:300:100").unwrap();
        assert_eq!(b.values, ["100", "200", "300"]);
        let c = Axis::parse("exchange=Sharing,Assimilation").unwrap();
        assert_eq!(c.values, ["Sharing", "Assimilation"]);
        let d = Axis::parse("p_travel=0:0.3:0.1").unwrap();
        assert_eq!(d.values, ["0", "0.1", "0.2", "0.3"]);
        let e = Axis::parse("crisis.between=(0, 1),(0, 2),(1, 2)").unwrap();
        assert_eq!(e.values, ["(0, 1)", "(0, 2)", "(1, 2)"]);
        for bad in [
            "x",
            "x=",
            "x=1:0:1",
            "x=0:1:0",
            "x=0:1",
            "x=a:b:c",
            "x=0:1:0.00001",
            "x=1,,2",
            "x=0:1e308:1e-300",
            "x=0:1e-9:1e-10",
            "x=1,1",
        ] {
            assert!(Axis::parse(bad).is_err(), "{bad}");
        }
    }
}
