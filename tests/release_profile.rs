//! The release binary ships without debug info (it was 68 MB, 48 MB of it
//! debug info), while benches keep what profilers need. `.ci/cli.sh`
//! measures the built binary; this checks the settings that make it so.

#[test]
fn release_is_stripped_and_benches_keep_line_tables() {
    let manifest: toml::Table = std::fs::read_to_string("Cargo.toml")
        .unwrap()
        .parse()
        .unwrap();
    let setting = |profile: &str, key: &str| -> Option<String> {
        let v = manifest.get("profile")?.get(profile)?.get(key)?;
        v.as_str()
            .map(str::to_string)
            .or_else(|| v.as_bool().map(|b| b.to_string()))
    };
    let strip = setting("release", "strip");
    assert!(
        matches!(strip.as_deref(), Some("debuginfo" | "symbols" | "true")),
        "release strip = {strip:?}"
    );
    assert_eq!(setting("bench", "strip").as_deref(), Some("none"));
    assert_eq!(
        setting("bench", "debug").as_deref(),
        Some("line-tables-only")
    );
}
