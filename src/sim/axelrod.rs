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

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::sim::rng::{ModelRng, below, below_u64, seeded, unit};

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

/// Directions from a site: up (row - 1), down (row + 1), left (column - 1), right (column + 1).
const UP: u8 = 0;
const DOWN: u8 = 1;
const LEFT: u8 = 2;
const RIGHT: u8 = 3;

/// The number of neighbours of a site of each kind (a kind is the mask of the directions in
/// which the site has a neighbour: bit `d` for direction `d`).
const DEGREE: [u8; 16] = {
    let mut table = [0u8; 16];
    let mut kind = 0;
    while kind < 16 {
        table[kind] = (kind as u8).count_ones() as u8;
        kind += 1;
    }
    table
};

/// The way from a site to its `k`-th neighbour, as wrapping offsets: `s + site` is the
/// neighbour and `2s + bond` the slot of the bond between them in the overlap table.
#[derive(Debug, Clone, Copy, Default)]
struct Link {
    site: usize,
    bond: usize,
}

/// Per kind of site, the links to its neighbours in the order up, down, left, right (the first
/// `DEGREE[kind]` entries; the rest repeat the last and are never used).
fn link_table(size: usize) -> [[Link; 4]; 16] {
    let by_direction = direction_links(size);
    let mut table = [[Link::default(); 4]; 16];
    for (kind, links) in table.iter_mut().enumerate() {
        let mut count = 0;
        for (dir, &link) in by_direction.iter().enumerate() {
            if kind & (1 << dir) != 0 {
                links[count] = link;
                count += 1;
            }
        }
        for k in count.max(1)..4 {
            links[k] = links[k - 1];
        }
    }
    table
}

/// The link in each direction: up, down, left, right.
fn direction_links(size: usize) -> [Link; 4] {
    [
        Link {
            site: size.wrapping_neg(),
            bond: (2 * size).wrapping_neg().wrapping_add(1),
        },
        Link {
            site: size,
            bond: 1,
        },
        Link {
            site: usize::MAX,
            bond: 2usize.wrapping_neg(),
        },
        Link { site: 1, bond: 0 },
    ]
}

/// Per 8-bit mask, the position of its `k`-th set bit (from 0, lowest first; 0 past the last).
const NTH_SET_BIT: [[u8; 8]; 256] = {
    let mut table = [[0u8; 8]; 256];
    let mut mask = 0;
    while mask < 256 {
        let mut k = 0;
        let mut bit = 0;
        while bit < 8 {
            if mask & (1 << bit) != 0 {
                table[mask][k] = bit as u8;
                k += 1;
            }
            bit += 1;
        }
        mask += 1;
    }
    table
};

/// Axelrod's culture model on a bounded grid: the cultures, each bond's overlap, the running
/// count of active bonds, the event count and the random generator.
///
/// It serialises as its parameters, cultures, event count and generator; the bond overlaps and
/// the active count are rebuilt (and the cultures checked) on loading, so a saved run resumes
/// bit for bit and a damaged file is an error, not a panic.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "AxelrodSnapshot", into = "AxelrodSnapshot")]
pub struct AxelrodModel {
    params: AxelrodParams,
    /// `size²`.
    sites: u32,
    /// `features`, as a `usize`.
    width: usize,
    /// The traits, row-major by site, `features` per site, then 7 bytes of padding (see
    /// `differing_feature`).
    cultures: Vec<u8>,
    /// Bond overlaps, two slots per site: `2s` is the bond to the right of `s`, `2s + 1` the
    /// bond below it (slots of bonds off the grid stay 0); then one spare slot that the
    /// branch-free update in `copy_trait_then` writes for directions without a neighbour.
    overlaps: Vec<u8>,
    /// Per site, its kind: the mask of the directions in which it has a neighbour.
    kinds: Vec<u8>,
    /// Per kind, the links to the neighbours.
    links: [[Link; 4]; 16],
    /// The link in each direction (up, down, left, right), valid where the site's kind has
    /// the direction's bit.
    directions: [Link; 4],
    /// Lemire's rejection bound for a site drawn from 32 bits: `2^32 mod sites`.
    site_reject: u32,
    /// The trial's 16 bits are accepted below `features × ⌊2^16 / features⌋`.
    trial_accept: u32,
    /// Per overlap `k`, the trial's 16 bits interact below `k × ⌊2^16 / features⌋` (0 for
    /// `k >= features`, where nothing can change).
    interact_below: Box<[u32; 256]>,
    /// The number of bonds with `0 < overlap < features`.
    active: u64,
    events: u64,
    rng: ModelRng,
}

/// What a saved model holds: enough to rebuild it exactly.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct AxelrodSnapshot {
    params: AxelrodParams,
    cultures: Vec<u8>,
    events: u64,
    rng: ModelRng,
}

impl From<AxelrodModel> for AxelrodSnapshot {
    fn from(mut model: AxelrodModel) -> Self {
        model.cultures.truncate(model.sites() * model.width);
        Self {
            params: model.params,
            cultures: model.cultures,
            events: model.events,
            rng: model.rng,
        }
    }
}

impl TryFrom<AxelrodSnapshot> for AxelrodModel {
    type Error = AxelrodError;

    fn try_from(snapshot: AxelrodSnapshot) -> Result<Self, Self::Error> {
        let mut model = Self::build(snapshot.params, snapshot.cultures, snapshot.rng)?;
        model.events = snapshot.events;
        Ok(model)
    }
}

impl AxelrodModel {
    /// A grid with every trait drawn uniformly from the generator seeded with `seed`, which
    /// then drives the events.
    pub fn new(params: AxelrodParams, seed: u64) -> Result<Self, AxelrodError> {
        params.validate()?;
        let mut rng = seeded(seed);
        let cells = params.size as usize * params.size as usize * params.features as usize;
        let cultures = (0..cells)
            .map(|_| below(&mut rng, params.traits) as u8)
            .collect();
        Self::build(params, cultures, rng)
    }

    /// A grid with the given cultures (row-major by site, `features` traits per site), for
    /// hand-made grids; `seed` drives the events.
    pub fn from_cultures(
        size: u32,
        features: u32,
        traits: u32,
        cultures: Vec<u8>,
        seed: u64,
    ) -> Result<Self, AxelrodError> {
        let params = AxelrodParams {
            size,
            features,
            traits,
        };
        Self::build(params, cultures, seeded(seed))
    }

