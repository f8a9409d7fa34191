//! Writing files safely: to a temporary file beside the destination, then renamed into place,
//! so that a crash or a kill never leaves a half-written file where a good one was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a file is written.
enum Destination {
    /// A regular file, or none yet: written beside it, then renamed over it.
    Replace { path: PathBuf, temporary: PathBuf },
    /// A special file (`/dev/null`, `/dev/stdout`, a named pipe): appended to as it is, since a
    /// rename would put a plain file in its place.
    Direct(PathBuf),
}

impl Destination {
    fn of(path: &Path) -> std::io::Result<Self> {
        refuse_folder(path, "")?;
        if is_special(path) {
            return Ok(Destination::Direct(path.to_path_buf()));
        }
        // A symbolic link to a file is followed, so that the file is replaced, not the link.
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(Destination::Replace {
            temporary: temporary_beside(&path)?,
            path,
        })
    }

    /// The file that the bytes go to first.
    fn open(&self) -> std::io::Result<std::fs::File> {
        match self {
            Destination::Replace { temporary, .. } => std::fs::File::create(temporary),
            // Appended to: `--out /dev/stdout >> log.csv` adds to the log, as the shell meant.
            Destination::Direct(path) => std::fs::OpenOptions::new().append(true).open(path),
        }
    }

    /// Puts the written file in place.
    fn commit(&self, file: std::fs::File) -> std::io::Result<()> {
        match self {
            Destination::Replace { path, temporary } => {
                file.sync_all()?;
                std::fs::rename(temporary, path)
            }
            // A device or a pipe has nothing to sync or rename.
            Destination::Direct(_) => Ok(()),
        }
    }

