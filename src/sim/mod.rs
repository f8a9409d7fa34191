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

/// Asks the processor to start loading the cache line of `slice[i]`, so that it is on its way
/// before the model needs it: the model calls this a few persons ahead in a tick's order, and
/// the miss overlaps the work on the persons before. A prefetch is a hint: it reads nothing and
/// never changes a result. Out-of-range indices are ignored. (The instruction comes from the
/// `prefetch-index` crate, whose `unsafe` blocks wrap it, because this crate forbids `unsafe`;
/// docs/performance.md measures it against a plain load.)
#[inline(always)]
pub(crate) fn prefetch<T>(slice: &[T], i: usize) {
    if i < slice.len() {
        prefetch_index::prefetch_index(slice, i);
    }
}

/// The bytes a vector holds on the heap (its capacity, not its length): for estimates of a
/// state's size, such as the timeline's budget for its checkpoints.
pub(crate) fn vec_bytes<T>(v: &Vec<T>) -> usize {
    v.capacity() * std::mem::size_of::<T>()
}