    fn build(
        params: AxelrodParams,
        cultures: Vec<u8>,
        rng: ModelRng,
    ) -> Result<Self, AxelrodError> {
        params.validate()?;
        let size = params.size as usize;
        let width = params.features as usize;
        let sites = size * size;
        if cultures.len() != sites * width {
            return Err(AxelrodError::CultureLength {
                expected: sites * width,
                got: cultures.len(),
            });
        }
        if let Some(at) = cultures.iter().position(|&t| u32::from(t) >= params.traits) {
            return Err(AxelrodError::TraitOutOfRange {
                site: at / width,
                feature: at % width,
                value: cultures[at],
                traits: params.traits,
            });
        }
        let kinds = (0..sites)
            .map(|s| {
                let (row, col) = (s / size, s % size);
                u8::from(row > 0) << UP
                    | u8::from(row + 1 < size) << DOWN
                    | u8::from(col > 0) << LEFT
                    | u8::from(col + 1 < size) << RIGHT
            })
            .collect();
        // Padding, so that any site's culture can be read as an 8-byte word.
        let mut cultures = cultures;
        cultures.extend_from_slice(&[0; 7]);
        let mut model = Self {
            params,
            sites: sites as u32,
            width,
            cultures,
            overlaps: vec![0; 2 * sites + 1],
            kinds,
            links: link_table(size),
            directions: direction_links(size),
            site_reject: ((1u64 << 32) % sites as u64) as u32,
            trial_accept: params.features * ((1u32 << 16) / params.features),
            interact_below: {
                let step = (1u32 << 16) / params.features;
                let mut table = Box::new([0u32; 256]);
                for (k, bound) in table.iter_mut().enumerate().take(width) {
                    *bound = k as u32 * step;
                }
                table
            },
            active: 0,
            events: 0,
            rng,
        };
        for s in 0..sites {
            let links: Vec<(usize, usize)> = model.links_of(s).collect();
            for (n, slot) in links {
                if n > s {
                    let overlap = model.overlap_of(s, n);
                    model.overlaps[slot] = overlap as u8;
                    model.active += u64::from(overlap > 0 && overlap < params.features);
                }
            }
        }
        Ok(model)
    }

    /// The parameters.
    pub fn params(&self) -> AxelrodParams {
        self.params
    }

    /// The number of sites, `size²`.
    pub fn sites(&self) -> usize {
        self.sites as usize
    }

    /// Events done so far (every attempt counts, whether or not a trait was copied).
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The running count of active bonds (neighbours sharing some but not all features).
    pub fn active_bonds(&self) -> u64 {
        self.active
    }

    /// Whether no active bond is left: no event can change the grid any more.
    pub fn is_converged(&self) -> bool {
        self.active == 0
    }

    /// The traits of a site (row-major index). Panics if `site >= sites()`.
    pub fn culture(&self, site: usize) -> &[u8] {
        &self.cultures()[site * self.width..(site + 1) * self.width]
    }

    /// All traits, row-major by site, `features` per site.
    pub fn cultures(&self) -> &[u8] {
        &self.cultures[..self.sites() * self.width]
    }

