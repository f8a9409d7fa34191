//! The panels: controls on the left; counters, legend, plots and the inspector on the right; a
//! banner during a crisis; an About window that tells what nano power diplomacy is. One file
//! per panel; the panels draw and send messages ([`Control`], [`ScreenshotNow`],
//! [`ExportMetrics`]), and systems elsewhere carry them out (files included: see
//! `app::storage`).

mod about;
mod controls;
mod inspector;
mod lesson;
mod observe;
mod overlays;
mod parameters;
mod plots;
mod timeline;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::camera::{FitRequest, HoveredMark, WorldAreas};
use super::compare::{Change, Compare};
use super::export::{ExportMetrics, ExportNetwork, ScreenshotNow};
use super::lesson::{LessonControl, LessonMode};
use super::simulation::{Control, Playback, Selection, Simulation, Speed};
use super::{Language, PanelWidths, Status, ViewSettings};
use crate::i18n::Lang;
use crate::sim::ties::Stage;
use crate::view::palette::Rgba;
use crate::view::theme::Theme;

/// Adds the panels.
pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw_panels);
}

/// What the panels read and change.
#[derive(SystemParam)]
struct Panels<'w> {
    simulation: Res<'w, Simulation>,
    compare: Res<'w, Compare>,
    settings: ResMut<'w, ViewSettings>,
    language: ResMut<'w, Language>,
    speed: Res<'w, Speed>,
    playback: Res<'w, State<Playback>>,
    selection: Res<'w, Selection>,
    widths: ResMut<'w, PanelWidths>,
    status: ResMut<'w, Status>,
    fit: ResMut<'w, FitRequest>,
    areas: Res<'w, WorldAreas>,
    hovered_mark: Res<'w, HoveredMark>,
    controls: MessageWriter<'w, Control>,
    screenshots: MessageWriter<'w, ScreenshotNow>,
    exports: MessageWriter<'w, ExportMetrics>,
    network_exports: MessageWriter<'w, ExportNetwork>,
    lessons: MessageWriter<'w, LessonControl>,
}

/// Text fields and choices that live only in the panels.
struct Draft {
    open_path: String,
    save_path: String,
    run_path: String,
    crisis_between: (u8, u8),
    crisis_duration: u64,
    crisis_prejudice: f64,
    crisis_strain: f64,
    /// The least close stage of the ties a network export keeps.
    network_stage: Stage,
    /// What world B would change.
    compare_change: Change,
    /// Which densities the timeline shows, in the order of `Density::ALL`.
    densities: [bool; 3],
    /// The languages the switch offers (found once, when first drawn).
    languages: Vec<Lang>,
    /// Where a lesson's report is saved (NAME.md and NAME.csv).
    report_path: String,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            open_path: String::new(),
            save_path: "my-scenario.ron".to_string(),
            run_path: "my-run.run".to_string(),
            crisis_between: (0, 1),
            // As in the crisis preset.
            crisis_duration: 200,
            crisis_prejudice: 0.8,
            crisis_strain: 0.002,
            network_stage: Stage::Acquaintance,
            compare_change: Change::Preset("no-symbols".to_string()),
            densities: [false; 3],
            languages: Vec::new(),
            report_path: "lesson-report".to_string(),
        }
    }
}

/// A palette colour as egui's.
fn colour32(c: Rgba) -> egui::Color32 {
    let u = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    egui::Color32::from_rgba_unmultiplied(u(c[0]), u(c[1]), u(c[2]), u(c[3]))
}

