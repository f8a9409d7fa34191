//! The symbol log, off unless asked: every symbol that passed in the last tick (in a contact or
//! at a public event) and every foreign symbol forgotten, for a viewer that tells a person's
//! story or draws symbols travelling along ties. It records; it draws nothing and decides
//! nothing, so a run is the same with it on or off.

use super::NanoModel;
use super::contact::Channel;

/// How a symbol passed from one person to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// In a contact, in a common language.
    Verbal {
        /// The language they used.
        language: u8,
    },
    /// In a contact without a common language.
    NonVerbal,
    /// At a public event, from the speaker to a listener (in words or not).
    Public,
}

impl From<Channel> for Via {
    fn from(channel: Channel) -> Self {
        match channel {
            Channel::Verbal { language, .. } => Via::Verbal { language },
            Channel::NonVerbal => Via::NonVerbal,
        }
    }
}

/// One entry of the symbol log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolEvent {
    /// A symbol passed: offered in a successful contact (rule 5, sharing), or taken up by a
    /// listener at a public event (rule 12), whether or not the listener knew it already.
    Passed {
        /// Who offered it (a contact's initiator, a public event's speaker).
        giver: u32,
        /// Who took it up.
        taker: u32,
        /// The symbol's id.
        symbol: u32,
        /// How it passed.
        via: Via,
        /// Whether the taker did not know it before. Always true in a contact (only a symbol
        /// the taker lacks is offered); at a public event a listener may know it already.
        learned: bool,
    },
    /// A person forgot a symbol of another community (rule 11).
    Forgotten {
        /// Who forgot it.
        person: u32,
        /// The symbol's id.
        symbol: u32,
    },
}

impl NanoModel {
    /// Turns the symbol log on or off; off by default. Turning it off empties it. It is a
    /// viewing aid, not part of the run's state: a saved run does not keep it, and a run
    /// resumed from one starts with it off.
    pub fn set_symbol_log(&mut self, on: bool) {
        self.symbol_log_on = on;
        if !on {
            self.symbol_log.clear();
        }
    }

    /// Whether the symbol log is on.
    pub fn symbol_log_on(&self) -> bool {
        self.symbol_log_on
    }

    /// The symbols passed and forgotten in the last tick (and at public events held since), in
    /// the order they happened: the tick's contacts, then forgetting, then public events. Empty
    /// while the log is off.
    pub fn symbol_log(&self) -> &[SymbolEvent] {
        &self.symbol_log
    }

    /// Logs a symbol that passed, if the log is on: one branch, the same way every time in a
    /// run, where the contact rule pays for it.
    #[inline]
    pub(super) fn log_passed(
        &mut self,
        giver: u32,
        taker: u32,
        symbol: usize,
        via: Via,
        learned: bool,
    ) {
        if self.symbol_log_on {
            self.symbol_log.push(SymbolEvent::Passed {
                giver,
                taker,
                symbol: symbol as u32,
                via,
                learned,
            });
        }
    }

    /// Rule 11, logged when the log is on. The tuned pass stays as it is: with the log on it
    /// runs on the same draws, and what it forgot is read off the repertoires before and after.
    pub(super) fn forget_symbols(&mut self) {
        let rate = self.params.symbol_forgetting;
        if self.symbol_log_on {
            let log = &mut self.symbol_log;
            self.population
                .forget_foreign_symbols_logged(rate, &mut self.rng, |person, symbol| {
                    log.push(SymbolEvent::Forgotten { person, symbol });
                });
        } else {
            self.population.forget_foreign_symbols(rate, &mut self.rng);
        }
    }
}
