//! Saved runs: the whole state of a run in a file, so that it resumes exactly where it stopped,
//! bit for bit, as if it had never stopped.
//!
//! The file is JSON (floats written so that they read back exactly) with a header naming the
//! format, its version and the program that wrote it. A file of another format version, a
//! truncated file or a file that is not a saved run is refused with a message that says which.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::files;
use crate::runs::RunState;
use crate::scenario::Scenario;

/// What the file says it is.
pub const FORMAT: &str = "nano-diplomacy saved run";
/// The version of the format this program reads and writes. Raise it whenever the model's
/// state changes shape or meaning: an old file must then be refused, not misread.
pub const FORMAT_VERSION: u32 = 3;

/// A saved run: the scenario it ran, and its state.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SavedRun {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version it was written with.
    pub format_version: u32,
    /// The version of the program that wrote it.
    pub program_version: String,
    /// The scenario, as run (with its `--set` changes and seed).
    pub scenario: Scenario,
    /// Record every this many ticks (kept, so that a resumed run records the same rows).
    pub every: u64,
    /// The tick the run was meant to end at, where known: a resumed run goes on to it.
    #[serde(default)]
    pub end: Option<u64>,
    /// The state.
    pub state: RunState,
}

/// Why a saved run could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SavedRunError {
    /// The file could not be read or written.
    #[error("cannot read or write {path}")]
    Io {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file ends too early.
    #[error(
        "{path}: the saved run is incomplete (the file ends at byte {size}); it was probably cut short while being copied"
    )]
    Truncated {
        /// The path.
        path: String,
        /// Its size in bytes.
        size: usize,
    },
    /// Not a saved run at all.
    #[error("{path}: not a saved run of nano-diplomacy ({reason})")]
    NotASavedRun {
        /// The path.
        path: String,
        /// What gave it away.
        reason: String,
    },
    /// A saved run whose contents do not hold together.
    #[error("{path}: the saved run is damaged: {reason}")]
    Damaged {
        /// The path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A saved run of another format version.
    #[error(
        "{path}: saved by nano-diplomacy {program} in format version {found}; this program ({ours}) reads format version {expected} only"
    )]
    Version {
        /// The path.
        path: String,
        /// The version found.
        found: u32,
        /// The version this program reads.
        expected: u32,
        /// The program that wrote it.
        program: String,
        /// This program's version.
        ours: String,
    },
}

/// Only the header, to check before reading the state.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
    program_version: Option<String>,
}

impl SavedRun {
    /// A saved run of this program, for a scenario and a state.
    pub fn new(scenario: Scenario, every: u64, state: RunState) -> Self {
        SavedRun {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            program_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario,
            every,
            end: None,
            state,
        }
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a run's state always serialises")
    }

