//! What a layout built for speed would give the nano model: the work of a contact
//! (docs/model.md, rules 1 to 8, and the decay of rule 9) in a plain hand-written loop over
//! packed data, against the crate's model on the same state.
//!
//! This is not the model and is not exact: it is a yardstick, as `plain_loop` is for Axelrod's
//! model. Its layout is the one an earlier analysis (docs/performance.md) expected ten million
//! contacts per second to need: each person's data packed into one 64-byte cache line; each
//! person's ties in a block of its own (room for 32), with the affinity and stage at both ends
//! (so that the acting person's draw among its ties reads only its own block); the homes apart,
//! in the spatial index's order. It follows the model's draws and makes about as many contacts
//! (the two counts are printed and in docs/performance.md). What it leaves out or simplifies,
//! each of which makes it a little faster than the model would be with its layout:
//!
//! - public events, crises, the event log, and the counters of successes, exchanges, exposures
//!   and each tie's last contact;
//! - the marketplace's sizes fixed in the layout (five features, two languages, one word of
//!   symbols) and sharing as the exchange rule; the rates, weights and thresholds come from the
//!   model's parameters;
//! - the rare fallbacks: after 16 rejected tied candidates it draws uniformly among the ties
//!   (the model walks the cumulative affinities), and after 32 rejected neighbours it gives up
//!   (the model lists them);
//! - a new tie that finds either block full is not made (the benchmark prints how many).
//!
//! Both start from the state of benches/model.rs (the marketplace at 10,000 or 100,000
//! persons after 50 ticks); each sample runs 20 ticks; the counter is the contacts made (a
//! partner found and willing), counted beforehand on a copy. Run with
//! `cargo bench --no-default-features --bench packed_layout`.

mod common;

use divan::Bencher;
use divan::counter::ItemsCount;
use nano_diplomacy::sim::NanoModel;
use nano_diplomacy::sim::NanoParams;
use nano_diplomacy::sim::params::SymbolKind;
use nano_diplomacy::sim::rng::{ModelRng, below, chance, seeded};
use nano_diplomacy::sim::ties::{Stage, StageThresholds};

use common::{bench_ticks, warmed_up};

fn main() {
    divan::main();
}

const TICKS: u64 = 20;
/// Room for ties in a person's block.
const ROOM: usize = 32;

/// A person's data, in one cache line.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Packed {
    ses: f64,
    openness: f64,
    fluency: [f64; 2],
    repertoire: u64,
    customs: [u8; 8],
    community: u8,
    belief: u8,
    mother_tongue: u8,
    spoken: u8,
    hidden_agenda: bool,
    degree: u8,
}

/// One end of a tie, in its person's block.
#[derive(Clone, Copy)]
struct End {
    affinity: f64,
    partner: u32,
    stage: Stage,
    /// In contact this tick: the decay leaves it alone and clears this.
    touched: bool,
}

/// An empty place in a block.
const NO_END: End = End {
    affinity: 0.0,
    partner: 0,
    stage: Stage::Acquaintance,
    touched: false,
};

/// The yardstick's world.
#[derive(Clone)]
struct PackedWorld {
    persons: Vec<Packed>,
    homes: Vec<(f64, f64)>,
    ends: Vec<End>,
    cells_per_side: u32,
    cell_start: Vec<u32>,
    radius: f64,
    nonverbal: u64,
    rng: ModelRng,
    order: Vec<u32>,
    contacts: u64,
    /// New ties not made because a block was full (reported by the benchmark).
    refused: u64,
    /// The model's parameters, for the rules' rates, weights and thresholds.
    rules: NanoParams,
    thresholds: StageThresholds,
}

