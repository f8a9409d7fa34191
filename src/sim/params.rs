//! The parameters of the nano power diplomacy model, with their valid ranges.
//!
//! Every field is documented in docs/model.md with its meaning, range, default and the notion of
//! the paper it stands for. A scenario file names each of them; nothing here has a hidden default.

use serde::{Deserialize, Serialize};

use super::ties::StageThresholds;

/// Whether a symbol can pass without a common language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SymbolKind {
    /// Words: a proverb, a greeting, a story. Passes only in a verbal contact.
    Verbal,
    /// Food, music, gesture, dress: passes in any contact.
    NonVerbal,
}

/// One entry of a scenario's symbol catalogue: a display name and a kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolEntry {
    /// The name shown to people, for example "harvest song" or "rendang".
    pub name: String,
    /// Verbal or non-verbal.
    pub kind: SymbolKind,
}

/// What a successful exchange does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExchangeRule {
    /// The paper's rule: the partner learns the offered symbol; nobody loses a symbol or a custom.
    Sharing,
    /// Axelrod's rule, for comparison: the partner replaces one of its customs that differs
    /// from the initiator's with the initiator's, and no symbol passes.
    Assimilation,
}

/// A quarrel between the states of two communities, which raises prejudice between their
/// members for a while.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisParams {
    /// The tick at which the crisis begins.
    pub start: u64,
    /// How many ticks it lasts.
    pub duration: u64,
    /// The two communities whose states quarrel.
    pub between: (u32, u32),
    /// How much of the remaining gap to a full barrier the crisis adds between them (0..1).
    pub prejudice: f64,
    /// Version 2: affinity every tie across the divide loses each tick of the crisis, kin
    /// included, less where the two know each other's culture (0..1; 0: no strain).
    #[serde(default = "unset")]
    pub strain: f64,
}

/// The value a version-2 parameter has when a scenario file does not give it: not a number, so
/// that [`NanoParams::validate`] refuses it wherever it is not filled in (see
/// `Scenario::parse`, which turns a version-1 file's missing fields into "off").
pub fn unset() -> f64 {
    f64::NAN
}

