//! The release binary ships without debug info (it was 68 MB, 48 MB of it
//! debug info), while benches keep what profilers need. `.ci/cli.sh`
//! measures the built binary; this checks the settings that make it so.

#[test]
fn release_is_stripped_and_benches_keep_line_tables() {
    let manifest: toml::Table = std::fs::read_to_string("Cargo.toml")
        .unwrap()
        .parse()
        .unwrap();
    let profile = |name: &str| manifest["profile"][name].as_table().unwrap().clone();
    let release = profile("release");
    let strip = release.get("strip");
    assert!(
        matches!(
            strip.and_then(|v| v.as_str()),
            Some("debuginfo" | "symbols")
        ) || strip.and_then(|v| v.as_bool()) == Some(true),
        "release strip = {strip:?}"
    );
    let bench = profile("bench");
    assert_eq!(bench.get("strip").and_then(|v| v.as_str()), Some("none"));
    assert_eq!(
        bench.get("debug").and_then(|v| v.as_str()),
        Some("line-tables-only")
    );
}
