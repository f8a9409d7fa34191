//! The language tables' own tests: every built-in table has every key of every other, with
//! the same placeholders and no empty text.

use super::*;

/// Every built-in table, parsed.
fn shipped() -> Vec<(&'static str, Table)> {
    SHIPPED
        .iter()
        .map(|(code, text)| (*code, parse_table(text, code).expect("the table parses")))
        .collect()
}

#[test]
fn every_key_is_in_every_language() {
    let tables = shipped();
    let (_, english) = &tables[0];
    for (code, table) in &tables[1..] {
        let missing: Vec<&String> = english.keys().filter(|k| !table.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{code} lacks {missing:?}");
        let extra: Vec<&String> = table.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{code} has keys English lacks: {extra:?}");
    }
}

#[test]
fn every_placeholder_is_in_every_language() {
    let tables = shipped();
    let (_, english) = &tables[0];
    for (code, table) in &tables {
        for (key, text) in table {
            let mut theirs = placeholders(text);
            let mut ours = placeholders(&english[key]);
            theirs.sort_unstable();
            theirs.dedup();
            ours.sort_unstable();
            ours.dedup();
            assert_eq!(theirs, ours, "{code}: {key}: {text:?}");
        }
    }
}

#[test]
fn no_text_is_empty() {
    for (code, table) in shipped() {
        for (key, text) in &table {
            assert!(!text.trim().is_empty(), "{code}: {key} is empty");
        }
    }
}

#[test]
fn a_language_names_itself_and_fills_its_placeholders() {
    let id = Lang::new("id").unwrap();
    assert_eq!(id.code(), "id");
    assert_eq!(id.name(), "Bahasa Indonesia");
    assert_eq!(Lang::english().name(), "English");
    assert_eq!(
        id.f("timeline.position", &[("now", "5"), ("head", "9")]),
        "langkah 5 dari 9"
    );
    assert_eq!(
        Lang::english().f("timeline.position", &[("now", "5"), ("head", "9")]),
        "tick 5 of 9"
    );
}

#[test]
fn a_teachers_file_falls_back_to_english_for_a_key_it_lacks() {
    let dir = std::env::temp_dir().join(format!("nano-lang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("jv.ron");
    std::fs::write(
        &path,
        r#"{ "language.name": "Basa Jawa", "compare.heading": "Bandhingaken" }"#,
    )
    .unwrap();
    let jv = Lang::from_file(&path).unwrap();
    assert_eq!(jv.code(), "jv");
    assert_eq!(jv.t("compare.heading"), "Bandhingaken");
    assert_eq!(jv.t("compare.end"), "End comparison");
    assert!(!jv.has("compare.end"));
    // A key no table has comes back as itself, so that a slip shows on screen.
    assert_eq!(jv.t("no.such.key"), "no.such.key");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unknown_language_says_where_its_file_would_go() {
    let e = Lang::new("zz-nowhere").unwrap_err().to_string();
    assert!(e.contains("zz-nowhere.ron"), "{e}");
    assert!(Lang::new("../etc").is_err());
}

/// Every key the program's code names (a string such as "compare.start" in src/app or
/// src/view whose first part is one of the table's) is in the English table: a slip of the
/// keyboard in a key would otherwise show the key itself on screen.
#[test]
fn every_key_the_code_names_is_in_the_table() {
    let english = parse_table(SHIPPED[0].1, "en").unwrap();
    let prefixes: std::collections::BTreeSet<&str> =
        english.keys().filter_map(|k| k.split('.').next()).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("app"), root.join("view")];
    let mut missing = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            let looks_like_key = literal.contains('.')
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            let prefix = literal.split('.').next().unwrap_or("");
            if looks_like_key && prefixes.contains(prefix) && !english.contains_key(literal) {
                missing.push(format!("{}: {literal}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "keys not in en.ron: {missing:#?}");
}