/// Every parameter of the nano power diplomacy model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NanoParams {
    // --- The population ---
    /// Number of persons.
    pub persons: u32,
    /// Number of communities (ethnic groups, drawn as hues).
    pub communities: u32,
    /// Households have 1 to this many members, drawn uniformly; members start as kin.
    pub household_size_max: u32,
    /// 0: each community lives in its own quarter; 1: homes are placed regardless of community.
    pub mixing: f64,
    /// Number of languages; community `c` speaks language `c mod languages` as mother tongue.
    pub languages: u32,
    /// Share of persons who also speak one other language from the start.
    pub bilingual_share: f64,
    /// Their fluency in that second language.
    pub bilingual_fluency: f64,
    /// Number of beliefs (religions, world views).
    pub beliefs: u32,
    /// Probability that a person holds its community's belief rather than one drawn uniformly.
    pub belief_community_bias: f64,
    /// Number of features of customs (Axelrod's F).
    pub features: u32,
    /// Number of traits each feature can take (Axelrod's q).
    pub traits: u32,
    /// Probability that a feature of a person's customs is its community's rather than random.
    pub customs_community_bias: f64,
    /// Spread between the poorest and the richest community's mean socio-economic level.
    pub ses_gap: f64,
    /// Mean openness to strangers.
    pub openness_mean: f64,
    /// Width of the uniform spread of openness around its mean.
    pub openness_spread: f64,
    /// Share of persons without a hidden agenda.
    pub transparency: f64,
    /// Version 2: width of the uniform spread of a household's appearance (skin colour, a
    /// value in 0..1) around its community's centre; the centres spread evenly over 0..1.
    #[serde(default = "unset")]
    pub appearance_spread: f64,
    /// Version 2: the communities' names (empty: "community 0", "community 1", ...).
    #[serde(default)]
    pub community_names: Vec<String>,
    /// Symbols that originate in each community.
    pub symbols_per_community: u32,
    /// Probability that a person knows each symbol of its own community at the start.
    pub symbol_knowledge: f64,
    /// Names and kinds of the symbols, handed out to the communities in turn.
    pub catalogue: Vec<SymbolEntry>,

    // --- Contacts ---
    /// Probability that a person starts a contact in a tick.
    pub contact_rate: f64,
    /// Probability that the partner is someone already tied (weighted by affinity).
    pub p_known: f64,
    /// Otherwise, probability that the partner is anyone in the world.
    pub p_travel: f64,
    /// Otherwise the partner lives within this distance (the world is the unit square).
    pub contact_radius: f64,
    /// Weight of a difference of community in the barrier.
    pub weight_community: f64,
    /// Weight of a difference of belief in the barrier.
    pub weight_belief: f64,
    /// Weight of the socio-economic distance in the barrier.
    pub weight_ses: f64,
    /// Weight of having no common language in the barrier.
    pub weight_language: f64,
    /// Version 2: weight of the distance in appearance in the barrier.
    #[serde(default = "unset")]
    pub weight_appearance: f64,
    /// Version 2: how much familiarity with each other's community lowers the barrier between
    /// two persons of different communities (0: not at all; 1: full familiarity removes it).
    #[serde(default = "unset")]
    pub familiarity_weight: f64,
    /// Fluency from which a person speaks a language.
    pub fluency_to_speak: f64,
    /// Probability that a non-verbal contact succeeds.
    pub p_nonverbal: f64,
    /// What a successful exchange does: sharing symbols or assimilating customs.
    pub exchange: ExchangeRule,

    // --- Trust and learning ---
    /// Affinity gained on success, as a share of what is missing to 1.
    pub eta: f64,
    /// Affinity lost on a failed contact.
    pub failure_penalty: f64,
    /// Probability that a hidden agenda is exposed in a contact its holder starts. An exposed
    /// holder stays a holder: it may be exposed again, to others or the same partner.
    pub p_exposed: f64,
    /// Share of openness the partner loses when a hidden agenda is exposed.
    pub exposure_openness_loss: f64,
    /// Fluency gained in the initiator's mother tongue per non-verbal contact, as a share of
    /// what is missing to 1.
    pub language_learning: f64,
    /// Openness gained by the partner of a success across communities, as a share of what is
    /// missing to 1 (the contact hypothesis).
    pub openness_gain: f64,
    /// Affinity from which a tie is a friendship.
    pub theta_friend: f64,
    /// Affinity from which a tie is kinship.
    pub theta_kin: f64,
    /// How far affinity must fall below a threshold before the stage drops back.
    pub hysteresis: f64,
    /// Share of affinity an untouched acquaintance or friendship loses per tick.
    pub decay: f64,
    /// Share of affinity an untouched kin tie loses per tick.
    pub kin_decay: f64,
    /// A tie whose affinity falls below this (by decay, failure or exposure) is forgotten.
    pub forget_below: f64,
    /// Version 2: probability that a person forgets each symbol of another community that it
    /// knows, each tick.
    #[serde(default = "unset")]
    pub symbol_forgetting: f64,
    /// Expected number of public events per tick.
    pub public_rate: f64,
    /// Largest number of listeners at a public event.
    pub public_audience: u32,
    /// An optional crisis between two communities.
    pub crisis: Option<CrisisParams>,
}

/// The largest population a scenario may ask for.
pub const MAX_PERSONS: u32 = 5_000_000;
/// The most symbols a world can hold (a person's repertoire is a 256-bit set).
pub const MAX_SYMBOLS: u32 = 256;
/// The most languages (a person's spoken languages fit a byte).
pub const MAX_LANGUAGES: u32 = 8;

/// A parameter that is out of its range, with what would be valid.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("`{field}` is {value}, but {expected}")]
pub struct FieldError {
    /// The parameter's name as written in a scenario file (`crisis.start` for nested ones).
    pub field: String,
    /// The value it was given.
    pub value: String,
    /// What would be valid, in words.
    pub expected: String,
}

/// A display name: 1 to 40 printable characters, not only spaces.
fn valid_name(name: &str) -> bool {
    let trimmed = name.trim();
    !trimmed.is_empty() && name.chars().count() <= 40 && !name.chars().any(char::is_control)
}

