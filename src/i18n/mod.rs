//! The interface's languages: every word the app shows, looked up by key in a table per
//! language. English (`assets/lang/en.ron`) and Bahasa Indonesia (`assets/lang/id.ron`) are
//! built in; a teacher adds a language by writing one more file of the same form (see
//! [`Lang::new`] for where it is looked for). Free of Bevy, so that the model-only build and
//! its tests have it too.
//!
//! A table is a RON map from key to text: `{ "compare.start": "Compare from the start", ... }`.
//! A text may hold placeholders such as `{tick}`, filled by [`Lang::f`].

mod names;
#[cfg(test)]
mod tests;

pub use names::Names;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use anyhow::{Context, Result, bail};

/// The languages built into the program: (code, table as RON text). English first: it is the
/// fallback for a key another table lacks.
pub const SHIPPED: &[(&str, &str)] = &[
    ("en", include_str!("../../assets/lang/en.ron")),
    ("id", include_str!("../../assets/lang/id.ron")),
];

/// The key whose text is the language's own name, as its speakers write it (for the switch).
pub const NAME_KEY: &str = "language.name";

/// A table: key to text.
pub type Table = BTreeMap<String, String>;

/// Reads a table from RON text; `origin` names it in errors.
pub fn parse_table(text: &str, origin: &str) -> Result<Table> {
    ron::from_str(text)
        .with_context(|| format!("{origin}: not a language table (a RON map of key to text)"))
}

/// English, parsed once: the fallback of every other language.
static ENGLISH: LazyLock<Arc<Table>> = LazyLock::new(|| {
    Arc::new(parse_table(SHIPPED[0].1, "assets/lang/en.ron").expect("the English table parses"))
});

/// An interface language: its code and its table. Cheap to clone.
#[derive(Clone, Debug, PartialEq)]
pub struct Lang {
    code: String,
    table: Arc<Table>,
}

impl Default for Lang {
    fn default() -> Self {
        Lang::english()
    }
}

impl Lang {
    /// English, the default.
    pub fn english() -> Lang {
        Lang {
            code: "en".to_string(),
            table: ENGLISH.clone(),
        }
    }

    /// The language with this code: a built-in one (`en`, `id`), or a teacher's own table,
    /// `lang/CODE.ron`, looked for in the current directory and then beside the program.
    pub fn new(code: &str) -> Result<Lang> {
        if let Some((code, text)) = SHIPPED.iter().find(|(c, _)| *c == code) {
            let table = if *code == "en" {
                ENGLISH.clone()
            } else {
                Arc::new(parse_table(text, &format!("assets/lang/{code}.ron"))?)
            };
            return Ok(Lang {
                code: code.to_string(),
                table,
            });
        }
        let valid = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            bail!("--lang {code:?}: a language code is letters, digits and '-' (en, id, jv)");
        }
        let file = format!("{code}.ron");
        let places = language_folders().into_iter().map(|dir| dir.join(&file));
        let tried: Vec<PathBuf> = places.collect();
        match tried.iter().find(|p| p.is_file()) {
            Some(path) => Lang::from_file(path),
            None => bail!(
                "no language {code:?}: built in are {}; a table of your own goes in {}",
                SHIPPED
                    .iter()
                    .map(|(c, _)| *c)
                    .collect::<Vec<_>>()
                    .join(", "),
                tried
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        }
    }

    /// A teacher's table from a file; its code is the file's name without `.ron` (`jv.ron`:
    /// `jv`).
    pub fn from_file(path: &Path) -> Result<Lang> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the language file {}", path.display()))?;
        let table = parse_table(&text, &path.display().to_string())?;
        let code = path
            .file_stem()
            .map_or("xx".to_string(), |s| s.to_string_lossy().into_owned());
        Ok(Lang {
            code,
            table: Arc::new(table),
        })
    }

    /// The language's code (`en`, `id`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The language's own name ("English", "Bahasa Indonesia").
    pub fn name(&self) -> &str {
        self.t(NAME_KEY)
    }

    /// The text of a key: this language's, else English's (a file that lacks a key still
    /// works; the tests make a built-in table's gap a failure), else the key itself.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.table
            .get(key)
            .or_else(|| ENGLISH.get(key))
            .map_or(key, String::as_str)
    }

    /// The text of a key with its placeholders filled: `{name}` becomes the value given for
    /// `name`.
    pub fn f(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// Whether this language's table has the key itself (not through English).
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }
}

/// The built-in languages and any teacher's tables found in the language folders, by code:
/// the choices of the switch in the app.
pub fn available() -> Vec<Lang> {
    let mut langs: Vec<Lang> = SHIPPED
        .iter()
        .filter_map(|(code, _)| Lang::new(code).ok())
        .collect();
    for dir in language_folders() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "ron")
                && let Ok(lang) = Lang::from_file(&path)
                && !langs.iter().any(|l| l.code == lang.code)
            {
                langs.push(lang);
            }
        }
    }
    langs
}

/// Where a teacher's tables are looked for: `lang/` in the current directory, then `lang/`
/// beside the program.
fn language_folders() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("lang")];
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("lang")))
    {
        dirs.push(dir);
    }
    dirs
}

/// The placeholders of a text, in order: `{tick}` gives `tick`.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                found.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    found
}
