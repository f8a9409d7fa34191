//! `--set NAME=VALUE`: changing one parameter of a scenario from the command line, checked
//! like a file's values.

use super::errors::suggestion;
use super::{ModelSpec, Scenario, ScenarioError, ron_options};

impl Scenario {
    /// Sets one parameter by its name in the file (`persons=500`, `exchange=Assimilation`,
    /// `crisis.start=300`), validated as in a file. The value is written as in a scenario file
    /// (RON); a bare word is taken as text.
    pub fn set(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        self.set_all([assignment])
    }

    /// Sets several parameters, then checks the ranges once: values that are valid together
    /// pass in any order (`theta_friend=0.8` before `theta_kin=0.9`), as they would in a file.
    /// On an error the scenario is left as it was.
    pub fn set_all<'a>(
        &mut self,
        assignments: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ScenarioError> {
        let mut updated = self.clone();
        let mut given = Vec::new();
        for assignment in assignments {
            updated.assign(assignment)?;
            given.push(format!("--set {assignment}"));
        }
        // `crisis=Some(start: ..., prejudice: ...)` without the version-2 `strain` (checked
        // after every assignment, like the ranges: a later `crisis.strain=...` fills it in).
        if let Some(missing) = updated
            .nano()
            .and_then(|p| p.unset_version_2_fields().first().copied())
        {
            let all = given.join(" ");
            return Err(ScenarioError::Set {
                assignment: all.strip_prefix("--set ").unwrap_or(&all).to_string(),
                message: format!(
                    "`{missing}` is missing (version 2 gives every parameter, for example \
                     `crisis=Some(start: 300, duration: 200, between: (0, 1), prejudice: \
                     0.8, strain: 0.01)`)"
                ),
            });
        }
        // A new count of communities without new names: the communities are called
        // "community 0", "community 1", ... rather than refused for a list of the old length.
        let renamed = given.iter().any(|g| g.starts_with("--set community_names"));
        if let ModelSpec::Nano(params) = &mut updated.model
            && !renamed
            && !params.community_names.is_empty()
            && params.community_names.len() != params.communities as usize
        {
            params.community_names.clear();
        }
        // Likewise the names in other languages: a list that no longer fits the world the
        // changes made is dropped (those names came with the preset, not with the changes).
        if let ModelSpec::Nano(params) = &updated.model {
            let (communities, entries) = (params.communities as usize, params.catalogue.len());
            for names in updated.names.values_mut() {
                if names.communities.len() != communities {
                    names.communities.clear();
                }
                if names.symbols.len() != entries {
                    names.symbols.clear();
                }
            }
        }
        updated.validate(&given.join(" "), None)?;
        *self = updated;
        Ok(())
    }

    /// Sets one parameter, checking its type but not yet the ranges, which may depend on
    /// other parameters still to be set.
    pub(super) fn assign(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        let fail = |message: String| ScenarioError::Set {
            assignment: assignment.to_string(),
            message,
        };
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| fail("expected NAME=VALUE, for example persons=500".into()))?;
        let (name, value) = (name.trim(), value.trim());
        if name == "version" {
            return Err(fail(
                "`version` is the file format's, not a parameter: a scenario in the program is \
                 always version 2"
                    .into(),
            ));
        }
        // No parameter takes an infinite or undefined number (JSON, the path a value takes
        // here, has no way to carry one either).
        if value.parse::<f64>().is_ok_and(|v| !v.is_finite()) {
            return Err(fail(format!(
                "{value} is not a finite number; `{name}` takes a number within its range"
            )));
        }
        // A bare word (`Assimilation`) names an enum variant or is text; anything else is
        // read as RON (numbers, `true`, `None`, `(0, 2)`, `"quoted text"`).
        let bare_word = value.chars().next().is_some_and(char::is_alphabetic)
            && value.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !matches!(value, "true" | "false" | "None");
        let value: serde_json::Value = if bare_word {
            serde_json::Value::String(value.to_string())
        } else {
            ron_options()
                .from_str::<ron::Value>(value)
                .ok()
                .and_then(|v| serde_json::to_value(v).ok())
                .unwrap_or_else(|| serde_json::Value::String(value.to_string()))
        };

        let mut whole =
            serde_json::to_value(&*self).map_err(|e| fail(format!("internal error: {e}")))?;
        let mut path = name.split('.').collect::<Vec<_>>();
        let top = whole.as_object_mut().expect("a scenario is a map");
        let target = if path.len() == 1 && top.contains_key(path[0]) && path[0] != "model" {
            top
        } else {
            // Model parameters: inside `model: Nano(...)` or `model: Axelrod(...)`.
            let model = top
                .get_mut("model")
                .and_then(|m| m.as_object_mut())
                .and_then(|m| m.values_mut().next())
                .and_then(|p| p.as_object_mut())
                .expect("a model is a map of parameters");
            if path.len() > 2 {
                return Err(fail(format!(
                    "`{name}` goes deeper than any parameter (at most `group.field`)"
                )));
            }
            if path.len() > 1 {
                // `crisis.start`: the crisis must exist to be changed field by field.
                let first = path.remove(0);
                model
                    .get_mut(first)
                    .and_then(|v| v.as_object_mut())
                    .ok_or_else(|| {
                        fail(format!(
                            "`{first}` is not a set of parameters in this scenario \
                             (set the whole value instead)"
                        ))
                    })?
            } else {
                model
            }
        };
        let key = path[0];
        if key == "catalogue" {
            return Err(fail(
                "the catalogue is a list of symbols: change it in a scenario file \
                 (copy a preset from assets/scenarios/)"
                    .into(),
            ));
        }
        if !target.contains_key(key) {
            let mut known: Vec<&String> = target.keys().collect();
            known.sort();
            let known: Vec<&str> = known.iter().map(|s| s.as_str()).collect();
            return Err(fail(format!(
                "no parameter named `{key}`{}; the parameters are: {}",
                suggestion(key, known.iter().copied()),
                known.join(", ")
            )));
        }
        target.insert(key.to_string(), value);
        *self = serde_json::from_value(whole).map_err(|e| {
            let message = e.to_string();
            // "unknown variant `Sharng`, expected one of `Sharing`, `Assimilation`".
            let hint = unknown_variant(&message)
                .map(|(found, expected)| suggestion(found, expected))
                .unwrap_or_default();
            fail(format!("not a valid value for `{name}`: {message}{hint}"))
        })?;
        Ok(())
    }
}

/// The word and the choices of serde's "unknown variant `X`, expected one of `A`, `B`".
fn unknown_variant(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (found, rest) = rest.split_once('`')?;
    let choices = rest.split_once("expected ")?.1;
    let expected = choices.split('`').skip(1).step_by(2).collect();
    Some((found, expected))
}