    /// The von Neumann neighbours of a site on the bounded grid (2 to 4 of them, none on a
    /// 1 x 1 grid), in the order up, down, left, right. Panics if `site >= sites()`.
    pub fn neighbours(&self, site: usize) -> impl Iterator<Item = usize> + '_ {
        self.links_of(site).map(|(n, _)| n)
    }

    /// The neighbours of a site, each with the slot of their bond in `overlaps`.
    fn links_of(&self, site: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let kind = usize::from(self.kinds[site] & 15);
        self.links[kind][..usize::from(DEGREE[kind])]
            .iter()
            .map(move |link| {
                (
                    site.wrapping_add(link.site),
                    (2 * site).wrapping_add(link.bond),
                )
            })
    }

    /// The number of features two sites share.
    fn overlap_of(&self, a: usize, b: usize) -> u32 {
        let (a, b) = (self.culture(a), self.culture(b));
        a.iter().zip(b).filter(|(x, y)| x == y).count() as u32
    }

    /// One event. On a 1 x 1 grid (no neighbour) it only counts.
    pub fn step(&mut self) {
        let limit = self.events + 1;
        self.events_until(limit, false);
    }

    /// The plain method: events until `limit` events have been done in all, and, if
    /// `until_converged`, no longer than an active bond is left.
    ///
    /// The loop works on locals (the generator, the counters, and the arrays borrowed as
    /// slices in [`Parts`]) so that the compiler keeps them in registers instead of reloading
    /// them from the model after every store.
    fn events_until(&mut self, limit: u64, until_converged: bool) {
        let mut rng = self.rng.clone();
        let mut events = self.events;
        let (mut parts, draw) = self.parts_and_draw();
        if !(until_converged && parts.active == 0) {
            // Only an event that changed something can have settled the last active bond.
            while events < limit {
                events += 1;
                if parts.event(&draw, &mut rng) && until_converged && parts.active == 0 {
                    break;
                }
            }
        }
        let active = parts.active;
        self.active = active;
        self.events = events;
        self.rng = rng;
    }

    /// The arrays and counts an event reads and writes, borrowed apart from the rest.
    fn parts(&mut self) -> Parts<'_> {
        self.parts_and_draw().0
    }

    /// [`parts`](Self::parts), and what an event's draw needs.
    fn parts_and_draw(&mut self) -> (Parts<'_>, EventDraw<'_>) {
        let draw = EventDraw {
            sites: u64::from(self.sites),
            features: self.params.features,
            site_reject: self.site_reject,
            trial_accept: self.trial_accept,
            interact_below: &self.interact_below,
        };
        let parts = Parts {
            cultures: &mut self.cultures,
            overlaps: &mut self.overlaps,
            kinds: &self.kinds,
            directions: self.directions,
            width: self.width,
            features: self.params.features as u8,
            active: self.active,
        };
        (parts, draw)
    }

    /// Events until no active bond is left, or until `max_events` events have been done in all
    /// (counting those before this call), whichever comes first.
    pub fn run(&mut self, max_events: Option<u64>) -> AxelrodOutcome {
        self.events_until(max_events.unwrap_or(u64::MAX), true);
        AxelrodOutcome {
            events: self.events,
            converged: self.is_converged(),
            stable_regions: self.stable_regions(),
        }
    }

    /// Runs with the given method: [`run`](Self::run) or [`run_nfold`](Self::run_nfold).
    pub fn run_with(&mut self, method: AxelrodMethod, max_events: Option<u64>) -> AxelrodOutcome {
        match method {
            AxelrodMethod::Plain => self.run(max_events),
            AxelrodMethod::NFold => self.run_nfold(max_events),
        }
    }

    /// Like [`run`](Self::run), until no active bond is left or `max_events` events have been
    /// done in all, but by the n-fold way (rejection-free kinetic Monte Carlo, Bortz, Kalos and
    /// Lebowitz 1975): it draws only the events that change something, and counts the ones in
    /// between that would have changed nothing without doing them.
    ///
    /// An event of the plain method picks the directed pair `i -> j` with probability
    /// `1 / (N deg(i))` (`N = size²`) and then changes `i` with probability `overlap / F` if the
    /// bond is active, so it changes something with probability
    /// `P = Σ (1 / (N deg(i))) (overlap(i, j) / F)` over the active directed pairs. The number of
    /// events up to and including the next change is then geometric with parameter `P`, and the
    /// pair that changes is `i -> j` with probability proportional to `overlap(i, j) / deg(i)`;
    /// `i` then copies one of the features where they differ, uniformly, as in the plain method.
    /// The weights are kept as integers (`overlap × 12 / deg(i)`), summed per site and sampled
    /// by composition and rejection in O(1); only the changed site and the neighbours whose
    /// bond changed are updated after a change.
    ///
    /// The runs have the same distribution as [`run`](Self::run)'s: the same sequence of
    /// changes with the same probabilities, the same stable regions at convergence and the same
    /// distribution of events to convergence. They are not the same runs for the same seed
    /// (the draws differ, and the event counts are drawn with floating point logarithms), but
    /// they are reproducible from the seed. If the next change would fall after `max_events`,
    /// the run stops at `max_events` without it: the events skipped change nothing.
    ///
    /// It leaves the model as [`run`](Self::run) does (cultures, overlaps, active count, event
    /// count and generator), so every other method, saving included, works after it.
    ///
    /// It costs O(sites) per call to build its rates, then O(1) per change, about fifteen
    /// times a plain attempt that changes nothing: it pays where fewer than about one attempt
    /// in fifteen changes something. In Axelrod's model that is the fragmented phase (many
    /// traits: `F = 5, q = 30` or `F = 3, q = 20`, several times faster); it does not pay at
    /// `F = 5, q = 10`, where a quarter of the attempts change something on average and about
    /// one in ten even in the last stage, so that the plain method is faster there, and it
    /// breaks about even at `F = 2, q = 3` (docs/performance.md).
    pub fn run_nfold(&mut self, max_events: Option<u64>) -> AxelrodOutcome {
        self.run_nfold_weighted(max_events, NFOLD_FACTORS)
    }

    /// The n-fold way with the weight of a directed pair `overlap × factors[deg(i)]`: the exact
    /// factors are [`NFOLD_FACTORS`]; the tests give wrong ones to check that a wrong method
    /// is caught.
    fn run_nfold_weighted(&mut self, max_events: Option<u64>, factors: [u32; 5]) -> AxelrodOutcome {
        let limit = max_events.unwrap_or(u64::MAX);
        if self.active > 0 && self.events < limit {
            let mut rng = self.rng.clone();
            let mut rates = SiteRates::new(self, factors);
            // P = total / (12 N F): the weights are (12 / deg(i)) overlap, the probabilities
            // (1 / (N deg(i))) (overlap / F).
            let scale = 12 * u64::from(self.sites) * u64::from(self.params.features);
            let features = self.params.features;
            while self.active > 0 && self.events < limit {
                let wait = events_to_change(&mut rng, rates.total, scale);
                if wait > limit - self.events {
                    self.events = limit;
                    break;
                }
                self.events += wait;
                // The pair that changes: a site by its weight, then a bond by its overlap.
                let (s, offset) = rates.draw(&mut rng);
                let kind = usize::from(self.kinds[s] & 15);
                let mut rest = offset / factors[usize::from(DEGREE[kind])];
                let mut chosen = None;
                for (n, slot) in self.links_of(s) {
                    let overlap = u32::from(self.overlaps[slot]);
                    if overlap > 0 && overlap < features {
                        if rest < overlap {
                            chosen = Some((n, overlap));
                            break;
                        }
                        rest -= overlap;
                    }
                }
                let (n, overlap) = chosen.expect("the draw falls on one of the site's bonds");
                let pick = below(&mut rng, features - overlap);
                // The bonds whose overlap changed, and the change of their weight per factor.
                let mut changed = [(0usize, 0i32); 4];
                let mut count = 0;
                let mut parts = self.parts();
                parts.copy_trait_then(s, n, pick, |m, before, after| {
                    let weight = |o: u8| i32::from(o) * i32::from(u32::from(o) < features);
                    changed[count] = (m, weight(after) - weight(before));
                    count += 1;
                });
                self.active = parts.active;
                let mut own = 0;
                for &(m, delta) in &changed[..count] {
                    own += delta;
                    let factor = factors[usize::from(DEGREE[usize::from(self.kinds[m] & 15)])];
                    rates.add(m, delta * factor as i32);
                }
                rates.add(s, own * factors[usize::from(DEGREE[kind])] as i32);
                #[cfg(test)]
                rates.check(self, factors);
            }
            self.rng = rng;
        }
        AxelrodOutcome {
            events: self.events,
            converged: self.is_converged(),
            stable_regions: self.stable_regions(),
        }
    }

    /// The number of stable regions: maximal von Neumann connected sets of sites with
    /// identical culture (identical cultures touching only diagonally are separate regions).
    pub fn stable_regions(&self) -> usize {
        let sites = self.sites();
        let full = self.params.features as u8;
        let mut seen = vec![false; sites];
        let mut stack = Vec::new();
        let mut regions = 0;
        for start in 0..sites {
            if seen[start] {
                continue;
            }
            regions += 1;
            seen[start] = true;
            stack.push(start);
            while let Some(s) = stack.pop() {
                for (n, slot) in self.links_of(s) {
                    if !seen[n] && self.overlaps[slot] == full {
                        seen[n] = true;
                        stack.push(n);
                    }
                }
            }
        }
        regions
    }
}

/// What an event's draw needs to know of the grid, copied into locals for the hot loop.
struct EventDraw<'a> {
    sites: u64,
    features: u32,
    site_reject: u32,
    trial_accept: u32,
    interact_below: &'a [u32; 256],
}

/// The parts of the model an event reads and writes: the arrays borrowed as slices, and the
/// running count of active bonds.
struct Parts<'a> {
    cultures: &'a mut [u8],
    overlaps: &'a mut [u8],
    kinds: &'a [u8],
    directions: [Link; 4],
    width: usize,
    features: u8,
    active: u64,
}

