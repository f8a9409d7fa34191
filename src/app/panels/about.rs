//! The About window: what nano power diplomacy is and what each rule stands for.

use bevy_egui::egui;

pub(super) fn about(ui: &mut egui::Ui) {
    ui.label(
        "Nano power diplomacy (A. Purwasito, \"Nano Power Diplomacy Out of the Mainstream\") is \
         diplomacy done person to person, by individuals and small groups rather than states. \
         Nobody bargains and nobody negotiates. People of different ethnicity, customs, language, \
         socio-economic level and belief share symbols (a greeting, a song, a dish), in words and \
         without them, openly, until they live in kinship.",
    );
    ui.add_space(6.0);
    ui.strong("What each rule stands for");
    for (rule, meaning) in [
        (
            "Persons in households",
            "nano actors: individuals and small groups, with no power over anyone; household members start as kin.",
        ),
        (
            "A contact",
            "a meeting of two persons, with someone they know, someone nearby, or a traveller.",
        ),
        (
            "Willingness",
            "differences of community, appearance, belief, wealth and language make a meeting less likely; openness reaches across them; shared customs draw people together.",
        ),
        (
            "Familiarity",
            "sharing symbols makes people familiar with each other's culture, and knowing another community's symbols lowers the barrier to its people.",
        ),
        (
            "Forgetting",
            "symbols of other communities fade unless contact renews them: kinship is lived, not acquired once.",
        ),
        (
            "A gift of a symbol",
            "no bargaining: one person offers a symbol, the other may take it up; nothing is traded.",
        ),
        (
            "Verbal or not",
            "with a common language anything can pass; without one only food, music, gesture and dress, and less often; meeting teaches language.",
        ),
        (
            "Trust",
            "success raises affinity; ties grow from acquaintance to friend to kin (white), and kin across communities shine gold.",
        ),
        (
            "Hidden agendas",
            "the paper's openness: an exposed hidden agenda breaks trust and makes people warier.",
        ),
        (
            "Public events",
            "public communication: a speaker shares a symbol with those who live near, and they grow familiar with its culture.",
        ),
        (
            "A crisis",
            "out of the mainstream: the states of two communities quarrel, prejudice rises and every tie across the divide is strained, less where people know each other's culture; do person-to-person ties hold?",
        ),
        (
            "Sharing or assimilation",
            "sharing adds and nobody loses a custom; Axelrod's assimilation makes people give customs up.",
        ),
    ] {
        ui.horizontal_wrapped(|ui| {
            ui.strong(rule);
            ui.label(meaning);
        });
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Every rule is stated exactly in docs/model.md. Validation: R. Axelrod, \"The Dissemination of Culture\", J. Conflict Resolution 41(2), 1997.").small());
}
