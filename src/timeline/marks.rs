//! What the scrubber draws along the run: markers at the moments a class should notice (the
//! first kin tie across two communities, a crisis' start and end, the first exposed agenda),
//! and the densities of frequent events (exposures, public events, new kin), one count per
//! tick, binned for drawing.

use crate::sim::events::ModelEvent;
use crate::sim::ties::Stage;
use crate::sim::{NanoModel, vec_bytes};

/// What a marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// The first kin tie ever between persons of these two communities (the smaller first).
    FirstKinAcross {
        /// The two communities.
        communities: (u8, u8),
        /// The two persons (the smaller id first).
        persons: (u32, u32),
    },
    /// The states of two communities began to quarrel.
    CrisisStarted {
        /// The two communities.
        between: (u8, u8),
    },
    /// The quarrel ended.
    CrisisEnded {
        /// The two communities.
        between: (u8, u8),
    },
    /// The first hidden agenda of the run came to light.
    FirstExposure {
        /// Who hid it.
        holder: u32,
        /// Who found out.
        partner: u32,
    },
}

/// A moment to notice, at the tick it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The tick.
    pub tick: u64,
    /// What happened.
    pub kind: MarkerKind,
}

/// Frequent events, counted per tick rather than marked one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Density {
    /// Hidden agendas exposed.
    Exposures,
    /// Public events held.
    PublicEvents,
    /// Ties that became kin.
    NewKin,
}

impl Density {
    /// Every kind (a kind as `usize` is its place here).
    pub const ALL: [Density; 3] = [Density::Exposures, Density::PublicEvents, Density::NewKin];

    /// The kind an event counts for, if any.
    fn of(event: &ModelEvent) -> Option<Density> {
        match event {
            ModelEvent::AgendaExposed { .. } => Some(Density::Exposures),
            ModelEvent::PublicEvent { .. } => Some(Density::PublicEvents),
            _ if event.is_new_kinship() => Some(Density::NewKin),
            _ => None,
        }
    }
}

/// The markers and densities of the ticks from the timeline's start to its head.
#[derive(Clone, Debug)]
pub(super) struct Marks {
    /// The timeline's first tick: index 0 of the counts.
    first: u64,
    /// In order of tick.
    markers: Vec<Marker>,
    /// For each kind of [`Density::ALL`], the count of each tick from `first`.
    counts: [Vec<u32>; 3],
}

impl Marks {
    /// The marks of a run that starts (or is taken up) at the model's tick: kin across
    /// communities from the ties' history so far (a resumed run's included), then the tick's
    /// own events.
    pub(super) fn new(model: &NanoModel) -> Self {
        let mut marks = Marks {
            first: model.tick(),
            markers: Vec::new(),
            counts: Default::default(),
        };
        for record in model.tie_history() {
            if record.to == Some(Stage::Kin) && record.from != Some(Stage::Kin) {
                marks.kin(record.tick, model, record.a, record.b);
            }
        }
        marks.note(model.tick(), model);
        marks
    }

    /// Notes the events the model holds, as those of tick `tick` (the last tick's, and those of
    /// interventions since).
    pub(super) fn note(&mut self, tick: u64, model: &NanoModel) {
        let index = (tick - self.first) as usize;
        debug_assert!(self.counts[0].len() <= index, "tick {tick} noted twice");
        for counts in &mut self.counts {
            counts.resize(index + 1, 0);
        }
        for event in model.events() {
            if let Some(kind) = Density::of(event) {
                self.counts[kind as usize][index] += 1;
            }
            match *event {
                ModelEvent::StageChanged { a, b, .. } if event.is_new_kinship() => {
                    self.kin(tick, model, a, b);
                }
                ModelEvent::CrisisStarted { between } => {
                    self.push(tick, MarkerKind::CrisisStarted { between });
                }
                ModelEvent::CrisisEnded { between } => {
                    self.push(tick, MarkerKind::CrisisEnded { between });
                }
                ModelEvent::AgendaExposed { holder, partner } => {
                    let first = !self
                        .markers
                        .iter()
                        .any(|m| matches!(m.kind, MarkerKind::FirstExposure { .. }));
                    if first {
                        self.push(tick, MarkerKind::FirstExposure { holder, partner });
                    }
                }
                _ => {}
            }
        }
    }

    /// Marks a new kin tie between `a` and `b` if it is the first across their communities.
    fn kin(&mut self, tick: u64, model: &NanoModel, a: u32, b: u32) {
        let persons = &model.population().persons;
        let (ca, cb) = (persons[a as usize].community, persons[b as usize].community);
        if ca == cb {
            return;
        }
        let communities = (ca.min(cb), ca.max(cb));
        let seen = self.markers.iter().any(|m| {
            matches!(m.kind, MarkerKind::FirstKinAcross { communities: c, .. } if c == communities)
        });
        if !seen {
            let persons = (a.min(b), a.max(b));
            self.push(
                tick,
                MarkerKind::FirstKinAcross {
                    communities,
                    persons,
                },
            );
        }
    }

    fn push(&mut self, tick: u64, kind: MarkerKind) {
        self.markers.push(Marker { tick, kind });
    }

    /// Forgets the marks of tick `tick` and after (a branch discards them).
    pub(super) fn cut_from(&mut self, tick: u64) {
        self.markers.retain(|m| m.tick < tick);
        let keep = tick.saturating_sub(self.first) as usize;
        for counts in &mut self.counts {
            counts.truncate(keep);
        }
    }

    /// The markers, in order of tick.
    pub(super) fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// A kind's count for each tick from the first.
    pub(super) fn density(&self, kind: Density) -> &[u32] {
        &self.counts[kind as usize]
    }

    /// A kind's counts summed into `bins` spans of the ticks noted, as equal as whole ticks
    /// allow (tick `i` from the first falls in bin `i * bins / ticks`).
    pub(super) fn binned(&self, kind: Density, bins: usize) -> Vec<u64> {
        let counts = self.density(kind);
        let mut sums = vec![0u64; bins];
        if bins == 0 {
            return sums;
        }
        for (i, &count) in counts.iter().enumerate() {
            sums[i * bins / counts.len()] += u64::from(count);
        }
        sums
    }

    /// The bytes the counts and markers hold.
    pub(super) fn heap_bytes(&self) -> usize {
        vec_bytes(&self.markers) + self.counts.iter().map(vec_bytes).sum::<usize>()
    }
}
