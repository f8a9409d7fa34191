//! The timeline under the world: a scrubber over the ticks run so far. Drag it back to see the
//! world exactly as it was; play on from there and the run goes on as it went. Markers show the
//! moments a class should notice (click one to go there); frequent events can be shown as a
//! density under the bar.

use bevy_egui::egui;

use super::{Draft, Panels, colour32};
use crate::app::simulation::Control;
use crate::app::strings;
use crate::i18n::Names;
use crate::timeline::{Density, Marker, MarkerKind, Timeline};
use crate::view::palette;

/// The bar's height, and the room above it for markers and below it for densities.
const BAR: f32 = 16.0;
const MARKER_ROOM: f32 = 14.0;
const DENSITY_ROOM: f32 = 18.0;

pub(super) fn timeline_panel(ui: &mut egui::Ui, p: &mut Panels, draft: &mut Draft) {
    let simulation = &p.simulation;
    let timeline = &simulation.timeline;
    let now = simulation.model.tick();
    let lang = &p.language.0;
    let names = simulation.names(lang);
    // Wrapped: in a narrow window (or a longer language) the switches move to a second row
    // rather than off the edge.
    ui.horizontal_wrapped(|ui| {
        ui.strong(lang.t("timeline.heading"));
        ui.label(strings::timeline_position(lang, now, timeline.head_tick()));
        if timeline.is_behind() {
            ui.label(egui::RichText::new(lang.t("timeline.behind")).small());
        }
        ui.separator();
        let before = previous_marker(timeline, now);
        let after = next_marker(timeline, now);
        if ui
            .add_enabled(
                before.is_some(),
                egui::Button::new(lang.t("timeline.previous")),
            )
            .clicked()
            && let Some(tick) = before
        {
            p.controls.write(Control::Seek(tick));
        }
        if ui
            .add_enabled(after.is_some(), egui::Button::new(lang.t("timeline.next")))
            .clicked()
            && let Some(tick) = after
        {
            p.controls.write(Control::Seek(tick));
        }
        ui.separator();
        ui.label(lang.t("timeline.show"));
        for (k, kind) in Density::ALL.into_iter().enumerate() {
            ui.toggle_value(&mut draft.densities[k], lang.t(strings::density_key(kind)));
        }
    });
    let shown: Vec<Density> = Density::ALL
        .into_iter()
        .enumerate()
        .filter(|&(k, _)| draft.densities[k])
        .map(|(_, kind)| kind)
        .collect();
    if let Some(tick) = scrubber(ui, timeline, now, &names, &shown) {
        p.controls.write(Control::Seek(tick));
    }
    ui.add_space(4.0);
}

/// Draws the bar, its markers and densities; the tick a drag or a click asks for, if any.
fn scrubber(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    now: u64,
    names: &Names,
    shown: &[Density],
) -> Option<u64> {
    let height = MARKER_ROOM + BAR + DENSITY_ROOM * shown.len() as f32;
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let (first, head) = (timeline.first_tick(), timeline.head_tick());
    let span = (head - first).max(1) as f32;
    let x_of = |tick: u64| rect.left() + (tick.saturating_sub(first)) as f32 / span * rect.width();
    let tick_at = |x: f32| {
        let share = ((x - rect.left()) / rect.width()).clamp(0.0, 1.0);
        first + (share * span).round() as u64
    };

    // The bar: the run so far, the part up to the tick on screen brighter.
    let bar = egui::Rect::from_min_max(
        egui::pos2(rect.left(), rect.top() + MARKER_ROOM),
        egui::pos2(rect.right(), rect.top() + MARKER_ROOM + BAR),
    );
    painter.rect_filled(bar, 3.0, egui::Color32::from_gray(55));
    let played = egui::Rect::from_min_max(bar.min, egui::pos2(x_of(now), bar.max.y));
    painter.rect_filled(played, 3.0, egui::Color32::from_gray(120));

    // Densities, one strip each, as bars a few pixels wide.
    let bins = (width / 3.0).max(1.0) as usize;
    for (row, &kind) in shown.iter().enumerate() {
        let counts = timeline.binned(kind, bins);
        let most = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let top = bar.max.y + 2.0 + DENSITY_ROOM * row as f32;
        let colour = colour32(density_colour(kind));
        let step = rect.width() / counts.len().max(1) as f32;
        for (i, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let h = (count as f32 / most * (DENSITY_ROOM - 4.0)).max(1.5);
            let x = rect.left() + i as f32 * step;
            painter.rect_filled(
                egui::Rect::from_min_max(
                    egui::pos2(x, top + DENSITY_ROOM - 4.0 - h),
                    egui::pos2(x + step.max(1.0), top + DENSITY_ROOM - 4.0),
                ),
                0.0,
                colour,
            );
        }
    }

    // Markers: triangles above the bar; the one under the pointer named, a click goes there.
    let pointer = response.hover_pos();
    let mut hovered: Option<&Marker> = None;
    for marker in timeline.markers() {
        let x = x_of(marker.tick);
        let tip = egui::pos2(x, bar.min.y - 1.0);
        let colour = colour32(marker_colour(&marker.kind));
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                egui::pos2(x - 5.0, tip.y - MARKER_ROOM + 3.0),
                egui::pos2(x + 5.0, tip.y - MARKER_ROOM + 3.0),
            ],
            colour,
            egui::Stroke::NONE,
        ));
        if pointer.is_some_and(|p| p.y < bar.min.y && (p.x - x).abs() <= 6.0) {
            hovered = Some(marker);
        }
    }

    // The tick on screen.
    let x = x_of(now);
    painter.line_segment(
        [
            egui::pos2(x, bar.min.y - 2.0),
            egui::pos2(x, bar.max.y + 2.0),
        ],
        egui::Stroke::new(3.0, egui::Color32::WHITE),
    );

    if let Some(marker) = hovered {
        let text = strings::marker_text(marker, names);
        response.clone().on_hover_text_at_pointer(text);
        if response.clicked() {
            return Some(marker.tick);
        }
    }
    if response.dragged() || response.clicked() {
        return response.interact_pointer_pos().map(|p| tick_at(p.x));
    }
    None
}

/// The last marker before the tick on screen.
fn previous_marker(timeline: &Timeline, now: u64) -> Option<u64> {
    timeline
        .markers()
        .iter()
        .rev()
        .map(|m| m.tick)
        .find(|&t| t < now)
}

/// The first marker after the tick on screen.
fn next_marker(timeline: &Timeline, now: u64) -> Option<u64> {
    timeline.markers().iter().map(|m| m.tick).find(|&t| t > now)
}

fn marker_colour(kind: &MarkerKind) -> palette::Rgba {
    match kind {
        MarkerKind::FirstKinAcross { .. } => palette::KIN_ACROSS,
        MarkerKind::CrisisStarted { .. } | MarkerKind::CrisisEnded { .. } => palette::CRISIS,
        MarkerKind::FirstExposure { .. } => palette::PLOT_LANGUAGE,
    }
}

fn density_colour(kind: Density) -> palette::Rgba {
    match kind {
        Density::Exposures => palette::PLOT_LANGUAGE,
        Density::PublicEvents => palette::PLOT_AFFINITY,
        Density::NewKin => palette::PLOT_NEUTRAL,
    }
}
