//! The words of the compare mode, the timeline and one person's view, gathered in one place so
//! that the interface-language work can translate them without hunting through the panels.

use super::compare::Change;

/// The compare section's heading.
pub const COMPARE: &str = "Compare";
/// The button that starts a comparison from the start.
pub const COMPARE_START: &str = "Compare from the start";
/// The button that forks B from A's present state.
pub const COMPARE_FORK: &str = "Fork from now";
/// The button that ends a comparison.
pub const COMPARE_END: &str = "End comparison";
/// The choice of a preset for B.
pub const COMPARE_PRESET: &str = "B is the preset";
/// The choice of one rule for B.
pub const COMPARE_RULE: &str = "B changes";
/// Explains the compare section.
pub const COMPARE_HINT: &str =
    "World B: the same people and seed with one change, side by side, in step with A.";
/// Why Axelrod's model cannot be compared in the app.
pub const COMPARE_AXELROD: &str = "the app compares worlds of the nano model only";
/// Why a fork cannot change the population.
pub const FORK_NEEDS_RULE: &str = "a fork changes the rules from now on; a change to the \
     population needs a new world: use \"Compare from the start\"";
/// How the plots draw the two worlds.
pub const PLOTS_A_SOLID_B_DASHED: &str = "A solid, B dashed";
/// Said when a comparison ends because a new world was loaded.
pub const COMPARE_ENDED_NEW_WORLD: &str = "comparison ended: a new world was loaded";

/// The status line when a change by hand at a past tick discards the future.
pub fn future_discarded(tick: u64) -> String {
    format!("a new branch from tick {tick}: the run's future after it was discarded")
}

/// The timeline's heading.
pub const TIMELINE: &str = "Timeline";
/// Said while the world on screen is behind the furthest tick reached.
pub const TIMELINE_BEHIND: &str = "(back in time: play goes on the same way)";
/// The densities' switches.
pub const TIMELINE_SHOW: &str = "show";
/// Jump to the previous marker.
pub const MARKER_PREVIOUS: &str = "◀ moment";
/// Jump to the next marker.
pub const MARKER_NEXT: &str = "moment ▶";

/// Where the world on screen is in the run.
pub fn timeline_position(now: u64, head: u64) -> String {
    if now == head {
        format!("tick {now}")
    } else {
        format!("tick {now} of {head}")
    }
}

/// A density's name on its switch.
pub fn density_name(kind: crate::timeline::Density) -> &'static str {
    use crate::timeline::Density;
    match kind {
        Density::Exposures => "exposures",
        Density::PublicEvents => "public events",
        Density::NewKin => "new kin",
    }
}

/// What a marker marks, in a sentence.
pub fn marker_text(
    marker: &crate::timeline::Marker,
    params: &crate::sim::params::NanoParams,
) -> String {
    use crate::timeline::MarkerKind;
    let name = |c: u8| params.community_name(u32::from(c));
    let tick = marker.tick;
    match marker.kind {
        MarkerKind::FirstKinAcross {
            communities: (a, b),
            persons: (p, q),
        } => format!(
            "tick {tick}: the first kin tie between {} and {} (persons {p} and {q})",
            name(a),
            name(b)
        ),
        MarkerKind::CrisisStarted { between: (a, b) } => {
            format!(
                "tick {tick}: a crisis between {} and {} begins",
                name(a),
                name(b)
            )
        }
        MarkerKind::CrisisEnded { between: (a, b) } => {
            format!(
                "tick {tick}: the crisis between {} and {} ends",
                name(a),
                name(b)
            )
        }
        MarkerKind::FirstExposure { holder, partner } => format!(
            "tick {tick}: the first hidden agenda comes to light (person {holder}'s, found out by person {partner})"
        ),
    }
}

/// A person in one world of a comparison, in a line: its ties, its kin (across communities)
/// and the other communities' symbols it knows.
pub fn in_world(world: &str, model: &crate::sim::NanoModel, person: u32) -> String {
    use crate::sim::ties::Stage;
    let ties = model.ties();
    let persons = &model.population().persons;
    let own = persons.get(person as usize).map(|p| p.community);
    let (mut kin, mut across) = (0, 0);
    for &(partner, id) in ties.of(person) {
        if ties.get(id).stage == Stage::Kin {
            kin += 1;
            across += usize::from(persons.get(partner as usize).map(|p| p.community) != own);
        }
    }
    format!(
        "in {world}: {} ties, {kin} kin ({across} across communities), {} symbols of others",
        ties.of(person).len(),
        model.population().foreign_known(person)
    )
}

/// The story's heading.
pub fn story_heading(entries: usize) -> String {
    format!("Story ({entries} moments, newest first)")
}

