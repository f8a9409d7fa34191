//! Scenario files: the presets are valid and round-trip, and every kind of mistake gets a
//! message that names the place, the field and what would be valid.

use nano_diplomacy::scenario::{ModelSpec, PRESETS, Scenario, ScenarioError, preset_names};

fn marketplace_text() -> &'static str {
    PRESETS[0].1
}

fn error_of(text: &str) -> String {
    Scenario::parse(text, "test.ron").unwrap_err().to_string()
}

#[test]
fn every_preset_is_valid_described_and_round_trips() {
    assert_eq!(
        preset_names(),
        [
            "marketplace",
            "language-barrier",
            "sharing",
            "assimilation",
            "hidden-agendas",
            "crisis",
            "no-symbols",
            "axelrod-1997"
        ]
    );
    for (name, text) in PRESETS {
        let scenario = Scenario::preset(name).unwrap();
        assert_eq!(&scenario.name, name);
        assert!(!scenario.description.is_empty());
        assert!(
            text.starts_with("// "),
            "{name} opens with a one-line description"
        );
        let again = Scenario::parse(&scenario.to_ron(), "round trip").unwrap();
        assert_eq!(again, scenario, "{name}");
    }
    // The files on disk are the embedded ones.
    for (name, text) in PRESETS {
        let on_disk = std::fs::read_to_string(format!("assets/scenarios/{name}.ron")).unwrap();
        assert_eq!(&on_disk, text);
    }
}

#[test]
fn an_unknown_field_is_an_error_with_line_and_column() {
    let text = marketplace_text().replace(
        "        persons: 600,",
        "        persons: 600,\n        persns: 3,",
    );
    let message = error_of(&text);
    assert!(message.starts_with("test.ron:11:9:"), "{message}");
    assert!(message.contains("persns"), "{message}");
}

#[test]
fn a_misspelt_name_gets_the_closest_valid_one() {
    // In a file: a field, and an enum's variant.
    let field = marketplace_text().replace("contact_rate:", "contact_rat:");
    let message = error_of(&field);
    assert!(
        message.contains("unknown field `contact_rat` (did you mean `contact_rate`?)"),
        "{message}"
    );
    let variant = marketplace_text().replace("exchange: Sharing", "exchange: Sharng");
    let message = error_of(&variant);
    assert!(message.contains("(did you mean `Sharing`?)"), "{message}");
    // With --set: a parameter, a variant, and a name too far from any to guess.
    let mut scenario = Scenario::default_preset();
    let message = scenario.set("contact_rat=0.4").unwrap_err().to_string();
    assert!(
        message.contains("no parameter named `contact_rat` (did you mean `contact_rate`?)"),
        "{message}"
    );
    let message = scenario
        .set("exchange=Assimilaton")
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("(did you mean `Assimilation`?)"),
        "{message}"
    );
    let message = scenario.set("colour=3").unwrap_err().to_string();
    assert!(!message.contains("did you mean"), "{message}");
    assert!(message.contains("the parameters are:"), "{message}");
    // A preset's name.
    let message = Scenario::load("marketplce").unwrap_err().to_string();
    assert!(
        message.contains("(did you mean `marketplace`?)"),
        "{message}"
    );
}

