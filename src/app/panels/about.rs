//! The About window: what nano power diplomacy is and what each rule stands for, in the
//! interface language (the `about.*` texts of assets/lang/*.ron).

use bevy_egui::egui;

use crate::i18n::Lang;

/// The rules' names, by key (each with its meaning at `KEY.meaning`), in the order told.
const RULES: &[&str] = &[
    "about.households",
    "about.contact",
    "about.willingness",
    "about.familiarity",
    "about.forgetting",
    "about.gift",
    "about.verbal",
    "about.trust",
    "about.hidden",
    "about.public",
    "about.crisis",
    "about.exchange",
];

pub(super) fn about(ui: &mut egui::Ui, lang: &Lang) {
    ui.label(lang.t("about.intro"));
    ui.add_space(6.0);
    ui.strong(lang.t("about.rules"));
    for rule in RULES {
        ui.horizontal_wrapped(|ui| {
            ui.strong(lang.t(rule));
            ui.label(lang.t(&format!("{rule}.meaning")));
        });
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new(lang.t("about.footer")).small());
}
