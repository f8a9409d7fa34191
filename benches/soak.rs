//! The soak test: the full model for a million contacts per person at a small size, with its
//! memory watched. Once ties settle, nothing may grow: not the tie slots, not the process's
//! resident memory. Run with `cargo bench --no-default-features --bench soak` (about a minute).

use std::time::Instant;

use nano_diplomacy::scenario::Scenario;
use nano_diplomacy::sim::NanoModel;

const PERSONS: u32 = 40;
const CONTACTS_PER_PERSON: u64 = 1_000_000;

/// The process's resident memory in KiB (Linux), or 0 where it cannot be read.
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let mut scenario = Scenario::default_preset();
    for change in [
        format!("persons={PERSONS}"),
        "contact_rate=1.0".to_string(),
        "contact_radius=0.5".to_string(),
    ] {
        scenario.set(&change).expect("valid");
    }
    let mut model = NanoModel::new(scenario.nano().expect("nano").clone(), 1);
    let target = CONTACTS_PER_PERSON * u64::from(PERSONS);
    let checkpoints = 10;
    let mut contacts = 0u64;
    let mut next = target / checkpoints;
    let started = Instant::now();
    let mut samples = Vec::new();
    println!(
        "{:>12} {:>14} {:>6} {:>11} {:>12}",
        "tick", "contacts", "ties", "tie slots", "resident KiB"
    );
    while contacts < target {
        model.step();
        contacts += model.counts().contacts;
        if contacts >= next {
            let sample = (
                model.tick(),
                contacts,
                model.ties().len(),
                model.ties().slot_count(),
                resident_kib(),
            );
            println!(
                "{:>12} {:>14} {:>6} {:>11} {:>12}",
                sample.0, sample.1, sample.2, sample.3, sample.4
            );
            samples.push(sample);
            next += target / checkpoints;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    model
        .check_invariants()
        .expect("invariants hold after the soak");
    println!(
        "{} contacts ({} per person) in {seconds:.1} s: {:.2} million contacts/s",
        contacts,
        contacts / u64::from(PERSONS),
        contacts as f64 / seconds / 1e6
    );
    // After the first tenth ties have settled: slots and memory must stay level.
    let settled = &samples[1..];
    let most_slots = settled.iter().map(|s| s.3).max().unwrap_or(0);
    let first_slots = settled.first().map_or(0, |s| s.3);
    let (first_rss, last_rss) = (
        settled.first().map_or(0, |s| s.4),
        settled.last().map_or(0, |s| s.4),
    );
    println!(
        "tie slots after settling: {first_slots} to at most {most_slots}; resident memory {first_rss} KiB to {last_rss} KiB"
    );
    assert!(
        most_slots <= first_slots + PERSONS as usize,
        "tie slots grew from {first_slots} to {most_slots}"
    );
    assert!(
        last_rss <= first_rss + 1024,
        "resident memory grew from {first_rss} to {last_rss} KiB"
    );
    println!("memory steady: ok");
}
