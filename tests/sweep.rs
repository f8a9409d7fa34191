//! Sweeps: the same rows whatever the number of threads or shards, every run reproducible
//! alone with `run`, a summary beside the CSV, and clear errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nano(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let output = nano(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs the program, which must fail, saying `expected`, without a panic.
fn refused(args: &[&str], expected: &str) {
    let output = nano(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?}");
    assert!(
        stderr.contains(expected) && !stderr.contains("panicked"),
        "{args:?}: {stderr}"
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nano-diplomacy-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const SWEEP: &[&str] = &[
    "sweep",
    "--set",
    "persons=80",
    "--set",
    "openness_mean=0.2:0.8:0.6",
    "--set",
    "languages=1,3",
    "--reps",
    "3",
    "--ticks",
    "40",
    "--every",
    "10",
];

fn sweep(extra: &[&str]) -> String {
    let mut args: Vec<&str> = SWEEP.to_vec();
    args.extend(extra);
    ok(&args)
}

#[test]
fn the_rows_are_the_same_whatever_the_number_of_threads() {
    let (one, four) = (scratch("one.csv"), scratch("four.csv"));
    sweep(&["--jobs", "1", "--out", s(&one)]);
    sweep(&["--jobs", "4", "--out", s(&four)]);
    let rows = std::fs::read_to_string(&one).unwrap();
    assert_eq!(rows, std::fs::read_to_string(&four).unwrap());
    // 2 x 2 combinations x 3 replicates, each recorded at ticks 0, 10, 20, 30, 40.
    assert_eq!(rows.lines().count(), 1 + 12 * 5);
    assert!(
        rows.starts_with("run,combination,replicate,seed,persons,openness_mean,languages,tick,")
    );
}

#[test]
fn shards_together_are_the_whole_sweep() {
    let whole = scratch("whole.csv");
    sweep(&["--out", s(&whole)]);
    let mut joined: Vec<String> = Vec::new();
    for i in 1..=5 {
        let part = scratch(&format!("part{i}.csv"));
        sweep(&["--shard", &format!("{i}/5"), "--out", s(&part)]);
        let text = std::fs::read_to_string(&part).unwrap();
        let mut lines = text.lines().map(String::from);
        let header = lines.next().unwrap();
        if i == 1 {
            joined.push(header);
        }
        joined.extend(lines);
    }
    let whole: Vec<String> = std::fs::read_to_string(&whole)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(joined, whole);
}

#[test]
fn any_run_of_a_sweep_can_be_repeated_alone() {
    let out = scratch("final.csv");
    sweep(&["--final", "--out", s(&out)]);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 12, "one row per run");
    // Run 8: its seed and values, run on their own.
    let fields: Vec<&str> = lines[1 + 8].split(',').collect();
    let (seed, persons, openness, languages) = (fields[3], fields[4], fields[5], fields[6]);
    let alone = scratch("alone.csv");
    ok(&[
        "run",
        "--seed",
        seed,
        "--set",
        &format!("persons={persons}"),
        "--set",
        &format!("openness_mean={openness}"),
        "--set",
        &format!("languages={languages}"),
        "--ticks",
        "40",
        "--out",
        s(&alone),
    ]);
    let alone = std::fs::read_to_string(&alone).unwrap();
    assert_eq!(alone.lines().last().unwrap(), fields[7..].join(","));
}

#[test]
fn a_summary_of_each_combination_lies_beside_the_rows() {
    let out = scratch("summarised.csv");
    let said = sweep(&[
        "--final",
        "--summarise",
        "kin,kin_cross_share",
        "--out",
        s(&out),
    ]);
    assert!(
        said.contains("12 runs (4 combinations x 3 replicates)"),
        "{said}"
    );
    let summary = std::fs::read_to_string(out.with_file_name("summarised.summary.csv")).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(
        lines[0],
        "combination,persons,openness_mean,languages,replicates,kin_mean,kin_ci95,kin_cross_share_mean,kin_cross_share_ci95"
    );
    assert_eq!(lines.len(), 1 + 4);
    let rows = std::fs::read_to_string(&out).unwrap();
    // The first combination's mean kin is the mean of its three runs' final kin.
    let header: Vec<&str> = rows.lines().next().unwrap().split(',').collect();
    let kin = header.iter().position(|&c| c == "kin").unwrap();
    let mean: f64 = rows
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.split(',').nth(kin).unwrap().parse::<f64>().unwrap())
        .sum::<f64>()
        / 3.0;
    let reported: f64 = lines[1].split(',').nth(5).unwrap().parse().unwrap();
    assert!((mean - reported).abs() < 1e-6, "{mean} vs {reported}");
}

