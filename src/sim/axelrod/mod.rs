//! Axelrod's (1997) model of the dissemination of culture, exactly as published, and fast.
//!
//! R. Axelrod, "The Dissemination of Culture: A Model with Local Convergence and Global
//! Polarization", *Journal of Conflict Resolution* 41(2), 1997, pp. 203-226.
//!
//! An `L x L` bounded grid (not a torus) of sites, each with a culture of `F` features, each
//! feature one of `q` traits, drawn uniformly at the start. One event: a site is picked uniformly
//! at random, then one of its von Neumann neighbours uniformly (corners have 2, edges 3, the
//! interior 4). With probability (number of features they share) / `F`, and if they differ
//! somewhere, the active site copies the neighbour's trait on one feature chosen uniformly among
//! those where they differ. Every such attempt is one event, whether or not anything changed.
//! The run stops when no neighbouring pair shares some but not all of its features (no *active
//! bond* is left); a *stable region* is then a maximal connected set of sites with identical
//! culture.
//!
//! The model is event driven: it keeps each bond's overlap (its count of shared features) and a
//! running count of active bonds, and updates only the bonds of the site that changed, so no
//! event ever rescans the grid.
//!
//! Where things are:
//! - this file: the parameters, the errors, how a run ended and the choice of method;
//! - `grid`: the grid, its cultures, neighbours, bonds and stable regions, and saving;
//! - `plain`: the plain method, every event drawn ([`AxelrodModel::run`]), made fast;
//! - `nfold`: the n-fold way, only the changes drawn ([`AxelrodModel::run_nfold`]);
//! - `reference`: the rule as the paper says it, plain and slow ([`ReferenceModel`]), which
//!   the fast methods are checked against (`reference_tests`);
//! - `tests`: the fast methods' own tests.

use serde::{Deserialize, Serialize};

mod grid;
mod nfold;
mod plain;
mod reference;
#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;

pub use grid::{AxelrodModel, count_active_bonds_by_scan};
pub use reference::ReferenceModel;

/// The largest grid side accepted.
pub const MAX_SIZE: u32 = 8192;
/// The most features a culture may have (a bond's overlap fits in a `u8`).
pub const MAX_FEATURES: u32 = 255;
/// The most traits a feature may take (a trait fits in a `u8`).
pub const MAX_TRAITS: u32 = 255;
/// The most traits the whole grid may hold (`size² × features`), so a grid fits in memory.
pub const MAX_CELLS: u64 = 1 << 30;

/// Why a grid could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AxelrodError {
    /// The grid side is out of range.
    #[error("size (the grid side L) must be in 1..={MAX_SIZE}, got {0}")]
    Size(u32),
    /// The number of features is out of range.
    #[error("features (F) must be in 1..={MAX_FEATURES}, got {0}")]
    Features(u32),
    /// The number of traits is out of range.
    #[error("traits (q) must be in 2..={MAX_TRAITS}, got {0}")]
    Traits(u32),
    /// The grid would hold too many traits.
    #[error("size² × features must be at most {MAX_CELLS}, got {size}² × {features} = {cells}")]
    TooLarge {
        /// The grid side.
        size: u32,
        /// The number of features.
        features: u32,
        /// `size² × features`.
        cells: u64,
    },
    /// The given cultures are not `size² × features` traits long.
    #[error("cultures must hold size² × features = {expected} traits, got {got}")]
    CultureLength {
        /// `size² × features`.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// A given trait is not below `traits`.
    #[error("site {site}, feature {feature} has trait {value}; traits must be in 0..{traits}")]
    TraitOutOfRange {
        /// The site (row-major index).
        site: usize,
        /// The feature.
        feature: usize,
        /// The trait found.
        value: u8,
        /// The number of traits (q).
        traits: u32,
    },
}

/// The parameters of Axelrod's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AxelrodParams {
    /// The grid side `L` (the grid has `L x L` sites).
    pub size: u32,
    /// The number of features `F` of a culture.
    pub features: u32,
    /// The number of traits `q` a feature may take.
    pub traits: u32,
}

impl AxelrodParams {
    /// Checks every parameter's range: `1 <= size <= MAX_SIZE`, `1 <= features <= 255`,
    /// `2 <= traits <= 255`, and `size² × features <= MAX_CELLS`.
    pub fn validate(&self) -> Result<(), AxelrodError> {
        if !(1..=MAX_SIZE).contains(&self.size) {
            return Err(AxelrodError::Size(self.size));
        }
        if !(1..=MAX_FEATURES).contains(&self.features) {
            return Err(AxelrodError::Features(self.features));
        }
        if !(2..=MAX_TRAITS).contains(&self.traits) {
            return Err(AxelrodError::Traits(self.traits));
        }
        let cells = u64::from(self.size) * u64::from(self.size) * u64::from(self.features);
        if cells > MAX_CELLS {
            return Err(AxelrodError::TooLarge {
                size: self.size,
                features: self.features,
                cells,
            });
        }
        Ok(())
    }

    /// About how many bytes a run of these parameters takes at its peak: a byte per trait,
    /// about five per site (bonds, kinds, the count of regions) and a few MiB besides
    /// (measured: 331 MB for 4096 x 4096 with F = 16, 85 MB with F = 1).
    pub fn estimated_bytes(&self) -> u64 {
        let sites = u64::from(self.size) * u64::from(self.size);
        sites * u64::from(self.features) + 5 * sites + (8 << 20)
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxelrodOutcome {
    /// Events done since the model was made (not only in this run).
    pub events: u64,
    /// Whether no active bond is left.
    pub converged: bool,
    /// The number of stable regions (connected sets of identical culture) at the end.
    pub stable_regions: usize,
    /// The number of sites in the largest stable region at the end.
    pub largest_region: usize,
}

/// How a run samples its events. Both give the same distribution of runs (the same sequence of
/// changes with the same probabilities, hence the same stable regions at convergence and the
/// same distribution of events to convergence); they draw differently from the generator, so
/// the same seed gives different runs under each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AxelrodMethod {
    /// Every event is drawn, as the paper does: a site, a neighbour, then the interaction
    /// ([`AxelrodModel::run`]). Bit for bit reproducible from the seed.
    #[default]
    Plain,
    /// The n-fold way (rejection-free kinetic Monte Carlo): only the changes are drawn, and the
    /// events that would have changed nothing in between are counted in one geometric draw
    /// ([`AxelrodModel::run_nfold`]). Exact in distribution; faster where most attempts change
    /// nothing, slower where many do (see [`AxelrodModel::run_nfold`]).
    NFold,
}