impl PackedWorld {
    /// The model's state, copied into the packed layout.
    fn from_model(model: &NanoModel) -> Self {
        let population = model.population();
        let n = population.len();
        let radius = model.params().contact_radius;
        let mut persons: Vec<Packed> = (0..n as u32)
            .map(|p| {
                let person = &population.persons[p as usize];
                let mut customs = [0u8; 8];
                customs[..5].copy_from_slice(population.customs(p));
                let fluency = population.fluency(p);
                Packed {
                    ses: person.ses,
                    openness: person.openness,
                    fluency: [fluency[0], fluency[1]],
                    repertoire: population.repertoire(p)[0],
                    customs,
                    community: person.community,
                    belief: person.belief,
                    mother_tongue: person.mother_tongue,
                    spoken: population.spoken(p),
                    hidden_agenda: person.hidden_agenda,
                    degree: 0,
                }
            })
            .collect();
        let mut ends = vec![NO_END; n * ROOM];
        for (_, tie) in model.ties().iter() {
            for (me, other) in [(tie.a, tie.b), (tie.b, tie.a)] {
                let degree = &mut persons[me as usize].degree;
                assert!(
                    (*degree as usize) < ROOM,
                    "person {me} has more than {ROOM} ties: raise ROOM"
                );
                ends[me as usize * ROOM + *degree as usize] = End {
                    affinity: tie.affinity,
                    partner: other,
                    stage: tie.stage,
                    touched: false,
                };
                *degree += 1;
            }
        }
        let homes: Vec<(f64, f64)> = population.homes.iter().map(|h| (h.x, h.y)).collect();
        let side = ((1.0 / radius).floor().clamp(1.0, 4096.0) as u32)
            .min((n as f64).sqrt().ceil() as u32)
            .max(1);
        let mut cell_start = vec![0u32; (side * side) as usize + 1];
        for &(x, y) in &homes {
            cell_start[cell(x, y, side) + 1] += 1;
        }
        for c in 1..cell_start.len() {
            cell_start[c] += cell_start[c - 1];
        }
        let mut nonverbal = 0u64;
        for (s, symbol) in population.symbols.iter().enumerate() {
            if symbol.kind == SymbolKind::NonVerbal {
                nonverbal |= 1 << s;
            }
        }
        PackedWorld {
            persons,
            homes,
            ends,
            cells_per_side: side,
            cell_start,
            radius,
            nonverbal,
            rng: seeded(model.seed() ^ model.tick()),
            order: Vec::new(),
            contacts: 0,
            refused: 0,
            rules: model.params().clone(),
            thresholds: model.params().stage_thresholds(),
        }
    }

    fn step(&mut self) {
        let n = self.persons.len();
        self.order.clear();
        self.order.extend(0..n as u32);
        for i in (1..n).rev() {
            let j = below(&mut self.rng, i as u32 + 1) as usize;
            self.order.swap(i, j);
        }
        let rate = self.rules.contact_rate;
        let rng = &mut self.rng;
        self.order.retain(|_| chance(rng, rate));
        for k in 0..self.order.len() {
            if let Some(&ahead) = self.order.get(k + 8) {
                let ahead = ahead as usize;
                prefetch_index::prefetch_index(&self.persons, ahead);
                prefetch_index::prefetch_index(&self.homes, ahead);
                prefetch_index::prefetch_index(&self.ends, ahead * ROOM);
                prefetch_index::prefetch_index(&self.ends, ahead * ROOM + 4);
            }
            self.contact(self.order[k]);
        }
        self.decay();
    }

    /// Someone within the radius of `me`'s home, by rejection from the 3 x 3 block of cells.
    fn neighbour(&mut self, me: u32) -> Option<u32> {
        let (x, y) = self.homes[me as usize];
        let side = self.cells_per_side;
        let c = cell(x, y, side) as u32;
        let (cx, cy) = (c % side, c / side);
        let (x0, x1) = (cx.saturating_sub(1), (cx + 1).min(side - 1));
        let mut rows = [(0u32, 0u32); 3];
        for (slot, row) in (cy.saturating_sub(1)..=(cy + 1).min(side - 1)).enumerate() {
            rows[slot] = (
                self.cell_start[(row * side + x0) as usize],
                self.cell_start[(row * side + x1) as usize + 1],
            );
        }
        let total: u32 = rows.iter().map(|(a, b)| b - a).sum();
        if total <= 1 {
            return None;
        }
        let r2 = self.radius * self.radius;
        for _ in 0..32 {
            let mut k = below(&mut self.rng, total);
            for (start, end) in rows {
                if k < end - start {
                    let other = start + k;
                    let (ox, oy) = self.homes[other as usize];
                    if other != me && (ox - x) * (ox - x) + (oy - y) * (oy - y) <= r2 {
                        return Some(other);
                    }
                    break;
                }
                k -= end - start;
            }
        }
        None
    }

