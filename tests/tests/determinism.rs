//! The generator's output depends on the model only: the same bytes on every
//! run and whatever the order of shapes in the file; writing the same crate
//! twice touches nothing; a failed generation leaves the output alone.

#[path = "../fixtures/common.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A fresh folder under `target/scratch/determinism/`.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = codegen_tests::workspace_root().join("target/scratch/determinism").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean scratch dir");
    }
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Every file under `dir`: relative path → (content, modification time).
fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = std::fs::metadata(&path).and_then(|m| m.modified()).expect("mtime");
                let content = std::fs::read(&path).expect("read file");
                out.insert(path.strip_prefix(dir).expect("under dir").to_path_buf(), (content, modified));
            }
        }
    }
    out
}

#[test]
fn generating_three_times_gives_identical_bytes() {
    for fixture in common::all() {
        let first = fixture.generate();
        assert!(!first.files().is_empty(), "{}", fixture.name);
        for run in 2..=3 {
            let again = fixture.generate();
            assert_eq!(again.files(), first.files(), "{}: run {run} differs from run 1", fixture.name);
            assert_eq!(again.warnings(), first.warnings(), "{}: run {run} warns differently", fixture.name);
        }
    }
}

/// The order of shapes in the JSON file (the JSON parser keeps it) does not
/// change the output: names are given in shape-id order, not file order.
#[test]
fn shape_order_in_the_file_does_not_matter() {
    for name in common::FIXTURES {
        let path = common::fixtures_dir().join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let mut model: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
        let shapes = model["shapes"].as_object().expect("shapes").clone();
        let reversed: serde_json::Map<String, serde_json::Value> = shapes.into_iter().rev().collect();
        let first_before = model["shapes"].as_object().and_then(|s| s.keys().next().cloned());
        model["shapes"] = serde_json::Value::Object(reversed);
        let first_after = model["shapes"].as_object().and_then(|s| s.keys().next().cloned());
        assert_ne!(first_before, first_after, "{name}: the shapes really are reordered");
        let settings = common::fixture(name).settings;
        let straight = settings.generate_from_str(&path, &text).expect("generates");
        let shuffled = settings.generate_from_str(&path, &model.to_string()).expect("generates");
        assert_eq!(straight.files(), shuffled.files(), "{name}: output depends on shape order");
        assert_eq!(straight.files(), common::fixture(name).generate().files(), "{name}: generate_from_str = generate");
    }
}

/// `model/` as a folder and as its one file give the same crate.
#[test]
fn folder_and_file_give_the_same_crate() {
    let root = codegen_tests::workspace_root();
    let folder = codegen::Settings::new(root.join("model")).operation("GetOtaTask").generate().expect("folder");
    let file = codegen::Settings::new(root.join("model/iot-managed-integrations.json"))
        .operation("GetOtaTask")
        .generate()
        .expect("file");
    assert_eq!(folder.files(), file.files());
}

#[test]
fn writing_twice_changes_nothing() {
    let base = scratch_dir("write-twice");
    let fixtures = common::all();
    let mut first_trees = Vec::new();
    for fixture in &fixtures {
        let generated = fixture.generate();
        let out = base.join(fixture.name);
        let report = generated.write(&out).expect("first write");
        let all: Vec<PathBuf> = generated.files().keys().cloned().collect();
        assert_eq!(report.written, all, "{}: the first write writes every file", fixture.name);
        assert!(report.unchanged.is_empty() && report.removed.is_empty(), "{}: {report:?}", fixture.name);
        generated.check(&out, "cargo xtask codegen").expect("the written crate checks clean");
        let tree = snapshot_tree(&out);
        let paths: Vec<PathBuf> = tree.keys().cloned().collect();
        assert_eq!(paths, all, "{}: exactly the generated files are on disk", fixture.name);
        first_trees.push(tree);
    }
    // Let a rewrite show in the modification times, even on coarse clocks.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for (fixture, before) in fixtures.iter().zip(first_trees) {
        let generated = fixture.generate();
        let out = base.join(fixture.name);
        let report = generated.write(&out).expect("second write");
        let all: Vec<PathBuf> = generated.files().keys().cloned().collect();
        assert!(report.written.is_empty(), "{}: nothing is rewritten: {:?}", fixture.name, report.written);
        assert!(report.removed.is_empty(), "{}: {:?}", fixture.name, report.removed);
        assert_eq!(report.unchanged, all, "{}: every file is reported unchanged", fixture.name);
        assert_eq!(snapshot_tree(&out), before, "{}: contents and modification times are as before", fixture.name);
    }
}

/// A write after a model change rewrites only the files that changed, and
/// removes the ones the model no longer produces.
#[test]
fn rewriting_after_a_change_touches_only_changed_files() {
    let out = scratch_dir("change").join("crate");
    let full = common::fixture("naming").generate();
    full.write(&out).expect("write");
    let before = snapshot_tree(&out);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let only_get_thing = common::fixture("naming").settings.operation("GetThing").generate().expect("generates");
    let report = only_get_thing.write(&out).expect("rewrite");
    // The `Impl` operation's module goes, and so do the files of the types only it used.
    let impl_module = PathBuf::from("src/operation/impl.rs");
    assert!(report.removed.contains(&impl_module), "{report:?}");
    assert!(report.removed.iter().all(|p| *p == impl_module || p.starts_with("src/types/")), "{report:?}");
    assert!(report.removed.len() > 1, "types used only by `Impl` are removed: {report:?}");
    assert!(report.written.contains(&PathBuf::from("src/operation.rs")), "{report:?}");
    let after = snapshot_tree(&out);
    for path in &report.unchanged {
        assert_eq!(after.get(path), before.get(path), "{}: reported unchanged but touched", path.display());
    }
    for path in &report.written {
        assert_ne!(
            after.get(path).map(|(c, _)| c),
            before.get(path).map(|(c, _)| c),
            "{}: written but equal",
            path.display()
        );
    }
    assert!(!out.join("src/operation/impl.rs").exists());
    only_get_thing.check(&out, "x").expect("matches");
    assert!(full.check(&out, "cargo xtask codegen").is_err(), "the old crate no longer matches");
}

/// A broken model fails before anything is written: the crate already in
/// the output folder stays as it was.
#[test]
fn failed_generation_leaves_the_output_untouched() {
    let dir = scratch_dir("failed");
    let out = dir.join("crate");
    let good = common::fixture("collections");
    good.generate().write(&out).expect("write the good crate");
    let before = snapshot_tree(&out);

    let text = std::fs::read_to_string(common::fixtures_dir().join("collections.json")).expect("read");
    let mut model: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    model["shapes"]["example.collections#Item"]["members"]["Name"]["target"] =
        serde_json::json!("example.collections#Missing");
    let bad_path = dir.join("collections.json");
    std::fs::write(&bad_path, model.to_string()).expect("write the broken model");
    std::thread::sleep(std::time::Duration::from_millis(50));
    let error = codegen::Settings::new(&bad_path).generate().expect_err("the broken model fails");
    assert!(error.to_string().contains("targets `example.collections#Missing`, which is not defined"), "{error}");
    assert_eq!(snapshot_tree(&out), before, "the existing crate is untouched");

    let syntax = dir.join("syntax.json");
    std::fs::write(&syntax, &text[..text.len() / 2]).expect("write a truncated model");
    assert!(matches!(codegen::Settings::new(&syntax).generate(), Err(codegen::Error::Json { .. })));
    assert_eq!(snapshot_tree(&out), before, "the existing crate is untouched");
    assert!(!dir.join(".crate.codegen-new").exists() && !dir.join(".crate.codegen-old").exists(), "no staging folders");
}
