//! Saved runs resume exactly; broken saved runs are refused clearly; Ctrl-C (or SIGTERM) stops a
//! run cleanly, keeps every complete row and says how to resume.

use nano_diplomacy::saved::FORMAT_VERSION;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn nano(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) {
    let output = nano(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nano-diplomacy-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn rows(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn a_resumed_run_writes_the_rows_and_state_of_one_never_stopped() {
    for (scenario, every) in [("marketplace", "10"), ("axelrod-1997", "5")] {
        let (full, first, rest) = (
            scratch("full.csv"),
            scratch("first.csv"),
            scratch("rest.csv"),
        );
        let (full_run, half_run, resumed_run) = (
            scratch("full.run"),
            scratch("half.run"),
            scratch("resumed.run"),
        );
        let base = [
            "run",
            "--scenario",
            scenario,
            "--set",
            "seed=3",
            "--every",
            every,
        ];
        let with = |extra: &[&str]| -> Vec<String> {
            base.iter().chain(extra).map(|a| a.to_string()).collect()
        };
        let args = with(&["--ticks", "60", "--out", s(&full), "--save", s(&full_run)]);
        ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let args = with(&["--ticks", "30", "--out", s(&first), "--save", s(&half_run)]);
        ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        ok(&[
            "run",
            "--resume",
            s(&half_run),
            "--ticks",
            "30",
            "--out",
            s(&rest),
            "--save",
            s(&resumed_run),
        ]);

        let mut joined = rows(&first);
        joined.extend(rows(&rest).into_iter().skip(1));
        assert_eq!(joined, rows(&full), "{scenario}: rows");
        assert_eq!(
            std::fs::read(&full_run).unwrap(),
            std::fs::read(&resumed_run).unwrap(),
            "{scenario}: final state"
        );
    }
}

#[test]
fn save_every_writes_the_state_along_the_way() {
    let path = scratch("every.run");
    ok(&[
        "run",
        "--set",
        "persons=80",
        "--ticks",
        "25",
        "--save",
        s(&path),
        "--save-every",
        "10",
    ]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(&format!(
            "{{\"format\":\"nano-diplomacy saved run\",\"format_version\":{FORMAT_VERSION}"
        )),
        "{}",
        &text[..80]
    );
}

#[test]
fn broken_saved_runs_are_refused_clearly() {
    let good = scratch("good.run");
    ok(&[
        "run",
        "--set",
        "persons=60",
        "--ticks",
        "5",
        "--save",
        s(&good),
    ]);
    let bytes = std::fs::read(&good).unwrap();
    let truncated = scratch("truncated.run");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let csv = scratch("not-a-run.csv");
    std::fs::write(&csv, "tick,contacts\n0,0\n").unwrap();
    let newer = scratch("newer.run");
    std::fs::write(
        &newer,
        String::from_utf8(bytes).unwrap().replacen(
            &format!("\"format_version\":{FORMAT_VERSION}"),
            "\"format_version\":7",
            1,
        ),
    )
    .unwrap();
    for (path, expected) in [
        (truncated, "incomplete"),
        (csv, "not a saved run"),
        (newer, "format version 7"),
        (scratch("missing.run"), "No such file"),
    ] {
        let output = nano(&["run", "--resume", s(&path)]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(
            stderr.contains(expected) && !stderr.contains("panicked"),
            "{}: {stderr}",
            path.display()
        );
    }
    let output = nano(&["run", "--resume", s(&good), "--scenario", "crisis"]);
    assert!(
        !output.status.success(),
        "--resume takes its scenario from the file"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_keeps_every_complete_row_and_says_how_to_resume() {
    stopped_by("INT");
}

/// A cluster ends a job at its time limit with SIGTERM; `timeout` sends it too.
#[cfg(unix)]
#[test]
fn sigterm_stops_a_run_as_ctrl_c_does() {
    stopped_by("TERM");
}

/// Stops a long run with `signal` once rows have reached the disk, then checks the rows, the
/// message and the resumed run.
#[cfg(unix)]
fn stopped_by(signal: &str) {
    let (out, saved) = (
        scratch(&format!("stopped-{signal}.csv")),
        scratch(&format!("stopped-{signal}.run")),
    );
    let child = Command::new(env!("CARGO_BIN_EXE_nano-diplomacy"))
        .args([
            "run",
            "--set",
            "persons=300",
            "--ticks",
            "10000000",
            "--every",
            "7",
            "--out",
            s(&out),
            "--save",
            s(&saved),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some rows have reached the disk, then interrupt.
    let partial = out.with_file_name(format!(".stopped-{signal}.csv.partial"));
    let started = Instant::now();
    while std::fs::metadata(&partial).map_or(true, |m| m.len() < 20_000) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no rows written"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "an interrupted run does not report success"
    );
    assert!(
        stderr.contains("stopped by Ctrl-C or a termination signal at tick"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("nano-diplomacy run --resume {}", s(&saved))),
        "{stderr}"
    );

    let lines = rows(&out);
    assert!(lines.len() > 10);
    let columns = lines[0].split(',').count();
    assert!(
        lines.iter().all(|l| l.split(',').count() == columns),
        "every row complete"
    );
    let last_tick: u64 = lines
        .last()
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        stderr.contains(&format!("at tick {last_tick} ")),
        "the file ends where the run stopped: {stderr}"
    );

    // And it resumes from there.
    let rest = scratch(&format!("rest-after-stop-{signal}.csv"));
    ok(&[
        "run",
        "--resume",
        s(&saved),
        "--ticks",
        "14",
        "--out",
        s(&rest),
    ]);
    let rest = rows(&rest);
    let first_tick: u64 = rest[1].split(',').next().unwrap().parse().unwrap();
    assert!(first_tick > last_tick && first_tick <= last_tick + 7);
}

#[test]
fn a_resumed_run_goes_on_to_where_it_was_meant_to_end() {
    let (saved, rest) = (scratch("meant.run"), scratch("meant-rest.csv"));
    // A run meant for 10 ticks, saved at its end.
    ok(&[
        "run",
        "--set",
        "persons=60",
        "--ticks",
        "10",
        "--save",
        s(&saved),
    ]);
    // Saved at tick 10 with its end at 10: resuming without --ticks does nothing more.
    ok(&["run", "--resume", s(&saved), "--out", s(&rest)]);
    assert_eq!(rows(&rest).len(), 1, "only the header");
    // A run meant for 20 ticks, saved along the way at tick 10 (as a kill would leave it) and
    // at its end: the file resumes to 20, where it already is.
    let twenty = scratch("twenty.run");
    ok(&[
        "run",
        "--set",
        "persons=60",
        "--ticks",
        "20",
        "--save",
        s(&twenty),
        "--save-every",
        "10",
    ]);
    ok(&["run", "--resume", s(&twenty), "--out", s(&rest)]);
    assert_eq!(
        rows(&rest).len(),
        1,
        "the end-of-run save is at tick 20 already"
    );
}
