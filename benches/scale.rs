//! The full model's cost as it grows: contacts per second and memory per person, for one
//! population size per process (so that its memory is its own). The marketplace preset scaled
//! up, its contact radius shrunk to keep the neighbourhood's size; 20 ticks of warm-up, then 20
//! timed ticks. Run with
//! `cargo bench --no-default-features --bench scale -- 1000 10000 100000 1000000`
//! (each size is run in a child process of its own).

mod common;

use std::process::Command;
use std::time::Instant;

use nano_diplomacy::sim::NanoModel;

use common::{scaled_marketplace, status_kib};

fn measure(persons: u32) {
    let baseline = status_kib("VmRSS:");
    let (params, seed) = scaled_marketplace(persons);
    let built = Instant::now();
    let mut model = NanoModel::new(params, seed);
    let build_seconds = built.elapsed().as_secs_f64();
    for _ in 0..20 {
        model.step();
    }
    let timed = Instant::now();
    let mut contacts = 0;
    for _ in 0..20 {
        model.step();
        contacts += model.counts().contacts;
    }
    let seconds = timed.elapsed().as_secs_f64();
    let peak = status_kib("VmHWM:");
    println!(
        "{persons:>9} persons: {:>6.2} million contacts/s ({contacts} contacts in {seconds:.2} s), \
         {:>5.0} bytes per person at peak ({} MiB; {} ties), built in {build_seconds:.2} s",
        contacts as f64 / seconds / 1e6,
        (peak.saturating_sub(baseline) * 1024) as f64 / f64::from(persons),
        peak / 1024,
        model.ties().len(),
    );
}

fn main() {
    let sizes: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    match sizes[..] {
        [] => {
            for size in [1_000, 10_000, 100_000] {
                measure(size);
            }
        }
        [one] => measure(one),
        _ => {
            // One process per size: the peak memory of one size must not hide in another's.
            let me = std::env::current_exe().expect("the bench's own path");
            for size in sizes {
                let status = Command::new(&me)
                    .arg(size.to_string())
                    .status()
                    .expect("runs");
                assert!(status.success(), "the run of {size} persons failed");
            }
        }
    }
}