    fn contact(&mut self, me: u32) {
        let n = self.persons.len() as u32;
        let block = me as usize * ROOM;
        let degree = self.persons[me as usize].degree as usize;
        let (partner, slot) = if degree > 0 && chance(&mut self.rng, self.rules.p_known) {
            // By rejection, as the model; after 16 failures (rare) uniformly.
            let mut chosen = None;
            for _ in 0..16 {
                let j = below(&mut self.rng, degree as u32) as usize;
                if chance(&mut self.rng, self.ends[block + j].affinity) {
                    chosen = Some(j);
                    break;
                }
            }
            let chosen = chosen.unwrap_or_else(|| below(&mut self.rng, degree as u32) as usize);
            (self.ends[block + chosen].partner, Some(chosen))
        } else {
            let partner = if chance(&mut self.rng, self.rules.p_travel) {
                let other = below(&mut self.rng, n - 1);
                other + u32::from(other >= me)
            } else {
                match self.neighbour(me) {
                    Some(other) => other,
                    None => return,
                }
            };
            let slot = (0..degree).find(|&j| self.ends[block + j].partner == partner);
            (partner, slot)
        };
        let affinity = slot.map_or(0.0, |j| self.ends[block + j].affinity);
        let p = self.persons[me as usize];
        let q = self.persons[partner as usize];
        // Rule 3.
        let r = &self.rules;
        let mut sum = 0.0;
        if p.community != q.community {
            sum += r.weight_community;
        }
        if p.belief != q.belief {
            sum += r.weight_belief;
        }
        sum += r.weight_ses * (p.ses - q.ses).abs();
        if p.spoken & q.spoken == 0 {
            sum += r.weight_language;
        }
        let barrier =
            sum / (r.weight_community + r.weight_belief + r.weight_ses + r.weight_language);
        let shared = p.customs[..5]
            .iter()
            .zip(&q.customs[..5])
            .filter(|(a, b)| a == b)
            .count();
        let similarity = shared as f64 / 5.0;
        let o = p.openness;
        let willingness =
            affinity + (1.0 - affinity) * (o * (1.0 - barrier) + (1.0 - o) * similarity);
        if !chance(&mut self.rng, willingness) {
            return;
        }
        self.contacts += 1;
        // Rules 4 and 5.
        let common = p.spoken & q.spoken;
        let verbal = common != 0;
        let success = if verbal {
            let mut best = -1.0f64;
            for l in 0..2 {
                if common & (1 << l) != 0 {
                    best = best.max(p.fluency[l] * q.fluency[l]);
                }
            }
            chance(&mut self.rng, best)
        } else {
            chance(&mut self.rng, self.rules.p_nonverbal)
        };
        let taker = &mut self.persons[partner as usize];
        if success {
            let mut offer = p.repertoire & !taker.repertoire;
            if !verbal {
                offer &= self.nonverbal;
            }
            if offer != 0 {
                let mut k = below(&mut self.rng, offer.count_ones());
                while k > 0 {
                    offer &= offer - 1;
                    k -= 1;
                }
                taker.repertoire |= 1 << offer.trailing_zeros();
            }
        }
        // Rules 6 and 7.
        let mut new_affinity = if success {
            affinity + self.rules.eta * (1.0 - affinity)
        } else {
            (affinity - self.rules.failure_penalty).max(0.0)
        };
        if p.hidden_agenda && chance(&mut self.rng, self.rules.p_exposed) {
            new_affinity = 0.0;
            taker.openness *= 1.0 - self.rules.exposure_openness_loss;
        }
        if !verbal {
            let f = &mut taker.fluency[p.mother_tongue as usize];
            *f += self.rules.language_learning * (1.0 - *f);
            taker.spoken = u8::from(taker.fluency[0] >= self.rules.fluency_to_speak)
                | (u8::from(taker.fluency[1] >= self.rules.fluency_to_speak) << 1);
        }
        if success && p.community != taker.community {
            taker.openness += self.rules.openness_gain * (1.0 - taker.openness);
        }
        // Rule 8, at both ends.
        match slot {
            Some(j) if new_affinity < self.rules.forget_below => {
                self.remove(me, j);
                if let Some(k) = self.find(partner, me) {
                    self.remove(partner, k);
                }
            }
            Some(j) => {
                let stage = self
                    .thresholds
                    .next_stage(self.ends[block + j].stage, new_affinity);
                self.set(me as usize * ROOM + j, new_affinity, stage);
                if let Some(k) = self.find(partner, me) {
                    self.set(partner as usize * ROOM + k, new_affinity, stage);
                }
            }
            None if success && new_affinity > self.rules.forget_below => {
                if (self.persons[me as usize].degree as usize) < ROOM
                    && (self.persons[partner as usize].degree as usize) < ROOM
                {
                    self.push(me, partner, new_affinity);
                    self.push(partner, me, new_affinity);
                } else {
                    self.refused += 1;
                }
            }
            None => {}
        }
    }

