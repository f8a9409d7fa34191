//! The sliders of the rules (they apply at once) and of the population (at the next reset).

use bevy_egui::egui;

use crate::i18n::Lang;
use crate::sim::params::{ExchangeRule, NanoParams};

/// A slider that never changes a value it did not edit: a scenario may hold values beyond the
/// slider's range (still valid), and drawing the slider must not clamp them.
pub(super) fn slider<'a, N: egui::emath::Numeric>(
    value: &'a mut N,
    range: std::ops::RangeInclusive<N>,
) -> egui::Slider<'a> {
    egui::Slider::new(value, range).clamping(egui::SliderClamping::Edits)
}

/// A slider of a share from 0 to 1, named and explained by the keys `param.NAME` and
/// `param.NAME.tip` in the interface language.
pub(super) fn share(ui: &mut egui::Ui, value: &mut f64, key: &str, lang: &Lang) -> bool {
    ui.add(slider(value, 0.0..=1.0).text(lang.t(key)))
        .on_hover_text(lang.t(&format!("{key}.tip")))
        .changed()
}

pub(super) fn rule_sliders(ui: &mut egui::Ui, p: &mut NanoParams, lang: &Lang) -> bool {
    let mut changed = false;
    changed |= share(ui, &mut p.contact_rate, "param.contact_rate", lang);
    changed |= share(ui, &mut p.p_known, "param.p_known", lang);
    changed |= share(ui, &mut p.p_travel, "param.p_travel", lang);
    changed |= share(ui, &mut p.p_nonverbal, "param.p_nonverbal", lang);
    changed |= share(ui, &mut p.eta, "param.eta", lang);
    changed |= share(ui, &mut p.p_exposed, "param.p_exposed", lang);
    changed |= share(
        ui,
        &mut p.language_learning,
        "param.language_learning",
        lang,
    );
    changed |= share(ui, &mut p.openness_gain, "param.openness_gain", lang);
    changed |= share(
        ui,
        &mut p.familiarity_weight,
        "param.familiarity_weight",
        lang,
    );
    changed |= ui
        .add(slider(&mut p.symbol_forgetting, 0.0..=0.2).text(lang.t("param.symbol_forgetting")))
        .on_hover_text(lang.t("param.symbol_forgetting.tip"))
        .changed();
    changed |= ui
        .add(slider(&mut p.weight_appearance, 0.0..=3.0).text(lang.t("param.weight_appearance")))
        .on_hover_text(lang.t("param.weight_appearance.tip"))
        .changed();
    changed |= ui
        .add(slider(&mut p.decay, 0.0..=0.05).text(lang.t("param.decay")))
        .on_hover_text(lang.t("param.decay.tip"))
        .changed();
    changed |= ui
        .add(slider(&mut p.public_rate, 0.0..=5.0).text(lang.t("param.public_rate")))
        .changed();
    ui.horizontal(|ui| {
        changed |= ui
            .radio_value(
                &mut p.exchange,
                ExchangeRule::Sharing,
                lang.t("param.sharing"),
            )
            .on_hover_text(lang.t("param.sharing.tip"))
            .changed();
        changed |= ui
            .radio_value(
                &mut p.exchange,
                ExchangeRule::Assimilation,
                lang.t("param.assimilation"),
            )
            .on_hover_text(lang.t("param.assimilation.tip"))
            .changed();
    });
    changed
}

pub(super) fn population_sliders(ui: &mut egui::Ui, p: &mut NanoParams, lang: &Lang) -> bool {
    let mut changed = false;
    changed |= ui
        .add(
            slider(&mut p.persons, 10..=20_000)
                .logarithmic(true)
                .text(lang.t("param.persons")),
        )
        .changed();
    changed |= ui
        .add(slider(&mut p.communities, 1..=12).text(lang.t("param.communities")))
        .changed();
    changed |= ui
        .add(slider(&mut p.languages, 1..=8).text(lang.t("param.languages")))
        .changed();
    changed |= share(ui, &mut p.bilingual_share, "param.bilingual_share", lang);
    changed |= share(ui, &mut p.transparency, "param.transparency", lang);
    changed |= share(ui, &mut p.mixing, "param.mixing", lang);
    changed |= share(ui, &mut p.openness_mean, "param.openness_mean", lang);
    changed |= share(
        ui,
        &mut p.appearance_spread,
        "param.appearance_spread",
        lang,
    );
    if changed {
        // Keep the parameters valid: the world holds at most 256 symbols. (A planned crisis
        // between communities that a new world lacks simply does not happen.)
        p.symbols_per_community = p.symbols_per_community.min(256 / p.communities);
        // Names for as many communities as there are, or none.
        if !p.community_names.is_empty() {
            let names = (0..p.communities).map(|c| p.community_name(c)).collect();
            p.community_names = names;
        }
    }
    changed
}
