//! Names and anchors: how reStructuredText compares and spells reference names, and
//! the heading anchors Soporte's Markdown renderer gives (the same `slug` rules, kept
//! here so the converter has no dependencies).

use std::collections::HashSet;

/// A reference name as RST compares them: lower-cased, whitespace collapsed.
pub(super) fn normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A footnote (`1`, `#`, `#name`, `*`) or citation (`CIT2002`) label.
pub(super) fn footnote_label(label: &str) -> bool {
    let name = label.strip_prefix('#').unwrap_or(label);
    let simple = name.starts_with(char::is_alphanumeric)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.".contains(c));
    label == "*" || label == "#" || simple
}

/// Lower-cases and folds the accents Spanish readers type without.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'á' | 'à' | 'â' | 'ä' => folded.push('a'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'í' | 'ì' | 'î' | 'ï' => folded.push('i'),
            'ó' | 'ò' | 'ô' | 'ö' => folded.push('o'),
            'ú' | 'ù' | 'û' | 'ü' => folded.push('u'),
            'ñ' => folded.push('n'),
            '\u{0300}'..='\u{036f}' => {}
            other => folded.push(other),
        }
    }
    folded
}

/// Folded letters and digits, every other run of characters one hyphen.
pub(super) fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The anchors of one document's headings, unique in order of appearance.
#[derive(Default)]
pub(super) struct Anchors(HashSet<String>);

impl Anchors {
    pub(super) fn next(&mut self, heading: &str) -> String {
        let base = match slug(heading) {
            empty if empty.is_empty() => "seccion".to_owned(),
            base => base,
        };
        let mut anchor = base.clone();
        let mut n = 2;
        while !self.0.insert(anchor.clone()) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        anchor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_the_renderer() {
        let mut anchors = Anchors::default();
        assert_eq!(
            anchors.next("¿Cómo instalo MxOS 2.0?"),
            "como-instalo-mxos-2-0"
        );
        assert_eq!(anchors.next("Pingüino Ñandú"), "pinguino-nandu");
        assert_eq!(anchors.next("¡¡!!"), "seccion");
        assert_eq!(anchors.next("Pingüino  ñandú"), "pinguino-nandu-2");
        assert_eq!(anchors.next("¿?"), "seccion-2");
    }

    #[test]
    fn names_compare_without_case_or_spacing() {
        assert_eq!(normalize("  Guía de\n  Red "), "guía de red");
    }
}
