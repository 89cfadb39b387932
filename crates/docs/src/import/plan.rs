//! From a Sphinx source tree (file names and texts) to the articles to write: their
//! order (the `toctree`s from `index`, then the rest), addresses, titles, Markdown with
//! cross references resolved, images to copy, and what could not be converted. Plain
//! data in and out; reading the files and writing the articles happen elsewhere.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use soporte_platform::text::slug;

use super::rst::{self, Links, Parsed};

/// One article to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The source document's name: its path without `.rst` (`instalacion/red`).
    pub source: String,
    pub slug: String,
    pub title: String,
    pub markdown: String,
    /// What was not converted (directive and role names, unresolved references).
    pub unknown: Vec<String>,
    /// Images the text shows: the path as written in the Markdown, and the file's
    /// path from the tree's root.
    pub images: Vec<(String, String)>,
}

/// What the site already has, so a re-import lands on the same addresses.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    /// Source document name → slug of the article imported from it before.
    pub imported: HashMap<String, String>,
    /// Every other slug taken in the collection and language.
    pub taken: HashSet<String>,
}

/// Plans the import of `files` (path relative to the root → text; `.rst` files are
/// documents, other files may be included) into the collection at `base`
/// (`/documentacion/guia-de-usuario`). `admonition` names admonitions in the
/// collection's language.
pub fn plan(
    files: &BTreeMap<String, String>,
    base: &str,
    existing: &Existing,
    admonition: &dyn Fn(&str) -> String,
) -> Vec<Planned> {
    let mut included = BTreeSet::new();
    let mut parsed: BTreeMap<String, Parsed> = BTreeMap::new();
    for (path, text) in files {
        let Some(name) = path.strip_suffix(".rst") else {
            continue;
        };
        let dir = parent(name);
        let mut include = |target: &str| {
            let path = resolve(dir, target);
            let found = files.get(&path).cloned();
            if found.is_some() {
                included.insert(path);
            }
            found
        };
        parsed.insert(name.to_owned(), rst::parse(text, &mut include));
    }
    let documents: Vec<String> = order(&parsed)
        .into_iter()
        .filter(|name| !included.contains(&format!("{name}.rst")))
        .collect();

    // Addresses first: links need every document's.
    let mut taken = existing.taken.clone();
    let mut addresses: HashMap<&str, (String, String)> = HashMap::new();
    for name in &documents {
        let Some(doc) = parsed.get(name) else {
            continue;
        };
        let title = doc
            .title()
            .map_or_else(|| last_part(name).to_owned(), str::to_owned);
        let slug = match existing.imported.get(name) {
            Some(slug) => slug.clone(),
            None => free_slug(&title, name, &mut taken),
        };
        addresses.insert(name, (slug, title));
    }
    let docs: HashMap<String, (String, String)> = addresses
        .iter()
        .map(|(name, (slug, title))| {
            (
                (*name).to_owned(),
                (format!("{base}/{slug}"), title.clone()),
            )
        })
        .collect();
    let mut labels = HashMap::new();
    for name in &documents {
        let (Some(doc), Some((url, _))) = (parsed.get(name), docs.get(name)) else {
            continue;
        };
        for label in doc.labels() {
            let href = if label.anchor.is_empty() {
                url.clone()
            } else {
                format!("{url}#{}", label.anchor)
            };
            labels.insert(label.name.clone(), (href, label.title.clone()));
        }
    }

    documents
        .iter()
        .filter_map(|name| {
            let doc = parsed.get(name)?;
            let (slug, title) = addresses.get(name.as_str())?.clone();
            let links = Site {
                dir: parent(name),
                docs: &docs,
                labels: &labels,
                admonition,
            };
            let rendered = doc.to_markdown(&links);
            Some(Planned {
                source: name.clone(),
                slug,
                title,
                markdown: rendered.markdown,
                unknown: rendered.unknown,
                images: rendered
                    .images
                    .iter()
                    .map(|image| (image.clone(), resolve(parent(name), image)))
                    .collect(),
            })
        })
        .collect()
}

/// The documents in reading order: depth first along the `toctree`s from `index`,
/// then every document no `toctree` reaches, by name.
fn order(parsed: &BTreeMap<String, Parsed>) -> Vec<String> {
    let mut ordered = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec!["index".to_owned()];
    while let Some(name) = stack.pop() {
        if !parsed.contains_key(&name) || !seen.insert(name.clone()) {
            continue;
        }
        if let Some(doc) = parsed.get(&name) {
            let dir = parent(&name);
            for entry in doc.toctree().iter().rev() {
                stack.push(resolve(dir, entry));
            }
        }
        ordered.push(name);
    }
    for name in parsed.keys() {
        if !seen.contains(name) {
            ordered.push(name.clone());
        }
    }
    ordered
}

