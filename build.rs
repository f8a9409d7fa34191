//! Build script: records the commit the program is built from (`git rev-parse`), for the
//! provenance written beside every file the program makes; "unknown" outside a git checkout.

use std::process::Command;

fn main() {
    // A new commit moves a ref (or HEAD itself, detached): then the commit is read again.
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs");
    println!("cargo:rerun-if-changed=.git/packed-refs");
    let commit = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=NANO_DIPLOMACY_COMMIT={commit}");
}
