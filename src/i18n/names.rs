//! The names a world's things go by in the interface language: its communities and symbols,
//! from the scenario's names in that language where it gives them (an Indonesian class reads
//! "lagu panen", not "harvest song"), else the model's own.

use super::Lang;
use crate::scenario::Scenario;
use crate::sim::params::NanoParams;

/// A world's names in one language.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    /// The interface language.
    pub lang: &'a Lang,
    /// The scenario the world was made from, with its names in other languages (none: the
    /// model's names alone).
    pub scenario: Option<&'a Scenario>,
    /// The world's parameters: its communities and catalogue, and their own names.
    pub params: &'a NanoParams,
}

impl<'a> Names<'a> {
    /// The names of a world made from `scenario` with `params`, in `lang`.
    pub fn new(lang: &'a Lang, scenario: Option<&'a Scenario>, params: &'a NanoParams) -> Self {
        Names {
            lang,
            scenario,
            params,
        }
    }

    /// The scenario's names in this language, if it gives any.
    fn given(&self) -> Option<&'a crate::scenario::Names> {
        self.scenario.and_then(|s| s.names.get(self.lang.code()))
    }

    /// A community's name: the scenario's in this language, else the model's, else
    /// "community 2" in this language. (A list that no longer fits the world, after the
    /// population's sliders changed it, is not used.)
    pub fn community(&self, community: u32) -> String {
        let translated = self
            .given()
            .filter(|n| n.communities.len() == self.params.communities as usize)
            .and_then(|n| n.communities.get(community as usize));
        translated
            .or_else(|| self.params.community_names.get(community as usize))
            .cloned()
            .unwrap_or_else(|| {
                self.lang.f(
                    "community.unnamed",
                    &[("community", &community.to_string())],
                )
            })
    }

    /// A symbol's name: the scenario's for its catalogue entry in this language, else `name`
    /// (the model's name for it).
    pub fn symbol(&self, symbol: usize, name: &str) -> String {
        let entries = self.params.catalogue.len();
        self.given()
            .filter(|n| entries > 0 && n.symbols.len() == entries)
            .and_then(|n| n.symbols.get(symbol % entries))
            .map_or_else(|| name.to_string(), Clone::clone)
    }
}
