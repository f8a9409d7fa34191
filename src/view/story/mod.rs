//! A person's story, for the app's inspector: every symbol it learned (from whom, when, how)
//! and forgot, every tie it formed and every change of the tie's stage, and every hidden
//! agenda exposed, its own or a partner's. Gathered tick by tick from the model's symbol log,
//! its events and the ties' history, kept per person in tick order, and cut back to a tick
//! when the app's timeline goes back.
//!
//! Each person's entries are a vector of its own, so that its story is read without looking at
//! anyone else's: the app reads it every frame. Measured (release build, seed 1, the
//! marketplace with its radius scaled to keep the neighbours, on this shared two-core machine):
//! 0.69 entries per person and tick, nearly all symbols learned and forgotten (the churn of rule
//! 11), at 8 bytes each; over 10,000 ticks, 600 persons take 4.1 million entries in 39 MB and
//! 5,000 persons 35 million in 332 MB (vectors' spare room included). Recording costs about 45
//! ns an entry: 10 µs a tick at 600 persons, 160 µs at 5,000 (a sixth to a quarter of a tick).
//! The longest story (about 9,000 entries) is unpacked in 0.2 ms and described in 2 to 7 ms; a
//! cut takes 0.6 ms at 600 persons, 5 ms at 5,000.

mod packed;
#[cfg(test)]
mod tests;
mod words;

pub use packed::{LAST_TICK, MAX_PERSONS};

use packed::Packed;

use crate::i18n::Names;
use crate::sim::model::{SymbolEvent, Via};
use crate::sim::ties::Stage;
use crate::sim::{ModelEvent, NanoModel};

/// What happened to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// It learned a symbol it did not know.
    Learned {
        /// The symbol's id.
        symbol: u32,
        /// Who passed it: a contact's initiator or a public event's speaker.
        from: u32,
        /// How it passed.
        via: Via,
    },
    /// It forgot a symbol of another community.
    Forgot {
        /// The symbol's id.
        symbol: u32,
    },
    /// A tie formed (`from` is `None`), changed stage, or was forgotten (`to` is `None`).
    Tie {
        /// The other end of the tie.
        partner: u32,
        /// The stage before.
        from: Option<Stage>,
        /// The stage after.
        to: Option<Stage>,
    },
    /// Its hidden agenda came to light in a contact it started.
    Exposed {
        /// Who found out.
        partner: u32,
    },
    /// It found out the hidden agenda of a person who met it.
    FoundOut {
        /// Who hid it.
        holder: u32,
    },
}

/// One entry of a person's story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The tick it happened in (household ties: tick 0).
    pub tick: u64,
    /// What happened.
    pub kind: EntryKind,
}

/// How far into the model's record of the current tick the story has read.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Read {
    /// The tick.
    tick: u64,
    /// Entries of the symbol log read (`usize::MAX`: all there are, see `truncate_after`).
    symbols: usize,
    /// Events read, likewise.
    events: usize,
}

/// How far into the ties' history the story has told.
#[derive(Clone, Copy, Debug, PartialEq)]
enum TiesRead {
    /// This many records.
    Count(usize),
    /// Every record up to this tick (after a cut, until the next record counts them).
    UpTo(u64),
}

impl Default for TiesRead {
    fn default() -> Self {
        TiesRead::Count(0)
    }
}

/// The stories of all persons of a run, gathered as it goes. Turn the model's symbol log on
/// ([`NanoModel::set_symbol_log`]) and call [`Story::record`] after every step (and after a
/// public event held between steps), or the symbols of the ticks missed are missing.
#[derive(Clone, Debug, Default)]
pub struct Story {
    /// Each person's entries, in tick order.
    persons: Vec<Vec<Packed>>,
    /// The tick read last and how far.
    read: Option<Read>,
    /// How far into the ties' history.
    ties_read: TiesRead,
}

impl Story {
    /// An empty story; the first [`Story::record`] sizes it for the model's persons.
    pub fn new() -> Self {
        Story::default()
    }

