//! Hostile input: every broken scenario file in tests/corpus/ and every bad argument gets one
//! clear message naming what is wrong (and, in a file, where) and a failing exit code, never a
//! panic or a backtrace.

use std::process::Command;

/// Each file of the corpus with a piece of the message it must get.
const CORPUS: &[(&str, &str)] = &[
    ("axelrod-one-trait.ron", ":11: `traits` is 1"),
    ("axelrod-too-large.ron", "size² × features must be at most"),
    (
        "axelrod-unknown-field.ron",
        ":12:9: Unexpected field named `torus`",
    ),
    ("axelrod-zero-size.ron", ":9: `size` is 0"),
    (
        "blank-symbol-name.ron",
        "`catalogue[0].name` is \"  \", but must be a name of 1 to 40",
    ),
    ("comment-only.ron", ":1:18: Expected opening `(`"),
    (
        "crisis-at-tick-zero.ron",
        "`crisis.start` is 0, but must be a tick from 1 on",
    ),
    (
        "crisis-no-duration.ron",
        "`crisis.duration` is 0, but must be at least 1 tick",
    ),
    (
        "crisis-same-communities.ron",
        "`crisis.between` is (1, 1), but must name two different communities",
    ),
    ("crisis-unknown-community.ron", "`crisis.between` is (0, 9)"),
    (
        "empty-catalogue.ron",
        "`catalogue` is a list of 0 entries, but must list 1 to 256",
    ),
    ("empty.ron", ":1:1: the file is empty"),
    ("garbage.ron", "not a text file (invalid UTF-8 at byte 0)"),
    (
        "huge-float.ron",
        ":48: `contact_radius` is 1e308, but must be a distance above 0",
    ),
    (
        "huge-persons.ron",
        "`persons` is 4000000000, but must be a whole number from 1 to 5000000 (that many persons would need about",
    ),
    (
        "hysteresis-too-big.ron",
        ":65: `hysteresis` is 0.5, but must be at least 0 and below theta_friend (0.4)",
    ),
    (
        "infinity.ron",
        ":22: `openness_mean` is inf, but must be a number from 0 to 1",
    ),
    (
        "kin-below-friend.ron",
        ":64: `theta_kin` is 0.3, but must be above theta_friend (0.4)",
    ),
    ("missing-field.ron", "missing field named `contact_rate`"),
    ("missing-seed.ron", "missing field named `seed`"),
    (
        "nan.ron",
        ":57: `eta` is NaN, but must be a number from 0 to 1",
    ),
    ("negative-infinity.ron", ":12: `mixing` is -inf"),
    (
        "negative.ron",
        ":9:19: Integer is out of bounds (in `persons`)",
    ),
    (
        "not-utf8.ron",
        "not a text file (invalid UTF-8 at byte 848)",
    ),
    (
        "overflow-persons.ron",
        ":9:18: Integer is out of bounds (in `persons`)",
    ),
    (
        "rate-above-one.ron",
        ":45: `contact_rate` is 2, but must be a number from 0 to 1",
    ),
    (
        "too-many-communities.ron",
        ":10: `communities` is 40, but must be a whole number from 1 to 12",
    ),
    (
        "too-many-symbols.ron",
        ":25: `symbols_per_community` is 200, but must be a whole number from 1 to 85",
    ),
    ("unclosed.ron", ":72:6: Unexpected end of RON"),
    (
        "unknown-exchange.ron",
        "Unexpected variant named `Barter` in enum `ExchangeRule`, expected either `Sharing` or `Assimilation` instead (in `exchange`)",
    ),
    (
        "unknown-field.ron",
        ":10:9: unknown field `persns` (did you mean `persons`?)",
    ),
    ("unknown-symbol-kind.ron", "Unexpected variant named `Sung`"),
    (
        "unknown-top-field.ron",
        ":6:5: unknown field `speed` (did you mean `seed`?)",
    ),
    ("whitespace.ron", ":1:1: the file is empty"),
    ("wrong-model.ron", ":7:12: Unexpected variant named `Nanoo`"),
    ("wrong-type.ron", ":9:17: Expected integer (in `persons`)"),
    (
        "zero-persons.ron",
        ":9: `persons` is 0, but must be a whole number from 1 to 5000000",
    ),
    (
        "zero-radius.ron",
        ":48: `contact_radius` is 0, but must be a distance above 0",
    ),
];

