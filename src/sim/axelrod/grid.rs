//! The grid of Axelrod's model: the sites and their cultures, each site's von Neumann
//! neighbours, the bonds' overlaps and the running count of active bonds, saving, and the
//! stable regions.

use serde::{Deserialize, Serialize};

use super::{AxelrodError, AxelrodOutcome, AxelrodParams};
use crate::sim::rng::{ModelRng, below, seeded};

/// Axelrod's culture model on a bounded grid: the cultures, each bond's overlap, the running
/// count of active bonds, the event count and the random generator.
///
/// It serialises as its parameters, cultures, event count and generator; the bond overlaps and
/// the active count are rebuilt (and the cultures checked) on loading, so a saved run resumes
/// bit for bit and a damaged file is an error, not a panic.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "AxelrodSnapshot", into = "AxelrodSnapshot")]
pub struct AxelrodModel {
    pub(super) params: AxelrodParams,
    /// `size²`.
    pub(super) sites: u32,
    /// `features`, as a `usize`.
    pub(super) width: usize,
    /// The traits, row-major by site, `features` per site, then 7 bytes of padding (see
    /// `differing_feature`).
    pub(super) cultures: Vec<u8>,
    /// Bond overlaps, two slots per site: `2s` is the bond to the right of `s`, `2s + 1` the
    /// bond below it (slots of bonds off the grid stay 0); then one spare slot that the
    /// branch-free update in `copy_trait_then` writes for directions without a neighbour.
    pub(super) overlaps: Vec<u8>,
    /// Per site, its kind: the mask of the directions in which it has a neighbour.
    pub(super) kinds: Vec<u8>,
    /// Per kind, the links to the neighbours.
    pub(super) links: [[Link; 4]; 16],
    /// The link in each direction (up, down, left, right), valid where the site's kind has
    /// the direction's bit.
    pub(super) directions: [Link; 4],
    /// Lemire's rejection bound for a site drawn from 32 bits: `2^32 mod sites`.
    pub(super) site_reject: u32,
    /// The trial's 16 bits are accepted below `features × ⌊2^16 / features⌋`.
    pub(super) trial_accept: u32,
    /// Per overlap `k`, the trial's 16 bits interact below `k × ⌊2^16 / features⌋` (0 for
    /// `k >= features`, where nothing can change).
    pub(super) interact_below: Box<[u32; 256]>,
    /// The number of bonds with `0 < overlap < features`.
    pub(super) active: u64,
    pub(super) events: u64,
    pub(super) rng: ModelRng,
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
    pub(super) fn links_of(&self, site: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
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
    pub(super) fn overlap_of(&self, a: usize, b: usize) -> u32 {
        let (a, b) = (self.culture(a), self.culture(b));
        a.iter().zip(b).filter(|(x, y)| x == y).count() as u32
    }
    /// How the grid stands: the events so far, whether it has converged, and its stable
    /// regions (one pass over the grid).
    pub(super) fn outcome(&self) -> AxelrodOutcome {
        let sizes = self.region_sizes();
        AxelrodOutcome {
            events: self.events,
            converged: self.is_converged(),
            stable_regions: sizes.len(),
            largest_region: sizes.iter().copied().max().unwrap_or(0),
        }
    }

    /// The number of stable regions: maximal von Neumann connected sets of sites with
    /// identical culture (identical cultures touching only diagonally are separate regions).
    pub fn stable_regions(&self) -> usize {
        self.region_sizes().len()
    }

    /// The number of sites in the largest stable region; divided by `size²`, the order
    /// parameter of Castellano, Marsili and Vespignani (2000): near 1 where one culture
    /// fills the grid, near 0 where it is fragmented.
    pub fn largest_region(&self) -> usize {
        self.region_sizes().into_iter().max().unwrap_or(0)
    }

    /// The number of sites of each stable region, in the order of the region's first site.
    fn region_sizes(&self) -> Vec<usize> {
        let sites = self.sites();
        let full = self.params.features as u8;
        let mut seen = vec![false; sites];
        let mut stack = Vec::new();
        let mut sizes = Vec::new();
        for start in 0..sites {
            if seen[start] {
                continue;
            }
            let mut size = 0;
            seen[start] = true;
            stack.push(start);
            while let Some(s) = stack.pop() {
                size += 1;
                for (n, slot) in self.links_of(s) {
                    if !seen[n] && self.overlaps[slot] == full {
                        seen[n] = true;
                        stack.push(n);
                    }
                }
            }
            sizes.push(size);
        }
        sizes
    }
}

/// Directions from a site: up (row - 1), down (row + 1), left (column - 1), right (column + 1).
const UP: u8 = 0;
const DOWN: u8 = 1;
const LEFT: u8 = 2;
const RIGHT: u8 = 3;

/// The number of neighbours of a site of each kind (a kind is the mask of the directions in
/// which the site has a neighbour: bit `d` for direction `d`).
pub(super) const DEGREE: [u8; 16] = {
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
pub(super) struct Link {
    pub(super) site: usize,
    pub(super) bond: usize,
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
