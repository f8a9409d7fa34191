//! Exports: a screenshot (P) and the run's metrics as CSV, to files whose names say what and
//! when; and the screenshot that `nano-diplomacy screenshot` takes before it exits.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use super::simulation::Simulation;
use super::{AppSystems, Language, Status, ViewMode, ViewSettings};
use crate::files;
use crate::network::{NetworkFormat, NetworkOptions, write_network};
use crate::provenance::{Provenance, png_with_provenance};
use crate::runs::{NANO_COLUMNS, Row, csv_bytes};
use crate::sim::ties::Stage;

/// The folder exports go to (the working directory unless told otherwise).
#[derive(Resource, Debug, Clone)]
pub struct ExportDir(pub PathBuf);

impl Default for ExportDir {
    fn default() -> Self {
        ExportDir(PathBuf::from("."))
    }
}

/// Take a screenshot of the window now.
#[derive(Message, Debug, Clone, Copy)]
pub struct ScreenshotNow;

/// Write the run's metrics as CSV now.
#[derive(Message, Debug, Clone, Copy)]
pub struct ExportMetrics;

/// Write the kinship network now: its format, and the least close stage of the ties kept
/// (every person stays a node).
#[derive(Message, Debug, Clone, Copy)]
pub struct ExportNetwork {
    /// GraphML, GEXF or an edge list.
    pub format: NetworkFormat,
    /// Ties at this stage or closer are kept.
    pub closest_at_least: Stage,
}

/// The screenshot the `screenshot` command asked for: where, and after how many frames.
#[derive(Resource, Debug, Clone)]
pub struct ScreenshotRequest {
    /// Where to save the PNG.
    pub out: PathBuf,
    /// Frames to draw first (pipelines compile, the panels settle, the view is fitted).
    pub after_frames: u32,
    /// Give up (and exit with an error) after this many frames.
    pub give_up_after: u32,
    /// Set once the PNG is written: the command reads it after the app has exited.
    pub saved: Arc<AtomicBool>,
}

/// Whether the requested screenshot was saved, for the command's exit code.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub enum ScreenshotOutcome {
    /// Not yet.
    #[default]
    Pending,
    /// Saved.
    Saved,
    /// No frame was captured in time.
    TimedOut,
    /// A frame was captured but could not be saved.
    Failed,
}

/// Adds the exports.
pub fn plugin(app: &mut App) {
    app.add_message::<ScreenshotNow>()
        .add_message::<ExportMetrics>()
        .add_message::<ExportNetwork>()
        .init_resource::<ExportDir>()
        .init_resource::<ScreenshotOutcome>()
        .add_systems(
            Update,
            (
                take_screenshot,
                export_metrics,
                export_network,
                take_requested_screenshot.run_if(resource_exists::<ScreenshotRequest>),
            )
                .in_set(AppSystems::Draw),
        );
}

/// A file name that says what and when, e.g.
/// `marketplace-screenshot-map-tick120-20261128-141503.png`; the scenario's name made safe by
/// [`files::safe_file_stem`].
pub fn file_name(simulation: &Simulation, what: &str, extension: &str) -> PathBuf {
    let name = files::safe_file_stem(&simulation.scenario.name, "run");
    PathBuf::from(format!(
        "{name}-{what}-tick{}-{}.{extension}",
        simulation.model.tick(),
        files::timestamp()
    ))
}

/// Encodes a captured frame as PNG, with its provenance inside and beside it, and writes it
/// safely.
fn save_png(image: &Image, path: &std::path::Path, provenance: &Provenance) -> anyhow::Result<()> {
    let rgb = image
        .clone()
        .try_into_dynamic()
        .context("cannot read the captured frame")?
        .to_rgb8();
    let bytes = png_with_provenance(rgb.width(), rgb.height(), rgb.as_raw(), provenance)
        .context("cannot encode the PNG")?;
    files::write_atomically(path, &bytes)
        .and_then(|()| provenance.write_beside(path))
        .with_context(|| format!("cannot write {}", path.display()))
}