/// An address for a new article: from its title, else its file name, made unique.
fn free_slug(title: &str, name: &str, taken: &mut HashSet<String>) -> String {
    let mut base = slug(title);
    if base.is_empty() || base == "nuevo" {
        base = slug(&name.replace('/', "-"));
    }
    if base.is_empty() {
        base = "articulo".to_owned();
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// The directory part of a document name (`a/b` → `a`, `b` → ``).
fn parent(name: &str) -> &str {
    name.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn last_part(name: &str) -> &str {
    name.rsplit_once('/').map_or(name, |(_, last)| last)
}

/// `target` as written in a document of `dir`, as a path from the root: `/x` is from
/// the root, `../x` climbs, `.rst` is dropped from document names.
pub(crate) fn resolve(dir: &str, target: &str) -> String {
    let target = target.trim();
    let (start, rest) = match target.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (dir, target),
    };
    let mut parts: Vec<&str> = start.split('/').filter(|part| !part.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Cross references of one document, resolved against the whole tree.
struct Site<'a> {
    dir: &'a str,
    docs: &'a HashMap<String, (String, String)>,
    labels: &'a HashMap<String, (String, String)>,
    admonition: &'a dyn Fn(&str) -> String,
}

impl Links for Site<'_> {
    fn doc(&self, target: &str) -> Option<(String, String)> {
        let name = resolve(self.dir, target);
        let name = name.strip_suffix(".rst").unwrap_or(&name);
        self.docs.get(name).cloned()
    }

    fn label(&self, name: &str) -> Option<(String, String)> {
        self.labels.get(name).cloned()
    }

    fn admonition_title(&self, kind: &str) -> String {
        (self.admonition)(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect()
    }

    fn titled(kind: &str) -> String {
        format!("[{kind}]")
    }

    const INDEX: &str =
        "Manual\n======\n\n.. toctree::\n   :maxdepth: 2\n\n   red/wifi\n   Instalar <instalar>\n";
    const WIFI: &str = ".. _wifi-setup:\n\nWifi\n====\n\nVer :doc:`../instalar` y :ref:`clave`.\n\n.. image:: img/antena.png\n";
    const INSTALL: &str = "Instalar\n========\n\n.. include:: comun.txt\n\n.. _clave:\n\nLa clave\n--------\n\nVuelve a :ref:`wifi-setup`.\n";

    #[test]
    fn documents_follow_the_toctree_and_links_resolve() {
        let files = tree(&[
            ("index.rst", INDEX),
            ("red/wifi.rst", WIFI),
            ("instalar.rst", INSTALL),
            ("comun.txt", "Texto compartido.\n"),
            ("suelto.rst", "Suelto\n======\n\nNadie lo enlaza.\n"),
        ]);
        let planned = plan(&files, "/documentacion/x", &Existing::default(), &titled);
        let order: Vec<&str> = planned.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(order, ["index", "red/wifi", "instalar", "suelto"]);
        let wifi = &planned[1];
        assert_eq!(wifi.slug, "wifi");
        assert!(
            wifi.markdown
                .contains("[Instalar](/documentacion/x/instalar)"),
            "{}",
            wifi.markdown
        );
        assert!(
            wifi.markdown
                .contains("[La clave](/documentacion/x/instalar#la-clave)"),
            "{}",
            wifi.markdown
        );
        assert_eq!(
            wifi.images,
            [("img/antena.png".to_owned(), "red/img/antena.png".to_owned())]
        );
        let install = &planned[2];
        assert!(install.markdown.contains("Texto compartido."));
        assert!(install.markdown.contains("[Wifi](/documentacion/x/wifi)"));
        assert!(planned.iter().all(|p| p.unknown.is_empty()), "{planned:?}");
    }

    #[test]
    fn a_reimport_keeps_addresses_and_new_ones_avoid_taken_ones() {
        let files = tree(&[("index.rst", INDEX), ("instalar.rst", INSTALL)]);
        let existing = Existing {
            imported: HashMap::from([("instalar".to_owned(), "instalacion-vieja".to_owned())]),
            taken: HashSet::from(["manual".to_owned(), "instalacion-vieja".to_owned()]),
        };
        let planned = plan(&files, "/d", &existing, &titled);
        assert_eq!(planned[0].slug, "manual-2");
        assert_eq!(planned[1].slug, "instalacion-vieja");
    }

    #[test]
    fn paths_resolve_from_the_document_or_the_root() {
        assert_eq!(resolve("a/b", "../c"), "a/c");
        assert_eq!(resolve("a/b", "/c/d"), "c/d");
        assert_eq!(resolve("", "./x/../y"), "y");
        assert_eq!(resolve("a", "../../.."), "");
    }
}