/// A number as a person would write it: huge and tiny ones in scientific notation.
fn number(value: f64) -> String {
    if value.is_finite() && value != 0.0 && !(1e-4..1e6).contains(&value.abs()) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// Collects range checks, so that validation reads as a list of rules.
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, field: &str, value: impl ToString, expected: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            value: value.to_string(),
            expected: expected.into(),
        });
    }

    fn int(&mut self, field: &str, value: u32, min: u32, max: u32) {
        if !(min..=max).contains(&value) {
            self.fail(
                field,
                value,
                format!("must be a whole number from {min} to {max}"),
            );
        }
    }

    /// A float within `[min, max]`; NaN and infinities are never valid.
    fn real(&mut self, field: &str, value: f64, min: f64, max: f64) {
        if !(value.is_finite() && (min..=max).contains(&value)) {
            self.fail(
                field,
                number(value),
                format!("must be a number from {min} to {max}"),
            );
        }
    }

    fn share(&mut self, field: &str, value: f64) {
        self.real(field, value, 0.0, 1.0);
    }
}

impl NanoParams {
    /// The stage thresholds these parameters set (`theta_friend`, `theta_kin`, `hysteresis`).
    pub fn stage_thresholds(&self) -> StageThresholds {
        StageThresholds {
            friend: self.theta_friend,
            kin: self.theta_kin,
            hysteresis: self.hysteresis,
        }
    }

    /// Checks every parameter against its range; returns every problem found, not just the first.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker { errors: Vec::new() };
        if self.persons > MAX_PERSONS {
            // Refused before anything is allocated, with what it would have cost.
            let gib = self.estimated_bytes() as f64 / f64::from(1u32 << 30);
            c.fail(
                "persons",
                self.persons,
                format!(
                    "must be a whole number from 1 to {MAX_PERSONS} (that many persons would \
                     need about {gib:.0} GiB of memory once ties form)"
                ),
            );
        } else {
            c.int("persons", self.persons, 1, MAX_PERSONS);
        }
        c.int("communities", self.communities, 1, 12);
        c.int("household_size_max", self.household_size_max, 1, 6);
        c.share("mixing", self.mixing);
        c.int("languages", self.languages, 1, MAX_LANGUAGES);
        c.share("bilingual_share", self.bilingual_share);
        c.share("bilingual_fluency", self.bilingual_fluency);
        c.int("beliefs", self.beliefs, 1, 12);
        c.share("belief_community_bias", self.belief_community_bias);
        c.int("features", self.features, 1, 32);
        c.int("traits", self.traits, 2, 255);
        c.share("customs_community_bias", self.customs_community_bias);
        c.share("ses_gap", self.ses_gap);
        c.share("openness_mean", self.openness_mean);
        c.share("openness_spread", self.openness_spread);
        c.share("transparency", self.transparency);
        c.share("appearance_spread", self.appearance_spread);
        if !self.community_names.is_empty() {
            // (Against a count of communities that is itself out of range, nothing to say.)
            if self.community_names.len() != self.communities as usize
                && (1..=12).contains(&self.communities)
            {
                c.fail(
                    "community_names",
                    format!("a list of {} names", self.community_names.len()),
                    format!(
                        "must name each of the {} communities, or be left out",
                        self.communities
                    ),
                );
            }
            for (i, name) in self.community_names.iter().enumerate() {
                if !valid_name(name) {
                    c.fail(
                        &format!("community_names[{i}]"),
                        format!("{name:?}"),
                        "must be a name of 1 to 40 printable characters",
                    );
                }
            }
        }
        let most_per_community = (MAX_SYMBOLS / self.communities.max(1)).max(1);
        if !(1..=most_per_community).contains(&self.symbols_per_community) {
            c.fail(
                "symbols_per_community",
                self.symbols_per_community,
                format!(
                    "must be a whole number from 1 to {most_per_community} (at most \
                     {MAX_SYMBOLS} symbols in all, shared by {} communities)",
                    self.communities
                ),
            );
        }
        c.share("symbol_knowledge", self.symbol_knowledge);
        if self.catalogue.is_empty() || self.catalogue.len() > MAX_SYMBOLS as usize {
            c.fail(
                "catalogue",
                format!("a list of {} entries", self.catalogue.len()),
                format!("must list 1 to {MAX_SYMBOLS} symbols"),
            );
        }
        for (i, entry) in self.catalogue.iter().enumerate() {
            if !valid_name(&entry.name) {
                c.fail(
                    &format!("catalogue[{i}].name"),
                    format!("{:?}", entry.name),
                    "must be a name of 1 to 40 printable characters",
                );
            }
        }

