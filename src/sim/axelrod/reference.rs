//! Axelrod's rule as published, in plain words and nothing fast: the reference the fast methods
//! are checked against.
//!
//! Why it exists: the fast methods draw an event from the bits of one random word, keep every
//! bond's overlap, update the bonds with masks and tables (plain.rs), or skip the events that
//! change nothing by one geometric draw (nfold.rs). None of that reads like the paper, and a
//! mistake in it would not show to the eye. Here [`ReferenceModel::step`] says the rule the way
//! the paper does, so that a reader can check it line by line against the paper, and the tests
//! (reference_tests.rs) check the fast methods against it: one event at a time on hand-made
//! grids whose outcomes are known, and in distribution (the stable regions, the largest region
//! and the events to convergence over many seeds).
//!
//! It is deliberately slow, and must stay so: it recounts a pair's overlap at every event,
//! lists the differing features anew, and looks for an active bond by scanning the whole grid
//! once per sweep. Use [`AxelrodModel`] for runs.

use super::{AxelrodModel, AxelrodOutcome};
use crate::sim::rng::{ModelRng, chance, index};

/// Axelrod's model, written to be read: the cultures, the event count and the generator.
#[derive(Debug, Clone)]
pub struct ReferenceModel {
    /// The grid side `L`.
    pub(super) size: usize,
    /// The number of features `F`.
    pub(super) features: usize,
    /// Each site's culture (`F` traits), row by row.
    pub(super) cultures: Vec<Vec<u8>>,
    /// Events done so far (every attempt counts).
    pub(super) events: u64,
    /// The event that last copied a trait (0 if none has).
    pub(super) last_change: u64,
    pub(super) rng: ModelRng,
}

impl ReferenceModel {
    /// Starts where `model` stands: its grid, its event count, and its generator as it is
    /// (so that the reference from `AxelrodModel::new(params, seed)` starts from the same
    /// grid as the fast model; their events then draw differently).
    pub fn from_model(model: &AxelrodModel) -> Self {
        Self {
            size: model.params().size as usize,
            features: model.params().features as usize,
            cultures: (0..model.sites())
                .map(|site| model.culture(site).to_vec())
                .collect(),
            events: model.events(),
            last_change: 0,
            rng: model.rng.clone(),
        }
    }

    /// One event of Axelrod's rule.
    pub fn step(&mut self) {
        self.events += 1;
        // A site, uniformly; then one of its von Neumann neighbours, uniformly.
        let site = index(&mut self.rng, self.cultures.len());
        let neighbours = self.neighbours(site);
        if neighbours.is_empty() {
            return; // a 1 x 1 grid
        }
        let neighbour = neighbours[index(&mut self.rng, neighbours.len())];
        // With probability overlap / F they interact: the site copies from the neighbour one
        // trait, on a feature chosen uniformly among those on which they differ (where they
        // differ on none, there is nothing to copy).
        let overlap = self.overlap(site, neighbour);
        let interact = chance(&mut self.rng, overlap as f64 / self.features as f64);
        if interact && overlap < self.features {
            self.copy_a_differing_trait(site, neighbour);
        }
    }

    /// `site` takes `source`'s trait on a feature drawn uniformly among those on which they
    /// differ (there must be one).
    pub(super) fn copy_a_differing_trait(&mut self, site: usize, source: usize) {
        let differing: Vec<usize> = (0..self.features)
            .filter(|&f| self.cultures[site][f] != self.cultures[source][f])
            .collect();
        let feature = differing[index(&mut self.rng, differing.len())];
        self.cultures[site][feature] = self.cultures[source][feature];
        self.last_change = self.events;
    }

    /// Events until no active bond is left, or until `max_events` events have been done in
    /// all, whichever comes first, as [`AxelrodModel::run`] does.
    pub fn run(&mut self, max_events: Option<u64>) -> AxelrodOutcome {
        self.run_by(max_events, Self::step)
    }

    /// [`run`](Self::run), each event done by `step`: the published rule, or, in the tests, a
    /// deliberately wrong one.
    pub(super) fn run_by(
        &mut self,
        max_events: Option<u64>,
        mut step: impl FnMut(&mut Self),
    ) -> AxelrodOutcome {
        let limit = max_events.unwrap_or(u64::MAX);
        let mut converged = self.active_bonds() == 0;
        // Deliberately simple: look for an active bond only once per sweep of `L²` events. A
        // run that has converged has done so at the event that copied last (nothing changes
        // after that, and something did change before, while a bond was active), so the
        // events after it are not counted.
        while !converged && self.events < limit {
            let sweep_end = self.events.saturating_add(self.cultures.len() as u64);
            while self.events < sweep_end.min(limit) {
                step(self);
            }
            converged = self.active_bonds() == 0;
            if converged {
                self.events = self.last_change;
            }
        }
        let sizes = self.region_sizes();
        AxelrodOutcome {
            events: self.events,
            converged,
            stable_regions: sizes.len(),
            largest_region: sizes.into_iter().max().unwrap_or(0),
        }
    }

    /// Events done so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The traits of a site (row-major index).
    pub fn culture(&self, site: usize) -> &[u8] {
        &self.cultures[site]
    }

    /// The von Neumann neighbours of a site on the bounded grid: up, down, left, right, where
    /// they exist.
    pub fn neighbours(&self, site: usize) -> Vec<usize> {
        let (row, column, last) = (site / self.size, site % self.size, self.size - 1);
        let mut neighbours = Vec::new();
        if row > 0 {
            neighbours.push(site - self.size);
        }
        if row < last {
            neighbours.push(site + self.size);
        }
        if column > 0 {
            neighbours.push(site - 1);
        }
        if column < last {
            neighbours.push(site + 1);
        }
        neighbours
    }

    /// The number of features on which two sites have the same trait.
    pub fn overlap(&self, a: usize, b: usize) -> usize {
        (0..self.features)
            .filter(|&f| self.cultures[a][f] == self.cultures[b][f])
            .count()
    }

    /// The number of neighbouring pairs that share some but not all features, by a scan of
    /// the whole grid.
    pub fn active_bonds(&self) -> usize {
        (0..self.cultures.len())
            .flat_map(|site| self.neighbours(site).into_iter().map(move |n| (site, n)))
            .filter(|&(site, n)| site < n && (1..self.features).contains(&self.overlap(site, n)))
            .count()
    }

    /// The number of sites of each stable region (a maximal set of sites with the same
    /// culture, connected through von Neumann neighbours), by a flood fill from each site not
    /// yet in a region.
    pub fn region_sizes(&self) -> Vec<usize> {
        let mut in_a_region = vec![false; self.cultures.len()];
        let mut sizes = Vec::new();
        for start in 0..self.cultures.len() {
            if in_a_region[start] {
                continue;
            }
            in_a_region[start] = true;
            let mut to_visit = vec![start];
            let mut size = 0;
            while let Some(site) = to_visit.pop() {
                size += 1;
                for n in self.neighbours(site) {
                    if !in_a_region[n] && self.cultures[n] == self.cultures[site] {
                        in_a_region[n] = true;
                        to_visit.push(n);
                    }
                }
            }
            sizes.push(size);
        }
        sizes
    }
}
