//! Scenario files: every parameter of a run and its seed, in RON, read strictly (unknown or
//! missing fields are errors, every value is range-checked), and the embedded presets.

mod errors;
mod set;

pub use errors::ScenarioError;
// Shared with lesson files (src/lessons/), whose errors read like a scenario's.
use errors::{axelrod_problem, line_of_field};
pub use errors::{did_you_mean, field_at, suggestion};

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use ron::extensions::Extensions;
use serde::{Deserialize, Serialize};

use crate::sim::axelrod::AxelrodParams;
use crate::sim::params::{FieldError, NanoParams};

/// A run: which model, with which parameters, from which seed, for how long.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The scenario format's version: 2 (a file without it is version 1, docs/model.md,
    /// "Versions"). A scenario in memory is always version 2: a version-1 file is read with
    /// every version-2 mechanism off.
    #[serde(default = "version_1")]
    pub version: u32,
    /// Whether the scenario was read from a version-1 file (for the one-line note).
    #[serde(skip)]
    pub read_as_version_1: bool,
    /// A short name, such as `marketplace`.
    pub name: String,
    /// One line saying what the scenario shows.
    pub description: String,
    /// The seed of the run's random stream.
    pub seed: u64,
    /// How many ticks a run lasts unless told otherwise. For Axelrod's model a tick is L x L
    /// events, one event per site on average.
    pub ticks: u64,
    /// The model and its parameters.
    pub model: ModelSpec,
    /// The scenario's names in other languages, by language code, for the app's interface
    /// language: `names: { "id": (communities: ["Bukit", ...], symbols: ["salam", ...]) }`.
    /// Optional; it changes no run (the model uses the names in `model` alone).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, Names>,
}

/// A scenario's names in one more language. Each list may be left out (the names in `model`
/// stand); given, it names every community, or every entry of the catalogue in its order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// The one line saying what the scenario shows (empty: the one in the file stands).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The communities' names, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communities: Vec<String>,
    /// The catalogue's symbols' names, in the catalogue's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
}

/// Which model a scenario runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[expect(
    clippy::large_enum_variant,
    reason = "one scenario at a time; boxing would only clutter the file format's code"
)]
pub enum ModelSpec {
    /// The nano power diplomacy model.
    Nano(NanoParams),
    /// Axelrod's 1997 culture model, the validation mode.
    Axelrod(AxelrodParams),
}

/// The presets under assets/scenarios/, embedded so the program works from any directory.
/// The first is the default.
pub const PRESETS: &[(&str, &str)] = &[
    (
        "marketplace",
        include_str!("../../assets/scenarios/marketplace.ron"),
    ),
    (
        "language-barrier",
        include_str!("../../assets/scenarios/language-barrier.ron"),
    ),
    (
        "sharing",
        include_str!("../../assets/scenarios/sharing.ron"),
    ),
    (
        "assimilation",
        include_str!("../../assets/scenarios/assimilation.ron"),
    ),
    (
        "hidden-agendas",
        include_str!("../../assets/scenarios/hidden-agendas.ron"),
    ),
    ("crisis", include_str!("../../assets/scenarios/crisis.ron")),
    (
        "no-symbols",
        include_str!("../../assets/scenarios/no-symbols.ron"),
    ),
    (
        "axelrod-1997",
        include_str!("../../assets/scenarios/axelrod-1997.ron"),
    ),
];

/// The version a scenario file without `version` has.
fn version_1() -> u32 {
    1
}

/// The scenario format's version that this program writes.
pub const SCENARIO_VERSION: u32 = 2;

/// The name of the default scenario.
pub const DEFAULT_SCENARIO: &str = "marketplace";

/// The names of the presets, default first.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(name, _)| *name).collect()
}

fn ron_options() -> ron::Options {
    // `Nano(persons: 300, ...)` rather than `Nano((persons: 300, ...))`.
    ron::Options::default().with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
}

