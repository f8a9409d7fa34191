//! A uniform grid over the unit square that finds a person's neighbours without scanning everyone.
//!
//! Homes never move, so the index is built once: persons are numbered by cell (row-major), and
//! the index holds the start of each cell's run of ids. A row of three neighbouring cells is then
//! one run of ids, and a uniform draw among persons within the contact radius is a rejection draw
//! from the 3 x 3 block.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::rng::{ModelRng, below};

/// A point in the world, the unit square.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// From 0 (west) to 1 (east).
    pub x: f64,
    /// From 0 (south) to 1 (north).
    pub y: f64,
}

impl Position {
    /// The squared distance to another point.
    pub fn distance_squared(self, other: Position) -> f64 {
        let dx = self.x - other.x;
        let dy = self.y - other.y;
        dx * dx + dy * dy
    }
}

/// Persons bucketed by grid cell, for drawing a partner near home. The persons must be
/// numbered in the index's own order ([`SpatialIndex::spatial_order`]), so that a cell's persons
/// are a run of consecutive ids and a draw reads their homes directly: no list of ids and no
/// second copy of the homes between the draw and the data.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SpatialIndex {
    cells_per_side: u32,
    radius: f64,
    /// The persons of cell `c` are `cell_start[c]..cell_start[c + 1]`.
    cell_start: Vec<u32>,
    /// Who is within the radius of whom, worked out from the homes at the first draw and
    /// shared by the index's copies (homes never move). Not saved: a loaded index works it
    /// out again.
    #[serde(skip)]
    near: Arc<OnceLock<Option<Neighbourhoods>>>,
}

/// The most words of bits a person's neighbourhood may take (blocks of up to 256 persons). If
/// any block holds more, as when the radius is a large part of the world or persons crowd into
/// a few cells, no bits are worked out and every draw reads the homes (the same draws; only the
/// speed differs).
const MAX_NEAR_WORDS: usize = 4;

/// For each person, which persons of its 3 x 3 block lie within the contact radius of its
/// home: bit `k` of its words is set when the block's `k`-th person (numbered as in
/// [`BlockRuns`]) is within the radius and is not the person itself. The rejection draw then
/// tests a bit where it read a home and worked out a distance: the same draws and the same
/// answers, without the miss on each tried home that bounds a large world's draw
/// (docs/performance.md).
struct Neighbourhoods {
    /// Words of bits per person: enough for the largest block.
    words: usize,
    /// Person `p`'s bits are `bits[p * words..(p + 1) * words]`.
    bits: Vec<u64>,
}

/// The words per person and their number, not every word.
impl std::fmt::Debug for Neighbourhoods {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Neighbourhoods")
            .field("words", &self.words)
            .field("bits", &format_args!("{} words", self.bits.len()))
            .finish()
    }
}

impl Neighbourhoods {
    /// Works out every person's bits, by the very test the draw without them makes; `None` if
    /// some block is too large.
    fn new(index: &SpatialIndex, homes: &[Position]) -> Option<Self> {
        let blocks: Vec<BlockRuns> = homes
            .iter()
            .map(|&home| BlockRuns::new(index.block(home)))
            .collect();
        let largest = blocks.iter().map(|b| b.total as usize).max().unwrap_or(0);
        let words = largest.div_ceil(64).max(1);
        if words > MAX_NEAR_WORDS {
            return None;
        }
        let mut bits = vec![0u64; homes.len() * words];
        for (me, (block, &at)) in blocks.iter().zip(homes).enumerate() {
            let mine = &mut bits[me * words..(me + 1) * words];
            for k in 0..block.total {
                if index.is_neighbour(homes, me, at, block.person(k)) {
                    mine[(k / 64) as usize] |= 1 << (k % 64);
                }
            }
        }
        Some(Neighbourhoods { words, bits })
    }

    /// A person's bits.
    fn of(&self, person: u32) -> &[u64] {
        let start = person as usize * self.words;
        &self.bits[start..start + self.words]
    }
}