impl Parts<'_> {
    /// One event (the counter is the caller's), drawing from `rng`.
    ///
    /// One 64-bit word gives the event's draws, each on its own bits (docs/model.md, section 8,
    /// states them exactly): the site from bits 0-31 by Lemire's multiply-and-reject method;
    /// the trial from bits 32-47, `r`, accepted below `F⌊2^16/F⌋`, the pair interacting when
    /// `r < k⌊2^16/F⌋` for overlap `k` (a table; probability exactly `k/F`, and 0 where
    /// `k = F`); a direction from bits 48-49. If the site or the trial is rejected the whole
    /// word is redrawn; the accepted words are uniform over a product of sets that each map
    /// evenly onto their range, so the draws are exact and independent. If the site has no
    /// neighbour in the direction drawn (an edge or a corner), the direction alone is redrawn
    /// until it has one, which makes the neighbour uniform among the site's neighbours. If the
    /// pair interacts, the feature to copy (`0..F - k`) comes from bits 50-63 by Lemire's
    /// method, or from a fresh `below` if those bits fall in the rejection zone. One word and
    /// one hard-to-predict branch per event, instead of four draws and three branches, and no
    /// table lookup between the site and its bond, is what makes the loop fast.
    #[inline(always)]
    fn event(&mut self, draw: &EventDraw, rng: &mut ModelRng) -> bool {
        let (word, site, trial) = loop {
            let word = rng.next_u64();
            let site = (word & 0xffff_ffff) * draw.sites;
            let trial = ((word >> 32) & 0xffff) as u32;
            if (site as u32) >= draw.site_reject && trial < draw.trial_accept {
                break (word, (site >> 32) as usize, trial);
            }
        };
        let kind = self.kinds[site];
        let direction = (word >> 48) as usize & 3;
        let direction = if kind >> direction & 1 != 0 {
            direction
        } else {
            match redraw_direction(kind, rng) {
                Some(direction) => direction,
                // A 1 x 1 grid: no neighbour, the event only counts.
                None => return false,
            }
        };
        let link = self.directions[direction];
        let overlap = self.overlaps[(2 * site).wrapping_add(link.bond)];
        // Interaction with probability overlap / F, and only on an active bond (the table's
        // bound is 0 where overlap = F): one comparison, one branch.
        if trial < draw.interact_below[usize::from(overlap)] {
            let differing = draw.features - u32::from(overlap);
            let product = (word >> 50) as u32 * differing;
            let low = product & 0x3fff;
            // Lemire's test in two steps: `low >= differing` is enough, and cheaper than
            // computing the exact bound `2^14 mod differing` (which is below `differing`).
            let pick = if low >= differing || low >= (1 << 14) % differing {
                product >> 14
            } else {
                below(rng, differing)
            };
            self.copy_trait_then(site, site.wrapping_add(link.site), pick, |_, _, _| {});
            return true;
        }
        false
    }

    /// Site `s` copies from `n` the trait of the `pick`-th feature where they differ, and the
    /// overlaps of `s`'s bonds and the active count follow; `on_bond(neighbour, before,
    /// after)` is called for each bond of `s` whose overlap changed.
    #[inline(always)]
    fn copy_trait_then(
        &mut self,
        s: usize,
        n: usize,
        pick: u32,
        mut on_bond: impl FnMut(usize, u8, u8),
    ) {
        let width = self.width;
        let feature = self.differing_feature(s, n, pick);
        let old = self.cultures[s * width + feature];
        let new = self.cultures[n * width + feature];
        self.cultures[s * width + feature] = new;
        let features = self.features;
        let kind = self.kinds[s];
        let spare = self.overlaps.len() - 1;
        let mut active = self.active;
        // Without branches on the data: all four directions, each bond's overlap rising by one
        // if the neighbour has the new trait and falling by one if it had the old one. A
        // direction without a neighbour reads `s` itself and writes the spare slot, with no
        // change (its delta is masked to 0); a bond whose overlap does not change is stored
        // unchanged. Fixed work instead of a loop over the degree, whose exit the processor
        // mispredicts on every edge.
        let is_active = |o: u8| u64::from(o.wrapping_sub(1) < features - 1);
        for (direction, link) in self.directions.iter().enumerate() {
            let exists = kind >> direction & 1 != 0;
            let m = if exists { s.wrapping_add(link.site) } else { s };
            let slot = if exists {
                (2 * s).wrapping_add(link.bond)
            } else {
                spare
            };
            let theirs = self.cultures[m * width + feature];
            let before = self.overlaps[slot];
            let delta = u8::from(theirs == new).wrapping_sub(u8::from(theirs == old));
            let after = before.wrapping_add(delta & 0u8.wrapping_sub(u8::from(exists)));
            self.overlaps[slot] = after;
            active = active + is_active(after) - is_active(before);
            if after != before {
                on_bond(m, before, after);
            }
        }
        self.active = active;
    }

    /// The `pick`-th (from 0) feature on which sites `s` and `n` differ; there must be more
    /// than `pick` of them.
    #[inline(always)]
    fn differing_feature(&self, s: usize, n: usize, pick: u32) -> usize {
        let width = self.width;
        if width <= 8 {
            // Up to eight features: compare the two cultures as two 8-byte words (the culture
            // vector has 7 bytes of padding so that the last site can be read so), mark the
            // bytes that differ, gather one bit per byte and look the pick up in a table.
            let word = |site: usize| {
                let bytes = &self.cultures[site * width..site * width + 8];
                u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
            };
            let ours = u64::MAX >> (64 - 8 * width);
            let x = (word(s) ^ word(n)) & ours;
            const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
            let high = (((x & LOW7) + LOW7) | x) & !LOW7;
            let mask = ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as usize;
            debug_assert!(
                pick < mask.count_ones(),
                "the sites differ on more than `pick`"
            );
            return usize::from(NTH_SET_BIT[mask][pick as usize & 7]);
        }
        let mine = &self.cultures[s * width..][..width];
        let theirs = &self.cultures[n * width..][..width];
        let mut pick = pick;
        for (f, (a, b)) in mine.iter().zip(theirs).enumerate() {
            if a != b {
                if pick == 0 {
                    return f;
                }
                pick -= 1;
            }
        }
        unreachable!("the sites differ on more than `pick` features")
    }
}

/// A direction drawn uniformly (two bits of a fresh word) until a site of this kind has a
/// neighbour in it; `None` if it has none at all. Inlined, although rare, so that the
/// generator's state never has to leave the registers for a call.
#[inline(always)]
fn redraw_direction(kind: u8, rng: &mut ModelRng) -> Option<usize> {
    if kind & 15 == 0 {
        return None;
    }
    loop {
        let direction = (rng.next_u64() >> 62) as usize;
        if kind >> direction & 1 != 0 {
            return Some(direction);
        }
    }
}

/// Per degree of a site (0 to 4), the integer weight of one shared feature on one of its active
/// bonds in the n-fold way: `12 / deg`, so that the weights are proportional to
/// `(1 / deg) × overlap` and stay integers.
const NFOLD_FACTORS: [u32; 5] = [0, 12, 6, 4, 3];