#[test]
fn errors_name_the_field_being_read_even_with_two_on_a_line() {
    let crisis = Scenario::preset("crisis").unwrap();
    let crisis_text = PRESETS.iter().find(|(n, _)| *n == "crisis").unwrap().1;
    let crisis_line = crisis_text
        .lines()
        .position(|l| l.contains("crisis: Some("))
        .unwrap()
        + 1;
    for (text, expected) in [
        // A parse error on the second field of a line names that field.
        (
            marketplace_text()
                .replace(
                    "        persons: 600,\n",
                    "        persons: 600, communities: -3,\n",
                )
                .replace("        communities: 3,\n", ""),
            "(in `communities`)".to_string(),
        ),
        (
            marketplace_text().replace("persons: 600,", "persons: 600.0,"),
            "(in `persons`); this parameter takes a whole number".to_string(),
        ),
        // Inside a tuple, the field the tuple belongs to.
        (
            crisis_text.replace("between: (0, 1)", "between: (0, -1)"),
            "(in `between`)".to_string(),
        ),
        // A file of nothing but a byte-order mark is empty.
        ("\u{feff}".to_string(), "the file is empty".to_string()),
        // A range error on a field of the crisis names the crisis's line.
        (
            crisis_text.replace("prejudice: 0.8,", "prejudice: -0.8,"),
            format!("test.ron:{crisis_line}: `crisis.prejudice` is -0.8"),
        ),
        // The form `--set` also takes gets a hint in a file.
        (
            crisis_text
                .replace("crisis: Some(start", "crisis: Some((start")
                .replace("strain: 0.002)", "strain: 0.002))"),
            "with one pair of parentheses".to_string(),
        ),
    ] {
        let message = error_of(&text);
        assert!(message.contains(&expected), "{expected}: {message}");
    }
    // A byte-order mark, as some editors write, is skipped.
    let with_mark = format!("\u{feff}{crisis_text}");
    assert_eq!(Scenario::parse(&with_mark, "test.ron").unwrap(), crisis);
}

#[test]
fn a_missing_field_is_an_error() {
    let text = marketplace_text().replace("        contact_rate: 0.5,\n", "");
    let message = error_of(&text);
    assert!(message.contains("contact_rate"), "{message}");
}

#[test]
fn a_wrong_type_is_an_error() {
    let text = marketplace_text().replace("persons: 600,", "persons: \"many\",");
    let message = error_of(&text);
    assert!(
        message.starts_with("test.ron:10:17: Expected integer"),
        "{message}"
    );
}

#[test]
fn out_of_range_values_name_the_line_the_field_and_the_range() {
    let text = marketplace_text()
        .replace("contact_rate: 0.5,", "contact_rate: 1.5,")
        .replace("communities: 3,", "communities: 0,");
    let error = Scenario::parse(&text, "test.ron").unwrap_err();
    let ScenarioError::Invalid { problems, .. } = &error else {
        panic!("expected range errors, got {error}");
    };
    assert_eq!(problems.len(), 2, "{error}");
    let message = error.to_string();
    assert!(
        message
            .contains("test.ron:11: `communities` is 0, but must be a whole number from 1 to 12"),
        "{message}"
    );
    assert!(
        message.contains("`contact_rate` is 1.5, but must be a number from 0 to 1"),
        "{message}"
    );
}

#[test]
fn nan_and_infinity_are_refused() {
    for bad in ["NaN", "inf", "-inf"] {
        let text = marketplace_text().replace("eta: 0.15,", &format!("eta: {bad},"));
        let message = error_of(&text);
        assert!(message.contains("`eta`"), "{bad}: {message}");
    }
}

#[test]
fn syntax_errors_and_garbage_are_refused() {
    for text in [
        "",
        "(",
        "not a scenario",
        "\u{0}\u{1}\u{2}",
        "(name: \"x\")",
    ] {
        let message = error_of(text);
        assert!(message.starts_with("test.ron:"), "{text:?}: {message}");
    }
}

#[test]
fn set_changes_a_parameter_by_its_file_name() {
    let mut scenario = Scenario::default_preset();
    scenario.set("persons=50").unwrap();
    scenario.set("exchange=Assimilation").unwrap();
    scenario.set("seed=99").unwrap();
    scenario
        .set("crisis=Some((start: 5, duration: 3, between: (0, 2), prejudice: 0.5, strain: 0.0))")
        .unwrap();
    scenario.set("crisis.start=7").unwrap();
    // The form a file uses, with one pair of parentheses, is taken too.
    let mut file_form = scenario.clone();
    file_form
        .set("crisis=Some(start: 7, duration: 3, between: (0, 2), prejudice: 0.5, strain: 0.0)")
        .unwrap();
    assert_eq!(file_form, scenario);
    let ModelSpec::Nano(p) = &scenario.model else {
        panic!()
    };
    assert_eq!(p.persons, 50);
    assert_eq!(
        p.exchange,
        nano_diplomacy::sim::params::ExchangeRule::Assimilation
    );
    assert_eq!(scenario.seed, 99);
    assert_eq!(p.crisis.as_ref().unwrap().start, 7);
    scenario.set("crisis=None").unwrap();
    let ModelSpec::Nano(p) = &scenario.model else {
        panic!()
    };
    assert!(p.crisis.is_none());

    let mut axelrod = Scenario::preset("axelrod-1997").unwrap();
    axelrod.set("traits=15").unwrap();
    assert!(matches!(axelrod.model, ModelSpec::Axelrod(p) if p.traits == 15));
}