/// The rejection draw of a neighbour from a block (`total` at least 2), `within(k)` telling
/// whether the block's `k`-th person may be drawn: uniform over the block, kept when within, is
/// uniform over those within.
fn draw_within(block: &BlockRuns, rng: &mut ModelRng, within: impl Fn(u32) -> bool) -> Option<u32> {
    let total = block.total;
    for _ in 0..REJECTION_TRIES {
        let k = below(rng, total);
        if within(k) {
            return Some(block.person(k) as u32);
        }
    }
    // Rarely (a thin neighbourhood): list those within the radius and draw among them.
    let candidates: Vec<usize> = (0..total)
        .filter(|&k| within(k))
        .map(|k| block.person(k))
        .collect();
    if candidates.is_empty() {
        None
    } else {
        Some(candidates[below(rng, candidates.len() as u32) as usize] as u32)
    }
}

/// How many rejection draws before falling back to an exact scan of the block. Within the
/// radius lie about a third of the block's persons, so 32 failures in a row are rare.
const REJECTION_TRIES: u32 = 32;

/// The grid's cells per side for this many homes and this contact radius: cells at least as
/// wide as the radius, so the 3 x 3 block covers the disc; no more cells than persons, so sparse
/// worlds do not pay for empty cells.
fn cells_per_side(persons: usize, radius: f64) -> u32 {
    let by_radius = (1.0 / radius).floor().clamp(1.0, 4096.0) as u32;
    let by_count = ((persons as f64).sqrt().ceil() as u32).max(1);
    by_radius.min(by_count).max(1)
}

/// The column and row of the cell of a point, from the south-west corner.
fn cell_xy(at: Position, cells_per_side: u32) -> (u32, u32) {
    let side = cells_per_side as f64;
    let cx = ((at.x * side) as u32).min(cells_per_side - 1);
    let cy = ((at.y * side) as u32).min(cells_per_side - 1);
    (cx, cy)
}

/// The cell of a point, row-major from the south-west corner.
fn cell_of(at: Position, cells_per_side: u32) -> usize {
    let (cx, cy) = cell_xy(at, cells_per_side);
    (cy * cells_per_side + cx) as usize
}

/// The persons of a 3 x 3 block of cells, as the three runs of ids of its rows, numbered
/// from 0 row after row: the `k`-th person is `k` plus the shift of its row.
struct BlockRuns {
    /// The numbers of the first persons of the second and of the third row.
    row_starts: [u32; 2],
    /// What to add to a number in each row to get the person's id (wrapping: a shift may be
    /// "negative", its sum with a number of its row is not).
    shifts: [u32; 3],
    /// How many persons the block holds.
    total: u32,
}

impl BlockRuns {
    fn new(rows: [(u32, u32); 3]) -> Self {
        let second = rows[0].1 - rows[0].0;
        let third = second + (rows[1].1 - rows[1].0);
        BlockRuns {
            row_starts: [second, third],
            shifts: [
                rows[0].0,
                rows[1].0.wrapping_sub(second),
                rows[2].0.wrapping_sub(third),
            ],
            total: third + (rows[2].1 - rows[2].0),
        }
    }

    /// The `k`-th person of the block (`k` below the total). The row is found by two
    /// comparisons rather than by branches, which the processor would mispredict: `k` is
    /// random.
    fn person(&self, k: u32) -> usize {
        let row = usize::from(k >= self.row_starts[0]) + usize::from(k >= self.row_starts[1]);
        k.wrapping_add(self.shifts[row]) as usize
    }
}

impl SpatialIndex {
    /// The persons (indices into `homes`) in the index's order: by cell, row by row from the
    /// south-west corner, then by index. Number the persons in this order before building the
    /// index; a person's neighbours, who are most of its partners, then sit near it in every
    /// array.
    pub fn spatial_order(homes: &[Position], radius: f64) -> Vec<u32> {
        let side = cells_per_side(homes.len(), radius);
        let mut order: Vec<u32> = (0..homes.len() as u32).collect();
        // Stable, so persons of one cell keep their order.
        order.sort_by_cached_key(|&p| cell_of(homes[p as usize], side));
        order
    }

