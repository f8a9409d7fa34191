//! The sliders of the rules (they apply at once) and of the population (at the next reset).

use bevy_egui::egui;

use crate::sim::params::{ExchangeRule, NanoParams};

/// A slider that never changes a value it did not edit: a scenario may hold values beyond the
/// slider's range (still valid), and drawing the slider must not clamp them.
pub(super) fn slider<'a, N: egui::emath::Numeric>(
    value: &'a mut N,
    range: std::ops::RangeInclusive<N>,
) -> egui::Slider<'a> {
    egui::Slider::new(value, range).clamping(egui::SliderClamping::Edits)
}

pub(super) fn share(ui: &mut egui::Ui, value: &mut f64, label: &str, tip: &str) -> bool {
    ui.add(slider(value, 0.0..=1.0).text(label))
        .on_hover_text(tip)
        .changed()
}

pub(super) fn rule_sliders(ui: &mut egui::Ui, p: &mut NanoParams) -> bool {
    let mut changed = false;
    changed |= share(
        ui,
        &mut p.contact_rate,
        "contact rate",
        "probability that a person starts a contact in a tick",
    );
    changed |= share(
        ui,
        &mut p.p_known,
        "meet the known",
        "probability that the partner is someone already tied",
    );
    changed |= share(
        ui,
        &mut p.p_travel,
        "travel",
        "otherwise, probability that the partner is anyone in the world",
    );
    changed |= share(
        ui,
        &mut p.p_nonverbal,
        "non-verbal success",
        "probability that a contact without a common language succeeds",
    );
    changed |= share(
        ui,
        &mut p.eta,
        "trust gained",
        "affinity gained on success, as a share of what is missing to 1",
    );
    changed |= share(
        ui,
        &mut p.p_exposed,
        "exposure",
        "probability that a hidden agenda is exposed in a contact",
    );
    changed |= share(
        ui,
        &mut p.language_learning,
        "language learning",
        "fluency gained per non-verbal contact",
    );
    changed |= share(
        ui,
        &mut p.openness_gain,
        "contact hypothesis",
        "openness gained by a success across communities",
    );
    changed |= share(
        ui,
        &mut p.familiarity_weight,
        "familiarity",
        "how much knowing each other's symbols lowers the barrier between communities",
    );
    changed |= ui
        .add(slider(&mut p.symbol_forgetting, 0.0..=0.2).text("forgetting"))
        .on_hover_text("probability of forgetting each foreign symbol per tick")
        .changed();
    changed |= ui
        .add(slider(&mut p.weight_appearance, 0.0..=3.0).text("appearance weight"))
        .on_hover_text("weight of a difference in appearance in the barrier")
        .changed();
    changed |= ui
        .add(slider(&mut p.decay, 0.0..=0.05).text("decay"))
        .on_hover_text("affinity an untouched tie loses per tick")
        .changed();
    changed |= ui
        .add(slider(&mut p.public_rate, 0.0..=5.0).text("public events/tick"))
        .changed();
    ui.horizontal(|ui| {
        changed |= ui
            .radio_value(&mut p.exchange, ExchangeRule::Sharing, "sharing")
            .on_hover_text("symbols are given; nobody loses a custom")
            .changed();
        changed |= ui
            .radio_value(&mut p.exchange, ExchangeRule::Assimilation, "assimilation")
            .on_hover_text("Axelrod's rule: the partner gives up a custom for the initiator's")
            .changed();
    });
    changed
}

pub(super) fn population_sliders(ui: &mut egui::Ui, p: &mut NanoParams) -> bool {
    let mut changed = false;
    changed |= ui
        .add(
            slider(&mut p.persons, 10..=20_000)
                .logarithmic(true)
                .text("persons"),
        )
        .changed();
    changed |= ui
        .add(slider(&mut p.communities, 1..=12).text("communities"))
        .changed();
    changed |= ui
        .add(slider(&mut p.languages, 1..=8).text("languages"))
        .changed();
    changed |= share(
        ui,
        &mut p.bilingual_share,
        "bilingual",
        "share of persons who speak a second language",
    );
    changed |= share(
        ui,
        &mut p.transparency,
        "transparency",
        "share of persons without a hidden agenda",
    );
    changed |= share(
        ui,
        &mut p.mixing,
        "mixed homes",
        "0: each community in its own quarter; 1: anywhere",
    );
    changed |= share(
        ui,
        &mut p.openness_mean,
        "openness",
        "mean openness to strangers",
    );
    changed |= share(
        ui,
        &mut p.appearance_spread,
        "appearance spread",
        "how widely appearance varies around each community's centre",
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
