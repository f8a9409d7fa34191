//! The words of the compare mode, the timeline and one person's view that are more than one
//! key's text: sentences put together from the language tables (assets/lang/*.ron) with the
//! world's names and numbers. The texts themselves live in the tables, never here.

use super::compare::Change;
use crate::i18n::{Lang, Names};

/// The status line when a change by hand at a past tick discards the future.
pub fn future_discarded(lang: &Lang, tick: u64) -> String {
    lang.f("timeline.future_discarded", &[("tick", &tick.to_string())])
}

/// Where the world on screen is in the run.
pub fn timeline_position(lang: &Lang, now: u64, head: u64) -> String {
    if now == head {
        lang.f("timeline.now", &[("now", &now.to_string())])
    } else {
        lang.f(
            "timeline.position",
            &[("now", &now.to_string()), ("head", &head.to_string())],
        )
    }
}

/// A density's key, for its name on its switch.
pub fn density_key(kind: crate::timeline::Density) -> &'static str {
    use crate::timeline::Density;
    match kind {
        Density::Exposures => "timeline.exposures",
        Density::PublicEvents => "timeline.public_events",
        Density::NewKin => "timeline.new_kin",
    }
}

/// What a marker marks, in a sentence.
pub fn marker_text(marker: &crate::timeline::Marker, names: &Names) -> String {
    use crate::timeline::MarkerKind;
    let name = |c: u8| names.community(u32::from(c));
    let tick = marker.tick.to_string();
    let lang = names.lang;
    match marker.kind {
        MarkerKind::FirstKinAcross {
            communities: (a, b),
            persons: (p, q),
        } => lang.f(
            "marker.first_kin_across",
            &[
                ("tick", &tick),
                ("a", &name(a)),
                ("b", &name(b)),
                ("p", &p.to_string()),
                ("q", &q.to_string()),
            ],
        ),
        MarkerKind::CrisisStarted { between: (a, b) } => lang.f(
            "marker.crisis_started",
            &[("tick", &tick), ("a", &name(a)), ("b", &name(b))],
        ),
        MarkerKind::CrisisEnded { between: (a, b) } => lang.f(
            "marker.crisis_ended",
            &[("tick", &tick), ("a", &name(a)), ("b", &name(b))],
        ),
        MarkerKind::FirstExposure { holder, partner } => lang.f(
            "marker.first_exposure",
            &[
                ("tick", &tick),
                ("holder", &holder.to_string()),
                ("partner", &partner.to_string()),
            ],
        ),
    }
}

/// A person in one world of a comparison, in a line: its ties, its kin (across communities)
/// and the other communities' symbols it knows.
pub fn in_world(lang: &Lang, world: &str, model: &crate::sim::NanoModel, person: u32) -> String {
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
    lang.f(
        "inspector.in_world",
        &[
            ("world", world),
            ("ties", &ties.of(person).len().to_string()),
            ("kin", &kin.to_string()),
            ("across", &across.to_string()),
            (
                "symbols",
                &model.population().foreign_known(person).to_string(),
            ),
        ],
    )
}

/// The story's heading.
pub fn story_heading(lang: &Lang, entries: usize) -> String {
    lang.f("inspector.story", &[("entries", &entries.to_string())])
}

/// The ties' heading.
pub fn ties_heading(lang: &Lang, ties: usize) -> String {
    lang.f("inspector.ties", &[("ties", &ties.to_string())])
}

/// A percentage, rounded to a whole number.
fn percent(x: f64) -> String {
    format!("{:.0}", 100.0 * x)
}

/// "Why this tie?" as rows of a name and a number, in the order rule 3 uses them.
pub fn willingness_rows(
    terms: &crate::sim::model::WillingnessTerms,
    names: &Names,
) -> Vec<(String, String)> {
    let lang = names.lang;
    let share = |x: f64| {
        if terms.total_weight > 0.0 {
            lang.f(
                "why.share",
                &[
                    ("value", &format!("{x:.2}")),
                    ("percent", &percent(x / terms.total_weight)),
                ],
            )
        } else {
            format!("{x:.2}")
        }
    };
    let row = |key: &str, value: String| (lang.t(key).to_string(), value);
    let percent_of = |x: f64| lang.f("why.percent", &[("percent", &percent(x))]);
    let mut rows = vec![
        row("why.barrier_community", share(terms.community)),
        row("why.barrier_belief", share(terms.belief)),
        row("why.barrier_ses", share(terms.ses)),
        row("why.barrier_appearance", share(terms.appearance)),
        row("why.barrier_language", share(terms.language)),
        row(
            "why.before_familiarity",
            format!("{:.2}", terms.base_barrier),
        ),
    ];
    if let Some(f) = terms.familiarity {
        let name = |c: Option<u8>| {
            c.map_or(lang.t("why.none").to_string(), |c| {
                names.community(u32::from(c))
            })
        };
        rows.push(row(
            "why.familiarity",
            lang.f(
                "why.familiarity_value",
                &[
                    ("initiator", &format!("{:.2}", f.initiator)),
                    ("initiator_reads", &name(f.initiator_reads)),
                    ("partner", &format!("{:.2}", f.partner)),
                    ("partner_reads", &name(f.partner_reads)),
                    ("mean", &format!("{:.2}", f.mutual)),
                ],
            ),
        ));
        rows.push(row(
            "why.lowers",
            percent_of(1.0 - terms.familiarity_factor),
        ));
    }
    if terms.prejudice > 0.0 {
        rows.push(row(
            "why.prejudice",
            lang.f(
                "why.prejudice_value",
                &[("percent", &percent(terms.prejudice))],
            ),
        ));
    }
    rows.extend([
        row("why.barrier", format!("{:.2}", terms.barrier)),
        row("why.openness", format!("{:.2}", terms.openness)),
        row("why.customs", percent_of(terms.customs_share)),
        row("why.affinity", format!("{:.2}", terms.affinity)),
        row("why.willingness", format!("{:.2}", terms.willingness)),
    ]);
    rows
}