/// The number of weight classes of [`SiteRates`]: a site's weight is at most
/// `12 × 4 × 254 < 2^14`.
const CLASSES: usize = 14;

/// The n-fold way's rates: per site, the integer weight of its changes (`factor(deg)` times the
/// sum of the overlaps of its active bonds), sampled in O(1) by composition and rejection
/// (Slepoy, Thompson and Plimpton 2008): the sites of positive weight are kept in classes by
/// weight, class `k` holding the weights in `2^k..2^(k+1)`; a draw picks a class by its total
/// weight, then a site of the class uniformly, accepted with probability `weight / 2^(k+1)`
/// (at least one half).
struct SiteRates {
    /// Per site, its weight.
    weights: Vec<u32>,
    /// Per site of positive weight, its index in its class's list.
    places: Vec<u32>,
    /// Per class, its sites.
    members: [Vec<u32>; CLASSES],
    /// Per class, the sum of its weights.
    sums: [u64; CLASSES],
    /// The sum of all weights.
    total: u64,
}

impl SiteRates {
    /// The rates of every site of the model, built in O(sites).
    fn new(model: &AxelrodModel, factors: [u32; 5]) -> Self {
        let sites = model.sites();
        let features = model.params.features;
        let mut rates = Self {
            weights: vec![0; sites],
            places: vec![0; sites],
            members: Default::default(),
            sums: [0; CLASSES],
            total: 0,
        };
        for s in 0..sites {
            let shared: u32 = model
                .links_of(s)
                .map(|(_, slot)| u32::from(model.overlaps[slot]))
                .filter(|&overlap| overlap > 0 && overlap < features)
                .sum();
            let factor = factors[usize::from(DEGREE[usize::from(model.kinds[s] & 15)])];
            rates.add(s, (factor * shared) as i32);
        }
        rates
    }

    /// Checks the rates against a rebuild from the model: the same weights and total, each
    /// class holding exactly the sites of its weights, with their places and sums.
    #[cfg(test)]
    fn check(&self, model: &AxelrodModel, factors: [u32; 5]) {
        let fresh = Self::new(model, factors);
        assert_eq!(self.weights, fresh.weights);
        assert_eq!(self.total, fresh.total);
        assert_eq!(self.total, self.sums.iter().sum::<u64>());
        for (k, list) in self.members.iter().enumerate() {
            let sum: u64 = list
                .iter()
                .map(|&s| u64::from(self.weights[s as usize]))
                .sum();
            assert_eq!(sum, self.sums[k], "class {k}");
            for (place, &s) in list.iter().enumerate() {
                assert_eq!(Self::class(self.weights[s as usize]), k);
                assert_eq!(self.places[s as usize] as usize, place);
            }
        }
        let members: usize = self.members.iter().map(Vec::len).sum();
        assert_eq!(members, self.weights.iter().filter(|&&w| w > 0).count());
    }

    /// The class of a positive weight.
    #[inline]
    fn class(weight: u32) -> usize {
        weight.ilog2() as usize
    }

    /// Adds `delta` to the weight of site `s`.
    #[inline]
    fn add(&mut self, s: usize, delta: i32) {
        if delta == 0 {
            return;
        }
        let old = self.weights[s];
        let new = old.wrapping_add_signed(delta);
        debug_assert!(new < 1 << CLASSES, "weight {old} + {delta} out of range");
        self.weights[s] = new;
        self.total = self.total.wrapping_add_signed(i64::from(delta));
        if old > 0 && new > 0 && Self::class(old) == Self::class(new) {
            let k = Self::class(new);
            self.sums[k] = self.sums[k].wrapping_add_signed(i64::from(delta));
            return;
        }
        if old > 0 {
            let k = Self::class(old);
            self.sums[k] -= u64::from(old);
            let place = self.places[s] as usize;
            let list = &mut self.members[k];
            list.swap_remove(place);
            if let Some(&moved) = list.get(place) {
                self.places[moved as usize] = place as u32;
            }
        }
        if new > 0 {
            let k = Self::class(new);
            self.sums[k] += u64::from(new);
            self.places[s] = self.members[k].len() as u32;
            self.members[k].push(s as u32);
        }
    }

    /// A site drawn with probability proportional to its weight (the total must be positive),
    /// and an offset uniform in `0..its weight`, independent of the site.
    #[inline]
    fn draw(&self, rng: &mut ModelRng) -> (usize, u32) {
        let mut target = below_u64(rng, self.total);
        let mut k = 0;
        while target >= self.sums[k] {
            target -= self.sums[k];
            k += 1;
        }
        let list = &self.members[k];
        let len = list.len() as u32;
        loop {
            let s = list[below(rng, len) as usize] as usize;
            let offset = below(rng, 2 << k);
            if offset < self.weights[s] {
                return (s, offset);
            }
        }
    }
}

/// The number of events up to and including the next change, each event a change with
/// probability `p = weight / scale` (`0 < weight < scale`): Geometric(p) on 1, 2, ....
///
/// For `p >= 1/4`, by drawing the events one by one, each an exact integer Bernoulli draw
/// (at most 4 on average); below, by inversion, `1 + floor(ln(1 - u) / ln(1 - p))` with `u`
/// uniform in `[0, 1)` (53 bits) and both logarithms by `ln_1p`, so that a tiny `p` keeps its
/// precision. Saturates at `u64::MAX`.
#[inline]
fn events_to_change(rng: &mut ModelRng, weight: u64, scale: u64) -> u64 {
    debug_assert!(0 < weight && weight < scale, "p = {weight} / {scale}");
    if 4 * weight >= scale {
        let mut events = 1;
        while below_u64(rng, scale) >= weight {
            events += 1;
        }
        return events;
    }
    let p = weight as f64 / scale as f64;
    let u = unit(rng);
    // Both logarithms are <= 0 (the first is 0 only for u = 0): the ratio is >= 0, and `as`
    // rounds it down and saturates.
    let failures = ((-u).ln_1p() / (-p).ln_1p()) as u64;
    failures.saturating_add(1)
}

