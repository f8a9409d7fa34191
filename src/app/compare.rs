//! Compare: world B beside world A, the same scenario and seed with one change, stepping in
//! lockstep. A teacher's strongest move is a contrast: the same people, one rule changed.
//!
//! B is either drawn anew from the start (any change, the population's included) and brought
//! to A's tick, or forked from A's present state with the change applied from now on (a change
//! of the rules only: a new population needs a new world).

use anyhow::Result;
use bevy::prelude::*;

use super::effects::Effects;
use super::simulation::Simulation;
use super::strings;
use crate::i18n::Lang;
use crate::scenario::{ModelSpec, Scenario};
use crate::sim::NanoModel;

/// What world B changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// One parameter, as with `--set` (`familiarity_weight=0`, `exchange=Assimilation`).
    Set(String),
    /// Another preset, with A's seed (`no-symbols` beside the marketplace).
    Preset(String),
}

/// How world B begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Start {
    /// Drawn anew from the seed with the change, and run to A's tick.
    #[default]
    FromTheStart,
    /// A's present state, with the change applied from now on.
    FromNow,
}

/// World B and what makes it differ.
pub struct Comparison {
    /// World B.
    pub world: Simulation,
    /// Its difference from A.
    pub change: Change,
    /// The tick B was forked from A, if it was.
    pub forked_at: Option<u64>,
    /// B's glows and rings.
    pub effects: Effects,
}

/// The comparison under way, if any.
#[derive(Resource, Default)]
pub struct Compare(pub Option<Comparison>);

impl Compare {
    /// World B, if a comparison is under way.
    pub fn world(&self) -> Option<&Simulation> {
        self.0.as_ref().map(|c| &c.world)
    }
}

/// Why a comparison cannot start, as the key of its words (English when shown as an error).
#[derive(Debug)]
pub struct Refused(pub &'static str);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(Lang::english().t(self.0))
    }
}

impl std::error::Error for Refused {}

/// Why a comparison could not start, in the interface language where the reason is ours.
pub fn reason_in(lang: &Lang, error: &anyhow::Error) -> String {
    match error.downcast_ref::<Refused>() {
        Some(Refused(key)) => lang.t(key).to_string(),
        None => error.to_string(),
    }
}

impl Comparison {
    /// World B beside `a`: the same scenario and seed as A now runs, with the change.
    pub fn new(a: &Simulation, change: Change, start: Start) -> Result<Self> {
        let scenario = changed(&a.running_scenario(), &change)?;
        let ModelSpec::Nano(params) = &scenario.model else {
            return Err(Refused("compare.axelrod").into());
        };
        let mut world = Simulation::new(scenario.clone())?;
        let forked_at = match start {
            Start::FromTheStart => {
                while world.model.tick() < a.model.tick() {
                    world.step();
                }
                None
            }
            Start::FromNow => {
                let mut model = a.model.clone();
                model.set_rules(params);
                if model.params() != params {
                    return Err(Refused("compare.fork_needs_rule").into());
                }
                world.layout = a.layout.clone();
                world.watch(model);
                world.history = a.rows().to_vec();
                world.params = params.clone();
                Some(a.model.tick())
            }
        };
        world.generation = a.generation;
        Ok(Comparison {
            world,
            change,
            forked_at,
            effects: Effects::default(),
        })
    }

    /// World B as given (a lesson's, made by its runner), beside `a`, with the change that
    /// makes it differ.
    pub fn showing(a: &Simulation, b: NanoModel, change: Change) -> Self {
        let mut world = a.beside();
        world.params = b.params().clone();
        world.seed = b.seed();
        world.layout = crate::view::layout::NetworkLayout::new(&b);
        world.watch(b);
        Comparison {
            world,
            change,
            forked_at: None,
            effects: Effects::default(),
        }
    }

    /// The label of half B, in plain words.
    pub fn label(&self, lang: &Lang) -> String {
        let what = strings::change_in_words(lang, &self.change);
        match self.forked_at {
            Some(tick) => strings::forked_label(lang, &what, tick),
            None => strings::b_label(lang, &what),
        }
    }

    /// Gives B the rules A was just given, with B's own change made again: moving a slider
    /// moves it in both worlds. A preset B keeps its own rules.
    pub fn follow_rules(&mut self, a: &Simulation) {
        let Change::Set(assignment) = &self.change else {
            return;
        };
        let mut scenario = a.running_scenario();
        scenario.model = ModelSpec::Nano(a.params.clone());
        if scenario.set(assignment).is_ok()
            && let ModelSpec::Nano(params) = scenario.model
        {
            self.world.set_params(params);
        }
    }

    /// Brings B after A's reset: drawn anew with the change (a fork becomes a comparison from
    /// the start, since what it forked from is gone).
    pub fn reset_beside(&mut self, a: &Simulation) -> Result<()> {
        *self = Comparison::new(a, self.change.clone(), Start::FromTheStart)?;
        Ok(())
    }
}

/// A scenario with the change made: a preset keeps the running scenario's seed.
pub fn changed(scenario: &Scenario, change: &Change) -> Result<Scenario> {
    match change {
        Change::Set(assignment) => {
            let mut scenario = scenario.clone();
            scenario.set(assignment)?;
            Ok(scenario)
        }
        Change::Preset(name) => {
            let mut preset = Scenario::preset(name)?;
            preset.seed = scenario.seed;
            Ok(preset)
        }
    }
}
