//! Provenance: what made a file. Beside every file the program writes (run and sweep CSVs and
//! summaries, networks, saved runs, plots, screenshots) goes `NAME.meta.json`: the program, its
//! version and commit, the command line and the folder it ran in, the resolved scenario (every
//! parameter and the seed) and the time. A PNG carries the same text in an `iTXt` chunk. A file
//! found on a disk a year later says how to make it again.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::files;
use crate::scenario::Scenario;

/// What made a file.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Always "nano-diplomacy".
    pub program: &'static str,
    /// The crate's version.
    pub version: &'static str,
    /// The git commit the program was built from ("unknown" outside a checkout; changes not
    /// yet committed are not told).
    pub commit: &'static str,
    /// The command line, word by word, as given.
    pub command: Vec<String>,
    /// The folder it ran in (relative paths in the command are from here).
    pub working_directory: String,
    /// The scenario as resolved: every parameter, the seed (for a sweep, its base scenario).
    pub scenario: Option<Scenario>,
    /// When the file was written, local time (`YYYYmmdd-HHMMSS`).
    pub written: String,
}

impl Provenance {
    /// This process's provenance, for a file made from `scenario`.
    pub fn now(scenario: Option<&Scenario>) -> Self {
        Provenance {
            program: "nano-diplomacy",
            version: env!("CARGO_PKG_VERSION"),
            commit: env!("NANO_DIPLOMACY_COMMIT"),
            command: std::env::args().collect(),
            working_directory: std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            scenario: scenario.cloned(),
            written: files::timestamp(),
        }
    }

    /// As JSON, indented.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("provenance is plain data")
    }

    /// Writes `NAME.meta.json` beside `path` (nothing beside a special file such as
    /// /dev/stdout).
    pub fn write_beside(&self, path: &Path) -> std::io::Result<()> {
        if files::is_special(path) {
            return Ok(());
        }
        let mut json = self.to_json();
        json.push('\n');
        files::write_atomically(&meta_path(path), json.as_bytes())
    }
}

/// The provenance file beside `path`: `kin.graphml` gives `kin.graphml.meta.json`.
pub fn meta_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{name}.meta.json"))
}

/// Encodes an RGB image as PNG with the provenance in an `iTXt` chunk (keyword "provenance";
/// UTF-8, since a community's name may be in any script).
pub fn png_with_provenance(
    width: u32,
    height: u32,
    rgb: &[u8],
    provenance: &Provenance,
) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .add_itxt_chunk("provenance".to_string(), provenance.to_json())
            .map_err(std::io::Error::other)?;
        let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
        writer
            .write_image_data(rgb)
            .map_err(std::io::Error::other)?;
        writer.finish().map_err(std::io::Error::other)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_carries_its_provenance_and_the_meta_file_sits_beside() {
        let provenance = Provenance::now(Some(&Scenario::default_preset()));
        let png = png_with_provenance(2, 1, &[255, 0, 0, 0, 0, 255], &provenance).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        let chunks = &reader.info().utf8_text;
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].keyword, "provenance");
        let text = chunks[0].get_text().unwrap();
        assert!(text.contains("\"program\": \"nano-diplomacy\""), "{text}");
        assert!(text.contains("\"contact_rate\""), "{text}");
        assert_eq!(
            meta_path(Path::new("out/kin.graphml")),
            Path::new("out/kin.graphml.meta.json")
        );
    }
}
