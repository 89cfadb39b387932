//! Every text the code and the templates ask for exists in both languages: a missing
//! one would show its id (`audit-search-synonyms_changed`) instead of words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use soporte_platform::i18n::Locale;

/// Every file under `dir` whose name ends with `extension`.
fn files(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, extension, found);
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
}

fn crates() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The string literals of `source` that follow `before` (`shell.t(` and the like).
fn literals_after<'s>(source: &'s str, before: &str) -> Vec<&'s str> {
    source
        .split(before)
        .skip(1)
        .filter_map(|rest| rest.strip_prefix('"'))
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Kebab-case string literals of Rust code: `"sign-in-failed"`; not the names of
/// rate limits and the like (`name: "docs-review"`).
fn kebab_literals(source: &str) -> Vec<&str> {
    let pieces: Vec<&str> = source.split('"').collect();
    pieces
        .iter()
        .enumerate()
        .skip(1)
        .step_by(2)
        .filter(|(at, _)| !pieces[at - 1].ends_with("name: "))
        .map(|(_, text)| *text)
        .filter(|text| {
            text.contains('-')
                && text.starts_with(|c: char| c.is_ascii_lowercase())
                && text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !text.ends_with('-')
        })
        .collect()
}

/// Kebab-case literals of the code that are names of other things than texts (rate
/// limits, link purposes, signing purposes, CSS classes), though their first word is
/// also a family of texts.
const NOT_TEXTS: [&str; 6] = [
    "confirm-email",
    "language-rust",
    "reset-password",
    "search-click",
    "token-revocado",
    "change-email",
];

#[test]
fn every_text_asked_for_exists_in_both_languages() {
    let i18n = soporte::site().i18n().unwrap();
    let defined = |id: &str| Locale::ALL.iter().all(|locale| i18n.has(*locale, id));
    let mut missing = BTreeSet::new();

    let mut templates = Vec::new();
    files(&crates(), "html", &mut templates);
    assert!(templates.len() > 20, "templates found: {}", templates.len());
    for path in &templates {
        let source = std::fs::read_to_string(path).unwrap();
        let ids = literals_after(&source, "shell.t(")
            .into_iter()
            .chain(literals_after(&source, "shell.t_count("));
        for id in ids {
            if !defined(id) {
                missing.insert(format!("{id} ({})", path.display()));
            }
        }
    }

    let mut code = Vec::new();
    files(&crates(), "rs", &mut code);
    code.retain(|path| !path.components().any(|part| part.as_os_str() == "tests"));
    // A literal is a text's id when its first word names a family of texts.
    let families: BTreeSet<String> = kebab_ids(&i18n, &code)
        .into_iter()
        .filter_map(|id| id.split('-').next().map(str::to_owned))
        .collect();
    let mut audited = BTreeSet::new();
    for path in &code {
        let source = std::fs::read_to_string(path).unwrap();
        for id in kebab_literals(&source) {
            let family = id.split('-').next().unwrap_or_default();
            if families.contains(family) && !NOT_TEXTS.contains(&id) && !defined(id) {
                missing.insert(format!("{id} ({})", path.display()));
            }
        }
        // Audit actions, each declared with `Action::new`: each needs its name.
        for action in literals_after(&source, "Action::new(") {
            audited.insert(action.to_owned());
        }
    }
    for action in [
        "role.granted",
        "role.revoked",
        "search.synonyms_changed",
        "docs.revision_approved",
        "docs.revision_rejected",
    ] {
        assert!(
            audited.contains(action),
            "{action} not found in {audited:?}"
        );
    }
    for action in &audited {
        let id = soporte_platform::audit::message_id(action);
        if !defined(&id) {
            missing.insert(format!("{id} (the audit action {action})"));
        }
    }
    assert!(
        missing.is_empty(),
        "texts missing in a language: {missing:#?}"
    );
}

/// The ids defined in either language that some code file names: the families.
fn kebab_ids(i18n: &soporte_platform::i18n::I18n, code: &[PathBuf]) -> Vec<String> {
    let mut ids = Vec::new();
    for path in code {
        let source = std::fs::read_to_string(path).unwrap();
        for id in kebab_literals(&source) {
            if Locale::ALL.iter().any(|locale| i18n.has(*locale, id)) {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}
