//! GEXF 1.3, dynamic: every tie that ever lived is an edge whose spells are its lives (born,
//! then forgotten or still alive), with its stage over time as a dynamic attribute, read from
//! the ties' history. Gephi's timeline then replays kinship forming; NetworkX's `read_gexf`
//! gives each edge its `spells` and `stage` as (value, start, end) triples.

use std::io::{self, Write};

use super::{NODE_FIELDS, NetworkOptions, Node, put, xml_escape};
use crate::sim::NanoModel;
use crate::sim::model::TieRecord;
use crate::sim::ties::Stage;

/// GraphML's type names as GEXF's.
fn gexf_type(graphml: &str) -> &str {
    match graphml {
        "int" => "integer",
        other => other,
    }
}

/// One stretch of a tie's life at one stage: ticks `start..=end`.
struct Stretch {
    stage: Stage,
    start: u64,
    end: u64,
}

/// Writes the GEXF document.
pub(super) fn write(
    model: &NanoModel,
    options: NetworkOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let now = model.tick();
    put(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    put(
        out,
        "<gexf xmlns=\"http://gexf.net/1.3\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    )?;
    writeln!(
        out,
        "  <meta>\n    <creator>nano-diplomacy {}</creator>\n    <description>the ties of a \
         run, ticks 0 to {now}, by stage</description>\n  </meta>",
        env!("CARGO_PKG_VERSION"),
    )?;
    writeln!(
        out,
        "  <graph mode=\"dynamic\" defaultedgetype=\"undirected\" timeformat=\"integer\" \
         timerepresentation=\"interval\" start=\"0\" end=\"{now}\">"
    )?;
    put(out, "    <attributes class=\"node\" mode=\"static\">\n")?;
    for (name, kind, _) in NODE_FIELDS {
        writeln!(
            out,
            "      <attribute id=\"{name}\" title=\"{name}\" type=\"{}\"/>",
            gexf_type(kind)
        )?;
    }
    put(out, "    </attributes>\n")?;
    put(
        out,
        "    <attributes class=\"edge\" mode=\"dynamic\">\n      \
         <attribute id=\"stage\" title=\"stage\" type=\"string\"/>\n    </attributes>\n",
    )?;
    put(out, "    <nodes>\n")?;
    for person in 0..model.population().len() as u32 {
        let node = Node::of(model, person);
        writeln!(out, "      <node id=\"{person}\" label=\"{person}\">")?;
        put(out, "        <attvalues>\n")?;
        for (name, _, value) in NODE_FIELDS {
            writeln!(
                out,
                "          <attvalue for=\"{name}\" value=\"{}\"/>",
                xml_escape(&value(&node))
            )?;
        }
        put(out, "        </attvalues>\n      </node>\n")?;
    }
    put(out, "    </nodes>\n    <edges>\n")?;
    // The history's records of each pair together, in the order they happened (a stable sort
    // of their indices: four bytes a record, not a map of lists).
    let history = model.tie_history();
    let mut order: Vec<u32> = (0..history.len() as u32).collect();
    order.sort_by_key(|&i| (history[i as usize].a, history[i as usize].b));
    let mut edge = 0u64;
    for pair in order.chunk_by(|&i, &j| {
        let (x, y) = (&history[i as usize], &history[j as usize]);
        (x.a, x.b) == (y.a, y.b)
    }) {
        let records: Vec<&TieRecord> = pair.iter().map(|&i| &history[i as usize]).collect();
        let stretches: Vec<Stretch> = stretches(&records, now)
            .into_iter()
            .filter(|s| s.stage >= options.closest_at_least)
            .collect();
        if stretches.is_empty() {
            continue;
        }
        writeln!(
            out,
            "      <edge id=\"{edge}\" source=\"{}\" target=\"{}\">",
            records[0].a, records[0].b
        )?;
        put(out, "        <attvalues>\n")?;
        for s in &stretches {
            writeln!(
                out,
                "          <attvalue for=\"stage\" value=\"{}\" start=\"{}\" end=\"{}\"/>",
                s.stage.name(),
                s.start,
                s.end
            )?;
        }
        put(out, "        </attvalues>\n        <spells>\n")?;
        for (start, end) in spells(&stretches) {
            writeln!(out, "          <spell start=\"{start}\" end=\"{end}\"/>")?;
        }
        put(out, "        </spells>\n      </edge>\n")?;
        edge += 1;
    }
    put(out, "    </edges>\n  </graph>\n</gexf>\n")
}

/// A pair's records as stretches at one stage: each change starts a stretch that lasts until
/// the tick before the next change (or to `now` for a tie still alive); a stretch of no tick
/// (two changes in one tick) is left out.
fn stretches(records: &[&TieRecord], now: u64) -> Vec<Stretch> {
    let mut out = Vec::new();
    for (k, record) in records.iter().enumerate() {
        let Some(stage) = record.to else {
            continue; // forgotten: no stretch starts here
        };
        let end = records
            .get(k + 1)
            .map_or(now, |next| next.tick.saturating_sub(1));
        if end >= record.tick {
            out.push(Stretch {
                stage,
                start: record.tick,
                end,
            });
        }
    }
    out
}

/// The lives of a tie: its stretches joined where one follows the next without a gap.
fn spells(stretches: &[Stretch]) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = Vec::new();
    for s in stretches {
        match out.last_mut() {
            Some(last) if s.start <= last.1 + 1 => last.1 = last.1.max(s.end),
            _ => out.push((s.start, s.end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(tick: u64, from: Option<Stage>, to: Option<Stage>) -> TieRecord {
        TieRecord {
            tick,
            a: 1,
            b: 2,
            from,
            to,
        }
    }

    #[test]
    fn a_ties_records_become_stretches_and_its_lives_spells() {
        use Stage::*;
        let records = [
            record(3, None, Some(Acquaintance)),
            record(10, Some(Acquaintance), Some(Friend)),
            record(20, Some(Friend), None),
            record(25, None, Some(Acquaintance)),
            record(25, Some(Acquaintance), Some(Friend)),
        ];
        let refs: Vec<&TieRecord> = records.iter().collect();
        let got: Vec<(Stage, u64, u64)> = stretches(&refs, 40)
            .iter()
            .map(|s| (s.stage, s.start, s.end))
            .collect();
        // The acquaintance of tick 25 lasted no tick: left out.
        assert_eq!(
            got,
            [(Acquaintance, 3, 9), (Friend, 10, 19), (Friend, 25, 40)]
        );
        assert_eq!(spells(&stretches(&refs, 40)), [(3, 19), (25, 40)]);
    }
}
