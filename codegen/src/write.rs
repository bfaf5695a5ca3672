//! Formatting (prettyplease), the `@generated` header, and writing or
//! checking the output tree.
//!
//! Writing never leaves a half-written tree: the new tree is assembled next
//! to the old one and swapped in with two renames. Files whose content did
//! not change keep their inode and timestamps (they are hard-linked into the
//! new tree), so cargo does not rebuild what did not change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::FileContent;
use crate::error::Error;

/// The generated files: relative path → content, in path order.
pub(crate) type Files = BTreeMap<PathBuf, String>;

/// Formats every file and puts the `@generated` header on it.
pub(crate) fn render(files: Vec<(PathBuf, FileContent)>) -> Result<Files, Error> {
    let notice = crate::emit::GENERATED_NOTICE;
    let mut out = Files::new();
    for (path, content) in files {
        let text = match content {
            FileContent::Text(text) if path.extension().is_some_and(|e| e == "rs") => format!("// {notice}\n\n{text}"),
            FileContent::Text(text) => text,
            FileContent::Rust(tokens) => {
                let file: syn::File = syn::parse2(tokens).map_err(|e| {
                    Error::Internal(format!("generated code for {} does not parse: {e}", path.display()))
                })?;
                format!("// {notice}\n\n{}", unparse_spaced(file))
            }
        };
        out.insert(path, text);
    }
    Ok(out)
}

/// Formats a file with a blank line between top-level items (prettyplease
/// puts none); each item is formatted on its own, so nothing is patched
/// after formatting.
fn unparse_spaced(file: syn::File) -> String {
    let syn::File { shebang, attrs, items } = file;
    let mut parts = Vec::new();
    if !attrs.is_empty() {
        parts.push(prettyplease::unparse(&syn::File { shebang, attrs, items: Vec::new() }));
    }
    // Runs of `use` items, or of `mod x;` declarations, stay together; every
    // other item is set off by a blank line.
    let mut previous: Option<&'static str> = None;
    let mut group: Vec<syn::Item> = Vec::new();
    for item in items {
        let kind = match &item {
            syn::Item::Use(_) => Some("use"),
            syn::Item::Mod(module) if module.content.is_none() => Some("mod"),
            _ => None,
        };
        if (kind.is_none() || kind != previous) && !group.is_empty() {
            let items = std::mem::take(&mut group);
            parts.push(prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items }));
        }
        group.push(item);
        previous = kind;
    }
    if !group.is_empty() {
        parts.push(prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items: group }));
    }
    parts.join("\n")
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written because they were new or changed.
    pub written: Vec<PathBuf>,
    /// Files left as they were.
    pub unchanged: Vec<PathBuf>,
    /// Files removed because the model no longer produces them.
    pub removed: Vec<PathBuf>,
}

/// Entries of an existing output folder that are not ours and are kept.
const KEPT_ENTRIES: &[&str] = &["target", "Cargo.lock"];

/// Writes `files` under `out`, replacing the previous tree atomically.
pub(crate) fn write(out: &Path, files: &Files) -> Result<WriteReport, Error> {
    let existing = existing_files(out)?;
    let mut report = WriteReport::default();
    for (path, text) in files {
        match existing.get(path) {
            Some(old) if old.as_bytes() == text.as_bytes() => report.unchanged.push(path.clone()),
            _ => report.written.push(path.clone()),
        }
    }
    report.removed = existing.keys().filter(|p| !files.contains_key(*p)).cloned().collect();
    if report.written.is_empty() && report.removed.is_empty() {
        return Ok(report);
    }
    refuse_foreign_files(out, &existing)?;

    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "generated".to_owned());
    let staging = parent.join(format!(".{name}.codegen-new"));
    let retired = parent.join(format!(".{name}.codegen-old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    let result = stage(out, &staging, files, &report);
    if let Err(error) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() {
        for kept in KEPT_ENTRIES {
            let from = out.join(kept);
            if from.exists() {
                let to = staging.join(kept);
                std::fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
            }
        }
        std::fs::rename(out, &retired).map_err(|e| Error::io(out, e))?;
    }
    std::fs::rename(&staging, out).map_err(|e| Error::io(&staging, e))?;
    if retired.exists() {
        std::fs::remove_dir_all(&retired).map_err(|e| Error::io(&retired, e))?;
    }
    Ok(report)
}

fn stage(out: &Path, staging: &Path, files: &Files, report: &WriteReport) -> Result<(), Error> {
    for (path, text) in files {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let unchanged = report.unchanged.contains(path);
        if unchanged && std::fs::hard_link(out.join(path), &target).is_ok() {
            continue;
        }
        std::fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// The output folder belongs to the generator; a file there without the
/// `@generated` notice is someone's work, and is not thrown away.
fn refuse_foreign_files(out: &Path, existing: &BTreeMap<PathBuf, String>) -> Result<(), Error> {
    let foreign: Vec<String> = existing
        .iter()
        .filter(|(_, text)| !text.contains(crate::emit::GENERATED_NOTICE))
        .map(|(path, _)| out.join(path).display().to_string())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(Error::Settings(format!(
        "refusing to replace {}: it holds files that were not generated ({}); move them away or choose another --out",
        out.display(),
        foreign.join(", ")
    )))
}

/// Compares `files` with what is under `out`; lists every file that differs,
/// is missing, or should not be there.
pub(crate) fn check(out: &Path, files: &Files, command: &str) -> Result<(), Error> {
    let existing = existing_files(out)?;
    let mut stale: Vec<PathBuf> = files
        .iter()
        .filter(|(path, text)| existing.get(*path).is_none_or(|old| old != *text))
        .map(|(path, _)| out.join(path))
        .collect();
    stale.extend(existing.keys().filter(|p| !files.contains_key(*p)).map(|p| out.join(p)));
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Error::Stale { files: stale, command: command.to_owned() })
    }
}

/// Every file under `out` (relative paths), except the kept entries; empty
/// when `out` does not exist. Files that are not UTF-8 read as empty text.
fn existing_files(out: &Path) -> Result<BTreeMap<PathBuf, String>, Error> {
    let mut found = BTreeMap::new();
    if !out.exists() {
        return Ok(found);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let dir = out.join(&relative);
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            if relative.as_os_str().is_empty() && KEPT_ENTRIES.iter().any(|k| name == *k) {
                continue;
            }
            let path = relative.join(&name);
            let file_type = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
            if file_type.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                found.insert(path, String::from_utf8(bytes).unwrap_or_default());
            }
        }
    }
    Ok(found)
}