fn take_screenshot(
    mut requests: MessageReader<ScreenshotNow>,
    simulation: Res<Simulation>,
    settings: Res<ViewSettings>,
    dir: Res<ExportDir>,
    language: Res<Language>,
    mut commands: Commands,
) {
    if requests.read().count() == 0 {
        return;
    }
    let view = match settings.mode {
        ViewMode::Map => "screenshot-map",
        ViewMode::Network => "screenshot-network",
    };
    let path = dir.0.join(file_name(&simulation, view, "png"));
    let provenance = simulation.provenance();
    let lang = language.0.clone();
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut status: ResMut<Status>| match save_png(
            &captured.image,
            &path,
            &provenance,
        ) {
            Ok(()) => status.say(lang.f(
                "status.screenshot_saved",
                &[("path", &path.display().to_string())],
            )),
            Err(e) => status.say(format!("{e:#}")),
        },
    );
}

/// Writes the metrics recorded so far as CSV.
pub fn export_metrics(
    mut requests: MessageReader<ExportMetrics>,
    simulation: Res<Simulation>,
    dir: Res<ExportDir>,
    mut status: ResMut<Status>,
    language: Res<Language>,
) {
    if requests.read().count() == 0 {
        return;
    }
    let lang = &language.0;
    let path = dir.0.join(file_name(&simulation, "metrics", "csv"));
    let shown = path.display().to_string();
    let rows = simulation.rows().iter().cloned().map(Row::Nano);
    match csv_bytes(NANO_COLUMNS, rows)
        .and_then(|bytes| files::write_atomically(&path, &bytes))
        .and_then(|()| simulation.provenance().write_beside(&path))
    {
        Ok(()) => status.say(lang.f(
            "status.metrics_saved",
            &[
                ("rows", &simulation.rows().len().to_string()),
                ("path", &shown),
            ],
        )),
        Err(e) => status.say(lang.f(
            "status.could_not_write",
            &[("path", &shown), ("error", &e.to_string())],
        )),
    }
}

/// Writes the kinship network as asked, to a file named after the scenario and the tick.
pub fn export_network(
    mut requests: MessageReader<ExportNetwork>,
    simulation: Res<Simulation>,
    dir: Res<ExportDir>,
    mut status: ResMut<Status>,
    language: Res<Language>,
) {
    for request in requests.read() {
        let extension = match request.format {
            NetworkFormat::GraphMl => "graphml",
            NetworkFormat::Gexf => "gexf",
            NetworkFormat::EdgeList => "csv",
        };
        let path = dir.0.join(file_name(&simulation, "network", extension));
        let options = NetworkOptions {
            closest_at_least: request.closest_at_least,
        };
        let written = write_network(&simulation.model, &path, options).and_then(|()| {
            simulation.provenance().write_beside(&path).map_err(|e| {
                language.0.f(
                    "status.could_not_write",
                    &[
                        ("path", &path.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                )
            })
        });
        match written {
            Ok(()) => status.say(language.0.f(
                "status.network_saved",
                &[("path", &path.display().to_string())],
            )),
            Err(e) => status.say(e),
        }
    }
}

/// Waits for the frames the request asks for, saves one, then exits; gives up (exiting with an
/// error) if no frame is captured in time.
fn take_requested_screenshot(
    request: Res<ScreenshotRequest>,
    simulation: Res<Simulation>,
    frames: Res<FrameCount>,
    mut commands: Commands,
    mut outcome: ResMut<ScreenshotOutcome>,
    mut exit: MessageWriter<AppExit>,
    mut asked: Local<bool>,
) {
    if !*asked && frames.0 >= request.after_frames {
        *asked = true;
        let path = request.out.clone();
        let saved = request.saved.clone();
        let provenance = simulation.provenance();
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>,
                  mut outcome: ResMut<ScreenshotOutcome>,
                  mut exit: MessageWriter<AppExit>| {
                match save_png(&captured.image, &path, &provenance) {
                    Ok(()) => {
                        saved.store(true, Ordering::SeqCst);
                        *outcome = ScreenshotOutcome::Saved;
                        exit.write(AppExit::Success);
                    }
                    Err(e) => {
                        error!("{e}");
                        *outcome = ScreenshotOutcome::Failed;
                        exit.write(AppExit::from_code(2));
                    }
                }
            },
        );
    }
    if *outcome == ScreenshotOutcome::Pending && frames.0 >= request.give_up_after {
        *outcome = ScreenshotOutcome::TimedOut;
        exit.write(AppExit::from_code(3));
    }
}