    /// Writes the run safely (a temporary file renamed into place).
    pub fn save(&self, path: &Path) -> Result<(), SavedRunError> {
        files::write_atomically(path, &self.to_bytes()).map_err(|source| SavedRunError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Reads a saved run from bytes; `path` names it in errors.
    pub fn from_bytes(bytes: &[u8], path: &str) -> Result<Self, SavedRunError> {
        let not_saved = |reason: String| SavedRunError::NotASavedRun {
            path: path.to_string(),
            reason,
        };
        let header: Header = match serde_json::from_slice(bytes) {
            Ok(header) => header,
            Err(e) if e.is_eof() && bytes.first() == Some(&b'{') => {
                return Err(SavedRunError::Truncated {
                    path: path.to_string(),
                    size: bytes.len(),
                });
            }
            Err(e) => return Err(not_saved(format!("not JSON: {e}"))),
        };
        if header.format.as_deref() != Some(FORMAT) {
            return Err(not_saved("its header does not name the format".into()));
        }
        let found = header.format_version.unwrap_or(0);
        if found != FORMAT_VERSION {
            return Err(SavedRunError::Version {
                path: path.to_string(),
                found,
                expected: FORMAT_VERSION,
                program: header.program_version.unwrap_or_else(|| "?".into()),
                ours: env!("CARGO_PKG_VERSION").to_string(),
            });
        }
        let saved: SavedRun = serde_json::from_slice(bytes)
            .map_err(|e| not_saved(format!("its state does not read: {e}")))?;
        saved.check().map_err(|reason| SavedRunError::Damaged {
            path: path.to_string(),
            reason,
        })?;
        Ok(saved)
    }

    /// Checks what a file says before it is run: a damaged or edited file must be refused, not
    /// crash the program.
    fn check(&self) -> Result<(), String> {
        if self.every == 0 {
            return Err("`every` is 0; rows are recorded every 1 tick or more".into());
        }
        self.scenario
            .validate("the saved scenario", None)
            .map_err(|e| e.to_string())?;
        match &self.state {
            RunState::Nano(model) => model.check_loaded(),
            // Axelrod's model checks its grid as it is read; its count of events must leave
            // room to go on.
            RunState::Axelrod(model) if model.events() > u64::MAX / 2 => Err(format!(
                "the count of events ({}) is beyond any run",
                model.events()
            )),
            RunState::Axelrod(_) => Ok(()),
        }
    }

    /// Reads a saved run from a file.
    pub fn load(path: &Path) -> Result<Self, SavedRunError> {
        let bytes = std::fs::read(path).map_err(|source| SavedRunError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes, &path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::NanoModel;

    fn saved_marketplace() -> (SavedRun, NanoModel) {
        let mut scenario = Scenario::default_preset();
        scenario.set("persons=120").unwrap();
        let mut model = NanoModel::new(scenario.nano().unwrap().clone(), 4);
        for _ in 0..30 {
            model.step();
        }
        (
            SavedRun::new(scenario, 1, RunState::Nano(model.clone())),
            model,
        )
    }

    #[test]
    fn a_resumed_run_continues_bit_for_bit() {
        let (saved, mut original) = saved_marketplace();
        let back = SavedRun::from_bytes(&saved.to_bytes(), "test").unwrap();
        let RunState::Nano(mut resumed) = back.state else {
            panic!("a nano run");
        };
        for _ in 0..40 {
            original.step();
            resumed.step();
            assert_eq!(
                crate::sim::Metrics::measure(&original),
                crate::sim::Metrics::measure(&resumed)
            );
        }
        // The whole state, not just the measures: serialised again, byte for byte.
        assert_eq!(
            serde_json::to_vec(&original).unwrap(),
            serde_json::to_vec(&resumed).unwrap()
        );
    }

    #[test]
    fn broken_files_are_refused_with_the_reason() {
        let (saved, _) = saved_marketplace();
        let bytes = saved.to_bytes();
        let message = |b: &[u8]| SavedRun::from_bytes(b, "x.run").unwrap_err().to_string();
        assert!(
            message(&bytes[..bytes.len() / 2]).contains("incomplete"),
            "{}",
            message(&bytes[..bytes.len() / 2])
        );
        assert!(message(b"tick,contacts\n0,0\n").contains("not a saved run"));
        assert!(message(b"").contains("not a saved run"));
        assert!(message(&[0xff, 0x00, 0x13]).contains("not a saved run"));
        assert!(message(b"{\"format\": \"something else\"}").contains("does not name the format"));
        let other = String::from_utf8(bytes.clone()).unwrap().replacen(
            &format!("\"format_version\":{FORMAT_VERSION}"),
            "\"format_version\":99",
            1,
        );
        let m = message(other.as_bytes());
        assert!(
            m.contains("format version 99")
                && m.contains(&format!("reads format version {FORMAT_VERSION}")),
            "{m}"
        );
        let damaged =
            String::from_utf8(bytes)
                .unwrap()
                .replacen("\"tick\":30", "\"tick\":\"thirty\"", 1);
        assert!(message(damaged.as_bytes()).contains("does not read"));
    }

    #[test]
    fn a_file_that_reads_but_does_not_hold_together_is_refused() {
        let (saved, _) = saved_marketplace();
        let text = String::from_utf8(saved.to_bytes()).unwrap();
        let message = |t: String| {
            SavedRun::from_bytes(t.as_bytes(), "x.run")
                .unwrap_err()
                .to_string()
        };
        for (from, to, expected) in [
            ("\"every\":1", "\"every\":0", "`every` is 0"),
            ("\"hysteresis\":0.1", "\"hysteresis\":-0.1", "hysteresis"),
            ("\"persons\":120", "\"persons\":121", "entries"),
            ("\"traits\":10", "\"traits\":2", "trait out of range"),
        ] {
            assert!(text.contains(from), "{from} not in the file");
            let m = message(text.replacen(from, to, 2));
            assert!(m.contains("damaged") && m.contains(expected), "{from}: {m}");
        }
        // A tie naming a person beyond the population.
        let ends = text.find("\"ends\":[[").unwrap() + "\"ends\":[[".len();
        let mut broken = text.clone();
        broken.replace_range(ends..ends + 1, "9999");
        assert!(message(broken).contains("damaged"));
        // A spatial index that does not fit the homes: a cell's run moved, or two homes of
        // different cells swapped (a draw would then read past a run, or outside the world).
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let model = json.pointer_mut("/state/Nano").expect("a nano model");
        let mut shifted = model.clone();
        let start = shifted.pointer_mut("/index/cell_start/1").unwrap();
        *start = (start.as_u64().unwrap() + 1).into();
        let mut swapped = model.clone();
        let homes = swapped
            .pointer_mut("/population/homes")
            .and_then(|h| h.as_array_mut())
            .unwrap();
        let last = homes.len() - 1;
        homes.swap(0, last);
        for broken_model in [shifted, swapped] {
            *json.pointer_mut("/state/Nano").unwrap() = broken_model;
            let m = message(json.to_string());
            assert!(m.contains("damaged") && m.contains("spatial index"), "{m}");
        }
    }
}
