//! Checks of a model's state: a saved run before it is stepped, and the invariants the tests
//! assert after every tick.

use super::NanoModel;
use crate::sim::ties::Stage;

impl NanoModel {
    /// Checks a model that comes from outside (a saved run): valid parameters, arrays that fit
    /// them, a spatial index and tie lists for as many persons, then every invariant. Only a
    /// model that passes is safe to step.
    pub fn check_loaded(&self) -> Result<(), String> {
        self.params
            .validate()
            .map_err(|errors| format!("invalid parameters: {}", errors[0]))?;
        self.population.check_shape(&self.params)?;
        let n = self.population.len();
        if self.ties.persons() != n
            || !self
                .index
                .fits(&self.population.homes, self.params.contact_radius)
        {
            return Err("the ties or the spatial index are not for this population".into());
        }
        if self
            .history
            .iter()
            .any(|r| r.a >= r.b || r.b as usize >= n || (r.from.is_none() && r.to.is_none()))
        {
            return Err("the ties' history names persons that do not exist".into());
        }
        if let Some(crisis) = &self.crisis {
            let c = self.params.communities;
            if u32::from(crisis.between.0) >= c || u32::from(crisis.between.1) >= c {
                return Err("the crisis names a community that does not exist".into());
            }
            if !(0.0..=1.0).contains(&crisis.prejudice) || !(0.0..=1.0).contains(&crisis.strain) {
                return Err("the crisis' prejudice or strain is not within 0 to 1".into());
            }
        }
        self.check_invariants()
    }

    /// Checks every invariant of the state: ties symmetric and listed at both ends, no
    /// self-ties, affinities within [0, 1], each stage consistent with its affinity, fluency
    /// and openness within [0, 1]. For tests; `Err` says what is wrong.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.ties.check()?;
        self.population.check()?;
        let t = self.thresholds();
        for (id, tie) in self.ties.iter() {
            let lowest = match tie.stage {
                Stage::Acquaintance => 0.0,
                Stage::Friend => t.friend - t.hysteresis,
                Stage::Kin => t.kin - t.hysteresis,
            };
            // Household kin start above every threshold; other stages were reached by rising.
            if tie.affinity < lowest - 1e-12 {
                return Err(format!(
                    "tie {id} is {:?} at affinity {}",
                    tie.stage, tie.affinity
                ));
            }
            if tie.affinity < self.params.forget_below {
                return Err(format!(
                    "tie {id} lives on at affinity {} below forget_below",
                    tie.affinity
                ));
            }
            if tie.stage == Stage::Acquaintance && tie.affinity >= t.friend {
                return Err(format!(
                    "tie {id} should be a friendship at {}",
                    tie.affinity
                ));
            }
        }
        Ok(())
    }
}
