//! Rows as CSV, through the `csv` crate: every CSV the program writes (runs, sweeps and their
//! summaries, the app's export) goes through here, quoted where CSV wants it (a swept tuple
//! `(0, 1)` holds a comma).

use std::fmt::Write as _;
use std::io;

use super::row::Row;

/// Writes a header and rows as CSV, each record pushed through to `W` as it comes (to the
/// disk, for a [`crate::files::PartialFile`]), so that complete rows survive a kill.
pub struct CsvWriter<W: io::Write> {
    csv: csv::Writer<W>,
    /// One field's text, reused from field to field.
    field: String,
}

impl<W: io::Write> CsvWriter<W> {
    /// Writes to `out`: fields quoted where needed, records ended by `\n`.
    pub fn new(out: W) -> Self {
        CsvWriter {
            csv: csv::Writer::from_writer(out),
            field: String::new(),
        }
    }

    /// A record of text fields: a header, or a row that is not a run's (a summary's).
    pub fn record<I>(&mut self, fields: I) -> io::Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        self.csv.write_record(fields)?;
        self.csv.flush()
    }

    /// A run's row.
    pub fn row(&mut self, row: &Row) -> io::Result<()> {
        self.row_after::<&str>(&[], row)
    }

    /// A run's row after some fields of text (a sweep's run, seed and parameter values).
    pub fn row_after<S: AsRef<[u8]>>(&mut self, leading: &[S], row: &Row) -> io::Result<()> {
        for field in leading {
            self.csv.write_field(field)?;
        }
        for value in row.values() {
            self.field.clear();
            write!(self.field, "{value}").expect("writing to a string");
            self.csv.write_field(&self.field)?;
        }
        // An empty record ends the one written field by field.
        self.csv.write_record(None::<&[u8]>)?;
        self.csv.flush()
    }

    /// Everything written, and the writer back.
    pub fn finish(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// A whole table in memory: the header and the rows, as CSV bytes.
pub fn csv_bytes(columns: &[&str], rows: impl IntoIterator<Item = Row>) -> io::Result<Vec<u8>> {
    let mut table = CsvWriter::new(Vec::new());
    table.record(columns)?;
    for row in rows {
        table.row(&row)?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::{AXELROD_COLUMNS, AxelrodRow};

    #[test]
    fn fields_are_quoted_where_csv_needs_it() {
        let row = Row::Axelrod(AxelrodRow {
            tick: 2,
            events: 200,
            active_bonds: 7,
            stable_regions: 3,
            converged: false,
        });
        let written = |write: &dyn Fn(&mut CsvWriter<Vec<u8>>) -> io::Result<()>| {
            let mut table = CsvWriter::new(Vec::new());
            write(&mut table).unwrap();
            String::from_utf8(table.finish().unwrap()).unwrap()
        };
        assert_eq!(
            written(&|t| t.record(["plain", "a,b", "say \"hi\"\nthen"])),
            "plain,\"a,b\",\"say \"\"hi\"\"\nthen\"\n"
        );
        assert_eq!(
            written(&|t| t.row_after(&["(0, 1)", "x"], &row)),
            "\"(0, 1)\",x,2,200,7,3,0\n"
        );
        let bytes = csv_bytes(AXELROD_COLUMNS, [row]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "tick,events,active_bonds,stable_regions,converged\n2,200,7,3,0\n"
        );
    }
}