/// Draws the panels, the overlays and the About window, and keeps the panels' widths for the
/// camera.
fn draw_panels(
    mut contexts: EguiContexts,
    panels: Panels,
    lesson_mode: Res<LessonMode>,
    mut draft: Local<Draft>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut p = panels;
    let colours = p.settings.theme.colours();
    ctx.set_zoom_factor(p.settings.ui_scale * colours.text_scale);
    let zoom = ctx.zoom_factor();
    let visuals = visuals(p.settings.theme);
    if ctx.global_style().visuals != visuals {
        ctx.set_visuals(visuals);
    }

    // Panels need a parent Ui in egui 0.36: one over the whole window, in the background.
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let mut widths = PanelWidths::default();
    if p.settings.show_panels {
        // In a lesson, the card takes the controls' place: only what the card needs shows.
        let left = match lesson_mode.0.as_ref() {
            Some(session) => egui::Panel::left("lesson")
                .resizable(false)
                .exact_size(420.0)
                .show(&mut root, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        lesson::lesson_panel(ui, &mut p, session, &mut draft.report_path)
                    });
                }),
            None => egui::Panel::left("controls")
                .resizable(false)
                .exact_size(300.0)
                .show(&mut root, |ui| {
                    // The bar always shows, so that a class at a projector sees there is more
                    // below.
                    egui::ScrollArea::vertical()
                        .scroll_bar_visibility(
                            egui::scroll_area::ScrollBarVisibility::AlwaysVisible,
                        )
                        .show(ui, |ui| controls::controls_panel(ui, &mut p, &mut draft));
                }),
        };
        widths.left = left.response.rect.width() * zoom;
        let right = egui::Panel::right("observe")
            .resizable(false)
            .exact_size(340.0)
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| observe::observe_panel(ui, &mut p));
            });
        widths.right = right.response.rect.width() * zoom;
        // A lesson walks its cards forward and back; the timeline is for free exploration.
        if lesson_mode.0.is_none() {
            let bottom = egui::Panel::bottom("timeline")
                .resizable(false)
                .show(&mut root, |ui| {
                    timeline::timeline_panel(ui, &mut p, &mut draft)
                });
            widths.bottom = bottom.response.rect.height() * zoom;
        }
    }
    if *p.widths != widths {
        *p.widths = widths;
        p.fit.0 = p.fit.0.max(2);
    }

    let lang = p.language.0.clone();
    overlays::compare_labels(ctx, &p.simulation, &p.compare, &p.areas, &lang);
    overlays::crisis_banner(ctx, &p.simulation, &lang);
    overlays::mark_name(ctx, &p.hovered_mark);
    overlays::status_line(ctx, &p.status);
    if p.settings.show_about {
        let mut open = true;
        // One window whatever its title's language.
        egui::Window::new(lang.t("about.title"))
            .id(egui::Id::new("about"))
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| about::about(ui, &lang));
        p.settings.show_about = open;
    }
    Ok(())
}

/// egui's look in a theme: its text at least 7:1 against the panels (tested on the theme's
/// colours in src/view/theme.rs).
fn visuals(theme: Theme) -> egui::Visuals {
    let colours = theme.colours();
    let mut visuals = match theme {
        Theme::Dark => egui::Visuals::dark(),
        Theme::Projector => egui::Visuals::light(),
    };
    visuals.override_text_color = Some(colour32(colours.text));
    visuals.panel_fill = colour32(colours.panel);
    visuals.window_fill = colour32(colours.panel);
    visuals
}

/// A colour's name after a disc of it.
fn swatch(ui: &mut egui::Ui, colour: Rgba, label: &str) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter()
            .circle_filled(rect.center(), 6.0, colour32(colour));
        ui.label(label);
    });
}

/// A line's name after a short stroke of its colour and width (faint colours made visible), as
/// one piece: a wrapped row moves it whole to the next line when it does not fit.
fn line_swatch(ui: &mut egui::Ui, colour: Rgba, width: f32, label: &str) {
    let text_colour = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui
        .painter()
        .layout_no_wrap(label.to_string(), font, text_colour);
    let (stroke, gap) = (28.0, ui.spacing().item_spacing.x);
    // As tall as a row of widgets, as the legend's rows were.
    let height = galley.size().y.max(ui.spacing().interact_size.y);
    let size = egui::vec2(stroke + gap + galley.size().x, height);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let y = rect.center().y;
    let opaque = [colour[0], colour[1], colour[2], colour[3].max(0.35)];
    ui.painter().line_segment(
        [
            egui::pos2(rect.left(), y),
            egui::pos2(rect.left() + stroke, y),
        ],
        egui::Stroke::new(width, colour32(opaque)),
    );
    ui.painter().galley(
        egui::pos2(rect.left() + stroke + gap, y - galley.size().y / 2.0),
        galley,
        text_colour,
    );
}
