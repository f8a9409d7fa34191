//! What can go wrong with a scenario, said with the file, line and field where it can be found.

use super::preset_names;
use crate::sim::axelrod::AxelrodError;
use crate::sim::params::FieldError;

/// What can go wrong with a scenario.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario file {path}")]
    Read {
        /// The path given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Not a valid scenario file: RON syntax, an unknown or missing field, a wrong type.
    #[error("{origin}:{line}:{column}: {message}")]
    Parse {
        /// The file or preset.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Values out of range.
    #[error("{}", invalid_message(origin, problems))]
    Invalid {
        /// The file or preset.
        origin: String,
        /// Each problem, with the line it is on when it can be found.
        problems: Vec<(FieldError, Option<usize>)>,
    },
    /// Neither a preset name nor an existing file.
    #[error(
        "no scenario named `{0}`{hint}: give a file path, or one of the presets: {presets}",
        hint = suggestion(.0, preset_names()),
        presets = preset_names().join(", ")
    )]
    Unknown(String),
    /// A `--set` that is not `name=value`, or names no parameter.
    #[error("--set {assignment}: {message}")]
    Set {
        /// The assignment as given.
        assignment: String,
        /// What is wrong with it.
        message: String,
    },
}

pub(super) fn invalid_message(origin: &str, problems: &[(FieldError, Option<usize>)]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|(problem, line)| match line {
            Some(line) => format!("{origin}:{line}: {problem}"),
            None => format!("{origin}: {problem}"),
        })
        .collect();
    lines.join("\n")
}

/// The field whose value is being read at 1-based `column` of a line: the last `name:` before
/// it (`persons: 600, communities: -3` names `communities` at the `-3`, and `between: (0, -1)`
/// names `between`).
pub fn field_at(line: &str, column: usize) -> Option<String> {
    let before: Vec<char> = line.chars().take(column.saturating_sub(1)).collect();
    let part_of_name = |c: &char| c.is_alphanumeric() || *c == '_';
    (0..before.len())
        .rev()
        .filter(|&i| before[i] == ':')
        .find_map(|colon| {
            let end = before[..colon].iter().rposition(|c| !c.is_whitespace())? + 1;
            let start = before[..end]
                .iter()
                .rposition(|c| !part_of_name(c))
                .map_or(0, |i| i + 1);
            (start < end).then(|| before[start..end].iter().collect())
        })
}

pub(super) fn axelrod_problem(error: AxelrodError) -> FieldError {
    let (field, value) = match &error {
        AxelrodError::Size(v) => ("size", v.to_string()),
        AxelrodError::Features(v) => ("features", v.to_string()),
        AxelrodError::Traits(v) => ("traits", v.to_string()),
        AxelrodError::TooLarge { size, .. } => ("size", size.to_string()),
        other => ("model", other.to_string()),
    };
    FieldError {
        field: field.to_string(),
        value,
        expected: format!("must satisfy: {error}"),
    }
}

/// The first line (1-based) on which `field:` is written, for `a.b` the line of `b:`.
pub(super) fn line_of_field(text: &str, field: &str) -> Option<usize> {
    if field.contains('[') {
        // An entry of a list (`catalogue[2].name`): its name is not unique in the file.
        return None;
    }
    // `crisis.start`: the first `start:` from the line of `crisis:` on.
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for name in field.split('.') {
        at = (at..lines.len()).find(|&i| names_field(lines[i], name))?;
    }
    Some(at + 1)
}

/// Whether a line gives a value to `name`: `name:` at its start, or after `,` or `(`, outside
/// a comment.
pub(super) fn names_field(line: &str, name: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(name).any(|(i, _)| {
        let before = code[..i].trim_end();
        let after = code[i + name.len()..].trim_start();
        after.starts_with(':')
            && (before.is_empty() || before.ends_with(',') || before.ends_with('('))
    })
}

/// The name among `candidates` closest to `found` by edit distance (letters inserted, deleted
/// or changed), if it is close enough to be a slip of the keyboard (see `most` below)
/// for a longer name. `contact_rat` finds `contact_rate`; `colour` finds nothing among the
/// model's parameters.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    // One slip in a short name, two in a longer one, three in a long one: `speed` is not taken
    // for `seed`, but `contact_raduis` is for `contact_radius`.
    let most = match found.chars().count() {
        0..=5 => 1,
        6..=11 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&found_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|&(distance, candidate)| distance <= most && candidate != found)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein's distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let change = previous[j] + usize::from(ca != cb);
            current[j + 1] = change.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// " (did you mean `name`?)" when one of `candidates` is close to `found`, else nothing.
pub fn suggestion<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(found, candidates)
        .map(|name| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_of_the_keyboard_finds_the_name_and_a_different_word_does_not() {
        let names = [
            "contact_rate",
            "contact_radius",
            "persons",
            "p_known",
            "exchange",
        ];
        assert_eq!(did_you_mean("contact_rat", names), Some("contact_rate"));
        assert_eq!(
            did_you_mean("contact_raduis", names),
            Some("contact_radius")
        );
        assert_eq!(did_you_mean("Persons", names), Some("persons"));
        assert_eq!(did_you_mean("persns", names), Some("persons"));
        assert_eq!(did_you_mean("colour", names), None);
        assert_eq!(
            did_you_mean("seat", ["seed", "name"]),
            None,
            "one slip in a short name"
        );
        assert_eq!(did_you_mean("persons", names), None, "not itself");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