impl Scenario {
    /// Reads a scenario from RON text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, ScenarioError> {
        // A byte-order mark, which some editors put first, is no part of the scenario.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ScenarioError::Parse {
                origin: origin.to_string(),
                line: 1,
                column: 1,
                message: "the file is empty: a scenario is a RON structure `( name: ..., \
                          seed: ..., ticks: ..., model: ... )`; copy a preset from \
                          assets/scenarios/ to start"
                    .to_string(),
            });
        }
        let mut scenario: Scenario = ron_options().from_str(text).map_err(|e| {
            let line = e.span.start.line;
            let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
            let mut message = e.code.to_string();
            // `contact_rat: 0.5` or `exchange: Sharng`: the closest valid name, if one is close.
            // The hint replaces the list of every field, which it makes needless.
            match &e.code {
                ron::error::Error::NoSuchStructField {
                    expected, found, ..
                } => {
                    let hint = suggestion(found, expected.iter().copied());
                    if !hint.is_empty() {
                        message = format!("unknown field `{found}`{hint}");
                    }
                }
                ron::error::Error::NoSuchEnumVariant {
                    expected, found, ..
                } => message.push_str(&suggestion(found, expected.iter().copied())),
                _ => {}
            }
            // Name the field being read, when there is one: "Integer is out of bounds" says
            // more with it.
            if let Some(field) = field_at(line_text, e.span.start.col) {
                message.push_str(&format!(" (in `{field}`)"));
            }
            // `persons: 600.0`: the parser read the whole number 600 and then wanted a comma.
            let at: Vec<char> = line_text
                .chars()
                .skip(e.span.start.col.saturating_sub(1))
                .take(2)
                .collect();
            if matches!(e.code, ron::error::Error::ExpectedComma)
                && at.first() == Some(&'.')
                && at.get(1).is_some_and(char::is_ascii_digit)
            {
                message.push_str("; this parameter takes a whole number, without a decimal point");
            }
            if line_text
                .split("//")
                .next()
                .unwrap_or("")
                .contains("Some((")
            {
                message.push_str(
                    "; in a file, a crisis is written `Some(start: ..., duration: ..., \
                     between: ..., prejudice: ...)`, with one pair of parentheses",
                );
            }
            ScenarioError::Parse {
                origin: origin.to_string(),
                line,
                column: e.span.start.col,
                message,
            }
        })?;
        scenario.resolve_version(origin)?;
        scenario.validate(origin, Some(text))?;
        Ok(scenario)
    }

    /// Reads the file's version: a version-2 file must give every version-2 parameter; a
    /// version-1 file gives none of them and runs with every version-2 mechanism off.
    fn resolve_version(&mut self, origin: &str) -> Result<(), ScenarioError> {
        let fail = |message: String| ScenarioError::Parse {
            origin: origin.to_string(),
            line: 1,
            column: 1,
            message,
        };
        if !(1..=SCENARIO_VERSION).contains(&self.version) {
            return Err(fail(format!(
                "`version` is {}, but this program reads scenario versions 1 and {SCENARIO_VERSION}",
                self.version
            )));
        }
        let ModelSpec::Nano(params) = &mut self.model else {
            self.version = SCENARIO_VERSION;
            return Ok(());
        };
        let unset = params.unset_version_2_fields();
        let all = params.version_2_fields();
        let list = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.version == SCENARIO_VERSION {
            if !unset.is_empty() {
                return Err(fail(format!(
                    "missing field {} (a version-2 scenario gives every parameter)",
                    list(&unset)
                )));
            }
        } else if unset.len() == all.len() {
            params.version_1_mechanisms_off();
            self.version = SCENARIO_VERSION;
            self.read_as_version_1 = true;
        } else {
            let given: Vec<&str> = all.iter().copied().filter(|f| !unset.contains(f)).collect();
            let mut message = format!(
                "{} {} version 2's, but the file has no `version: 2`",
                list(&given),
                if given.len() == 1 { "is" } else { "are" },
            );
            if !unset.is_empty() {
                message.push_str(&format!(" (and lacks {})", list(&unset)));
            }
            message.push_str(": add `version: 2` and every version-2 parameter, or none of them");
            return Err(fail(message));
        }
        Ok(())
    }

    /// The one line to tell a user whose file is version 1, if it is.
    pub fn version_note(&self, origin: &str) -> Option<String> {
        self.read_as_version_1.then(|| {
            format!(
                "note: {origin} is a version-1 scenario: familiarity, forgetting, appearance \
                 and crisis strain are off (add `version: 2` and their parameters to use them)"
            )
        })
    }

    /// A preset by name.
    pub fn preset(name: &str) -> Result<Self, ScenarioError> {
        let (_, text) = PRESETS
            .iter()
            .find(|(preset, _)| *preset == name)
            .ok_or_else(|| ScenarioError::Unknown(name.to_string()))?;
        Self::parse(text, &format!("preset {name}"))
    }

    /// The default scenario.
    pub fn default_preset() -> Self {
        Self::preset(DEFAULT_SCENARIO).expect("the embedded default scenario is valid")
    }

    /// A preset name, or else a path to a scenario file.
    pub fn load(name_or_path: &str) -> Result<Self, ScenarioError> {
        if preset_names().contains(&name_or_path) {
            return Self::preset(name_or_path);
        }
        let path = Path::new(name_or_path);
        if !path.exists() && !name_or_path.contains(['/', '.', '\\']) {
            return Err(ScenarioError::Unknown(name_or_path.to_string()));
        }
        let bytes = std::fs::read(path).map_err(|source| ScenarioError::Read {
            path: name_or_path.to_string(),
            source,
        })?;
        let text = crate::files::utf8_text(bytes).map_err(|message| ScenarioError::Parse {
            origin: name_or_path.to_string(),
            line: 1,
            column: 1,
            message,
        })?;
        Self::parse(&text, name_or_path)
    }

    /// Checks every value's range. With the file's text, each problem names its line.
    pub fn validate(&self, origin: &str, text: Option<&str>) -> Result<(), ScenarioError> {
        let mut problems: Vec<FieldError> = match &self.model {
            ModelSpec::Nano(params) => params.validate().err().unwrap_or_default(),
            ModelSpec::Axelrod(params) => params
                .validate()
                .err()
                .map(axelrod_problem)
                .into_iter()
                .collect(),
        };
        // The name titles the summary and the app, and names the file a stopped run is
        // saved in: one line of text.
        if self.name.trim().is_empty() || self.name.chars().any(char::is_control) {
            problems.insert(
                0,
                FieldError {
                    field: "name".into(),
                    value: format!("{:?}", self.name),
                    expected: "must be one line of text, not empty, without tabs or other \
                               control characters"
                        .into(),
                },
            );
        }
        if let ModelSpec::Nano(params) = &self.model {
            problems.extend(self.names_problems(params));
        }
        if problems.is_empty() {
            return Ok(());
        }
        Err(ScenarioError::Invalid {
            origin: origin.to_string(),
            problems: problems
                .into_iter()
                .map(|p| {
                    let line = text.and_then(|t| line_of_field(t, &p.field));
                    (p, line)
                })
                .collect(),
        })
    }

    /// What is wrong with the names in other languages: lists that do not match the
    /// communities or the catalogue, names that are not one short line.
    fn names_problems(&self, params: &NanoParams) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let one_line = |name: &str| {
            let n = name.chars().count();
            (1..=40).contains(&n) && !name.trim().is_empty() && !name.chars().any(char::is_control)
        };
        for (code, names) in &self.names {
            let lists = [
                (
                    "communities",
                    &names.communities,
                    params.communities as usize,
                    "community",
                ),
                (
                    "symbols",
                    &names.symbols,
                    params.catalogue.len(),
                    "entry of the catalogue",
                ),
            ];
            for (list, given, wanted, each) in lists {
                // Against a count that is itself out of range (said already), nothing to say.
                let sensible = match list {
                    "communities" => (1..=12).contains(&wanted),
                    _ => (1..=256).contains(&wanted),
                };
                if sensible && !given.is_empty() && given.len() != wanted {
                    problems.push(FieldError {
                        field: format!("names.{code}.{list}"),
                        value: format!("a list of {} names", given.len()),
                        expected: format!("must name each {each} ({wanted}), or be left out"),
                    });
                }
                for (i, name) in given.iter().enumerate() {
                    if !one_line(name) {
                        problems.push(FieldError {
                            field: format!("names.{code}.{list}[{i}]"),
                            value: format!("{name:?}"),
                            expected: "must be a name of 1 to 40 printable characters".into(),
                        });
                    }
                }
            }
        }
        problems
    }

    /// The scenario's description in a language, else the one in the file.
    pub fn description_in(&self, code: &str) -> &str {
        self.names
            .get(code)
            .map(|n| n.description.as_str())
            .filter(|d| !d.is_empty())
            .unwrap_or(&self.description)
    }

    /// About how many bytes a run of this scenario takes at its peak.
    pub fn estimated_bytes(&self) -> u64 {
        match &self.model {
            ModelSpec::Nano(params) => params.estimated_bytes(),
            ModelSpec::Axelrod(params) => params.estimated_bytes(),
        }
    }

    /// The scenario as RON text, ready to save; it reads back to the same scenario.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .extensions(Extensions::UNWRAP_VARIANT_NEWTYPES);
        let body = ron_options()
            .to_string_pretty(self, config)
            .expect("a scenario always serialises");
        // The description heads the file as a one-line comment, whatever it holds.
        let one_line = self.description.replace(['\n', '\r'], " ");
        format!("// {one_line}\n{body}\n")
    }

    /// The nano model's parameters, if this scenario runs it.
    pub fn nano(&self) -> Option<&NanoParams> {
        match &self.model {
            ModelSpec::Nano(p) => Some(p),
            ModelSpec::Axelrod(_) => None,
        }
    }
}

