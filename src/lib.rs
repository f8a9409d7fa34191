//! nano-diplomacy: an agent-based model of nano power diplomacy, and Axelrod's culture model.
//!
//! - [`sim`]: the model itself, deterministic and free of Bevy, files and terminals;
//! - [`scenario`]: scenario files and the embedded presets;
//! - [`view`]: what the app shows (colours, legend, network layout), still without Bevy;
//! - `app`: the Bevy desktop app (cargo feature `app`, on by default);
//! - [`i18n`]: the interface's languages, a table of words per language;
//! - [`lessons`]: lesson files and the headless lesson runner;
//! - [`files`]: safe writes of the files the program makes;
//! - [`network`]: the kinship network out, as GraphML, dynamic GEXF or a CSV edge list;
//! - [`runs`]: one run of either model, its typed rows, the recording loop and the CSV;
//! - [`saved`]: saved runs that resume exactly;
//! - [`sweep`]: batch runs over combinations of parameters, with replicates;
//! - [`provenance`]: what made a file, written beside it (and inside a PNG);
//! - [`plot`]: a sweep's measure as a line chart, for a slide;
//! - [`stats`]: means, intervals and the tests that compare samples of runs;
//! - [`timeline`]: a run's checkpoints, markers and densities, for going back to any tick.

#[cfg(feature = "app")]
pub mod app;
pub mod files;
pub mod i18n;
pub mod lessons;
pub mod network;
pub mod plot;
pub mod provenance;
pub mod runs;
pub mod saved;
pub mod scenario;
pub mod sim;
pub mod stats;
pub mod sweep;
pub mod timeline;
pub mod view;
