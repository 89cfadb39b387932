//! Synonym groups: words people use for the same thing (`celular`, `teléfono móvil`).
//! A query that names one member of a group also searches the others, weighing a
//! little less than the words typed. Staff keep the groups as text, one group per
//! line with commas between its members; a change applies to the next query.

use std::collections::HashMap;
use std::ops::Range;

use soporte_platform::i18n::Locale;
use soporte_platform::text::fold;

use crate::analysis;

/// The groups Soporte ships, added once to a new site; staff change them after.
pub const CURATED: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("curated/es-MX.txt")),
    (Locale::En, include_str!("curated/en.txt")),
];

/// The curated groups, for a site that has none yet and for benchmarks.
pub fn curated() -> Synonyms {
    Synonyms::new(
        CURATED
            .iter()
            .map(|(language, text)| (*language, parse(text).unwrap_or_default()))
            .collect(),
    )
}

/// The most groups per language, and the longest member.
pub const MAX_GROUPS: usize = 500;
pub const MAX_MEMBER_CHARS: usize = 60;

/// One group, its members as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group(Vec<String>);

impl Group {
    pub fn members(&self) -> &[String] {
        &self.0
    }
}

/// What is wrong with a line of the staff's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A line with fewer than two different members.
    TooFew {
        line: usize,
    },
    /// A member longer than [`MAX_MEMBER_CHARS`] or without a letter or digit.
    BadMember {
        line: usize,
    },
    TooMany,
}

/// Parses the staff's text: one group per line, members separated by commas; blank
/// lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Group>, Problem> {
    let mut groups = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line_number = number + 1;
        let mut members: Vec<String> = Vec::new();
        for member in line.split(',') {
            let member = member.split_whitespace().collect::<Vec<_>>().join(" ");
            if member.is_empty() {
                continue;
            }
            if member.chars().count() > MAX_MEMBER_CHARS
                || !member.chars().any(char::is_alphanumeric)
            {
                return Err(Problem::BadMember { line: line_number });
            }
            if !members.iter().any(|known| fold(known) == fold(&member)) {
                members.push(member);
            }
        }
        match members.len() {
            0 if line.trim().is_empty() => continue,
            0 | 1 => return Err(Problem::TooFew { line: line_number }),
            _ => groups.push(Group(members)),
        }
        if groups.len() > MAX_GROUPS {
            return Err(Problem::TooMany);
        }
    }
    Ok(groups)
}