impl fmt::Display for ModelSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelSpec::Nano(p) => write!(f, "nano power diplomacy, {} persons", p.persons),
            ModelSpec::Axelrod(p) => write!(
                f,
                "Axelrod 1997, {0} x {0} grid, F = {1}, q = {2}",
                p.size, p.features, p.traits
            ),
        }
    }
}

#[cfg(test)]
mod names_tests {
    use super::*;

    #[test]
    fn every_nano_preset_names_its_communities_and_symbols_in_indonesian() {
        for name in preset_names() {
            let scenario = Scenario::preset(name).unwrap();
            let names = &scenario.names["id"];
            assert!(!names.description.is_empty(), "{name}");
            if let Some(params) = scenario.nano() {
                assert_eq!(
                    names.communities.len(),
                    params.communities as usize,
                    "{name}"
                );
                assert_eq!(names.symbols.len(), params.catalogue.len(), "{name}");
            }
        }
        let marketplace = Scenario::preset("marketplace").unwrap();
        let params = marketplace.nano().unwrap();
        let (id, en) = (
            crate::i18n::Lang::new("id").unwrap(),
            crate::i18n::Lang::english(),
        );
        let names = crate::i18n::Names::new(&id, Some(&marketplace), params);
        assert_eq!(names.community(0), "Bukit");
        // Symbol 16 is the catalogue's second entry again (15 entries).
        assert_eq!(names.symbol(16, "harvest song"), "lagu panen");
        assert_eq!(marketplace.description_in("id"), names_of(&marketplace));
        let names = crate::i18n::Names::new(&en, Some(&marketplace), params);
        assert_eq!(names.community(0), "Hill");
        assert_eq!(names.symbol(16, "harvest song"), "harvest song");
        assert_eq!(marketplace.description_in("en"), marketplace.description);
        // A world whose communities no longer fit the list keeps the model's names.
        let five = NanoParams {
            communities: 5,
            community_names: Vec::new(),
            ..params.clone()
        };
        let names = crate::i18n::Names::new(&id, Some(&marketplace), &five);
        assert_eq!(names.community(4), "komunitas 4");
    }

    fn names_of(scenario: &Scenario) -> &str {
        &scenario.names["id"].description
    }

    #[test]
    fn names_that_do_not_match_the_world_are_errors_and_the_rest_round_trips() {
        let mut scenario = Scenario::preset("marketplace").unwrap();
        let back = Scenario::parse(&scenario.to_ron(), "saved").unwrap();
        assert_eq!(back.names, scenario.names);
        scenario.names.get_mut("id").unwrap().communities.pop();
        let e = scenario.validate("test", None).unwrap_err().to_string();
        assert!(e.contains("names.id.communities"), "{e}");
        // Without names, a scenario reads as before.
        scenario.names.clear();
        assert!(!scenario.to_ron().contains("\"id\""));
        scenario.validate("test", None).unwrap();
    }
}