#[test]
fn a_sweep_file_says_the_same() {
    let file = scratch("plan.ron");
    std::fs::write(&file, r#"(scenario: "marketplace", vary: ["persons=80", "openness_mean=0.2:0.8:0.6", "languages=1,3"], reps: 3, ticks: Some(40))"#).unwrap();
    let (a, b) = (scratch("from-file.csv"), scratch("from-args.csv"));
    ok(&["sweep", "--file", s(&file), "--every", "10", "--out", s(&a)]);
    sweep(&["--out", s(&b)]);
    assert_eq!(
        std::fs::read_to_string(a).unwrap(),
        std::fs::read_to_string(b).unwrap()
    );
}

#[test]
fn bad_sweeps_are_refused_before_any_run() {
    let out = scratch("never.csv");
    for (args, expected) in [
        (
            vec!["sweep", "--set", "contact_rate=0:2:1", "--out", s(&out)],
            "`contact_rate` is 2",
        ),
        (
            vec!["sweep", "--set", "contact_rate=1:0:1", "--out", s(&out)],
            "a range needs a <= b",
        ),
        (
            vec!["sweep", "--set", "nonsense=1,2", "--out", s(&out)],
            "no parameter named `nonsense`",
        ),
        (
            vec!["sweep", "--shard", "4/3", "--out", s(&out)],
            "--shard 4/3",
        ),
        (
            vec!["sweep", "--summarise", "happiness", "--out", s(&out)],
            "--summarise happiness",
        ),
        (vec!["sweep", "--reps", "0", "--out", s(&out)], "--reps"),
    ] {
        refused(&args, expected);
    }
    let file = scratch("no-reps.ron");
    std::fs::write(
        &file,
        r#"(scenario: "marketplace", vary: ["persons=50"], reps: 0, ticks: Some(3))"#,
    )
    .unwrap();
    refused(
        &["sweep", "--file", s(&file), "--out", s(&out)],
        "`reps` is 0, but must be from 1 to 100000",
    );
    assert!(!out.exists());
}

/// A sweep too big to check each combination before it starts: a combination out of range
/// (`theta_friend` 0.8 above `theta_kin` 0.7) stops it, and the runs before it are kept.
#[test]
fn a_combination_that_fails_keeps_the_runs_before_it() {
    let out = scratch("failing.csv");
    // Combination 9000 is the first with theta_kin 0.7 and theta_friend 0.8; start 3 before.
    let args = [
        "sweep",
        "--set",
        "theta_kin=0.9,0.7",
        "--set",
        "theta_friend=0.6,0.8",
        "--set",
        "persons=10:1009:1",
        "--set",
        "eta=0.1,0.2,0.3",
        "--ticks",
        "1",
        "--final",
        "--skip",
        "8997",
        "--out",
        s(&out),
    ];
    refused(&args, "The 3 runs before it are in");
    refused(
        &args,
        "`theta_kin` is 0.7, but must be above theta_friend (0.8)",
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let runs: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(runs, ["8997", "8998", "8999"]);
}

#[test]
fn plot_draws_a_measure_against_the_first_parameter() {
    let (out, png) = (scratch("plotted.csv"), scratch("plotted.png"));
    sweep(&[
        "--final",
        "--plot",
        s(&png),
        "--plot-measure",
        "kin",
        "--out",
        s(&out),
    ]);
    let image = image::open(&png).expect("a PNG").to_rgb8();
    assert_eq!(image.dimensions(), (1200, 750));
    // One line per value of `languages` (1 and 3), in the first two palette colours.
    for colour in [[0xE6u8, 0x9F, 0x00], [0x56, 0xB4, 0xE9]] {
        let count = image.pixels().filter(|p| p.0 == colour).count();
        assert!(count > 100, "{colour:?}: {count} pixels");
    }
    let output = nano(&["sweep", "--plot", s(&png), "--out", s(&out)]);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--plot draws a measure against a varied parameter")
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_keeps_every_complete_run_and_says_how_to_continue() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let out = scratch("stopped-sweep.csv");
    let child = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .args([
            "sweep",
            "--set",
            "persons=300",
            "--set",
            "openness_mean=0.2,0.8",
            "--reps",
            "500",
            "--ticks",
            "300",
            "--final",
            "--jobs",
            "1",
            "--out",
            s(&out),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let partial = out.with_file_name(".stopped-sweep.csv.partial");
    let started = Instant::now();
    while std::fs::read_to_string(&partial).map_or(0, |t| t.lines().count()) < 6 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no runs written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("stopped by Ctrl-C or a termination signal after")
            && stderr.contains("--skip"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let runs = text.lines().count() - 1;
    assert!(
        stderr.contains(&format!("after {runs} of 1000 runs")),
        "{runs} rows: {stderr}"
    );
    let columns = text.lines().next().unwrap().split(',').count();
    assert!(text.lines().all(|l| l.split(',').count() == columns));
    // The rows are those of the first runs of the whole sweep.
    let numbers: Vec<usize> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(numbers, (0..runs).collect::<Vec<_>>());
}

#[test]
fn what_a_sweep_cannot_do_is_said_before_it_starts() {
    let out = scratch("refused.csv");
    let plan = scratch("reps.ron");
    std::fs::write(
        &plan,
        r#"(scenario: "marketplace", vary: ["persons=50"], reps: 2, ticks: Some(3))"#,
    )
    .unwrap();
    // --reps overrides the file's.
    ok(&[
        "sweep",
        "--file",
        s(&plan),
        "--reps",
        "3",
        "--final",
        "--out",
        s(&out),
    ]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().count(),
        1 + 3
    );
    for (args, expected) in [
        (
            vec!["sweep", "--set", "ticks=2,5", "--out", s(&out)],
            "sets `ticks` itself",
        ),
        (
            vec!["sweep", "--set", "persons=0:1e308:1e-300", "--out", s(&out)],
            "at most 1000 per parameter",
        ),
        (
            vec![
                "sweep",
                "--set",
                "persons=60",
                "--skip",
                "5",
                "--out",
                s(&out),
            ],
            "--skip 5: there are only 1 runs",
        ),
        (
            vec![
                "sweep",
                "--set",
                "persons=60",
                "--plot",
                "/nonexistent/p.png",
                "--set",
                "eta=0.1,0.2",
                "--out",
                s(&out),
            ],
            "there is no folder",
        ),
        (
            vec![
                "sweep",
                "--set",
                "persons=60",
                "--out",
                "/nonexistent/x.csv",
            ],
            "there is no folder",
        ),
    ] {
        refused(&args, expected);
    }
    // A tuple can be swept, and is quoted in the CSV.
    let tuples = scratch("tuples.csv");
    ok(&[
        "sweep",
        "--scenario",
        "crisis",
        "--set",
        "persons=60",
        "--set",
        "crisis.between=(0, 1),(1, 2)",
        "--ticks",
        "2",
        "--final",
        "--out",
        s(&tuples),
    ]);
    let text = std::fs::read_to_string(&tuples).unwrap();
    assert!(
        text.lines().nth(2).unwrap().contains(",\"(1, 2)\","),
        "{text}"
    );
}
