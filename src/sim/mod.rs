//! The model and nothing else: plain Rust data and functions, deterministic, with no Bevy,
//! no files and no terminal. Everything above (the command line, the app) reads it.
//!
//! - [`model`]: the nano power diplomacy model ([`NanoModel`]), one tick at a time;
//! - [`axelrod`]: Axelrod's (1997) culture model, exactly, the validation mode;
//! - [`metrics`]: what is measured each tick, as one tidy CSV row;
//! - [`params`], [`population`], [`ties`], [`spatial`], [`events`], [`rng`]: its parts.

pub mod axelrod;
pub mod events;
pub mod metrics;
pub mod model;
pub mod params;
pub mod population;
pub mod rng;
pub mod spatial;
pub mod ties;

#[cfg(test)]
pub(crate) mod testing;

pub use events::ModelEvent;
pub use metrics::Metrics;
pub use model::NanoModel;
pub use params::NanoParams;

/// Reads `slice[i]` (through `read`) and drops the value, so that its cache line is on its way
/// before the model needs it: the model calls this a few persons ahead in a tick's order, and
/// the processor overlaps the miss with the work on the persons before. It never changes a
/// result. (A plain load, not a prefetch instruction, because the crate forbids `unsafe`;
/// docs/performance.md compares the two.) Out-of-range indices are ignored.
#[inline(always)]
pub(crate) fn touch<T, V>(slice: &[T], i: usize, read: impl Fn(&T) -> V) {
    if let Some(item) = slice.get(i) {
        std::hint::black_box(read(item));
    }
}