    /// Adds what the model did since the last call: the symbol log and the exposures of its
    /// current tick (only what was not read before, so a second call in the same tick adds
    /// only a public event held since), and the ties' history since the last record. Within
    /// a tick, ties come first, then symbols in the order they passed, then exposures. Ticks
    /// past [`LAST_TICK`] are not told.
    pub fn record(&mut self, model: &NanoModel) {
        let tick = model.tick();
        if tick > LAST_TICK {
            return;
        }
        let n = model.population().len();
        debug_assert!(n <= MAX_PERSONS);
        if self.persons.len() < n {
            self.persons.resize_with(n, Vec::new);
        }
        let (symbols_read, events_read) = match self.read {
            Some(read) if read.tick == tick => (read.symbols, read.events),
            Some(read) => {
                debug_assert!(read.tick < tick, "cut the story back before going back");
                (0, 0)
            }
            None => (0, 0),
        };

        let history = model.tie_history();
        let ties_read = match self.ties_read {
            TiesRead::Count(count) => count.min(history.len()),
            TiesRead::UpTo(cut) => history.partition_point(|r| r.tick <= cut),
        };
        for record in &history[ties_read..] {
            let tick = record.tick;
            self.add(
                record.a,
                tick,
                EntryKind::Tie {
                    partner: record.b,
                    from: record.from,
                    to: record.to,
                },
            );
            self.add(
                record.b,
                tick,
                EntryKind::Tie {
                    partner: record.a,
                    from: record.from,
                    to: record.to,
                },
            );
        }
        self.ties_read = TiesRead::Count(history.len());

        let log = model.symbol_log();
        for event in &log[symbols_read.min(log.len())..] {
            match *event {
                SymbolEvent::Passed {
                    giver,
                    taker,
                    symbol,
                    via,
                    learned: true,
                } => self.add(
                    taker,
                    tick,
                    EntryKind::Learned {
                        symbol,
                        from: giver,
                        via,
                    },
                ),
                SymbolEvent::Passed { .. } => {}
                SymbolEvent::Forgotten { person, symbol } => {
                    self.add(person, tick, EntryKind::Forgot { symbol })
                }
            }
        }
        let events = model.events();
        for event in &events[events_read.min(events.len())..] {
            if let ModelEvent::AgendaExposed { holder, partner } = *event {
                self.add(holder, tick, EntryKind::Exposed { partner });
                self.add(partner, tick, EntryKind::FoundOut { holder });
            }
        }
        self.read = Some(Read {
            tick,
            symbols: log.len(),
            events: events.len(),
        });
    }

    fn add(&mut self, person: u32, tick: u64, kind: EntryKind) {
        self.persons[person as usize].push(Packed::new(&Entry { tick, kind }));
    }

    /// Forgets everything after `tick`, for a timeline that goes back: the model is then
    /// brought to `tick` (by a replay, or from a snapshot) and recorded on from there. The
    /// record of `tick` itself is kept: whatever the model holds of it at the next record is
    /// taken as told already.
    pub fn truncate_after(&mut self, tick: u64) {
        // Every entry is at most the tick read last: beyond it there is nothing to cut.
        if self.read.is_none_or(|read| read.tick <= tick) {
            return;
        }
        for entries in &mut self.persons {
            let keep = entries.partition_point(|e| e.tick() <= tick);
            entries.truncate(keep);
        }
        // Past the end, so that the next record reads on from what the model has of `tick`.
        self.read = Some(Read {
            tick,
            symbols: usize::MAX,
            events: usize::MAX,
        });
        self.ties_read = TiesRead::UpTo(tick);
    }

    /// A person's story, in tick order.
    pub fn entries(&self, person: u32) -> impl DoubleEndedIterator<Item = Entry> + '_ {
        self.persons
            .get(person as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|e| e.entry())
    }

    /// How many entries a person's story has.
    pub fn len_of(&self, person: u32) -> usize {
        self.persons.get(person as usize).map_or(0, Vec::len)
    }

    /// How many entries all the stories hold together.
    pub fn len(&self) -> usize {
        self.persons.iter().map(Vec::len).sum()
    }

    /// Whether no story has an entry.
    pub fn is_empty(&self) -> bool {
        self.persons.iter().all(Vec::is_empty)
    }

    /// The memory the entries take, in bytes (what is reserved for them).
    pub fn bytes(&self) -> usize {
        self.persons
            .iter()
            .map(|e| e.capacity() * size_of::<Packed>() + size_of::<Vec<Packed>>())
            .sum()
    }
}

/// One line for an entry of a story in the interface language, with the world's names for
/// symbols and communities in it (the sentences are put together in src/view/story/words.rs
/// from the language tables).
pub fn describe(entry: &Entry, model: &NanoModel, names: &Names) -> String {
    let lang = names.lang;
    let population = model.population();
    let community = |c: u8| names.community(u32::from(c));
    let person = |p: u32| {
        words::person(
            lang,
            p,
            &community(population.persons[p as usize].community),
        )
    };
    let symbol = |s: u32| {
        let symbol = &population.symbols[s as usize];
        let name = names.symbol(s as usize, &symbol.name);
        words::symbol(lang, &name, &community(symbol.origin))
    };
    match entry.kind {
        EntryKind::Learned {
            symbol: s,
            from,
            via,
        } => words::learned(lang, &symbol(s), &person(from), via),
        EntryKind::Forgot { symbol: s } => words::forgot(lang, &symbol(s)),
        EntryKind::Tie { partner, from, to } => {
            words::tie(lang, &person(partner), from, to, entry.tick == 0)
        }
        EntryKind::Exposed { partner } => words::exposed(lang, &person(partner)),
        EntryKind::FoundOut { holder } => words::found_out(lang, &person(holder)),
    }
}