#[test]
fn set_refuses_what_a_file_would() {
    let mut scenario = Scenario::default_preset();
    let before = scenario.clone();
    for (assignment, expected) in [
        ("persons", "expected NAME=VALUE"),
        (
            "persns=5",
            "no parameter named `persns` (did you mean `persons`?); the parameters are: ",
        ),
        ("persons=-3", "not a valid value for `persons`"),
        ("persons=many", "not a valid value for `persons`"),
        (
            "contact_rate=2",
            "`contact_rate` is 2, but must be a number from 0 to 1",
        ),
        ("exchange=Barter", "not a valid value for `exchange`"),
        ("crisis.start=4", "`crisis` is not a set of parameters"),
        ("eta=NaN", "`eta`"),
        ("catalogue=[]", "change it in a scenario file"),
        ("name=", "`name` is \"\", but must be one line of text"),
        ("name=\"two\\nlines\"", "`name` is \"two\\nlines\""),
        (
            "crisis=Some((start: 0, duration: 3, between: (0, 2), prejudice: 0.5, strain: 0.0))",
            "`crisis.start` is 0, but must be a tick from 1 on",
        ),
    ] {
        let message = scenario.set(assignment).unwrap_err().to_string();
        assert!(message.contains(expected), "{assignment}: {message}");
    }
    assert_eq!(scenario, before, "a refused --set changes nothing");
}

#[test]
fn several_sets_are_checked_together_in_any_order() {
    let base = Scenario::default_preset();
    // Each order of two values that are valid together passes, as in a file.
    for order in [
        ["theta_friend=0.8", "theta_kin=0.9"],
        ["theta_kin=0.9", "theta_friend=0.8"],
    ] {
        let mut scenario = base.clone();
        scenario.set_all(order).unwrap();
        let ModelSpec::Nano(p) = &scenario.model else {
            panic!()
        };
        assert_eq!((p.theta_friend, p.theta_kin), (0.8, 0.9), "{order:?}");
    }
    // Alone, the first is out of range, and the error names both sets given.
    let mut scenario = base.clone();
    let message = scenario.set("theta_friend=0.8").unwrap_err().to_string();
    assert!(message.contains("theta_friend"), "{message}");
    let message = scenario
        .set_all(["persons=50", "theta_friend=0.8"])
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("--set persons=50 --set theta_friend=0.8: "),
        "{message}"
    );
    assert_eq!(scenario, base, "a refused --set changes nothing");

    // A crisis between communities that a later value makes possible.
    let mut crisis = Scenario::preset("crisis").unwrap();
    crisis.set_all(["communities=1", "crisis=None"]).unwrap();
}

#[test]
fn an_unknown_name_lists_the_presets() {
    let message = Scenario::load("marketpalce").unwrap_err().to_string();
    assert!(
        message.contains("marketplace, language-barrier"),
        "{message}"
    );
    let message = Scenario::load("missing/file.ron").unwrap_err().to_string();
    assert!(
        message.contains("cannot read scenario file missing/file.ron"),
        "{message}"
    );
}

