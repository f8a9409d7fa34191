//! The command line as a user meets it: runs, CSV files, summaries, and clear errors with a
//! non-zero exit for every kind of bad input, never a panic.

use std::path::PathBuf;
use std::process::{Command, Output};

fn nano(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nano-diplomacy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs a command that must fail, and returns its message.
fn failure(args: &[&str]) -> String {
    let output = nano(args);
    assert!(!output.status.success(), "{args:?} should fail");
    let message = stderr(&output);
    assert!(
        !message.contains("panicked"),
        "{args:?} panicked: {message}"
    );
    assert!(!message.trim().is_empty(), "{args:?} says nothing");
    message
}

#[test]
fn run_writes_identical_csv_for_the_same_seed() {
    let (a, b, c) = (scratch("a.csv"), scratch("b.csv"), scratch("c.csv"));
    for (path, seed) in [(&a, "5"), (&b, "5"), (&c, "6")] {
        let output = nano(&[
            "run",
            "--ticks",
            "30",
            "--seed",
            seed,
            "--set",
            "persons=200",
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (a, b, c) = (
        std::fs::read(a).unwrap(),
        std::fs::read(b).unwrap(),
        std::fs::read(c).unwrap(),
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
    let text = String::from_utf8(a).unwrap();
    let header = text.lines().next().unwrap();
    for column in [
        "tick",
        "contacts",
        "ties",
        "friends",
        "kin",
        "kin_cross_community",
        "kin_cross_share",
        "mean_affinity",
        "kin_giant_share",
        "kin_components",
        "ei_index",
        "mean_symbols",
        "symbol_overlap",
        "distinct_cultures",
        "customs_entropy",
        "common_language_share",
        "mean_openness",
        "agendas_exposed",
        "crisis",
    ] {
        assert!(
            header.split(',').any(|c| c == column),
            "missing column {column}"
        );
    }
    assert_eq!(text.lines().count(), 1 + 31, "a header and ticks 0 to 30");
}

/// `--out /dev/stdout >> log.csv`: the rows are added to the log, which keeps what it had.
#[cfg(unix)]
#[test]
fn out_to_standard_output_appends_to_a_redirected_file() {
    let log = scratch("appended.csv");
    std::fs::write(&log, "kept\n").unwrap();
    let appending = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .args([
            "run",
            "--set",
            "persons=30",
            "--ticks",
            "2",
            "--out",
            "/dev/stdout",
        ])
        .stdout(appending)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "kept");
    assert!(lines[1].starts_with("tick,contacts,"), "{text}");
    assert_eq!(lines.len(), 5, "kept, the header and ticks 0 to 2: {text}");
}

#[test]
fn every_records_each_kth_tick_and_the_last() {
    let path = scratch("every.csv");
    let output = nano(&[
        "run",
        "--ticks",
        "25",
        "--every",
        "10",
        "--set",
        "persons=100",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(path).unwrap();
    let ticks: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ticks, ["0", "10", "20", "25"]);
}

#[test]
fn run_without_out_prints_a_summary() {
    let output = nano(&[
        "run",
        "--scenario",
        "crisis",
        "--ticks",
        "5",
        "--set",
        "persons=80",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("crisis: nano power diplomacy, 80 persons (seed 1)"),
        "{text}"
    );
    assert!(text.contains("kin_cross_community"), "{text}");
}

#[test]
fn the_axelrod_preset_runs_to_convergence() {
    let path = scratch("axelrod.csv");
    let output = nano(&[
        "run",
        "--scenario",
        "axelrod-1997",
        "--every",
        "1000",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "tick,events,active_bonds,stable_regions,converged"
    );
    let last: Vec<&str> = text.lines().last().unwrap().split(',').collect();
    assert_eq!(
        (last[2], last[4]),
        ("0", "1"),
        "converged with no active bond: {last:?}"
    );
}

#[test]
fn axelrod_json_has_the_promised_keys() {
    let output = nano(&[
        "axelrod",
        "--size",
        "6",
        "--features",
        "3",
        "--traits",
        "4",
        "--runs",
        "4",
        "--seed",
        "2",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    for key in [
        "runs",
        "converged",
        "mean_regions",
        "sd_regions",
        "regions",
        "mean_events",
        "events_per_second",
        "mean_largest_region_share",
        "sd_largest_region_share",
        "largest_region_shares",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["runs"], 4);
    assert_eq!(json["regions"].as_array().unwrap().len(), 4);
    assert_eq!(json["converged"], 4);
    // Each run's largest region is a share of the 36 sites, at least one site and at most all,
    // and as many regions as sites only where every region is one site.
    let shares = json["largest_region_shares"].as_array().unwrap();
    assert_eq!(shares.len(), 4);
    for (share, regions) in shares.iter().zip(json["regions"].as_array().unwrap()) {
        let (share, regions) = (share.as_f64().unwrap(), regions.as_f64().unwrap());
        assert!((1.0 / 36.0..=1.0).contains(&share), "{share}");
        assert!(
            share * 36.0 + regions - 1.0 <= 36.0,
            "{share} with {regions} regions"
        );
        assert!(
            (share * 36.0 - (share * 36.0).round()).abs() < 1e-9,
            "{share}"
        );
    }
    let mean = shares.iter().map(|s| s.as_f64().unwrap()).sum::<f64>() / 4.0;
    assert!((json["mean_largest_region_share"].as_f64().unwrap() - mean).abs() < 1e-12);
}

#[test]
fn scenarios_lists_every_preset_and_check_validates_files() {
    let text = stdout(&nano(&["scenarios"]));
    for name in [
        "marketplace",
        "language-barrier",
        "sharing",
        "assimilation",
        "hidden-agendas",
        "crisis",
        "axelrod-1997",
    ] {
        assert!(text.contains(name), "{name} missing from {text}");
    }
    let output = nano(&["check", "assets/scenarios/crisis.ron"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("valid scenario `crisis`"));
}

#[test]
fn bad_input_gets_a_clear_message_and_a_failing_exit() {
    let bad = scratch("bad.ron");
    std::fs::write(
        &bad,
        include_str!("../assets/scenarios/marketplace.ron").replace("eta: 0.15", "eta: 7"),
    )
    .unwrap();
    let garbage = scratch("garbage.ron");
    std::fs::write(&garbage, [0xff, 0xfe, 0x00, 0x12]).unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["run", "--scenario", "nowhere"],
            "no scenario named `nowhere`",
        ),
        (
            vec!["run", "--set", "persons=abc"],
            "not a valid value for `persons`",
        ),
        (
            vec!["run", "--set", "colour=red"],
            "no parameter named `colour`",
        ),
        (vec!["run", "--every", "0"], "--every"),
        (vec!["run", "--ticks", "-4"], "-4"),
        (
            vec!["run", "--ticks", "many"],
            "invalid value 'many' for '--ticks <TICKS>'",
        ),
        (
            vec![
                "run",
                "--out",
                "/nonexistent-dir/x.csv",
                "--ticks",
                "1",
                "--set",
                "persons=10",
            ],
            "--out /nonexistent-dir/x.csv: there is no folder /nonexistent-dir",
        ),
        (
            vec!["check", bad.to_str().unwrap()],
            "`eta` is 7, but must be a number from 0 to 1",
        ),
        (vec!["check", garbage.to_str().unwrap()], "not a text file"),
        (vec!["axelrod", "--size", "0"], "size"),
        (vec!["axelrod", "--traits", "1"], "traits"),
        (vec!["axelrod", "--runs", "0"], "--runs"),
        (vec!["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, expected) in cases {
        let message = failure(&args);
        assert!(message.contains(expected), "{args:?}: {message}");
    }
}

#[test]
fn axelrod_with_lists_prints_the_papers_table() {
    let output = nano(&[
        "axelrod",
        "--size",
        "6",
        "--features",
        "2,4",
        "--traits",
        "3,6,9",
        "--runs",
        "3",
        "--jobs",
        "2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("6 x 6 grid"), "{text}");
    for label in ["q = 3", "q = 6", "q = 9", "F = 2", "F = 4"] {
        assert!(text.contains(label), "{label} missing: {text}");
    }
    // The stable regions' table, then the largest region's share in the same layout.
    assert!(
        text.contains("the largest stable region's share of the sites"),
        "{text}"
    );
    assert_eq!(text.matches("6 x 6 grid").count(), 2, "{text}");
    let output = nano(&[
        "axelrod",
        "--size",
        "6",
        "--features",
        "2,4",
        "--traits",
        "3,6,9",
        "--runs",
        "3",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 6);
    assert!(
        list.iter()
            .all(|o| o["regions"].as_array().unwrap().len() == 3)
    );
    // The same seeds give the same table whatever the threads.
    let again = nano(&[
        "axelrod",
        "--size",
        "6",
        "--features",
        "2,4",
        "--traits",
        "3,6,9",
        "--runs",
        "3",
        "--json",
        "--jobs",
        "1",
    ]);
    let again: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    for (a, b) in list.iter().zip(again.as_array().unwrap()) {
        assert_eq!(a["regions"], b["regions"]);
    }
}

#[test]
fn axelrod_runs_by_either_method() {
    for method in ["plain", "nfold"] {
        let output = nano(&[
            "axelrod",
            "--size",
            "8",
            "--features",
            "3",
            "--traits",
            "20",
            "--runs",
            "5",
            "--method",
            method,
            "--json",
        ]);
        assert!(output.status.success(), "{method}: {}", stderr(&output));
        let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(json["method"], method);
        assert_eq!(json["converged"], 5);
    }
    assert!(failure(&["axelrod", "--method", "fast"]).contains("--method"));
}

#[test]
fn a_version_1_file_runs_with_a_one_line_note() {
    // The crisis preset without `version: 2` and the version-2 parameters.
    let text: String = nano_diplomacy::scenario::PRESETS
        .iter()
        .find(|(name, _)| *name == "crisis")
        .unwrap()
        .1
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            ![
                "version:",
                "appearance_spread:",
                "community_names:",
                "weight_appearance:",
                "familiarity_weight:",
                "symbol_forgetting:",
            ]
            .iter()
            .any(|field| t.starts_with(field))
        })
        .map(|l| l.replace(", strain: 0.002", "") + "\n")
        .collect();
    let path = scratch("old-crisis.ron");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        vec!["check", path],
        vec!["run", "--ticks", "3", "--scenario", path],
    ] {
        let output = nano(&args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let notes: Vec<String> = stderr(&output)
            .lines()
            .filter(|l| l.contains("version-1 scenario"))
            .map(String::from)
            .collect();
        assert_eq!(notes.len(), 1, "{args:?}: {}", stderr(&output));
        assert!(notes[0].starts_with(&format!("note: {path} is a version-1 scenario")));
    }
    // A preset says nothing of the kind.
    let output = nano(&["check", "marketplace"]);
    assert!(!stderr(&output).contains("version-1"));
}

#[test]
fn check_json_prints_the_resolved_scenario() {
    let output = nano(&["check", "crisis", "--json", "--set", "persons=300"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let scenario: nano_diplomacy::scenario::Scenario =
        serde_json::from_str(&stdout(&output)).expect("the JSON reads back as a scenario");
    let mut expected = nano_diplomacy::scenario::Scenario::preset("crisis").unwrap();
    expected.set("persons=300").unwrap();
    assert_eq!(scenario, expected);
    assert_eq!(scenario.version, 2);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(value["model"]["Nano"]["crisis"]["strain"], 0.002);
    // Without --json, one line saying it is valid.
    assert!(stdout(&nano(&["check", "crisis"])).contains("valid scenario"));
}

#[test]
fn run_writes_the_network_at_the_end_and_every_k_ticks() {
    let graphml = scratch("net-kin.graphml");
    let output = nano(&[
        "run",
        "--set",
        "persons=120",
        "--ticks",
        "40",
        "--network",
        graphml.to_str().unwrap(),
        "--network-every",
        "20",
        "--network-stage",
        "kin",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    for file in [
        "net-kin.graphml",
        "net-kin-tick20.graphml",
        "net-kin-tick40.graphml",
    ] {
        let text = std::fs::read_to_string(scratch(file)).unwrap();
        assert_eq!(text.matches("<node id=").count(), 120, "{file}");
        assert!(
            !text.contains("<data key=\"stage\">friend"),
            "{file}: kin only"
        );
    }
    // The end's file and the last tick's are the same network.
    assert_eq!(
        std::fs::read(scratch("net-kin.graphml")).unwrap(),
        std::fs::read(scratch("net-kin-tick40.graphml")).unwrap()
    );
    let edges = scratch("net-edges.csv");
    let output = nano(&[
        "run",
        "--set",
        "persons=120",
        "--ticks",
        "5",
        "--network",
        edges.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(scratch("net-edges.nodes.csv").exists());
}

#[test]
fn a_network_that_cannot_be_written_is_refused_before_the_run() {
    let message = failure(&["run", "--ticks", "5", "--network", "kin.json"]);
    assert!(message.contains(".graphml, .gexf or .csv"), "{message}");
    let message = failure(&[
        "run",
        "--ticks",
        "5",
        "--network",
        "/no/such/folder/kin.graphml",
    ]);
    assert!(message.contains("there is no folder"), "{message}");
    let message = failure(&[
        "run",
        "--scenario",
        "axelrod-1997",
        "--network",
        "grid.graphml",
    ]);
    assert!(message.contains("for the nano model"), "{message}");
    let same = scratch("same.csv");
    let same = same.to_str().unwrap();
    let message = failure(&["run", "--ticks", "5", "--out", same, "--network", same]);
    assert!(message.contains("--network"), "{message}");
}

#[test]
fn sweep_takes_its_base_seed_on_the_command_line() {
    let sweep = |seed: &str, name: &str| {
        let out = scratch(name);
        let output = nano(&[
            "sweep",
            "--set",
            "persons=80",
            "--reps",
            "2",
            "--ticks",
            "5",
            "--final",
            "--seed",
            seed,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read_to_string(out).unwrap()
    };
    let a = sweep("7", "sweep-seed-7a.csv");
    let again = sweep("7", "sweep-seed-7b.csv");
    let other = sweep("8", "sweep-seed-8.csv");
    assert_eq!(a, again, "the same base seed, the same rows");
    assert_ne!(a, other, "another base seed, other runs");
    let message = failure(&[
        "sweep",
        "--set",
        "seed=1,2",
        "--out",
        scratch("x.csv").to_str().unwrap(),
    ]);
    assert!(message.contains("--seed"), "{message}");
}

#[test]
fn every_file_says_what_made_it_and_the_command_makes_it_again() {
    let dir = scratch("provenance");
    std::fs::create_dir_all(&dir).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .current_dir(&dir)
        .args(["run", "--set", "persons=90", "--ticks", "15", "--seed", "4"])
        .args([
            "--out",
            "rows.csv",
            "--save",
            "state.run",
            "--network",
            "kin.gexf",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let first: Vec<Vec<u8>> = ["rows.csv", "kin.gexf"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    for file in ["rows.csv", "state.run", "kin.gexf"] {
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{file}.meta.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(meta["program"], "nano-diplomacy", "{file}");
        assert_eq!(meta["version"], env!("CARGO_PKG_VERSION"));
        assert!(meta["commit"].as_str().is_some_and(|c| !c.is_empty()));
        assert_eq!(meta["scenario"]["seed"], 4, "{file}: the resolved scenario");
        assert_eq!(meta["scenario"]["model"]["Nano"]["persons"], 90);
    }
    // The command as recorded, run again where it ran, writes the same bytes.
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("rows.csv.meta.json")).unwrap())
            .unwrap();
    let command: Vec<String> = meta["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    for f in ["rows.csv", "kin.gexf"] {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    let again = Command::new(&command[0])
        .current_dir(meta["working_directory"].as_str().unwrap())
        .args(&command[1..])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    for (f, before) in ["rows.csv", "kin.gexf"].iter().zip(&first) {
        assert_eq!(
            &std::fs::read(dir.join(f)).unwrap(),
            before,
            "{f} made again"
        );
    }
}

#[test]
fn a_sweeps_plot_carries_its_provenance_inside() {
    let out = scratch("prov-sweep.csv");
    let plot = scratch("prov-sweep.png");
    let output = nano(&[
        "sweep",
        "--set",
        "persons=60,80",
        "--ticks",
        "5",
        "--final",
        "--out",
        out.to_str().unwrap(),
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let png = std::fs::read(&plot).unwrap();
    let at = png
        .windows(4)
        .position(|w| w == b"iTXt")
        .expect("a text chunk");
    let chunk = String::from_utf8_lossy(&png[at..(at + 200).min(png.len())]).into_owned();
    assert!(chunk.contains("provenance"), "{chunk}");
    for file in ["prov-sweep.csv", "prov-sweep.summary.csv", "prov-sweep.png"] {
        assert!(scratch(&format!("{file}.meta.json")).exists(), "{file}");
    }
}

/// `--lang` reaches the app and its screenshots: an unknown language is refused before any
/// window opens, with where its table would go.
#[cfg(feature = "app")]
#[test]
fn the_app_and_screenshot_take_an_interface_language() {
    for command in [
        &["app", "--lang", "zz-none"][..],
        &["screenshot", "--lang", "zz-none", "--out", "x.png"][..],
    ] {
        let message = failure(command);
        assert!(message.contains("no language \"zz-none\""), "{message}");
        assert!(message.contains("zz-none.ron"), "{message}");
    }
    let message = failure(&["app", "--lang-file", "/no/such/jv.ron"]);
    assert!(
        message.contains("cannot read the language file"),
        "{message}"
    );
    // A language that exists is taken: without a display, what stops the app is the display.
    let teachers = scratch("jv.ron");
    std::fs::write(&teachers, r#"{ "language.name": "Basa Jawa" }"#).unwrap();
    let teachers = teachers.to_string_lossy().into_owned();
    for args in [
        &["app", "--lang", "id"][..],
        &["app", "--lang-file", &teachers][..],
        &["screenshot", "--lang", "id", "--out", "x.png"][..],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("the binary runs");
        assert!(!output.status.success(), "{args:?}");
        let message = stderr(&output);
        if cfg!(target_os = "linux") {
            assert!(message.contains("no display"), "{args:?}: {message}");
        }
    }
}

#[test]
fn lessons_are_listed_in_both_languages() {
    let output = nano(&["lessons"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "sharing-builds-kinship   Sharing builds kinship (5 cards)",
        "without-words",
        "when-states-quarrel",
        "no-hidden-agenda         No hidden agenda (",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    let text = stdout(&nano(&["lessons", "--lang", "id"]));
    assert!(
        text.contains("Berbagi membangun kekerabatan (5 kartu)"),
        "{text}"
    );
}

#[test]
fn a_lesson_checked_prints_each_question_the_answer_that_held_and_the_reveal() {
    let output = nano(&["lesson", "sharing-builds-kinship", "--check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("# Sharing builds kinship"), "{text}");
    assert_eq!(text.matches("## Card ").count(), 5, "{text}");
    // Exactly one answer held on each of the five questions, and no placeholder is left.
    assert_eq!(text.matches("[x]").count(), 5, "{text}");
    assert!(!text.contains('{'), "{text}");
    assert!(text.contains("## Card 2 (tick 600)"), "{text}");
    // Another seed draws other worlds; Indonesian prints the Indonesian texts.
    let other = stdout(&nano(&[
        "lesson",
        "sharing-builds-kinship",
        "--check",
        "--seed",
        "4",
    ]));
    assert!(other.contains("seed 4") && other != text);
    let id = stdout(&nano(&[
        "lesson",
        "without-words",
        "--check",
        "--lang",
        "id",
    ]));
    assert!(
        id.starts_with("# Tanpa kata-kata") && id.contains("## Kartu 1 (langkah "),
        "{id}"
    );
    // Without --check the file is only checked.
    let checked = stdout(&nano(&["lesson", "no-hidden-agenda"]));
    assert!(
        checked.contains("valid lesson \"No hidden agenda\""),
        "{checked}"
    );
}

#[test]
fn a_teachers_own_lesson_file_is_checked_and_a_misspelt_name_gets_the_closest() {
    let path = scratch("mine.ron");
    let lesson = nano_diplomacy_lesson_text();
    std::fs::write(&path, lesson).unwrap();
    let output = nano(&["lesson", path.to_str().unwrap(), "--check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("[x]"));
    // A card can draw its world from the teacher's own scenario file, beside the lesson.
    let scenario = std::fs::read_to_string("assets/scenarios/marketplace.ron")
        .unwrap()
        .replace("persons: 600", "persons: 150");
    std::fs::write(scratch("my-scenario.ron"), scenario).unwrap();
    let own = lesson.replace(
        r#"Scenario(preset: "marketplace", set: ["persons=200"])"#,
        r#"File(path: "my-scenario.ron", set: ["contact_rate=0.6"])"#,
    );
    std::fs::write(scratch("own.ron"), own).unwrap();
    let output = nano(&["lesson", scratch("own.ron").to_str().unwrap(), "--check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("[x]"));
    let message = failure(&["lesson", "without-word"]);
    assert!(
        message.contains("did you mean `without-words`?"),
        "{message}"
    );
}

/// A teacher's lesson: one card, world B without symbols.
fn nano_diplomacy_lesson_text() -> &'static str {
    r#"(
    title: (en: "Mine", id: "Milik saya"),
    introduction: (en: "Two worlds.", id: "Dua dunia."),
    seed: 2,
    cards: [(
        text: (en: "Watch.", id: "Amati."),
        world: Scenario(preset: "marketplace", set: ["persons=200"]),
        compare: Preset("no-symbols"),
        run: Tick(50),
        question: (
            text: (en: "More kin in A?", id: "Lebih banyak kerabat di A?"),
            answers: [
                (text: (en: "Yes", id: "Ya"), when: "kin(A) > kin(B)"),
                (text: (en: "No", id: "Tidak"), when: "kin(A) <= kin(B)"),
            ],
        ),
        reveal: (en: "{answer}: {kin(A)} against {kin(B)}.", id: "{answer}: {kin(A)} lawan {kin(B)}."),
        discuss: (en: "Why?", id: "Mengapa?"),
    )],
)"#
}
