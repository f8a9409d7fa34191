//! Exporting a large kinship network: the marketplace at 100,000 persons after 200 ticks
//! (about a million live ties), written as GraphML, as GEXF and as an edge list. For each, the
//! seconds it takes and the peak memory while it writes against the model's own (the resident
//! memory once the model is built), from Linux's /proc/self/status after clearing the peak
//! (/proc/self/clear_refs). The goal (issue 16): GraphML in under ten seconds, with a peak under
//! twice the model's own, because the writers stream. Run with
//! `cargo bench --no-default-features --bench network` (PERSONS and TICKS change the world).

mod common;

use std::time::Instant;

use nano_diplomacy::network::{NetworkOptions, write_network};
use nano_diplomacy::sim::NanoModel;

use common::{scaled_marketplace, status_kib};

fn number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let persons = number("PERSONS", 100_000) as u32;
    let ticks = number("TICKS", 200);
    let (params, seed) = scaled_marketplace(persons);
    let start = Instant::now();
    let mut model = NanoModel::new(params, seed);
    for _ in 0..ticks {
        model.step();
    }
    let own = status_kib("VmRSS:");
    println!(
        "{persons} persons, {ticks} ticks ({:.1} s): {} live ties, {} history records; the \
         model's resident memory {:.0} MiB",
        start.elapsed().as_secs_f64(),
        model.ties().len(),
        model.tie_history().len(),
        own as f64 / 1024.0
    );
    let dir = std::env::temp_dir().join(format!("nano-network-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    for name in ["kin.graphml", "kin.gexf", "kin.csv"] {
        let path = dir.join(name);
        // Reset the peak to the present, so that it is the export's.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = status_kib("VmRSS:");
        let start = Instant::now();
        write_network(&model, &path, NetworkOptions::default()).expect("written");
        let seconds = start.elapsed().as_secs_f64();
        let peak = status_kib("VmHWM:");
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "{name:<12} {seconds:6.2} s  {:7.1} MiB written  peak {:6.0} MiB (before {:.0}), {:.2} \
             times the model's own",
            size as f64 / (1 << 20) as f64,
            peak as f64 / 1024.0,
            before as f64 / 1024.0,
            peak as f64 / own.max(1) as f64
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
