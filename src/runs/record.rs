//! The recording loop that `run` and `sweep` share: a run stepped tick by tick to its end (or
//! until it converges, or is stopped), its rows recorded when the schedule says.

use std::convert::Infallible;

use super::RunState;
use super::row::Row;

/// Which ticks a recording writes a row for. The last tick reached is always recorded: the
/// end, the tick the run converged at, or the tick it was stopped at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// Every `every` ticks (counted from tick 0, not from where the recording starts) and the
    /// last; the tick it starts at too when `first` (not when it continues a saved run, whose
    /// row at that tick is written already).
    Every {
        /// Record every this many ticks (1 or more).
        every: u64,
        /// Whether to record the tick the recording starts at.
        first: bool,
    },
    /// Only the last tick; with no tick to run, the state as it stands.
    Last,
}

/// What a recording does with its rows, and between ticks.
pub trait Recorder {
    /// Why the recording could not go on.
    type Error;

    /// Takes a recorded row.
    fn row(&mut self, row: Row) -> Result<(), Self::Error>;

    /// Called after each tick (and its row, if recorded): to save the run, to show progress.
    fn ticked(&mut self, _run: &RunState, _tick: u64) -> Result<(), Self::Error> {
        Ok(())
    }

    /// Whether to stop before the next tick (Ctrl-C).
    fn stop(&self) -> bool {
        false
    }
}

/// The rows kept in memory, as a sweep keeps each run's.
impl Recorder for Vec<Row> {
    type Error = Infallible;

    fn row(&mut self, row: Row) -> Result<(), Infallible> {
        self.push(row);
        Ok(())
    }
}

impl RunState {
    /// Steps the run on to tick `end`, until it converges or `recorder` stops it, handing
    /// `recorder` the rows that `schedule` asks for. Returns the tick reached.
    pub fn record<R: Recorder>(
        &mut self,
        end: u64,
        schedule: Schedule,
        recorder: &mut R,
    ) -> Result<u64, R::Error> {
        let start = self.tick();
        let mut tick = start;
        let mut recorded = None;
        if let Schedule::Every { first: true, .. } = schedule {
            recorder.row(self.row(tick))?;
            recorded = Some(tick);
        }
        let every = match schedule {
            Schedule::Every { every, .. } => Some(every),
            Schedule::Last => None,
        };
        while tick < end && !recorder.stop() {
            if !self.step() {
                break;
            }
            tick += 1;
            let due = every.is_some_and(|every| tick.is_multiple_of(every));
            if due || tick == end || self.converged() {
                recorder.row(self.row(tick))?;
                recorded = Some(tick);
            }
            recorder.ticked(self, tick)?;
        }
        // The tick reached lacks its row only when the run was stopped (the end and
        // convergence are recorded above) or ran no tick at all; then a recording of the last
        // tick alone has no row yet, while a continued run's row at that tick is written
        // already.
        let last_missing = match schedule {
            Schedule::Every { .. } => tick != start,
            Schedule::Last => true,
        };
        if recorded != Some(tick) && last_missing {
            recorder.row(self.row(tick))?;
        }
        Ok(tick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn marketplace() -> RunState {
        let mut scenario = Scenario::default_preset();
        scenario.set("persons=60").unwrap();
        RunState::new(&scenario).unwrap()
    }

    /// Rows kept with the ticks they were recorded at; stops after `stop_after` ticks.
    #[derive(Default)]
    struct Ticks {
        rows: Vec<u64>,
        ticked: u64,
        stop_after: Option<u64>,
    }

    impl Recorder for Ticks {
        type Error = Infallible;
        fn row(&mut self, row: Row) -> Result<(), Infallible> {
            let Row::Nano(metrics) = row else {
                panic!("a nano row");
            };
            self.rows.push(metrics.tick);
            Ok(())
        }
        fn ticked(&mut self, _run: &RunState, _tick: u64) -> Result<(), Infallible> {
            self.ticked += 1;
            Ok(())
        }
        fn stop(&self) -> bool {
            self.stop_after.is_some_and(|n| self.ticked >= n)
        }
    }

    fn ticks(
        run: &mut RunState,
        end: u64,
        schedule: Schedule,
        stop_after: Option<u64>,
    ) -> Vec<u64> {
        let mut recorder = Ticks {
            stop_after,
            ..Ticks::default()
        };
        let Ok(reached) = run.record(end, schedule, &mut recorder);
        assert_eq!(reached, run.tick());
        recorder.rows
    }

    #[test]
    fn rows_are_recorded_as_the_schedule_says_and_the_last_always() {
        let every = |every, first| Schedule::Every { every, first };
        assert_eq!(
            ticks(&mut marketplace(), 10, every(3, true), None),
            [0, 3, 6, 9, 10]
        );
        assert_eq!(ticks(&mut marketplace(), 10, Schedule::Last, None), [10]);
        assert_eq!(ticks(&mut marketplace(), 0, Schedule::Last, None), [0]);
        assert_eq!(ticks(&mut marketplace(), 0, every(3, true), None), [0]);
        // Stopped: the tick it stopped at is recorded, once.
        assert_eq!(
            ticks(&mut marketplace(), 10, every(3, true), Some(4)),
            [0, 3, 4]
        );
        assert_eq!(
            ticks(&mut marketplace(), 10, every(2, true), Some(4)),
            [0, 2, 4]
        );
        // Continued from tick 4: every third tick counted from 0, and no row at its start.
        let mut run = marketplace();
        ticks(&mut run, 4, Schedule::Last, None);
        assert_eq!(ticks(&mut run, 10, every(3, false), None), [6, 9, 10]);
        assert_eq!(
            ticks(&mut run, 10, every(3, false), None),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn a_run_that_converges_ends_with_the_tick_it_converged_at() {
        let scenario = Scenario::preset("axelrod-1997").unwrap();
        let mut rows = Vec::new();
        let mut run = RunState::new(&scenario).unwrap();
        let Ok(reached) = run.record(
            u64::MAX,
            Schedule::Every {
                every: 1000,
                first: true,
            },
            &mut rows,
        );
        assert!(run.converged());
        let Some(Row::Axelrod(last)) = rows.last() else {
            panic!("an Axelrod row");
        };
        assert!(last.converged && last.tick == reached);
        // Recording only the last row gives that row alone.
        let mut last_only = Vec::new();
        let mut again = RunState::new(&scenario).unwrap();
        let Ok(_) = again.record(u64::MAX, Schedule::Last, &mut last_only);
        assert_eq!(last_only, rows[rows.len() - 1..]);
    }
}