/// The groups as the staff's text.
pub fn to_text(groups: &[Group]) -> String {
    groups
        .iter()
        .map(|group| group.0.join(", "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every language's groups, ready to expand queries.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    groups: HashMap<Locale, Vec<Group>>,
    /// Each group's members as their stems in the group's language, computed once:
    /// a query meets a group through word forms (`bocinas` names `bocina`).
    stems: HashMap<Locale, Vec<Vec<Vec<String>>>>,
    /// For each stem, the groups (by number, in order) with a member that has it: a
    /// query is checked only against the groups its stems can name, not against all.
    groups_by_stem: HashMap<Locale, HashMap<String, Vec<usize>>>,
}

impl Synonyms {
    pub fn new(groups: HashMap<Locale, Vec<Group>>) -> Synonyms {
        let stems = groups
            .iter()
            .map(|(language, groups)| {
                let members = groups
                    .iter()
                    .map(|group| {
                        group
                            .0
                            .iter()
                            .map(|member| stems(*language, member))
                            .collect()
                    })
                    .collect();
                (*language, members)
            })
            .collect();
        let groups_by_stem = by_stem(&stems);
        Synonyms {
            groups,
            stems,
            groups_by_stem,
        }
    }

    pub fn groups(&self, language: Locale) -> &[Group] {
        self.groups.get(&language).map_or(&[], Vec::as_slice)
    }

    /// Whether some member of `language`'s groups has `stem` among its stems: a word
    /// the lists use, so known to be spelled right (`remota`, of `conexión remota`).
    pub(crate) fn uses_stem(&self, language: Locale, stem: &str) -> bool {
        self.groups_by_stem
            .get(&language)
            .is_some_and(|by_stem| by_stem.contains_key(stem))
    }

    /// Where `said` (a query's stems) names a member of one of `language`'s groups:
    /// the range of stems it covers, and the group's members it does not say, each
    /// with its stems. `words` are the words as typed, folded, one for each stem:
    /// where a word is itself a member of some group, groups it names only through
    /// its stem are left out (`ordenar` names `ordenar, acomodar`, not the group of
    /// `ordenador`, whose stem is the same).
    pub fn matches(
        &self,
        language: Locale,
        said: &[String],
        words: &[String],
    ) -> Vec<(Range<usize>, Vec<Member<'_>>)> {
        let member_stems = self.stems.get(&language).map_or(&[][..], Vec::as_slice);
        let groups = self.groups(language);
        let mut named: Vec<usize> = self
            .groups_by_stem
            .get(&language)
            .map(|by_stem| {
                said.iter()
                    .filter_map(|stem| by_stem.get(stem))
                    .flatten()
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        named.sort_unstable();
        named.dedup();
        let mut found = Vec::new();
        for (group, members) in named
            .into_iter()
            .filter_map(|number| Some((groups.get(number)?, member_stems.get(number)?)))
        {
            let Some(covered) = members.iter().find_map(|member| position(said, member)) else {
                continue;
            };
            let others: Vec<Member<'_>> = group
                .0
                .iter()
                .zip(members)
                .filter(|(_, its_stems)| position(said, its_stems).is_none())
                .map(|(text, stems)| Member { text, stems })
                .collect();
            if !others.is_empty() {
                let exact = group
                    .0
                    .iter()
                    .any(|member| Some(fold(member)) == typed(words, &covered));
                found.push((covered, others, exact));
            }
        }
        let named_exactly: Vec<Range<usize>> = found
            .iter()
            .filter(|(_, _, exact)| *exact)
            .map(|(covered, _, _)| covered.clone())
            .collect();
        found
            .into_iter()
            .filter(|(covered, _, exact)| *exact || !named_exactly.contains(covered))
            .map(|(covered, others, _)| (covered, others))
            .collect()
    }
}

/// Each language's stems, each with the numbers of the groups with a member that has
/// it, in order.
fn by_stem(
    stems: &HashMap<Locale, Vec<Vec<Vec<String>>>>,
) -> HashMap<Locale, HashMap<String, Vec<usize>>> {
    stems
        .iter()
        .map(|(language, groups)| {
            let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
            for (number, members) in groups.iter().enumerate() {
                for stem in members.iter().flatten() {
                    let numbers = by_stem.entry(stem.clone()).or_default();
                    if numbers.last() != Some(&number) {
                        numbers.push(number);
                    }
                }
            }
            (*language, by_stem)
        })
        .collect()
}

/// The words typed over `covered`, folded and joined by spaces, if they are known.
fn typed(words: &[String], covered: &Range<usize>) -> Option<String> {
    words.get(covered.clone()).map(|words| words.join(" "))
}

/// Two members of different groups that search cannot tell apart: written
/// differently, they come down to the same stems (`ordenador` and `ordenar` both to
/// `orden`), so a query with another form of either (`ordenadores`, `ordena`) brings
/// the synonyms of both groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub first: String,
    pub second: String,
}

impl Synonyms {
    /// The overlaps among `language`'s groups, in the order of the groups.
    pub fn overlaps(&self, language: Locale) -> Vec<Overlap> {
        let member_stems = self.stems.get(&language).map_or(&[][..], Vec::as_slice);
        let mut first_named: HashMap<&[String], (usize, &str)> = HashMap::new();
        let mut overlaps = Vec::new();
        for (number, (group, members)) in self.groups(language).iter().zip(member_stems).enumerate()
        {
            for (text, stems) in group.0.iter().zip(members) {
                if stems.is_empty() {
                    continue;
                }
                match first_named.get(stems.as_slice()) {
                    Some((earlier, first)) if *earlier != number => overlaps.push(Overlap {
                        first: (*first).to_owned(),
                        second: text.clone(),
                    }),
                    Some(_) => {}
                    None => {
                        first_named.insert(stems, (number, text));
                    }
                }
            }
        }
        overlaps
    }
}

/// A member of a group as written, and as its stems in the group's language.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    pub text: &'a str,
    pub stems: &'a [String],
}

/// The stems of `text` in `language`, stop words left out.
fn stems(language: Locale, text: &str) -> Vec<String> {
    analysis::analyze(language, text)
        .into_iter()
        .map(|term| term.text)
        .collect()
}

/// Where `needle` appears in `words` as consecutive whole words, in any order
/// (`papel atorado` in "se atoró el papel"), if it does.
fn position(words: &[String], needle: &[String]) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let mut wanted: Vec<&String> = needle.iter().collect();
    wanted.sort();
    words
        .windows(needle.len())
        .position(|window| {
            let mut found: Vec<&String> = window.iter().collect();
            found.sort();
            found == wanted
        })
        .map(|start| start..start + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The members of `language`'s groups that `query` does not say but means: for
    /// each group with a member in the query, its other members, once each.
    fn expand(synonyms: &Synonyms, language: Locale, query: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let words: Vec<String> = analysis::analyze(language, query)
            .iter()
            .map(|term| fold(&query[term.from..term.to]))
            .collect();
        for (_, members) in synonyms.matches(language, &stems(language, query), &words) {
            for member in members {
                if !found.iter().any(|known| fold(known) == fold(member.text)) {
                    found.push(member.text.to_owned());
                }
            }
        }
        found
    }

    fn spanish(text: &str) -> Synonyms {
        Synonyms::new(HashMap::from([(Locale::EsMx, parse(text).unwrap())]))
    }

    #[test]
    fn the_curated_lists_parse() {
        for (language, text) in CURATED {
            let groups = parse(text).unwrap();
            assert!(groups.len() >= 10, "{language:?}");
        }
        assert!(
            expand(&curated(), Locale::EsMx, "mi celular").contains(&"teléfono móvil".to_owned())
        );
    }

    #[test]
    fn every_curated_member_typed_brings_its_group() {
        let synonyms = curated();
        for language in Locale::ALL {
            for group in synonyms.groups(language) {
                for member in group.members() {
                    if stems(language, member).is_empty() {
                        continue;
                    }
                    let brought = expand(&synonyms, language, member);
                    // Those the member does not itself say (`celular` in `teléfono celular`).
                    let said = stems(language, member);
                    let others = group
                        .members()
                        .iter()
                        .filter(|other| position(&said, &stems(language, other)).is_none());
                    for other in others {
                        assert!(brought.contains(other), "{member} → {other}: {brought:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn groups_parse_from_lines_of_commas() {
        let groups =
            parse("celular,  teléfono   móvil\n\n bajar , descargar, Descargar ,\n").unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members(), ["celular", "teléfono móvil"]);
        assert_eq!(groups[1].members(), ["bajar", "descargar"]);
        assert_eq!(
            to_text(&groups),
            "celular, teléfono móvil\nbajar, descargar"
        );
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(parse("a, b\nsolo"), Err(Problem::TooFew { line: 2 }));
        assert_eq!(parse("a, a"), Err(Problem::TooFew { line: 1 }));
        assert_eq!(parse("a, ***"), Err(Problem::BadMember { line: 1 }));
        let long = format!("a, {}", "x".repeat(61));
        assert_eq!(parse(&long), Err(Problem::BadMember { line: 1 }));
        assert_eq!(parse(&"a, b\n".repeat(501)), Err(Problem::TooMany));
        assert_eq!(parse("  \n,\n"), Err(Problem::TooFew { line: 2 }));
    }

    #[test]
    fn a_query_naming_a_member_brings_the_others() {
        let synonyms = spanish("celular, teléfono móvil, móvil\nliga, enlace");
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "mi CELULAR no carga"),
            ["teléfono móvil", "móvil"]
        );
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "configurar el telefono movil"),
            ["celular"]
        );
        assert_eq!(expand(&synonyms, Locale::EsMx, "ligas rotas"), ["enlace"]);
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "los celulares"),
            ["teléfono móvil", "móvil"]
        );
        assert!(expand(&synonyms, Locale::EsMx, "teléfono").is_empty());
        let said = stems(Locale::EsMx, "abrir la liga del teléfono móvil");
        let matches: Vec<(Range<usize>, Vec<&str>)> = synonyms
            .matches(Locale::EsMx, &said, &[])
            .into_iter()
            .map(|(covered, members)| (covered, members.iter().map(|m| m.text).collect()))
            .collect();
        assert_eq!(matches, [(2..4, vec!["celular"]), (1..2, vec!["enlace"])]);
        let celular = &synonyms.matches(Locale::EsMx, &said, &[])[0].1[0];
        assert_eq!(celular.stems, stems(Locale::EsMx, "celular"));
        assert!(expand(&synonyms, Locale::En, "celular").is_empty());
    }

    #[test]
    fn a_member_of_several_words_is_named_in_any_order() {
        let synonyms = spanish("atasco de papel, papel atorado");
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "se atoró el papel"),
            ["atasco de papel"]
        );
        // Next to each other, once the little words are out; not apart.
        assert!(expand(&synonyms, Locale::EsMx, "el papel de la impresora se atoró").is_empty());
    }

    #[test]
    fn a_word_that_is_a_member_names_its_own_group_only() {
        let synonyms = spanish("computadora, ordenador, compu\nordenar, acomodar");
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "ordenar lineas"),
            ["acomodar"]
        );
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "mi ordenador"),
            ["computadora", "compu"]
        );
        // A form that is no member still names both: search cannot tell.
        assert_eq!(
            expand(&synonyms, Locale::EsMx, "ordenadores"),
            ["computadora", "compu", "acomodar"]
        );
    }

    #[test]
    fn members_of_two_groups_that_search_cannot_tell_apart_are_named() {
        let synonyms = spanish(
            "computadora, ordenador, compu\nordenar, acomodar\nbocina, Bocinas, altavoz\n\
             proceso, tarea\nprocesos, trabajo",
        );
        let overlaps = synonyms.overlaps(Locale::EsMx);
        let pairs: Vec<(&str, &str)> = overlaps
            .iter()
            .map(|overlap| (overlap.first.as_str(), overlap.second.as_str()))
            .collect();
        assert_eq!(pairs, [("ordenador", "ordenar"), ("proceso", "procesos")]);
        assert!(synonyms.overlaps(Locale::En).is_empty());
    }
}