#[test]
fn every_file_of_the_corpus_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/corpus")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = CORPUS.iter().map(|(f, _)| *f).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_broken_file_gets_one_clear_message_and_a_failing_exit() {
    for (file, expected) in CORPUS {
        let path = format!("tests/corpus/{file}");
        for command in ["check", "run"] {
            let mut args = vec![command];
            if command == "run" {
                args.extend(["--ticks", "1", "--scenario"]);
            }
            args.push(&path);
            let output = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{command} {file} succeeded");
            assert_eq!(output.status.code(), Some(1), "{command} {file}: {stderr}");
            assert!(
                stderr.starts_with(&format!("error: {path}")),
                "{command} {file}: {stderr}"
            );
            assert!(
                stderr.contains(expected),
                "{command} {file}: expected {expected:?} in {stderr}"
            );
            assert!(
                !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn bad_arguments_get_a_clear_message_too() {
    let cases: &[(&[&str], &str)] = &[
        (&["run", "--ticks", "18446744073709551616"], "--ticks"),
        (&["run", "--seed", "-1"], "-1"),
        (&["run", "--seed", "NaN"], "--seed"),
        (&["run", "--every", "0"], "--every"),
        (&["run", "--set", "persons=4000000000"], "would need about"),
        (&["run", "--set", "eta=inf"], "inf is not a finite number"),
        (&["run", "--set", "eta=NaN"], "NaN is not a finite number"),
        (
            &["run", "--set", "contact_radius=1e400"],
            "1e400 is not a finite number",
        ),
        (&["run", "--set", "=3"], "no parameter named ``"),
        (&["run", "--set", "persons=1=2"], "persons"),
        (&["run", "--save-every", "5"], "--save"),
        (&["run", "--resume", "/nonexistent/x.run"], "No such file"),
        (&["run", "--out", "/"], "is a folder"),
        (
            &["run", "--out", "/tmp/nano-hostile.csv/"],
            "ends with a separator",
        ),
        (
            &[
                "run",
                "--out",
                "/tmp/nano-hostile.csv",
                "--save",
                "/tmp/./nano-hostile.csv",
            ],
            "is the same file as --out",
        ),
        (
            &[
                "sweep",
                "--set",
                "persons=10,20",
                "--out",
                "/tmp/nano-hostile.csv",
                "--plot",
                "/tmp/nano-hostile.summary.csv",
            ],
            "is the same file as the summary",
        ),
        (
            &["axelrod", "--size", "8000", "--features", "255"],
            "size² × features must be at most",
        ),
        (
            &["axelrod", "--size", "100000"],
            "size (the grid side L) must be in 1..=8192",
        ),
        (&["axelrod", "--features", "0"], "features"),
        (&["axelrod", "--traits", "256"], "traits"),
        (&["axelrod", "--runs", "-2"], "unexpected argument '-2'"),
        (&["axelrod", "--runs", "many"], "--runs"),
        (
            &["axelrod", "--size", "10,20", "--runs", "4294967295"],
            "2 settings x 4294967295 runs is 8589934590 runs, more than 10000000 runs",
        ),
        (&["check"], "FILE"),
        (&["check", "/nonexistent.ron"], "cannot read scenario file"),
    ];
    for (args, expected) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
            .args(*args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// Each broken lesson file of tests/corpus-lessons/ with a piece of the message it must get:
/// the same file, line and field as a broken scenario's.
const LESSON_CORPUS: &[(&str, &str)] = &[
    (
        "bad-set.ron",
        ":9: `cards[0].world` (card 1) does not make a scenario: --set persons=0: `persons` is 0",
    ),
    ("empty.ron", ":1:1: the file is empty: a lesson is"),
    (
        "five-answers.ron",
        ":14: `cards[0].question.answers` (card 1) has 5 answers, but a question has 2 to 4",
    ),
    (
        "missing-indonesian.ron",
        ":20: `cards[0].discuss.id` is empty, but every text a class reads needs its Bahasa \
         Indonesia text",
    ),
    (
        "no-indonesian-field.ron",
        ":20:33: missing field `id`: every text a class reads is `(en: \"...\", id: \"...\")`",
    ),
    (
        "no-world-b.ron",
        ":14: `cards[0].question.answers[0].when` (card 1) `kin(A) > kin(B)` reads world B, \
         but this card has none",
    ),
    (
        "not-utf8.ron",
        ":1:1: not a text file (invalid UTF-8 at byte 40)",
    ),
    (
        "one-answer.ron",
        ":14: `cards[0].question.answers` (card 1) has 1 answer, but a question has 2 to 4",
    ),
    ("unclosed.ron", ":13:28: Expected end of string"),
    (
        "unknown-event.ron",
        ":11:31: Unexpected variant named `FirstKin` in enum `Event`, expected one of \
         `KinAcrossCommunities`",
    ),
    (
        "unknown-field.ron",
        ":3:5: unknown field `titel`; the fields here are: title, introduction, seed, cards",
    ),
    (
        "unknown-measure.ron",
        ":15: `cards[0].question.answers[0].when` (card 1) no measure named `kin_cross_shar` \
         (did you mean `kin_cross_share`?) in `kin_cross_shar(A) > kin(B)`; the measures are: \
         tick, contacts,",
    ),
    (
        "unknown-preset.ron",
        ":9: `cards[0].world` (card 1) does not make a scenario: no preset named `market`; a \
         lesson runs one of: marketplace,",
    ),
    ("wrong-type.ron", ":5:10: Expected integer (in `seed`)"),
];

#[test]
fn every_lesson_file_of_the_corpus_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/corpus-lessons")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = LESSON_CORPUS.iter().map(|(f, _)| *f).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_broken_lesson_gets_one_clear_message_and_a_failing_exit() {
    for (file, expected) in LESSON_CORPUS {
        let path = format!("tests/corpus-lessons/{file}");
        for check in [false, true] {
            let mut args = vec!["lesson", path.as_str()];
            if check {
                args.push("--check");
            }
            let output = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(
                stderr.starts_with(&format!("error: {path}")),
                "{args:?}: {stderr}"
            );
            assert!(
                stderr.contains(expected),
                "{args:?}: expected {expected:?} in {stderr}"
            );
            assert!(
                !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
                "{stderr}"
            );
        }
    }
}