/// The marketplace as a version-1 file: without `version` and the version-2 parameters.
fn version_1_text() -> String {
    marketplace_text()
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("version:")
                || t.starts_with("appearance_spread:")
                || t.starts_with("community_names:")
                || t.starts_with("weight_appearance:")
                || t.starts_with("familiarity_weight:")
                || t.starts_with("symbol_forgetting:"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_version_1_file_loads_with_every_version_2_mechanism_off_and_a_note() {
    let scenario = Scenario::parse(&version_1_text(), "old.ron").unwrap();
    let params = scenario.nano().unwrap();
    assert_eq!(
        (
            params.familiarity_weight,
            params.symbol_forgetting,
            params.weight_appearance,
            params.appearance_spread
        ),
        (0.0, 0.0, 0.0, 0.0)
    );
    assert_eq!(scenario.version, 2, "in memory, and when saved, version 2");
    let note = scenario.version_note("old.ron").unwrap();
    assert!(note.contains("old.ron is a version-1 scenario"), "{note}");
    assert!(!note.contains('\n'), "one line");
    // Saved again, it is a version-2 file with the mechanisms off, and says so no more.
    let again = Scenario::parse(&scenario.to_ron(), "new.ron").unwrap();
    assert_eq!(again.nano(), scenario.nano());
    assert!(again.version_note("new.ron").is_none());
    assert!(
        Scenario::preset("marketplace")
            .unwrap()
            .version_note("m")
            .is_none()
    );
    // A version-1 crisis has no strain.
    let crisis = version_1_text().replace(
        "crisis: None",
        "crisis: Some(start: 3, duration: 5, between: (0, 1), prejudice: 0.5)",
    );
    let scenario = Scenario::parse(&crisis, "old.ron").unwrap();
    assert_eq!(
        scenario.nano().unwrap().crisis.as_ref().unwrap().strain,
        0.0
    );
}

#[test]
fn some_version_2_fields_but_not_all_is_an_error() {
    // Version 2 declared, one parameter missing.
    let text = marketplace_text().replace("        symbol_forgetting: 0.04,\n", "");
    let message = error_of(&text);
    assert!(
        message.contains("missing field `symbol_forgetting`"),
        "{message}"
    );
    // A version-2 parameter in a file without `version: 2`.
    let text = version_1_text().replace(
        "        transparency: 0.95,",
        "        transparency: 0.95,\n        familiarity_weight: 0.8,",
    );
    let message = error_of(&text);
    assert!(
        message.contains("`familiarity_weight` is version 2's"),
        "{message}"
    );
    assert!(message.contains("add `version: 2`"), "{message}");
    // A crisis without its strain in a version-2 file, and by --set.
    let text = PRESETS
        .iter()
        .find(|(n, _)| *n == "crisis")
        .unwrap()
        .1
        .replace(", strain: 0.002", "");
    let message = error_of(&text);
    assert!(
        message.contains("missing field `crisis.strain`"),
        "{message}"
    );
    let mut scenario = Scenario::preset("marketplace").unwrap();
    let message = scenario
        .set("crisis=Some(start: 5, duration: 3, between: (0, 2), prejudice: 0.5)")
        .unwrap_err()
        .to_string();
    assert!(message.contains("`crisis.strain` is missing"), "{message}");
    // An unknown version.
    let message = error_of(&marketplace_text().replace("version: 2,", "version: 3,"));
    assert!(
        message.contains("reads scenario versions 1 and 2"),
        "{message}"
    );
}

#[test]
fn community_names_are_optional_and_must_fit_the_communities() {
    let scenario = Scenario::preset("marketplace").unwrap();
    let params = scenario.nano().unwrap();
    assert_eq!(params.community_name(1), "River");
    let text = marketplace_text().replace(
        "        community_names: [\"Hill\", \"River\", \"Coast\"],\n",
        "",
    );
    let unnamed = Scenario::parse(&text, "test.ron").unwrap();
    assert_eq!(unnamed.nano().unwrap().community_name(2), "community 2");
    let message = error_of(&marketplace_text().replace("\"Coast\"", "\"Coast\", \"Sea\""));
    assert!(
        message.contains("`community_names` is a list of 4 names"),
        "{message}"
    );
    // A new count of communities by --set drops names of the old count.
    let mut five = scenario.clone();
    five.set("communities=5").unwrap();
    assert_eq!(five.nano().unwrap().community_name(4), "community 4");
}

#[test]
fn a_crisis_set_without_strain_may_get_it_from_a_later_set() {
    // The `--set`s are checked together: a crisis given whole, its strain set after.
    let mut scenario = Scenario::preset("marketplace").unwrap();
    scenario
        .set_all([
            "crisis=Some(start: 5, duration: 3, between: (0, 2), prejudice: 0.5)",
            "crisis.strain=0.01",
        ])
        .unwrap();
    assert_eq!(
        scenario.nano().unwrap().crisis.as_ref().unwrap().strain,
        0.01
    );
}