    fn find(&self, me: u32, other: u32) -> Option<usize> {
        let block = me as usize * ROOM;
        (0..self.persons[me as usize].degree as usize)
            .find(|&j| self.ends[block + j].partner == other)
    }

    fn set(&mut self, at: usize, affinity: f64, stage: Stage) {
        let end = &mut self.ends[at];
        end.affinity = affinity;
        end.stage = stage;
        end.touched = true;
    }

    fn push(&mut self, me: u32, other: u32, affinity: f64) {
        let degree = &mut self.persons[me as usize].degree;
        self.ends[me as usize * ROOM + *degree as usize] = End {
            affinity,
            partner: other,
            stage: Stage::Acquaintance,
            touched: true,
        };
        *degree += 1;
    }

    fn remove(&mut self, me: u32, j: usize) {
        let block = me as usize * ROOM;
        let degree = &mut self.persons[me as usize].degree;
        *degree -= 1;
        self.ends[block + j] = self.ends[block + *degree as usize];
    }

    /// Rule 9: both ends of a tie decay alike, so each block is handled on its own, with the
    /// model's fast path: a tie in contact this tick is multiplied by 1, and a tie that stays at
    /// or above its stage's floor keeps its stage without a test of the thresholds.
    fn decay(&mut self) {
        let (r, t) = (&self.rules, &self.thresholds);
        let keeps = [1.0 - r.decay, 1.0 - r.decay, 1.0 - r.kin_decay];
        let forget_below = r.forget_below;
        let floors = [
            forget_below,
            forget_below.max(t.friend - t.hysteresis),
            forget_below.max(t.kin - t.hysteresis),
        ];
        let thresholds = *t;
        for me in 0..self.persons.len() {
            let block = me * ROOM;
            let mut j = 0;
            while j < self.persons[me].degree as usize {
                let end = &mut self.ends[block + j];
                let keep = if end.touched {
                    1.0
                } else {
                    keeps[end.stage as usize]
                };
                end.touched = false;
                end.affinity *= keep;
                if end.affinity >= floors[end.stage as usize] {
                    j += 1;
                } else if end.affinity >= forget_below {
                    end.stage = thresholds.next_stage(end.stage, end.affinity);
                    j += 1;
                } else {
                    self.remove(me as u32, j);
                }
            }
        }
    }
}

/// The cell of a home, row-major (as in the model's spatial index).
fn cell(x: f64, y: f64, side: u32) -> usize {
    let s = f64::from(side);
    let cx = ((x * s) as u32).min(side - 1);
    let cy = ((y * s) as u32).min(side - 1);
    (cy * side + cx) as usize
}

/// The crate's model, 20 ticks (as `contacts` in benches/model.rs).
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn model(bencher: Bencher, persons: u32) {
    bench_ticks(bencher, &warmed_up(persons), TICKS);
}

/// The yardstick, 20 ticks from the same state.
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn packed(bencher: Bencher, persons: u32) {
    let start = PackedWorld::from_model(&warmed_up(persons));
    let mut counted = start.clone();
    for _ in 0..TICKS {
        counted.step();
    }
    eprintln!(
        "packed, {persons} persons: {} contacts in {TICKS} ticks, {} new ties refused for lack of room",
        counted.contacts, counted.refused
    );
    bencher
        .counter(ItemsCount::new(counted.contacts))
        .with_inputs(|| start.clone())
        .bench_local_values(|mut world| {
            for _ in 0..TICKS {
                world.step();
            }
            world
        });
}
