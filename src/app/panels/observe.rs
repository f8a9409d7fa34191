//! The right panel: counters of what is happening, the legend and the plots; with a person
//! selected, the inspector's card first and the plots out of the way until it is closed.

use bevy_egui::egui;

use super::inspector::inspector;
use super::plots::plots;
use super::{Panels, line_swatch, swatch};
use crate::app::simulation::Control;
use crate::app::strings;
use crate::i18n::Lang;
use crate::sim::ties::Stage;
use crate::view::palette::{self, ColourBy};

pub(super) fn observe_panel(ui: &mut egui::Ui, p: &mut Panels) {
    let lang = p.language.0.clone();
    if let Some(person) = p.selection.0 {
        // The person's card first, where a class sees it without scrolling (at 1280 x 800
        // too); the plots wait until it is closed.
        ui.horizontal(|ui| {
            ui.heading(lang.f("observe.person", &[("person", &person.to_string())]));
            if ui
                .button(lang.t("observe.close"))
                .on_hover_text(lang.t("observe.close_tip"))
                .clicked()
            {
                p.controls.write(Control::Select(None));
            }
        });
        ui.toggle_value(&mut p.settings.eyes, lang.t("eyes.toggle"))
            .on_hover_text(lang.t("eyes.hint"));
        inspector(ui, &p.simulation, p.compare.world(), person, &lang);
        ui.separator();
        counters(ui, p, &lang);
        ui.separator();
        legend(ui, p, &lang);
        return;
    }
    ui.heading(lang.t("observe.heading"));
    counters(ui, p, &lang);
    ui.separator();
    legend(ui, p, &lang);
    ui.separator();
    plots(
        ui,
        &p.simulation,
        p.compare.world(),
        p.settings.theme.colours(),
        &lang,
    );
    ui.separator();
    ui.strong(lang.t("observe.inspector"));
    ui.label(lang.t("observe.inspector_hint"));
}

/// How many ties, friends and kin there are, and across communities.
fn counters(ui: &mut egui::Ui, p: &Panels, lang: &Lang) {
    let simulation = &p.simulation;
    let m = simulation.rows().last();
    egui::Grid::new("counters").num_columns(2).show(ui, |ui| {
        let mut row = |key: &str, value: String| {
            ui.label(lang.t(key));
            ui.label(egui::RichText::new(value).strong());
            ui.end_row();
        };
        row("counter.tick", simulation.model.tick().to_string());
        row(
            "counter.persons",
            simulation.model.population().len().to_string(),
        );
        if let Some(m) = m {
            row("counter.ties", m.ties.to_string());
            row("counter.friends", m.friends.to_string());
            row("counter.kin", m.kin.to_string());
            row(
                "counter.kin_across",
                format!(
                    "{} ({:.0}%)",
                    m.kin_cross_community,
                    100.0 * m.kin_cross_share
                ),
            );
            row("counter.exposed", m.agendas_exposed.to_string());
        }
    });
}

pub(super) fn legend(ui: &mut egui::Ui, p: &Panels, lang: &Lang) {
    let model = &p.simulation.model;
    let names = p.simulation.names(lang);
    let colours = p.settings.theme.colours();
    let colouring = p.settings.colouring(model, p.selection.0);
    match (colouring, p.selection.0) {
        (ColourBy::FamiliarityWith(c), Some(person)) => ui.strong(strings::eyes_heading(
            lang,
            &names.community(u32::from(c)),
            person,
        )),
        _ => ui.strong(lang.f("legend.persons", &[("colouring", colouring.label(lang))])),
    };
    ui.horizontal_wrapped(|ui| {
        for (label, colour) in palette::legend_in(model, colouring, colours, &names) {
            swatch(ui, colour, &label);
        }
    });
    ui.strong(lang.t("legend.ties"));
    line_swatch(
        ui,
        colours.tie(Stage::Acquaintance, false, false),
        1.0,
        lang.t("legend.acquaintance"),
    );
    line_swatch(
        ui,
        colours.tie(Stage::Friend, false, false),
        2.0,
        lang.t("legend.friend"),
    );
    line_swatch(
        ui,
        colours.tie(Stage::Kin, false, false),
        3.5,
        lang.t("legend.kin"),
    );
    line_swatch(
        ui,
        colours.tie(Stage::Kin, true, false),
        3.5,
        lang.t("legend.kin_across"),
    );
    line_swatch(ui, colours.crisis, 3.0, lang.t("legend.crisis"));
    ui.label(egui::RichText::new(lang.t("legend.glow")).small());
    ui.label(egui::RichText::new(lang.t("legend.marks")).small());
}
