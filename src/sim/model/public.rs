//! Rule 12, public events: a speaker shares one symbol with the listeners near its home.

use super::NanoModel;
use super::contact::Channel;
use super::symbol_log::Via;
use crate::sim::events::ModelEvent;
use crate::sim::params::SymbolKind;
use crate::sim::rng::{chance, index};

impl NanoModel {
    /// Holds a public event now, between ticks (a teacher's button); returns what happened.
    pub fn hold_public_event(&mut self) -> Option<ModelEvent> {
        let before = self.events.len();
        self.public_event();
        (self.events.len() > before).then(|| self.events[before].clone())
    }

    /// Rule 12: a speaker shares one symbol with the listeners near its home.
    pub(super) fn public_event(&mut self) {
        let n = self.population.len();
        if n < 2 {
            return;
        }
        let speaker = index(&mut self.rng, n) as u32;
        let known = self.population.symbols_known(speaker);
        if known.is_empty() {
            return;
        }
        let symbol = known[index(&mut self.rng, known.len())];
        let verbal = self.population.symbols[symbol].kind == SymbolKind::Verbal;
        self.counts.public_events += 1;
        let mut listeners: Vec<u32> = Vec::new();
        for _ in 0..self.params.public_audience {
            match self
                .index
                .draw_neighbour(speaker, &self.population.homes, &mut self.rng)
            {
                Some(l) if !listeners.contains(&l) => listeners.push(l),
                Some(_) => {}
                None => break,
            }
        }
        let mut learned = 0;
        for &listener in &listeners {
            let affinity = self
                .ties
                .find(speaker, listener)
                .map_or(0.0, |id| self.ties.affinity(id));
            if !self.engages(speaker, listener, affinity) {
                continue;
            }
            let channel = self.channel(speaker, listener);
            let success = match channel {
                Channel::Verbal { success, .. } => chance(&mut self.rng, success),
                Channel::NonVerbal if verbal => false,
                Channel::NonVerbal => chance(&mut self.rng, self.params.p_nonverbal),
            };
            // A public event shares its symbol, whatever the exchange rule of contacts.
            if success {
                let new = !self.population.knows(listener, symbol);
                if new {
                    self.population.learn_symbol(listener, symbol);
                    learned += 1;
                }
                self.log_passed(speaker, listener, symbol, Via::Public, new);
            }
        }
        self.events.push(ModelEvent::PublicEvent {
            speaker,
            symbol: symbol as u32,
            listeners: listeners.len() as u32,
            learned,
        });
    }
}
