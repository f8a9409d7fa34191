//! Every word of a person's story, in one place: one function per kind of entry, to be
//! translated here and nowhere else. Names (of symbols, communities, persons) come in as text.

use crate::sim::model::Via;
use crate::sim::ties::Stage;

/// A person, as a story names it: "person 12 (River)".
pub(super) fn person(id: u32, community: &str) -> String {
    format!("person {id} ({community})")
}

/// A symbol with the community it comes from: "the harvest song (Hill)".
pub(super) fn symbol(name: &str, origin: &str) -> String {
    format!("the {name} ({origin})")
}

/// A language, as the app names languages.
pub(super) fn language(id: u8) -> String {
    format!("language {id}")
}

/// Two persons at a stage, as in "now friends".
fn stage_plural(stage: Stage) -> &'static str {
    match stage {
        Stage::Acquaintance => "acquaintances",
        Stage::Friend => "friends",
        Stage::Kin => "kin",
    }
}

/// "Learned the harvest song (Hill) from person 12 (River), in language 0."
pub(super) fn learned(symbol: &str, from: &str, via: Via) -> String {
    match via {
        Via::Verbal { language: id } => {
            format!("Learned {symbol} from {from}, in {}.", language(id))
        }
        Via::NonVerbal => format!("Learned {symbol} from {from}, without words."),
        Via::Public => format!("Learned {symbol} at a public event held by {from}."),
    }
}

/// "Forgot the riddle (Coast)." (Rule 11 forgets at a constant rate, whatever was shared
/// lately: the line says no more than that.)
pub(super) fn forgot(symbol: &str) -> String {
    format!("Forgot {symbol}.")
}

/// A tie formed, changed stage or ended; `household` for the kin a person is born among.
pub(super) fn tie(
    partner: &str,
    from: Option<Stage>,
    to: Option<Stage>,
    household: bool,
) -> String {
    match (from, to) {
        (None, Some(Stage::Kin)) if household => {
            format!("Kin of {partner} from the start: they share a household.")
        }
        (None, Some(Stage::Acquaintance)) => format!("Got to know {partner}."),
        (None, Some(stage)) => format!("Met {partner}: now {}.", stage_plural(stage)),
        (Some(before), Some(after)) if after > before => {
            format!("Grew closer to {partner}: now {}.", stage_plural(after))
        }
        (Some(_), Some(after)) => {
            format!("Grew apart from {partner}: now {}.", stage_plural(after))
        }
        (_, None) => format!("Lost touch with {partner}."),
    }
}

/// This person's hidden agenda came to light.
pub(super) fn exposed(partner: &str) -> String {
    format!("Its hidden agenda came to light to {partner}: their trust is gone.")
}

/// This person found out another's hidden agenda.
pub(super) fn found_out(holder: &str) -> String {
    format!("Found out the hidden agenda of {holder}: their trust is gone.")
}
