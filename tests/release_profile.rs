//! The release binary ships without debug info (it was 68 MB, 48 MB of it
//! debug info), while benches keep what profilers need. `.ci/cli.sh`
//! measures the built binary; this checks the settings that make it so.

#[test]
fn release_is_stripped_and_benches_keep_line_tables() {
    let manifest: toml::Table = std::fs::read_to_string("Cargo.toml").unwrap().parse().unwrap();
    let profile = |name: &str| manifest["profile"][name].as_table().unwrap().clone();
    let release = profile("release");
    let strip = release.get("strip").map(ToString::to_string);
    assert!(
        matches!(strip.as_deref(), Some("\"debuginfo\"" | "\"symbols\"" | "true")),
        "release strip = {strip:?}"
    );
    let bench = profile("bench");
    assert_eq!(bench.get("strip").map(ToString::to_string).as_deref(), Some("\"none\""));
    assert_eq!(
        bench.get("debug").map(ToString::to_string).as_deref(),
        Some("\"line-tables-only\"")
    );
}