/// The number of active bonds (neighbouring pairs sharing some but not all features), counted
/// by a full rescan of the grid from the cultures alone: a check on the running count.
pub fn count_active_bonds_by_scan(model: &AxelrodModel) -> u64 {
    let features = model.params.features;
    let mut active = 0;
    for s in 0..model.sites() {
        for n in model.neighbours(s).filter(|&n| n > s) {
            let overlap = model.overlap_of(s, n);
            active += u64::from(overlap > 0 && overlap < features);
        }
    }
    active
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::derive_seed;
    use crate::stats::{chi_square, chi_square_critical_001, ks_statistic};

    fn params(size: u32, features: u32, traits: u32) -> AxelrodParams {
        AxelrodParams {
            size,
            features,
            traits,
        }
    }

    /// Every bond's stored overlap equals its recomputation, and the running active count
    /// equals a rescan.
    fn assert_consistent(model: &AxelrodModel) {
        for s in 0..model.sites() {
            for (n, slot) in model.links_of(s) {
                assert_eq!(
                    u32::from(model.overlaps[slot]),
                    model.overlap_of(s, n),
                    "bond {s}-{n}"
                );
            }
        }
        assert_eq!(model.active_bonds(), count_active_bonds_by_scan(model));
    }

    #[test]
    fn neighbours_are_the_von_neumann_ones_without_wrapping() {
        for size in [1u32, 2, 3, 5] {
            let model = AxelrodModel::new(params(size, 3, 4), 1).unwrap();
            let l = size as usize;
            for s in 0..l * l {
                let (row, col) = (s / l, s % l);
                let mut got: Vec<usize> = model.neighbours(s).collect();
                got.sort_unstable();
                let mut expected = Vec::new();
                for (dr, dc) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)] {
                    let (r, c) = (row as i64 + dr, col as i64 + dc);
                    if (0..l as i64).contains(&r) && (0..l as i64).contains(&c) {
                        expected.push(r as usize * l + c as usize);
                    }
                }
                expected.sort_unstable();
                assert_eq!(got, expected, "size {size}, site {s}");
                let on_edge = |x: usize| x == 0 || x == l - 1;
                let degree = match (on_edge(row), on_edge(col)) {
                    _ if l == 1 => 0,
                    (true, true) => 2,
                    (true, false) | (false, true) => 3,
                    (false, false) => 4,
                };
                assert_eq!(got.len(), degree, "size {size}, site {s}");
            }
        }
    }

    /// One event's outcome on a 3 x 3 grid where every pair of neighbours shares exactly
    /// feature 0 and differs on features 1 to 3, each site's traits there unique: which site
    /// changed, which feature, and (from the trait copied) which neighbour it copied, or
    /// `None` if nothing changed.
    fn one_event_on_a_marked_grid(seed: u64) -> Option<(usize, usize, usize)> {
        let trait_of = |site: usize, feature: usize| (1 + 3 * site + feature) as u8;
        let cultures: Vec<u8> = (0..9)
            .flat_map(|s| [0, trait_of(s, 1), trait_of(s, 2), trait_of(s, 3)])
            .collect();
        let mut model = AxelrodModel::from_cultures(3, 4, 32, cultures.clone(), seed).unwrap();
        model.step();
        let changed = (0..cultures.len()).find(|&i| model.cultures()[i] != cultures[i])?;
        let (site, feature) = (changed / 4, changed % 4);
        let copied = model.cultures()[changed];
        let from = (0..9).find(|&n| trait_of(n, feature) == copied).unwrap();
        Some((site, from, feature))
    }

    #[test]
    fn an_event_picks_site_neighbour_interaction_and_feature_with_the_papers_odds() {
        // Site 1/9, neighbour 1/deg(site), interaction overlap/F = 1/4, feature 1/3 of the
        // differing ones: the expected share of each (site, neighbour, feature) outcome and
        // of "no change" (3/4), compared by a chi-square test. Its critical value at
        // alpha = 0.001 for 72 degrees of freedom (73 cells) is 114.8 (tables); a draw that
        // picked directed pairs uniformly, ignored edges, or favoured a feature scores in the
        // thousands with this many events.
        let events = 120_000u64;
        let mut counts = std::collections::HashMap::new();
        for seed in 0..events {
            *counts
                .entry(one_event_on_a_marked_grid(derive_seed(77, seed)))
                .or_insert(0u64) += 1;
        }
        let model = AxelrodModel::from_cultures(3, 4, 32, vec![0; 36], 0).unwrap();
        let mut expected = vec![(None, 0.75)];
        for s in 0..9 {
            let degree = model.neighbours(s).count() as f64;
            for n in model.neighbours(s) {
                for f in 1..4 {
                    expected.push((Some((s, n, f)), 1.0 / 9.0 / degree / 4.0 / 3.0));
                }
            }
        }
        assert_eq!(expected.len(), 73);
        let observed_total: u64 = expected
            .iter()
            .map(|(k, _)| counts.get(k).copied().unwrap_or(0))
            .sum();
        assert_eq!(
            observed_total, events,
            "an outcome outside the expected ones: {counts:?}"
        );
        let statistic = chi_square(expected.iter().map(|(outcome, share)| {
            let got = counts.get(outcome).copied().unwrap_or(0);
            (share * events as f64, got as f64)
        }));
        assert!(
            statistic < 114.8,
            "chi-square {statistic:.1} over 72 degrees of freedom"
        );
    }

    #[test]
    fn one_event_follows_the_exact_rule_on_random_grids() {
        // Random grids with few traits, so that the bonds' overlaps are mixed (0 < k < F on
        // some, 0 or F on others), including F > 8 (the comparison without 8-byte words).
        // The exact distribution of one event's outcome (which site takes which trait on
        // which feature, or nothing) is enumerated from the rule and compared with the
        // outcomes of many single events by a chi-square test.
        for (size, features, traits, seed) in
            [(2u32, 3u32, 3u32, 1u64), (3, 9, 3, 2), (2, 13, 2, 3)]
        {
            let model = AxelrodModel::new(params(size, features, traits), seed).unwrap();
            let cultures = model.cultures().to_vec();
            let width = features as usize;
            let sites = model.sites();
            // Outcome: (site, feature, new trait), or None for no change.
            let mut expected: std::collections::HashMap<Option<(usize, usize, u8)>, f64> =
                std::collections::HashMap::new();
            for s in 0..sites {
                let neighbours: Vec<usize> = model.neighbours(s).collect();
                for &n in &neighbours {
                    let weight = 1.0 / sites as f64 / neighbours.len() as f64;
                    let k = model.overlap_of(s, n) as usize;
                    let interacts = if k > 0 && k < width {
                        k as f64 / width as f64
                    } else {
                        0.0
                    };
                    *expected.entry(None).or_default() += weight * (1.0 - interacts);
                    for f in
                        (0..width).filter(|&f| cultures[s * width + f] != cultures[n * width + f])
                    {
                        let key = Some((s, f, cultures[n * width + f]));
                        *expected.entry(key).or_default() +=
                            weight * interacts / (width - k) as f64;
                    }
                }
            }
            let events = 60_000u64;
            let mut observed: std::collections::HashMap<Option<(usize, usize, u8)>, u64> =
                std::collections::HashMap::new();
            for i in 0..events {
                let mut one = AxelrodModel::from_cultures(
                    size,
                    features,
                    traits,
                    cultures.clone(),
                    derive_seed(seed, i),
                )
                .unwrap();
                one.step();
                let changed = (0..cultures.len()).find(|&c| one.cultures()[c] != cultures[c]);
                let key = changed.map(|c| (c / width, c % width, one.cultures()[c]));
                assert!(expected.contains_key(&key), "an impossible outcome {key:?}");
                *observed.entry(key).or_default() += 1;
            }
            let cells: Vec<_> = expected.iter().filter(|(_, p)| **p > 0.0).collect();
            let statistic = chi_square(cells.iter().map(|(key, p)| {
                let got = observed.get(key).copied().unwrap_or(0);
                (*p * events as f64, got as f64)
            }));
            let critical = chi_square_critical_001(cells.len() - 1);
            assert!(
                statistic < critical,
                "L = {size}, F = {features}: chi-square {statistic:.1} over {} cells (critical {critical:.1})",
                cells.len()
            );
        }
    }

    #[test]
    fn a_one_by_one_grid_is_converged_at_once() {
        let mut model = AxelrodModel::new(params(1, 5, 10), 3).unwrap();
        assert!(model.is_converged());
        assert_eq!(model.active_bonds(), 0);
        model.step();
        assert_eq!(model.events(), 1);
        let outcome = model.run(None);
        assert!(outcome.converged);
        assert_eq!(outcome.stable_regions, 1);
        assert_eq!(outcome.events, 1);
    }

    #[test]
    fn identical_cultures_are_converged_with_one_region() {
        let mut model = AxelrodModel::from_cultures(4, 3, 5, [1, 2, 3].repeat(16), 0).unwrap();
        assert!(model.is_converged());
        assert_eq!(model.active_bonds(), 0);
        assert_eq!(model.stable_regions(), 1);
        assert_eq!(model.run(None).events, 0);
    }

    #[test]
    fn a_checkerboard_of_totally_different_cultures_is_converged() {
        // Overlap 0 on every bond: (0,0,0) and (1,1,1) alternate.
        let l = 5;
        let cultures: Vec<u8> = (0..l * l)
            .flat_map(|s| [((s / l + s % l) % 2) as u8; 3])
            .collect();
        let model = AxelrodModel::from_cultures(l as u32, 3, 2, cultures, 0).unwrap();
        assert!(model.is_converged());
        assert_eq!(model.stable_regions(), l * l);
        assert_consistent(&model);
    }

    #[test]
    fn one_pair_sharing_some_features_is_active() {
        // 3 x 3, all (0,0,0) but the centre (0,1,1): its 4 bonds share 1 of 3 features.
        let mut cultures = [0u8; 27];
        cultures[4 * 3 + 1] = 1;
        cultures[4 * 3 + 2] = 1;
        let model = AxelrodModel::from_cultures(3, 3, 2, cultures.to_vec(), 0).unwrap();
        assert!(!model.is_converged());
        assert_eq!(model.active_bonds(), 4);
        assert_eq!(model.stable_regions(), 2);
        assert_consistent(&model);

        // 2 x 1 strip in a 2 x 2 grid: only the top pair is active.
        let cultures = vec![0, 0, 0, 1, 5, 5, 6, 6];
        let model = AxelrodModel::from_cultures(2, 2, 7, cultures, 0).unwrap();
        assert_eq!(model.active_bonds(), 1);
        assert_consistent(&model);
    }

    #[test]
    fn a_grid_with_an_active_bond_converges_by_copying() {
        let mut cultures = [0u8; 27];
        cultures[4 * 3 + 1] = 1;
        cultures[4 * 3 + 2] = 1;
        let mut model = AxelrodModel::from_cultures(3, 3, 2, cultures.to_vec(), 9).unwrap();
        let outcome = model.run(None);
        assert!(outcome.converged);
        assert_eq!(outcome.stable_regions, 1);
        assert!(outcome.events > 0);
    }

    #[test]
    fn regions_are_counted_by_von_neumann_connection() {
        // Two vertical stripes on 4 x 4: columns 0-1 are (1,1), columns 2-3 are (2,2).
        let cultures: Vec<u8> = (0..16)
            .flat_map(|s| if s % 4 < 2 { [1, 1] } else { [2, 2] })
            .collect();
        let model = AxelrodModel::from_cultures(4, 2, 3, cultures, 0).unwrap();
        assert_eq!(model.stable_regions(), 2);
        assert!(model.is_converged());

        // A diagonal of (1,1) on a (0,2) ground: 3 diagonal sites are 3 regions, the ground
        // splits into the two triangles on either side of the diagonal.
        let cultures: Vec<u8> = (0..9)
            .flat_map(|s| if s / 3 == s % 3 { [1, 1] } else { [0, 2] })
            .collect();
        let model = AxelrodModel::from_cultures(3, 2, 3, cultures, 0).unwrap();
        assert_eq!(model.stable_regions(), 5);

        // A single identical culture touching only diagonally.
        let cultures = vec![7, 0, 0, 7];
        let model = AxelrodModel::from_cultures(2, 1, 8, cultures, 0).unwrap();
        assert_eq!(model.stable_regions(), 4);
    }

    #[test]
    fn the_running_count_matches_a_rescan_after_every_event() {
        for (size, features, traits, seed) in [
            (2, 2, 2, 1),
            (3, 3, 3, 2),
            (5, 5, 10, 3),
            (8, 5, 10, 4),
            (7, 10, 15, 5),
            (6, 1, 2, 6),
        ] {
            let mut model = AxelrodModel::new(params(size, features, traits), seed).unwrap();
            assert_consistent(&model);
            for _ in 0..4000 {
                model.step();
                assert_consistent(&model);
            }
            model.run(Some(200_000));
            assert_consistent(&model);
        }
    }

    #[test]
    fn a_site_copies_only_its_neighbours_traits() {
        let mut model = AxelrodModel::new(params(6, 5, 7), 11).unwrap();
        let mut changes = 0;
        for _ in 0..50_000 {
            let before = model.cultures().to_vec();
            model.step();
            let width = model.width;
            let changed: Vec<usize> = (0..before.len())
                .filter(|&i| before[i] != model.cultures[i])
                .collect();
            assert!(changed.len() <= 1, "{changed:?}");
            if let Some(&i) = changed.first() {
                changes += 1;
                let (site, feature) = (i / width, i % width);
                let old = &before[site * width..][..width];
                let new = model.cultures[i];
                let source = model.neighbours(site).any(|n| {
                    let theirs = &before[n * width..][..width];
                    let shared = old.iter().zip(theirs).filter(|(a, b)| a == b).count();
                    theirs[feature] == new && shared > 0 && shared < width
                });
                assert!(
                    source,
                    "site {site} feature {feature} took {new} from nobody"
                );
            }
            assert!(model.cultures().iter().all(|&t| t < 7));
        }
        assert!(changes > 0);
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let run = |seed| {
            let mut model = AxelrodModel::new(params(10, 5, 10), seed).unwrap();
            let outcome = model.run(None);
            (outcome, model.cultures().to_vec())
        };
        let (a, ca) = run(5);
        let (b, cb) = run(5);
        let (c, cc) = run(6);
        assert_eq!(a, b);
        assert_eq!(ca, cb);
        assert!(a.converged && c.converged);
        assert_ne!((a.events, ca), (c.events, cc));
    }

    #[test]
    fn a_saved_run_resumes_bit_for_bit() {
        let mut whole = AxelrodModel::new(params(8, 5, 10), 21).unwrap();
        let mut half = whole.clone();
        whole.run(Some(20_000));
        half.run(Some(10_000));
        let saved = serde_json::to_string(&half).unwrap();
        let mut resumed: AxelrodModel = serde_json::from_str(&saved).unwrap();
        assert_eq!(resumed.active_bonds(), half.active_bonds());
        resumed.run(Some(20_000));
        assert_eq!(resumed.events(), whole.events());
        assert_eq!(resumed.cultures(), whole.cultures());
        assert_eq!(resumed.active_bonds(), whole.active_bonds());

        // A damaged save is an error, not a panic.
        let damaged = saved.replacen("\"traits\":10", "\"traits\":1", 1);
        assert!(serde_json::from_str::<AxelrodModel>(&damaged).is_err());
    }

    /// Mean stable regions at convergence over `runs` seeds of a 10 x 10 grid.
    fn mean_regions(features: u32, traits: u32, runs: u64) -> f64 {
        let total: usize = (0..runs)
            .map(|seed| {
                let mut model =
                    AxelrodModel::new(params(10, features, traits), 1000 + seed).unwrap();
                let outcome = model.run(Some(50_000_000));
                assert!(outcome.converged, "F={features}, q={traits}, seed {seed}");
                outcome.stable_regions
            })
            .sum();
        total as f64 / runs as f64
    }

    #[test]
    fn axelrods_table_1_has_its_shape() {
        // Axelrod (1997), Table 1, 10 x 10: F=5: q=5 -> 1.0, q=10 -> 3.2, q=15 -> 20.0;
        // F=10, q=15 -> 1.4.
        let runs = 12;
        let f5q5 = mean_regions(5, 5, runs);
        let f5q10 = mean_regions(5, 10, runs);
        let f5q15 = mean_regions(5, 15, runs);
        let f10q15 = mean_regions(10, 15, runs);
        assert!(f5q5 < 2.0, "F=5, q=5: {f5q5}");
        assert!(f5q15 > 8.0, "F=5, q=15: {f5q15}");
        assert!(f5q15 > f5q10, "F=5: q=15 {f5q15} vs q=10 {f5q10}");
        assert!(f10q15 < f5q15, "q=15: F=10 {f10q15} vs F=5 {f5q15}");
    }

    /// Events to convergence and stable regions of `runs` runs of a 4 x 4 grid, F = 3, q = 4,
    /// by the n-fold way with the given weight factors per degree, seeds derived from `base`.
    fn nfold_sample(factors: [u32; 5], base: u64, runs: u64) -> (Vec<f64>, Vec<f64>) {
        (0..runs)
            .map(|run| {
                let seed = crate::sim::rng::derive_seed(base, run);
                let mut model = AxelrodModel::new(params(4, 3, 4), seed).unwrap();
                let outcome = model.run_nfold_weighted(None, factors);
                assert!(outcome.converged);
                assert_consistent(&model);
                (outcome.events as f64, outcome.stable_regions as f64)
            })
            .unzip()
    }

    #[test]
    fn a_wrong_nfold_weighting_is_caught() {
        // Without the 1 / deg factor (every site weighed as an interior one), edge and corner
        // sites change too seldom and the runs take longer: the KS test at alpha = 0.001 that
        // two samples of the exact weights pass rejects the wrong ones on the events to
        // convergence (D = 0.27 against a critical 0.062). The stable regions alone do not
        // show it on this grid (D = 0.016).
        let runs = 2000;
        let critical = 1.949 * (2.0 / runs as f64).sqrt();
        let (exact_events, exact_regions) = nfold_sample(NFOLD_FACTORS, 0xA11CE, runs);
        let (other_events, other_regions) = nfold_sample(NFOLD_FACTORS, 0xB0B, runs);
        let (wrong_events, wrong_regions) = nfold_sample([0, 3, 3, 3, 3], 0xB0B, runs);
        let same_events = ks_statistic(&exact_events, &other_events);
        let same_regions = ks_statistic(&exact_regions, &other_regions);
        let wrong_d_events = ks_statistic(&exact_events, &wrong_events);
        let wrong_d_regions = ks_statistic(&exact_regions, &wrong_regions);
        println!(
            "critical {critical:.4}; exact vs exact: events D {same_events:.4}, regions D \
             {same_regions:.4}; exact vs no 1/deg: events D {wrong_d_events:.4}, regions D \
             {wrong_d_regions:.4}"
        );
        assert!(same_events < critical && same_regions < critical);
        assert!(wrong_d_events > critical, "D {wrong_d_events}");
    }

    #[test]
    fn parameters_are_validated() {
        let err = |p: AxelrodParams| p.validate().unwrap_err().to_string();
        assert!(err(params(0, 5, 10)).contains("size"));
        assert!(err(params(0, 5, 10)).contains("1..=8192"));
        assert!(err(params(MAX_SIZE + 1, 1, 2)).contains("size"));
        assert!(err(params(10, 0, 10)).contains("features"));
        assert!(err(params(10, 256, 10)).contains("1..=255"));
        assert!(err(params(10, 5, 1)).contains("traits"));
        assert!(err(params(10, 5, 1)).contains("2..=255"));
        assert!(err(params(10, 5, 256)).contains("traits"));
        assert!(err(params(8192, 255, 2)).contains("size² × features"));
        assert!(params(10, 5, 10).validate().is_ok());
        assert!(AxelrodModel::new(params(10, 0, 10), 0).is_err());

        let short = AxelrodModel::from_cultures(2, 2, 3, vec![0; 7], 0).unwrap_err();
        assert!(short.to_string().contains("8"));
        let high = AxelrodModel::from_cultures(2, 2, 3, vec![0, 0, 0, 0, 0, 3, 0, 0], 0);
        assert_eq!(
            high.unwrap_err(),
            AxelrodError::TraitOutOfRange {
                site: 2,
                feature: 1,
                value: 3,
                traits: 3
            }
        );
    }
}
