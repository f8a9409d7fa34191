//! The live plots: kin ties, the share across communities, affinity, common language and
//! cultures, over the ticks recorded so far.

use bevy_egui::egui;
use egui_plot::{Line, LineStyle, Plot, PlotPoints, uniform_grid_spacer};

use super::{colour32, line_swatch};
use crate::app::simulation::Simulation;
use crate::i18n::Lang;
use crate::view::axis;
use crate::view::palette;
use crate::view::theme::Colours;

/// The plots of world A, with world B's lines dashed over them when comparing.
pub(super) fn plots(
    ui: &mut egui::Ui,
    simulation: &Simulation,
    world_b: Option<&Simulation>,
    colours: &Colours,
    lang: &Lang,
) {
    // At most about 1,000 points a line: a long class run must not slow every frame.
    let series = |world: &Simulation, f: &dyn Fn(&crate::sim::Metrics) -> f64| -> PlotPoints {
        let rows = world.rows();
        let stride = (rows.len() / 1000).max(1);
        rows.iter()
            .step_by(stride)
            .chain(rows.last())
            .map(|m| [m.tick as f64, f(m)])
            .collect()
    };
    // The x axis spans at least ten ticks: with a single point (tick 0) the automatic bounds
    // would be a sliver around 0, and the axis would show "0" alone.
    let last_tick = simulation.rows().last().map_or(0, |m| m.tick) as f64;
    let plot = |id: &str, title: &str| {
        Plot::new(id.to_string())
            .height(115.0)
            .include_x(0.0)
            .include_x(last_tick.max(10.0))
            // Grid lines at 1, 2 or 5 times a power of ten, so that each axis is labelled
            // whatever its range (src/view/axis.rs); egui_plot asks for marks at least 8
            // points apart and labels them fully from 80 points apart on x, from 30 on y (25
            // is light but legible, and fits two labels on these short plots).
            .x_grid_spacer(uniform_grid_spacer(|input| {
                axis::grid_steps(input.base_step_size / 8.0, 8.0, 80.0)
            }))
            .y_grid_spacer(uniform_grid_spacer(|input| {
                axis::grid_steps(input.base_step_size / 8.0, 8.0, 25.0)
            }))
            .x_axis_formatter(|mark, _| axis::mark_label(mark.value, mark.step_size))
            .y_axis_formatter(|mark, _| axis::mark_label(mark.value, mark.step_size))
            .allow_scroll(false)
            .allow_zoom(false)
            .allow_drag(false)
            .include_y(0.0)
            .x_axis_label(title.to_string())
    };
    // Each plot's lines are named in a row above it, not in a legend inside it, which would
    // cover the newest values (the right end) of rising curves.
    type Measure<'a> = (
        &'a str,
        palette::Rgba,
        &'a dyn Fn(&crate::sim::Metrics) -> f64,
    );
    let show = |ui: &mut egui::Ui, id: &str, top: f64, lines: &[Measure]| {
        ui.horizontal_wrapped(|ui| {
            for &(label, colour, _) in lines {
                line_swatch(ui, colour, 2.5, label);
            }
        });
        plot(id, lang.t("plots.tick"))
            .include_y(top)
            .show(ui, |plot| {
                for &(label, colour, measure) in lines {
                    plot.line(
                        Line::new(label, series(simulation, measure)).color(colour32(colour)),
                    );
                    if let Some(b) = world_b {
                        plot.line(
                            Line::new(format!("{label} (B)"), series(b, measure))
                                .color(colour32(colour))
                                .style(LineStyle::dashed_dense()),
                        );
                    }
                }
            });
    };
    ui.strong(lang.t("plots.over_time"));
    if world_b.is_some() {
        ui.label(lang.t("plots.a_solid_b_dashed"));
    }
    show(
        ui,
        "kin",
        0.0,
        &[
            (lang.t("plots.kin"), colours.plot_neutral, &|m| m.kin as f64),
            (lang.t("plots.kin_across"), colours.kin_across, &|m| {
                m.kin_cross_community as f64
            }),
        ],
    );
    show(
        ui,
        "shares",
        1.0,
        &[
            (lang.t("plots.kin_share"), colours.kin_across, &|m| {
                m.kin_cross_share
            }),
            (lang.t("plots.affinity"), colours.plot_affinity, &|m| {
                m.mean_affinity
            }),
            (lang.t("plots.language"), colours.plot_language, &|m| {
                m.common_language_share
            }),
        ],
    );
    show(
        ui,
        "cultures",
        0.0,
        &[(lang.t("plots.cultures"), colours.plot_neutral, &|m| {
            m.distinct_cultures as f64
        })],
    );
}
