//! nano-diplomacy: an agent-based model of nano power diplomacy, and Axelrod's culture model.
//!
//! - [`sim`]: the model itself, deterministic and free of Bevy, files and terminals;
//! - [`scenario`]: scenario files and the embedded presets;
//! - [`view`]: what the app shows (colours, legend, network layout), still without Bevy.

pub mod scenario;
pub mod sim;
pub mod view;