/// The ties' heading.
pub fn ties_heading(ties: usize) -> String {
    format!("{ties} ties (closest first; open one to see why)")
}

/// The heading of a tie's willingness taken apart.
pub const WHY_THIS_TIE: &str = "Why this tie? How willing the other is to meet now (rule 3)";

/// "Why this tie?" as rows of a name and a number, in the order rule 3 uses them.
pub fn willingness_rows(
    terms: &crate::sim::model::WillingnessTerms,
    params: &crate::sim::params::NanoParams,
) -> Vec<(String, String)> {
    let share = |x: f64| {
        if terms.total_weight > 0.0 {
            format!(
                "{:.2} ({:.0}% of the barrier)",
                x,
                100.0 * x / terms.total_weight
            )
        } else {
            format!("{x:.2}")
        }
    };
    let mut rows = vec![
        (
            "barrier: other community".to_string(),
            share(terms.community),
        ),
        ("barrier: other belief".to_string(), share(terms.belief)),
        ("barrier: socio-economic gap".to_string(), share(terms.ses)),
        ("barrier: appearance".to_string(), share(terms.appearance)),
        (
            "barrier: no common language".to_string(),
            share(terms.language),
        ),
        (
            "barrier before familiarity".to_string(),
            format!("{:.2}", terms.base_barrier),
        ),
    ];
    if let Some(f) = terms.familiarity {
        let name =
            |c: Option<u8>| c.map_or("none".to_string(), |c| params.community_name(u32::from(c)));
        rows.push((
            "familiarity (each with the other's culture)".to_string(),
            format!(
                "{:.2} with {}, {:.2} with {}: mean {:.2}",
                f.initiator,
                name(f.initiator_reads),
                f.partner,
                name(f.partner_reads),
                f.mutual
            ),
        ));
        rows.push((
            "familiarity lowers the barrier by".to_string(),
            format!("{:.0}%", 100.0 * (1.0 - terms.familiarity_factor)),
        ));
    }
    if terms.prejudice > 0.0 {
        rows.push((
            "a crisis' prejudice adds".to_string(),
            format!("{:.0}% of the rest", 100.0 * terms.prejudice),
        ));
    }
    rows.extend([
        ("barrier".to_string(), format!("{:.2}", terms.barrier)),
        (
            "openness (how much the barrier counts)".to_string(),
            format!("{:.2}", terms.openness),
        ),
        (
            "customs in common".to_string(),
            format!("{:.0}%", 100.0 * terms.customs_share),
        ),
        (
            "affinity of the tie".to_string(),
            format!("{:.2}", terms.affinity),
        ),
        (
            "willingness to meet".to_string(),
            format!("{:.2}", terms.willingness),
        ),
    ]);
    rows
}

/// A symbol mark's name under the pointer.
pub fn symbol_named(name: &str, origin: &str) -> String {
    format!("{name} (from {origin})")
}

/// The legend's line on symbol marks.
pub const MARKS_LEGEND: &str = "A small mark moving along a tie: a symbol passing, a sample of them, those across communities first (a disc: in words; a diamond: without words; its colour: the community it comes from). Shown up to 30 ticks a second; point at one to name it.";

/// The dark theme's button.
pub const THEME_DARK: &str = "Dark";
/// The projector theme's button.
pub const THEME_PROJECTOR: &str = "Projector (T)";
/// What the projector theme is.
pub const THEME_HINT: &str =
    "light and high-contrast, larger text and thicker lines: a projector washes out dark screens";

/// The lessons' chooser.
pub const LESSONS: &str = "Lessons";
/// Its hint.
pub const LESSONS_HINT: &str =
    "a lesson walks a class through the paper's ideas card by card: predict, watch, explain";
/// Begin a lesson.
pub const LESSON_BEGIN: &str = "Begin ▶";
/// Run a card.
pub const LESSON_RUN: &str = "▶ Run";
/// Back a card.
pub const LESSON_BACK: &str = "◀ Back";
/// The next card.
pub const LESSON_NEXT: &str = "Next ▶";
/// Leave lesson mode.
pub const LESSON_LEAVE: &str = "Leave the lesson";
/// Beside the answer that held.
pub const LESSON_HELD: &str = "✔ what happened";
/// After the last card.
pub const LESSON_END: &str = "That was the last card. Save the session's report (each question, the class' answers and what happened) for your records.";
/// Save the report.
pub const LESSON_SAVE_REPORT: &str = "Save report (.md and .csv)";

/// Which card.
pub fn card_of(card: usize, cards: usize) -> String {
    format!("Card {card} of {cards}")
}