        c.share("contact_rate", self.contact_rate);
        c.share("p_known", self.p_known);
        c.share("p_travel", self.p_travel);
        if !(self.contact_radius.is_finite() && self.contact_radius > 0.0)
            || self.contact_radius > 1.5
        {
            c.fail(
                "contact_radius",
                number(self.contact_radius),
                "must be a distance above 0 and at most 1.5 (the world is the unit square)",
            );
        }
        c.real("weight_community", self.weight_community, 0.0, 100.0);
        c.real("weight_belief", self.weight_belief, 0.0, 100.0);
        c.real("weight_ses", self.weight_ses, 0.0, 100.0);
        c.real("weight_language", self.weight_language, 0.0, 100.0);
        c.real("weight_appearance", self.weight_appearance, 0.0, 100.0);
        c.share("familiarity_weight", self.familiarity_weight);
        if !(self.fluency_to_speak.is_finite() && self.fluency_to_speak > 0.0)
            || self.fluency_to_speak > 1.0
        {
            c.fail(
                "fluency_to_speak",
                number(self.fluency_to_speak),
                "must be above 0 and at most 1",
            );
        }
        c.share("p_nonverbal", self.p_nonverbal);

        c.share("eta", self.eta);
        c.share("failure_penalty", self.failure_penalty);
        c.share("p_exposed", self.p_exposed);
        c.share("exposure_openness_loss", self.exposure_openness_loss);
        c.share("language_learning", self.language_learning);
        c.share("openness_gain", self.openness_gain);
        c.real("theta_friend", self.theta_friend, 0.01, 0.99);
        if !(self.theta_kin.is_finite()
            && self.theta_kin > self.theta_friend
            && self.theta_kin <= 1.0)
        {
            c.fail(
                "theta_kin",
                number(self.theta_kin),
                format!(
                    "must be above theta_friend ({}) and at most 1",
                    self.theta_friend
                ),
            );
        }
        if !(self.hysteresis.is_finite()
            && self.hysteresis >= 0.0
            && self.hysteresis < self.theta_friend)
        {
            c.fail(
                "hysteresis",
                number(self.hysteresis),
                format!(
                    "must be at least 0 and below theta_friend ({})",
                    self.theta_friend
                ),
            );
        }
        c.share("decay", self.decay);
        c.share("kin_decay", self.kin_decay);
        c.real("forget_below", self.forget_below, 0.0, 0.5);
        c.share("symbol_forgetting", self.symbol_forgetting);
        c.real("public_rate", self.public_rate, 0.0, 100.0);
        c.int("public_audience", self.public_audience, 1, 1000);
        if let Some(crisis) = &self.crisis {
            if crisis.start == 0 {
                c.fail(
                    "crisis.start",
                    0,
                    "must be a tick from 1 on (tick 1 is the first)",
                );
            }
            if crisis.duration == 0 {
                c.fail("crisis.duration", 0, "must be at least 1 tick");
            }
            let (a, b) = crisis.between;
            if a == b || a >= self.communities || b >= self.communities {
                c.fail(
                    "crisis.between",
                    format!("({a}, {b})"),
                    format!(
                        "must name two different communities, each from 0 to {}",
                        self.communities.saturating_sub(1)
                    ),
                );
            }
            c.share("crisis.prejudice", crisis.prejudice);
            c.share("crisis.strain", crisis.strain);
        }
        if c.errors.is_empty() {
            Ok(())
        } else {
            Err(c.errors)
        }
    }

    /// About how many bytes a world of these parameters takes once ties have formed (about
    /// ten per person), for refusing a population that would not fit before allocating it.
    pub fn estimated_bytes(&self) -> u64 {
        let symbols = u64::from(self.communities) * u64::from(self.symbols_per_community);
        let words = symbols.div_ceil(64).max(1);
        // Person and home, customs, fluency, spoken languages, repertoire, the list of ties
        // (a header and ten entries), and five ties' own records.
        let per_person: u64 = 48
            + u64::from(self.features)
            + 8 * u64::from(self.languages)
            + 1
            + 8 * words
            + (24 + 10 * 8)
            + 5 * 32;
        u64::from(self.persons).saturating_mul(per_person)
    }

    /// The number of symbols in the world (of valid parameters: at most 256).
    pub fn symbol_count(&self) -> u32 {
        self.communities.saturating_mul(self.symbols_per_community)
    }

    /// A community's name: from `community_names`, or "community `c`".
    pub fn community_name(&self, community: u32) -> String {
        self.community_names
            .get(community as usize)
            .cloned()
            .unwrap_or_else(|| format!("community {community}"))
    }

    /// The version-2 parameters with their values, by name (`crisis.strain` when there is a
    /// crisis).
    fn version_2_values(&self) -> Vec<(&'static str, f64)> {
        let mut values = vec![
            ("appearance_spread", self.appearance_spread),
            ("weight_appearance", self.weight_appearance),
            ("familiarity_weight", self.familiarity_weight),
            ("symbol_forgetting", self.symbol_forgetting),
        ];
        if let Some(crisis) = &self.crisis {
            values.push(("crisis.strain", crisis.strain));
        }
        values
    }

    /// The names of the version-2 parameters of these parameters (`crisis.strain` when there is
    /// a crisis).
    pub fn version_2_fields(&self) -> Vec<&'static str> {
        self.version_2_values()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The names of the version-2 parameters that are not filled in (a file that gives none of
    /// them is a version-1 file).
    pub fn unset_version_2_fields(&self) -> Vec<&'static str> {
        self.version_2_values()
            .into_iter()
            .filter(|(_, value)| value.is_nan())
            .map(|(name, _)| name)
            .collect()
    }

    /// Switches every version-2 mechanism off (a version-1 file): no familiarity, no
    /// forgetting, no appearance in the barrier, no crisis strain.
    pub fn version_1_mechanisms_off(&mut self) {
        self.appearance_spread = 0.0;
        self.weight_appearance = 0.0;
        self.familiarity_weight = 0.0;
        self.symbol_forgetting = 0.0;
        if let Some(crisis) = &mut self.crisis {
            crisis.strain = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testing::small_params;

    #[test]
    fn the_test_parameters_are_valid() {
        assert_eq!(small_params().validate(), Ok(()));
    }

    #[test]
    fn every_problem_is_reported_with_field_and_range() {
        let mut p = small_params();
        p.contact_rate = 1.5;
        p.persons = 0;
        p.eta = f64::NAN;
        p.theta_kin = p.theta_friend;
        let errors = p.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["persons", "contact_rate", "eta", "theta_kin"]);
        assert_eq!(
            errors[1].to_string(),
            "`contact_rate` is 1.5, but must be a number from 0 to 1"
        );
    }

    #[test]
    fn a_crisis_must_name_two_existing_communities() {
        let mut p = small_params();
        p.crisis = Some(CrisisParams {
            start: 5,
            duration: 10,
            between: (0, 7),
            prejudice: 0.5,
            strain: 0.0,
        });
        let errors = p.validate().unwrap_err();
        assert_eq!(errors[0].field, "crisis.between");
        p.crisis.as_mut().unwrap().between = (1, 1);
        assert!(p.validate().is_err());
        p.crisis.as_mut().unwrap().between = (0, 1);
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn too_many_symbols_are_refused() {
        let mut p = small_params();
        p.communities = 4;
        p.symbols_per_community = 65;
        assert_eq!(p.validate().unwrap_err()[0].field, "symbols_per_community");
    }
}