    /// Removes what a failed write left.
    fn clean_up(&self) {
        if let Destination::Replace { temporary, .. } = self {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// Whether `path` is a special file, written to as it is: anything under /dev or /proc (where
/// `/dev/stdout` may lead to the regular file that the shell redirected it to), or a path that
/// leads to something that exists and is neither a file nor a folder (a named pipe).
pub fn is_special(path: &Path) -> bool {
    path.starts_with("/dev")
        || path.starts_with("/proc")
        || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Refuses a path that names a folder: an existing one, or one written with a trailing `/`.
fn refuse_folder(path: &Path, what: &str) -> std::io::Result<()> {
    let what = if what.is_empty() {
        String::new()
    } else {
        format!("{what} ")
    };
    let trailing_separator = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::is_separator);
    let problem = if path.is_dir() {
        "is a folder"
    } else if trailing_separator {
        "ends with a separator, so it names a folder"
    } else {
        return Ok(());
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::IsADirectory,
        format!("{what}{} {problem}; give a file name", path.display()),
    ))
}

/// A file's bytes as text, or why they are not: the message a scenario or lesson file that is
/// not UTF-8 gets (it is reported at line 1, column 1).
pub fn utf8_text(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not a text file (invalid UTF-8 at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Writes `contents` to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let destination = Destination::of(path)?;
    let result = (|| {
        let mut file = destination.open()?;
        file.write_all(contents)?;
        destination.commit(file)
    })();
    if result.is_err() {
        destination.clean_up();
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
    destination: Destination,
    writer: Option<std::io::BufWriter<std::fs::File>>,
}

impl PartialFile {
    /// Starts writing beside `path`.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let destination = Destination::of(path)?;
        let file = destination.open()?;
        Ok(PartialFile {
            destination,
            writer: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Puts the file in place, over any older one. If that fails (its folder was removed
    /// meanwhile, say), the rows stay in the partial file, and the error says where.
    pub fn commit(mut self) -> std::io::Result<()> {
        let writer = self.writer.take().expect("committed once");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        self.destination
            .commit(file)
            .map_err(|e| match &self.destination {
                Destination::Replace { temporary, .. } => std::io::Error::new(
                    e.kind(),
                    format!("{e}; what was written is in {}", temporary.display()),
                ),
                Destination::Direct(_) => e,
            })
    }
}

/// Writes go to `.NAME.partial`; `flush` pushes them to the disk, so that what was flushed
/// survives a kill.
impl Write for PartialFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.writer
            .as_mut()
            .expect("not yet committed")
            .write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            self.destination.clean_up();
        }
    }
}

/// Whether a file could be written at `path`: it names no folder, and its folder exists.
/// Checked before a long job, so that a typo does not cost the job.
pub fn check_writable(path: &Path, what: &str) -> std::io::Result<()> {
    refuse_folder(path, what)?;
    let folder = folder_of(path);
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

/// Refuses two outputs of one command that name the same file, which would leave only the
/// one written last: `files` holds each path with the option that gave it. Special files
/// (`--out /dev/null --save /dev/null`) may be named twice.
pub fn check_distinct(files: &[(&Path, &str)]) -> std::io::Result<()> {
    let identities: Vec<Option<PathBuf>> = files
        .iter()
        .map(|(path, _)| (!is_special(path)).then(|| identity(path)))
        .collect();
    for (i, (path, what)) in files.iter().enumerate() {
        if let Some(j) = (0..i).find(|&j| identities[i].is_some() && identities[j] == identities[i])
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{what} {} is the same file as {} {}; give each its own name",
                    path.display(),
                    files[j].1,
                    files[j].0.display()
                ),
            ));
        }
    }
    Ok(())
}

/// What a path names, as far as can be told before the file exists: its folder's real path
/// and its name.
fn identity(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (std::fs::canonicalize(folder_of(path)), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The folder a file at `path` goes in: `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
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

/// A name made safe as the start of a file name: letters, digits, `-` and `_` kept, anything
/// else (a `/`, a space, a dot) made `_`, and no `-` at the start (it would read as an option);
/// `fallback` when nothing is left. A scenario's name, which a file chooses, cannot lead a file
/// elsewhere.
pub fn safe_file_stem(name: &str, fallback: &str) -> String {
    let safe: String = name
        .trim_start_matches('-')
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe
    }
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
        file.write_all(b"a,b\n").unwrap();
        assert!(temporary_beside(&path).unwrap().exists());
        drop(file);
        assert!(!temporary_beside(&path).unwrap().exists() && !path.exists());
        let mut file = PartialFile::create(&path).unwrap();
        file.write_all(b"a,b\n").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
        assert!(check_writable(&dir.join("missing/x.csv"), "--out").is_err());
        assert!(check_writable(&dir, "--out").is_err());
        assert!(check_writable(&path, "--out").is_ok());
        let slash = PathBuf::from(format!("{}/", path.display()));
        let message = check_writable(&slash, "--out").unwrap_err().to_string();
        assert!(message.contains("names a folder"), "{message}");
        assert!(PartialFile::create(&slash).is_err());
        assert!(!temporary_beside(&path).unwrap().exists());
    }

    #[test]
    fn dates_are_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_785), (2026, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn links_are_followed_and_pipes_written_in_place() {
        let dir = std::env::temp_dir().join(format!("nano-links-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("real.csv");
        let link = dir.join("link.csv");
        std::fs::write(&real, "old").unwrap();
        let _ = std::fs::remove_file(&link);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&real, &link).unwrap();
            write_atomically(&link, b"new").unwrap();
            assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
            assert_eq!(std::fs::read(&real).unwrap(), b"new");
            // A named pipe (like a device) is written to, not replaced by a plain file.
            let pipe = dir.join("pipe");
            let _ = std::fs::remove_file(&pipe);
            let made = std::process::Command::new("mkfifo").arg(&pipe).status();
            if made.is_ok_and(|status| status.success()) {
                for write in [
                    |path: &Path| write_atomically(path, b"a,b\n"),
                    |path: &Path| {
                        let mut rows = PartialFile::create(path)?;
                        rows.write_all(b"a,b\n")?;
                        rows.commit()
                    },
                ] {
                    let (sender, receiver) = std::sync::mpsc::channel();
                    let reading = pipe.clone();
                    std::thread::spawn(move || sender.send(std::fs::read(reading)));
                    write(&pipe).unwrap();
                    use std::os::unix::fs::FileTypeExt;
                    assert!(pipe.metadata().unwrap().file_type().is_fifo());
                    let read = receiver.recv_timeout(std::time::Duration::from_secs(10));
                    assert_eq!(read.unwrap().unwrap(), b"a,b\n");
                }
            }
        }
    }

    #[test]
    fn two_outputs_may_not_name_one_file() {
        let dir = std::env::temp_dir().join(format!("nano-distinct-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.csv");
        let also_a = dir.join(".").join("a.csv");
        let b = dir.join("b.csv");
        assert!(check_distinct(&[(&a, "--out"), (&b, "--save")]).is_ok());
        let message = check_distinct(&[(&a, "--out"), (&b, "--plot"), (&also_a, "--save")])
            .unwrap_err()
            .to_string();
        assert!(message.contains("is the same file as --out"), "{message}");
        // Special files may be named twice: both outputs thrown away.
        let null = Path::new("/dev/null");
        assert!(check_distinct(&[(null, "--out"), (null, "--save")]).is_ok());
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

    #[test]
    fn a_safe_file_stem_keeps_a_name_from_leading_a_file_elsewhere() {
        assert_eq!(safe_file_stem("marketplace", "run"), "marketplace");
        assert_eq!(safe_file_stem("../etc/passwd", "run"), "___etc_passwd");
        assert_eq!(safe_file_stem("--help me", "run"), "help_me");
        assert_eq!(safe_file_stem("---", "run"), "run");
        assert_eq!(safe_file_stem("Pasar Rakyat 2", "run"), "Pasar_Rakyat_2");
        assert_eq!(
            safe_file_stem("my class: week 3", "run"),
            "my_class__week_3"
        );
    }
}
