//! A story entry in eight bytes: the stories of 5,000 persons over 10,000 ticks hold some 35
//! million entries, 280 MB at eight bytes each, where a plain enum with its tick (24 bytes)
//! would take three times as much.

use super::{Entry, EntryKind};
use crate::sim::model::Via;
use crate::sim::ties::Stage;

/// Bits of the tick, the highest of the word.
const TICK_BITS: u32 = 24;
/// Bits of the other person's id.
const PERSON_BITS: u32 = 23;
/// Bits of the entry's kind.
const KIND_BITS: u32 = 3;
/// Bits of the symbol's id (a world has at most 256 symbols).
const SYMBOL_BITS: u32 = 8;
/// Bits left for the channel and language, or the two stages.
const DETAIL_BITS: u32 = 64 - TICK_BITS - PERSON_BITS - KIND_BITS - SYMBOL_BITS;

const DETAIL_SHIFT: u32 = 0;
const SYMBOL_SHIFT: u32 = DETAIL_BITS;
const KIND_SHIFT: u32 = SYMBOL_SHIFT + SYMBOL_BITS;
const PERSON_SHIFT: u32 = KIND_SHIFT + KIND_BITS;
const TICK_SHIFT: u32 = PERSON_SHIFT + PERSON_BITS;

/// The last tick a story can hold (about 16.8 million).
pub const LAST_TICK: u64 = (1 << TICK_BITS) - 1;
/// The most persons a story can tell of (about 8.4 million; a world has at most 5 million).
pub const MAX_PERSONS: usize = 1 << PERSON_BITS;

/// One entry: tick, other person, kind, symbol and detail, packed in a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Packed(u64);

fn field(word: u64, shift: u32, bits: u32) -> u64 {
    (word >> shift) & ((1 << bits) - 1)
}

fn stage_code(stage: Option<Stage>) -> u64 {
    match stage {
        None => 0,
        Some(Stage::Acquaintance) => 1,
        Some(Stage::Friend) => 2,
        Some(Stage::Kin) => 3,
    }
}

fn stage_of(code: u64) -> Option<Stage> {
    match code {
        1 => Some(Stage::Acquaintance),
        2 => Some(Stage::Friend),
        3 => Some(Stage::Kin),
        _ => None,
    }
}

/// The channel in the low two bits, a verbal contact's language in the three above.
fn via_code(via: Via) -> u64 {
    match via {
        Via::Verbal { language } => u64::from(language) << 2,
        Via::NonVerbal => 1,
        Via::Public => 2,
    }
}

fn via_of(code: u64) -> Via {
    match code & 3 {
        1 => Via::NonVerbal,
        2 => Via::Public,
        _ => Via::Verbal {
            language: (code >> 2) as u8,
        },
    }
}

impl Packed {
    /// The entry's tick, without unpacking the rest.
    pub(super) fn tick(self) -> u64 {
        self.0 >> TICK_SHIFT
    }

    /// Packs an entry; its tick must be at most [`LAST_TICK`], its persons below
    /// [`MAX_PERSONS`], its symbol below 256 and a language below 8.
    pub(super) fn new(entry: &Entry) -> Packed {
        debug_assert!(entry.tick <= LAST_TICK);
        let (kind, other, symbol, detail) = match entry.kind {
            EntryKind::Learned { symbol, from, via } => (0, from, symbol, via_code(via)),
            EntryKind::Forgot { symbol } => (1, 0, symbol, 0),
            EntryKind::Tie { partner, from, to } => {
                (2, partner, 0, stage_code(from) | stage_code(to) << 2)
            }
            EntryKind::Exposed { partner } => (3, partner, 0, 0),
            EntryKind::FoundOut { holder } => (4, holder, 0, 0),
        };
        debug_assert!((other as usize) < MAX_PERSONS && symbol < 256 && detail < 1 << DETAIL_BITS);
        Packed(
            entry.tick << TICK_SHIFT
                | u64::from(other) << PERSON_SHIFT
                | kind << KIND_SHIFT
                | u64::from(symbol) << SYMBOL_SHIFT
                | detail << DETAIL_SHIFT,
        )
    }

    /// The entry back.
    pub(super) fn entry(self) -> Entry {
        let word = self.0;
        let other = field(word, PERSON_SHIFT, PERSON_BITS) as u32;
        let symbol = field(word, SYMBOL_SHIFT, SYMBOL_BITS) as u32;
        let detail = field(word, DETAIL_SHIFT, DETAIL_BITS);
        let kind = match field(word, KIND_SHIFT, KIND_BITS) {
            0 => EntryKind::Learned {
                symbol,
                from: other,
                via: via_of(detail),
            },
            1 => EntryKind::Forgot { symbol },
            2 => EntryKind::Tie {
                partner: other,
                from: stage_of(detail & 3),
                to: stage_of(detail >> 2),
            },
            3 => EntryKind::Exposed { partner: other },
            _ => EntryKind::FoundOut { holder: other },
        };
        Entry {
            tick: word >> TICK_SHIFT,
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_entry_packs_and_unpacks_at_the_ends_of_its_ranges() {
        let last = MAX_PERSONS as u32 - 1;
        let mut kinds = vec![EntryKind::Forgot { symbol: 255 }];
        for via in [
            Via::NonVerbal,
            Via::Public,
            Via::Verbal { language: 0 },
            Via::Verbal { language: 7 },
        ] {
            for (symbol, from) in [(0, 0), (255, last), (17, 4_999_999)] {
                kinds.push(EntryKind::Learned { symbol, from, via });
            }
        }
        let stages = [
            None,
            Some(Stage::Acquaintance),
            Some(Stage::Friend),
            Some(Stage::Kin),
        ];
        for from in stages {
            for to in stages {
                kinds.push(EntryKind::Tie {
                    partner: last,
                    from,
                    to,
                });
            }
        }
        kinds.push(EntryKind::Exposed { partner: last });
        kinds.push(EntryKind::FoundOut { holder: 3 });
        assert_eq!(size_of::<Packed>(), 8);
        assert_eq!(
            size_of::<Entry>(),
            24,
            "the plain entry the module's note compares with"
        );
        for kind in kinds {
            for tick in [0, 1, 10_000, LAST_TICK] {
                let entry = Entry { tick, kind };
                let packed = Packed::new(&entry);
                assert_eq!(packed.entry(), entry);
                assert_eq!(packed.tick(), tick);
            }
        }
    }
}
