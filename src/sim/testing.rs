//! Parameters for the model's unit tests: a small, valid, lively world.

use super::params::{ExchangeRule, NanoParams, SymbolEntry, SymbolKind};

/// A small world of three communities and two languages, quick to run.
pub(crate) fn small_params() -> NanoParams {
    let entry = |name: &str, kind| SymbolEntry {
        name: name.to_string(),
        kind,
    };
    NanoParams {
        persons: 120,
        communities: 3,
        household_size_max: 4,
        mixing: 0.5,
        languages: 2,
        bilingual_share: 0.3,
        bilingual_fluency: 0.7,
        beliefs: 3,
        belief_community_bias: 0.8,
        features: 5,
        traits: 10,
        customs_community_bias: 0.6,
        ses_gap: 0.4,
        openness_mean: 0.5,
        openness_spread: 0.4,
        transparency: 0.9,
        appearance_spread: 0.4,
        community_names: Vec::new(),
        symbols_per_community: 4,
        symbol_knowledge: 0.6,
        catalogue: vec![
            entry("greeting", SymbolKind::Verbal),
            entry("harvest song", SymbolKind::NonVerbal),
            entry("proverb", SymbolKind::Verbal),
            entry("rendang", SymbolKind::NonVerbal),
        ],
        contact_rate: 0.5,
        p_known: 0.4,
        p_travel: 0.1,
        contact_radius: 0.15,
        weight_community: 1.0,
        weight_belief: 1.0,
        weight_ses: 1.0,
        weight_language: 1.0,
        weight_appearance: 1.0,
        familiarity_weight: 0.8,
        fluency_to_speak: 0.5,
        p_nonverbal: 0.4,
        exchange: ExchangeRule::Sharing,
        eta: 0.15,
        failure_penalty: 0.05,
        p_exposed: 0.2,
        exposure_openness_loss: 0.3,
        language_learning: 0.05,
        openness_gain: 0.02,
        theta_friend: 0.4,
        theta_kin: 0.75,
        hysteresis: 0.1,
        decay: 0.01,
        kin_decay: 0.002,
        forget_below: 0.02,
        symbol_forgetting: 0.04,
        public_rate: 0.5,
        public_audience: 10,
        crisis: None,
    }
}

/// The parameters of a preset.
pub(crate) fn preset(name: &str) -> NanoParams {
    crate::scenario::Scenario::preset(name)
        .expect("a preset")
        .nano()
        .expect("a nano preset")
        .clone()
}