/// A symbol mark's name under the pointer.
pub fn symbol_named(lang: &Lang, name: &str, origin: &str) -> String {
    lang.f("mark.symbol", &[("name", name), ("origin", origin)])
}

/// The legend's heading through a person's eyes.
pub fn eyes_heading(lang: &Lang, community: &str, person: u32) -> String {
    lang.f(
        "eyes.heading",
        &[("community", community), ("person", &person.to_string())],
    )
}

/// The changes offered in the panel, with the keys of their plain words: (assignment, key).
pub const RULE_CHANGES: &[(&str, &str)] = &[
    ("familiarity_weight=0", "change.no_familiarity"),
    ("symbol_knowledge=0", "change.no_symbols"),
    ("symbol_forgetting=0", "change.no_forgetting"),
    ("public_rate=0", "change.no_public_events"),
    ("exchange=Assimilation", "change.assimilation"),
    ("exchange=Sharing", "change.sharing"),
    ("p_nonverbal=0", "change.no_nonverbal"),
    ("openness_gain=0", "change.no_openness_gain"),
    ("transparency=1", "change.no_hidden_agendas"),
    ("weight_appearance=0", "change.no_appearance"),
    ("crisis=None", "change.no_crisis"),
];

/// The presets offered for B, with the keys of their plain words.
pub const PRESET_CHANGES: &[(&str, &str)] = &[
    ("no-symbols", "change.no_symbols"),
    ("marketplace", "change.marketplace"),
    ("sharing", "change.sharing"),
    ("assimilation", "change.assimilation"),
    ("language-barrier", "change.language_barrier"),
    ("crisis", "change.crisis"),
    ("hidden-agendas", "change.hidden_agendas"),
];

/// A change in plain words: those offered in the panel by their words, any other by its
/// assignment.
pub fn change_in_words(lang: &Lang, change: &Change) -> String {
    let (table, key) = match change {
        Change::Set(assignment) => (RULE_CHANGES, assignment.replace(' ', "")),
        Change::Preset(name) => (PRESET_CHANGES, name.clone()),
    };
    match table.iter().find(|(k, _)| *k == key) {
        Some((_, words)) => lang.t(words).to_string(),
        None => match change {
            Change::Set(assignment) => assignment.replace('=', " = "),
            Change::Preset(name) => lang.f("compare.other_preset", &[("name", name)]),
        },
    }
}

/// The measure under each half's label.
pub fn kin_across_now(lang: &Lang, kin: u64, share: f64) -> String {
    lang.f(
        "compare.kin_across_now",
        &[("kin", &kin.to_string()), ("percent", &percent(share))],
    )
}

/// Half A's label.
pub fn a_label(lang: &Lang, scenario: &str) -> String {
    lang.f("compare.a_label", &[("scenario", scenario)])
}

/// Half B's label for a comparison from the start.
pub fn b_label(lang: &Lang, what: &str) -> String {
    lang.f("compare.b_label", &[("what", what)])
}

/// Half B's label for a fork.
pub fn forked_label(lang: &Lang, what: &str, tick: u64) -> String {
    lang.f(
        "compare.forked_label",
        &[("what", what), ("tick", &tick.to_string())],
    )
}

/// The status line when a comparison starts.
pub fn compare_started(lang: &Lang, label: &str) -> String {
    lang.f("compare.started", &[("label", label)])
}

/// The status line when a comparison could not start.
pub fn compare_failed(lang: &Lang, reason: &str) -> String {
    lang.f("compare.failed", &[("reason", reason)])
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
    fn every_offered_change_has_its_words_in_every_language() {
        for code in ["en", "id"] {
            let lang = Lang::new(code).unwrap();
            for (_, key) in RULE_CHANGES.iter().chain(PRESET_CHANGES) {
                assert!(lang.has(key), "{code}: {key}");
            }
        }
    }

    #[test]
    fn changes_read_in_plain_words() {
        let en = Lang::english();
        assert_eq!(
            change_in_words(&en, &Change::Preset("no-symbols".into())),
            "nobody has a symbol to share"
        );
        assert_eq!(
            change_in_words(&en, &Change::Set("familiarity_weight = 0".into())),
            "familiarity lowers no barrier"
        );
        assert_eq!(
            change_in_words(&en, &Change::Set("decay=0.01".into())),
            "decay = 0.01"
        );
        let id = Lang::new("id").unwrap();
        assert_eq!(
            change_in_words(&id, &Change::Preset("no-symbols".into())),
            "tak seorang pun punya simbol untuk dibagi"
        );
    }
}