    /// The bytes the index holds on the heap.
    ///
    /// The neighbourhood bits are left out: one copy is shared by all copies of the index (a
    /// timeline's checkpoints among them), a cache of 8 bytes or so a person.
    pub fn heap_bytes(&self) -> usize {
        super::vec_bytes(&self.cell_start)
    }

    /// Builds the index for these homes and contact radius. The homes must be in the index's
    /// order (see [`spatial_order`](Self::spatial_order)); `None` if they are not.
    pub fn new(homes: &[Position], radius: f64) -> Option<Self> {
        let side = cells_per_side(homes.len(), radius);
        let cell_count = (side * side) as usize;
        let mut cell_start = vec![0u32; cell_count + 1];
        let mut previous = 0;
        for &home in homes {
            let cell = cell_of(home, side);
            if cell < previous {
                return None;
            }
            previous = cell;
            cell_start[cell + 1] += 1;
        }
        for c in 1..=cell_count {
            cell_start[c] += cell_start[c - 1];
        }
        Some(SpatialIndex {
            cells_per_side: side,
            radius,
            cell_start,
            near: Arc::default(),
        })
    }

    /// Whether the index is the one these homes and radius give (for checking a loaded run,
    /// whose index and homes come from a file).
    pub fn fits(&self, homes: &[Position], radius: f64) -> bool {
        SpatialIndex::new(homes, radius).is_some_and(|index| {
            index.cells_per_side == self.cells_per_side
                && index.radius == self.radius
                && index.cell_start == self.cell_start
        })
    }

    /// The three row runs of the 3 x 3 block of cells around `at`, as ranges of persons.
    fn block(&self, at: Position) -> [(u32, u32); 3] {
        let side = self.cells_per_side;
        let (cx, cy) = cell_xy(at, side);
        let x0 = cx.saturating_sub(1);
        let x1 = (cx + 1).min(side - 1);
        let mut rows = [(0, 0); 3];
        let y0 = cy.saturating_sub(1);
        let y1 = (cy + 1).min(side - 1);
        for (slot, y) in (y0..=y1).enumerate() {
            let first = (y * side + x0) as usize;
            let last = (y * side + x1) as usize;
            rows[slot] = (self.cell_start[first], self.cell_start[last + 1]);
        }
        rows
    }

    /// A person other than `me`, drawn uniformly among those whose home lies within the radius of
    /// `homes[me]`; `None` if there is nobody. `homes` must be the homes the index was built for.
    pub fn draw_neighbour(&self, me: u32, homes: &[Position], rng: &mut ModelRng) -> Option<u32> {
        let at = homes[me as usize];
        let block = BlockRuns::new(self.block(at));
        if block.total <= 1 {
            return None;
        }
        match self.neighbourhoods(homes) {
            // Who is within the radius, read from `me`'s bits: no home read, no distance.
            Some(near) => {
                let bits = near.of(me);
                draw_within(&block, rng, |k| {
                    bits[(k / 64) as usize] >> (k % 64) & 1 != 0
                })
            }
            None => self.draw_by_homes(me, &block, homes, rng),
        }
    }

    /// The neighbour draw that reads the homes: for blocks too large for the bits.
    fn draw_by_homes(
        &self,
        me: u32,
        block: &BlockRuns,
        homes: &[Position],
        rng: &mut ModelRng,
    ) -> Option<u32> {
        let at = homes[me as usize];
        draw_within(block, rng, |k| {
            self.is_neighbour(homes, me as usize, at, block.person(k))
        })
    }

