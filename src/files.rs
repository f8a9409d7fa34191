//! Writing files safely: to a temporary file beside the destination, then renamed into place,
//! so that a crash or a kill never leaves a half-written file where a good one was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            format!("{} is a directory; give a file name", path.display()),
        ));
    }
    let temporary = temporary_beside(path)?;
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// `.NAME.partial` in the same folder, so that the rename stays on one file system.
pub fn temporary_beside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} has no file name", path.display()),
        )
    })?;
    Ok(path.with_file_name(format!(".{}.partial", name.to_string_lossy())))
}

/// A file written as a long job goes: rows reach `.NAME.partial` as they come, and
/// [`PartialFile::commit`] renames it into place. Dropped without a commit (an error on the
/// way), it removes the partial file, so nothing half-done is left behind.
pub struct PartialFile {
    path: PathBuf,
    temporary: PathBuf,
    writer: Option<std::io::BufWriter<std::fs::File>>,
}

impl PartialFile {
    /// Starts writing beside `path`.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        if path.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!("{} is a directory; give a file name", path.display()),
            ));
        }
        let temporary = temporary_beside(path)?;
        let file = std::fs::File::create(&temporary)?;
        Ok(PartialFile {
            path: path.to_path_buf(),
            temporary,
            writer: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Writes a line and pushes it to the disk, so that complete lines survive a kill.
    pub fn line(&mut self, line: &str) -> std::io::Result<()> {
        let writer = self.writer.as_mut().expect("not yet committed");
        writer.write_all(line.as_bytes())?;
        writer.write_all(b"\n")?;
        writer.flush()
    }

    /// Puts the file in place, over any older one.
    pub fn commit(mut self) -> std::io::Result<()> {
        let writer = self.writer.take().expect("committed once");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&self.temporary, &self.path)
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Whether a file could be written at `path`: its folder exists. Checked before a long job,
/// so that a typo does not cost the job.
pub fn check_writable(path: &Path, what: &str) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            format!("{what} {} is a directory; give a file name", path.display()),
        ));
    }
    if !folder.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{what} {}: there is no folder {}",
                path.display(),
                folder.display()
            ),
        ));
    }
    Ok(())
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
pub fn csv_field(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\"")).into()
    } else {
        value.into()
    }
}

/// A timestamp for file names, `YYYYMMDD-HHMMSS` in UTC.
pub fn timestamp() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The calendar date of a day counted from 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_is_put_in_place_or_cleaned_up() {
        let dir = std::env::temp_dir().join(format!("nano-partial-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("rows.csv");
        let mut file = PartialFile::create(&path).unwrap();
        file.line("a,b").unwrap();
        assert!(temporary_beside(&path).unwrap().exists());
        drop(file);
        assert!(!temporary_beside(&path).unwrap().exists() && !path.exists());
        let mut file = PartialFile::create(&path).unwrap();
        file.line("a,b").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
        assert!(check_writable(&dir.join("missing/x.csv"), "--out").is_err());
        assert!(check_writable(&dir, "--out").is_err());
        assert!(check_writable(&path, "--out").is_ok());
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"\nthen"), "\"say \"\"hi\"\"\nthen\"");
    }

    #[test]
    fn dates_are_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_785), (2026, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn writes_whole_files_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("nano-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.csv");
        write_atomically(&path, b"a,b\n1,2\n").unwrap();
        write_atomically(&path, b"a,b\n3,4\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n3,4\n");
        assert!(!temporary_beside(&path).unwrap().exists());
        assert!(write_atomically(&dir, b"x").is_err());
        assert!(write_atomically(&dir.join("missing/x.csv"), b"x").is_err());
    }
}