/// While a card runs.
pub fn lesson_running(tick: u64) -> String {
    format!("Running… tick {tick}")
}

/// The question to discuss.
pub fn discuss(question: &str) -> String {
    format!("To discuss: {question}")
}

/// The status line when a lesson's report was saved.
pub fn report_saved(markdown: &str, csv: &str) -> String {
    format!("the lesson's report saved as {markdown} and {csv}")
}

/// The status line when it was not.
pub fn report_not_saved(reason: &str) -> String {
    format!("the lesson's report could not be saved: {reason}")
}

/// The toggle that colours everyone by familiarity with the selected person's culture.
pub const EYES: &str = "👁 See through their eyes";
/// What it does.
pub const EYES_HINT: &str = "colour everyone by how many of this person's community's symbols \
     they know: how familiar its culture is to them";

/// The legend's heading through a person's eyes.
pub fn eyes_heading(community: &str, person: u32) -> String {
    format!("Through person {person}'s eyes: how familiar {community}'s culture is to each")
}

/// The changes offered in the panel, with their plain words: (assignment, words).
pub const RULE_CHANGES: &[(&str, &str)] = &[
    ("familiarity_weight=0", "familiarity lowers no barrier"),
    ("symbol_knowledge=0", "nobody has a symbol to share"),
    ("symbol_forgetting=0", "nobody forgets a symbol"),
    ("public_rate=0", "no public events"),
    (
        "exchange=Assimilation",
        "customs are assimilated, not shared",
    ),
    ("exchange=Sharing", "symbols are shared"),
    ("p_nonverbal=0", "without a common language nothing passes"),
    ("openness_gain=0", "contact does not open minds"),
    ("transparency=1", "nobody has a hidden agenda"),
    ("weight_appearance=0", "appearance is no barrier"),
    ("crisis=None", "no crisis"),
];

/// The presets offered for B, with their plain words.
pub const PRESET_CHANGES: &[(&str, &str)] = &[
    ("no-symbols", "nobody has a symbol to share"),
    ("marketplace", "the marketplace"),
    ("sharing", "symbols are shared"),
    ("assimilation", "customs are assimilated, not shared"),
    ("language-barrier", "the language barrier"),
    ("crisis", "the crisis preset"),
    ("hidden-agendas", "hidden agendas"),
];

/// A change in plain words: those offered in the panel by their words, any other by its
/// assignment.
pub fn change_in_words(change: &Change) -> String {
    let (table, key) = match change {
        Change::Set(assignment) => (RULE_CHANGES, assignment.replace(' ', "")),
        Change::Preset(name) => (PRESET_CHANGES, name.clone()),
    };
    match table.iter().find(|(k, _)| *k == key) {
        Some((_, words)) => (*words).to_string(),
        None => match change {
            Change::Set(assignment) => assignment.replace('=', " = "),
            Change::Preset(name) => format!("the preset {name}"),
        },
    }
}

/// The measure under each half's label.
pub fn kin_across_now(kin: u64, share: f64) -> String {
    format!("kin across communities: {kin} ({:.0}%)", share * 100.0)
}

/// Half A's label.
pub fn a_label(scenario: &str) -> String {
    format!("A: {scenario}, as set")
}

/// Half B's label for a comparison from the start.
pub fn b_label(what: &str) -> String {
    format!("B: {what}")
}

/// Half B's label for a fork.
pub fn forked_label(what: &str, tick: u64) -> String {
    format!("B: {what} (from tick {tick})")
}

/// The status line when a comparison starts.
pub fn compare_started(label: &str) -> String {
    format!("comparing with {label}")
}

/// The status line when a comparison could not start.
pub fn compare_failed(reason: &str) -> String {
    format!("cannot compare: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Scenario, preset_names};

    #[test]
    fn every_offered_change_is_a_valid_assignment_or_preset() {
        let scenario = Scenario::default_preset();
        for (assignment, _) in RULE_CHANGES {
            let mut s = scenario.clone();
            s.set(assignment)
                .unwrap_or_else(|e| panic!("{assignment}: {e}"));
        }
        for (name, _) in PRESET_CHANGES {
            assert!(preset_names().contains(name), "{name} is not a preset");
        }
    }

    #[test]
    fn changes_read_in_plain_words() {
        assert_eq!(
            change_in_words(&Change::Preset("no-symbols".into())),
            "nobody has a symbol to share"
        );
        assert_eq!(
            change_in_words(&Change::Set("familiarity_weight = 0".into())),
            "familiarity lowers no barrier"
        );
        assert_eq!(
            change_in_words(&Change::Set("decay=0.01".into())),
            "decay = 0.01"
        );
    }
}