    /// Whether `other` may be drawn as a neighbour of `me`, whose home is `at`: another person
    /// whose home lies within the radius. The one test behind the draw by homes and the
    /// neighbourhood bits, which must agree bit for bit.
    fn is_neighbour(&self, homes: &[Position], me: usize, at: Position, other: usize) -> bool {
        other != me && homes[other].distance_squared(at) <= self.radius * self.radius
    }

    /// Each person's neighbourhood bits, worked out from `homes` at the first call (`None`
    /// when some block holds more persons than [`MAX_NEAR_WORDS`] words have bits: then every
    /// draw reads the homes).
    fn neighbourhoods(&self, homes: &[Position]) -> Option<&Neighbourhoods> {
        let near = self
            .near
            .get_or_init(|| Neighbourhoods::new(self, homes))
            .as_ref()?;
        debug_assert_eq!(near.bits.len(), homes.len() * near.words, "the same homes");
        Some(near)
    }

    /// Prefetches a person's neighbourhood bits, once they are worked out; see
    /// [`prefetch`](super::prefetch).
    pub fn prefetch_neighbourhood(&self, person: usize) {
        if let Some(Some(near)) = self.near.get() {
            super::prefetch(&near.bits, person * near.words);
        }
    }

    /// Every person within the radius of `at`, in order (for tests and inspection).
    pub fn within_radius(&self, at: Position, homes: &[Position]) -> Vec<u32> {
        let radius_squared = self.radius * self.radius;
        let mut found: Vec<u32> = self
            .block(at)
            .iter()
            .flat_map(|&(a, b)| a..b)
            .filter(|&o| homes[o as usize].distance_squared(at) <= radius_squared)
            .collect();
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{seeded, unit};

    fn random_homes(n: usize, seed: u64) -> Vec<Position> {
        let mut rng = seeded(seed);
        (0..n)
            .map(|_| Position {
                x: unit(&mut rng),
                y: unit(&mut rng),
            })
            .collect()
    }

    /// The homes numbered in the index's order for this radius, and the index.
    fn indexed(homes: &[Position], radius: f64) -> (Vec<Position>, SpatialIndex) {
        let sorted: Vec<Position> = SpatialIndex::spatial_order(homes, radius)
            .iter()
            .map(|&p| homes[p as usize])
            .collect();
        let index = SpatialIndex::new(&sorted, radius).expect("homes in the index's order");
        (sorted, index)
    }

    #[test]
    fn refuses_homes_out_of_its_order_and_a_loaded_index_that_does_not_fit() {
        let homes = random_homes(500, 2);
        assert!(SpatialIndex::new(&homes, 0.05).is_none(), "random order");
        let (sorted, index) = indexed(&homes, 0.05);
        assert!(index.fits(&sorted, 0.05));
        assert!(!index.fits(&sorted, 0.1), "another radius, another grid");
        assert!(
            !index.fits(&sorted, 0.0499),
            "another radius, the same grid"
        );
        let mut swapped = sorted.clone();
        swapped.swap(0, 499);
        assert!(!index.fits(&swapped, 0.05), "homes out of order");
        let mut moved = sorted.clone();
        moved.pop();
        assert!(!index.fits(&moved, 0.05), "another population");
    }

    #[test]
    fn finds_exactly_those_within_the_radius() {
        for radius in [0.01, 0.05, 0.2, 0.7] {
            let (homes, index) = indexed(&random_homes(2_000, 3), radius);
            for probe in [0, 17, 999, 1_999] {
                let at = homes[probe];
                let expected: Vec<u32> = (0..homes.len() as u32)
                    .filter(|&o| homes[o as usize].distance_squared(at) <= radius * radius)
                    .collect();
                assert_eq!(index.within_radius(at, &homes), expected, "radius {radius}");
            }
        }
    }

    #[test]
    fn draws_only_neighbours_and_all_of_them_evenly() {
        let (homes, index) = indexed(&random_homes(3_000, 5), 0.05);
        // Persons are numbered row by row from the south-west: near the south edge (a block of
        // two rows of cells), in the middle (three rows), near the north-east corner.
        for me in [42, 1_500, 2_990] {
            let neighbours: Vec<u32> = index
                .within_radius(homes[me as usize], &homes)
                .into_iter()
                .filter(|&o| o != me)
                .collect();
            assert!(neighbours.len() > 5);
            let mut rng = seeded(9);
            let mut counts = std::collections::BTreeMap::new();
            let draws = 2_000 * neighbours.len();
            for _ in 0..draws {
                let other = index.draw_neighbour(me, &homes, &mut rng).unwrap();
                *counts.entry(other).or_insert(0usize) += 1;
            }
            assert_eq!(counts.keys().copied().collect::<Vec<_>>(), neighbours);
            for (&other, &count) in &counts {
                assert!(
                    (1_700..2_300).contains(&count),
                    "{me}: {other} drawn {count} times"
                );
            }
        }
    }

    #[test]
    fn the_neighbourhood_bits_draw_what_the_homes_draw_from_the_same_draws() {
        // Radii from a thin neighbourhood (the exact fallback) to blocks near the bits' limit.
        for (persons, radius) in [(3_000, 0.01), (3_000, 0.05), (2_000, 0.1)] {
            let (homes, index) = indexed(&random_homes(persons, 11), radius);
            assert!(index.neighbourhoods(&homes).is_some(), "radius {radius}");
            let mut by_bits = seeded(3);
            let mut by_homes = seeded(3);
            for me in 0..persons as u32 {
                let block = BlockRuns::new(index.block(homes[me as usize]));
                if block.total <= 1 {
                    continue;
                }
                for _ in 0..3 {
                    assert_eq!(
                        index.draw_neighbour(me, &homes, &mut by_bits),
                        index.draw_by_homes(me, &block, &homes, &mut by_homes),
                        "person {me}, radius {radius}"
                    );
                }
            }
            assert_eq!(by_bits, by_homes, "the same draws");
        }
    }

    #[test]
    fn blocks_too_large_for_the_bits_draw_from_the_homes() {
        // A radius of 0.3 makes a 3 x 3 grid: every block holds hundreds of persons.
        let (homes, index) = indexed(&random_homes(1_000, 12), 0.3);
        assert!(index.neighbourhoods(&homes).is_none());
        let mut rng = seeded(4);
        for me in [0, 500, 999] {
            let other = index
                .draw_neighbour(me, &homes, &mut rng)
                .expect("neighbours");
            assert_ne!(other, me);
            assert!(homes[other as usize].distance_squared(homes[me as usize]) <= 0.09);
        }
    }

    #[test]
    fn a_block_numbers_its_persons_row_after_row() {
        // Three rows, and blocks with an empty row in each place (a block on the grid's edge
        // has two rows, the third empty).
        for rows in [
            [(10, 14), (30, 33), (50, 55)],
            [(10, 10), (30, 33), (50, 55)],
            [(10, 14), (30, 30), (50, 55)],
            [(10, 14), (30, 33), (0, 0)],
            [(0, 4), (7, 7), (0, 0)],
        ] {
            let expected: Vec<usize> = rows
                .iter()
                .flat_map(|&(a, b)| a as usize..b as usize)
                .collect();
            let block = BlockRuns::new(rows);
            assert_eq!(block.total as usize, expected.len(), "{rows:?}");
            let numbered: Vec<usize> = (0..block.total).map(|k| block.person(k)).collect();
            assert_eq!(numbered, expected, "{rows:?}");
        }
    }

    #[test]
    fn a_lone_person_has_no_neighbour() {
        let homes = vec![Position { x: 0.1, y: 0.1 }, Position { x: 0.9, y: 0.9 }];
        let index = SpatialIndex::new(&homes, 0.1).expect("in order");
        let mut rng = seeded(1);
        assert_eq!(index.draw_neighbour(0, &homes, &mut rng), None);
    }
}
