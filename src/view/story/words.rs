//! Every sentence of a person's story, put together here from the language tables' `story.*`
//! texts (assets/lang/*.ron): one function per kind of entry. Names (of symbols, communities,
//! persons) come in as text.

use crate::i18n::Lang;
use crate::sim::model::Via;
use crate::sim::ties::Stage;

/// A person, as a story names it: "person 12 (River)".
pub(super) fn person(lang: &Lang, id: u32, community: &str) -> String {
    lang.f(
        "story.person",
        &[("id", &id.to_string()), ("community", community)],
    )
}

/// A symbol with the community it comes from: "the harvest song (Hill)".
pub(super) fn symbol(lang: &Lang, name: &str, origin: &str) -> String {
    lang.f("story.symbol", &[("name", name), ("origin", origin)])
}

/// A language, as the app names languages.
pub(super) fn language(lang: &Lang, id: u8) -> String {
    lang.f("story.language", &[("language", &id.to_string())])
}

/// Two persons at a stage, as in "now friends".
fn stage_plural(lang: &Lang, stage: Stage) -> &str {
    lang.t(match stage {
        Stage::Acquaintance => "story.acquaintances",
        Stage::Friend => "story.friends",
        Stage::Kin => "story.kin",
    })
}

/// "Learned the harvest song (Hill) from person 12 (River), in language 0."
pub(super) fn learned(lang: &Lang, symbol: &str, from: &str, via: Via) -> String {
    match via {
        Via::Verbal { language: id } => lang.f(
            "story.learned_verbal",
            &[
                ("symbol", symbol),
                ("from", from),
                ("language", &language(lang, id)),
            ],
        ),
        Via::NonVerbal => lang.f(
            "story.learned_nonverbal",
            &[("symbol", symbol), ("from", from)],
        ),
        Via::Public => lang.f(
            "story.learned_public",
            &[("symbol", symbol), ("from", from)],
        ),
    }
}

/// "Forgot the riddle (Coast)." (Rule 11 forgets at a constant rate, whatever was shared
/// lately: the line says no more than that.)
pub(super) fn forgot(lang: &Lang, symbol: &str) -> String {
    lang.f("story.forgot", &[("symbol", symbol)])
}

/// A tie formed, changed stage or ended; `household` for the kin a person is born among.
pub(super) fn tie(
    lang: &Lang,
    partner: &str,
    from: Option<Stage>,
    to: Option<Stage>,
    household: bool,
) -> String {
    let with = |key: &str, stage: Option<Stage>| match stage {
        Some(stage) => lang.f(
            key,
            &[("partner", partner), ("stage", stage_plural(lang, stage))],
        ),
        None => lang.f(key, &[("partner", partner)]),
    };
    match (from, to) {
        (None, Some(Stage::Kin)) if household => with("story.household_kin", None),
        (None, Some(Stage::Acquaintance)) => with("story.got_to_know", None),
        (None, Some(stage)) => with("story.met", Some(stage)),
        (Some(before), Some(after)) if after > before => with("story.closer", Some(after)),
        (Some(_), Some(after)) => with("story.apart", Some(after)),
        (_, None) => with("story.lost_touch", None),
    }
}

/// This person's hidden agenda came to light.
pub(super) fn exposed(lang: &Lang, partner: &str) -> String {
    lang.f("story.exposed", &[("partner", partner)])
}

/// This person found out another's hidden agenda.
pub(super) fn found_out(lang: &Lang, holder: &str) -> String {
    lang.f("story.found_out", &[("holder", holder)])
}
