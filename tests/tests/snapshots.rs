//! insta snapshots of every file generated from `model/` and from each feature
//! fixture (`tests/fixtures/*.json`), so that any change to the output shows up
//! in review. The runtime files `src/rt/*.rs` are verbatim copies of
//! `codegen/runtime/` and are tested there; only `src/rt/mod.rs` is snapshotted.
//!
//! Snapshot `<fixture>__<path with / as __>` holds one file; `<fixture>__files`
//! lists every generated path and warning. Update with
//! `INSTA_UPDATE=always cargo test -p codegen-tests --test snapshots`, then review.

#[path = "../fixtures/common.rs"]
mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// `src/rt/<name>.rs` other than `mod.rs`: copied verbatim from `codegen/runtime/`.
fn is_verbatim_runtime(path: &Path) -> bool {
    path.parent() == Some(Path::new("src/rt")) && path.file_name().is_some_and(|name| name != "mod.rs")
}

fn snapshot_name(fixture: &str, path: &Path) -> String {
    let path = path.to_str().expect("generated paths are UTF-8").replace('\\', "/");
    format!("{fixture}__{}", path.replace('/', "__"))
}

/// The snapshot names one fixture produces.
fn snapshot_names(fixture: &common::Fixture, generated: &codegen::Generated) -> Vec<String> {
    let mut names = vec![format!("{}__files", fixture.name)];
    names.extend(
        generated
            .files()
            .keys()
            .filter(|path| !is_verbatim_runtime(path))
            .map(|path| snapshot_name(fixture.name, path)),
    );
    names
}

fn check_fixture(name: &str) {
    let fixture = common::all().into_iter().find(|f| f.name == name).expect("known fixture");
    let generated = fixture.generate();
    let mut listing = String::new();
    for path in generated.files().keys() {
        let note = if is_verbatim_runtime(path) { "  (verbatim runtime, not snapshotted)" } else { "" };
        listing.push_str(&format!("{}{note}\n", path.display()));
    }
    listing.push_str(&format!("\nwarnings: {}\n", generated.warnings().len()));
    for warning in generated.warnings() {
        listing.push_str(&format!("- {warning}\n"));
    }
    insta::assert_snapshot!(format!("{name}__files"), listing);
    for (path, content) in generated.files() {
        if is_verbatim_runtime(path) {
            continue;
        }
        insta::assert_snapshot!(snapshot_name(name, path), content);
    }
}

#[test]
fn fixture_query() {
    check_fixture("query");
}

#[test]
fn fixture_xml() {
    check_fixture("xml");
}

#[test]
fn fixture_waiters() {
    check_fixture("waiters");
}

#[test]
fn model_get_ota_task() {
    check_fixture("model");
}

#[test]
fn fixture_bindings() {
    check_fixture("bindings");
}

#[test]
fn fixture_client() {
    check_fixture("client");
}

#[test]
fn fixture_collections() {
    check_fixture("collections");
}

#[test]
fn fixture_events() {
    check_fixture("events");
}

#[test]
fn fixture_naming() {
    check_fixture("naming");
}

/// Every `tests/fixtures/*.json` is listed in `common::FIXTURES` (and so has
/// a snapshot test above, a determinism check and a compile check).
#[test]
fn every_fixture_file_is_tested() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(common::fixtures_dir())
        .expect("read tests/fixtures")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = common::FIXTURES.iter().map(|name| (*name).to_owned()).collect();
    assert_eq!(on_disk, listed, "tests/fixtures/*.json and common::FIXTURES differ");
    let tested = ["bindings", "client", "collections", "events", "naming", "query", "waiters", "xml"];
    assert_eq!(listed, tested.iter().map(|name| (*name).to_owned()).collect(), "add a snapshot test for each fixture");
}

/// No snapshot file is left over from a file the generator no longer makes
/// (insta alone does not notice those).
#[test]
fn no_orphaned_snapshots() {
    let mut expected = BTreeSet::new();
    for fixture in common::all() {
        let generated = fixture.generate();
        expected.extend(snapshot_names(&fixture, &generated).into_iter().map(|name| format!("snapshots__{name}.snap")));
    }
    let dir = codegen_tests::workspace_root().join("tests/tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("{} is missing: run INSTA_UPDATE=always cargo test -p codegen-tests --test snapshots", dir.display());
    };
    let on_disk: BTreeSet<String> = entries
        .map(|entry| entry.expect("dir entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("snapshots__") && name.ends_with(".snap"))
        .collect();
    let orphaned: Vec<&String> = on_disk.difference(&expected).collect();
    assert!(orphaned.is_empty(), "snapshot files no generated file matches (delete them): {orphaned:#?}");
    let missing: Vec<&String> = expected.difference(&on_disk).collect();
    assert!(missing.is_empty(), "generated files without a snapshot: {missing:#?}");
}

/// Snapshots must not depend on where the checkout is.
#[test]
fn output_holds_no_local_paths() {
    let root = codegen_tests::workspace_root();
    let root = root.to_string_lossy();
    for fixture in common::all() {
        for (path, content) in fixture.generate().files() {
            assert!(
                !content.contains(root.as_ref()),
                "{}: {} mentions the checkout path {root}",
                fixture.name,
                path.display()
            );
        }
    }
}
