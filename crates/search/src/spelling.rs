//! "¿Quisiste decir …?": for each word of a query the search does not know, the
//! nearest word the articles do use (fewest edits, then the most used), so a
//! better-spelled query can be offered. Plain functions; the index supplies its
//! vocabulary and says which words it knows.

use soporte_platform::text::fold;

/// How many edits a word of `chars` characters may be from its correction.
pub fn max_edits(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Edits between `a` and `b` (insertions, deletions, substitutions and swaps of two
/// neighbours), or `None` when more than `limit`.
pub fn edits(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (current, previous, before) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[current][0] = i;
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[previous][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = value;
            best = best.min(value);
        }
        if best > limit {
            return None;
        }
    }
    let distance = rows[a.len() % 3][b.len()];
    (distance <= limit).then_some(distance)
}

/// The best of `candidates` (word, how many articles use it) for `word`.
pub fn nearest<'a>(word: &str, candidates: &'a [(String, u64)]) -> Option<&'a str> {
    let limit = max_edits(word.chars().count());
    candidates
        .iter()
        .filter(|(candidate, _)| candidate != word)
        .filter_map(|(candidate, uses)| Some((edits(word, candidate, limit)?, *uses, candidate)))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, candidate)| candidate.as_str())
}

/// The letters the word meant may start with, two edits away from `typed` (folded):
/// the letter typed, those Spanish spelling mixes it up with (b and v; c, s, z, k and
/// q; g, j and x; y, ll and i), and `h`, which is not heard (its second letter, when
/// an `h` was typed that is not there). `None` for a word that does not start with an
/// ASCII letter: then any.
pub fn first_letters(typed: &str) -> Option<Vec<u8>> {
    let bytes = typed.as_bytes();
    let first = *bytes.first().filter(|first| first.is_ascii_lowercase())?;
    let mixed: &[u8] = match first {
        b'b' | b'v' => b"bv",
        b'c' | b'k' | b'q' => b"cksqz",
        b's' | b'z' => b"csxz",
        b'g' => b"gj",
        b'j' => b"gjx",
        b'x' => b"jsx",
        b'y' | b'l' | b'i' => b"ily",
        _ => b"",
    };
    let mut letters = vec![first, b'h'];
    letters.extend_from_slice(mixed);
    if first == b'h' {
        letters.extend(bytes.get(1));
    }
    letters.sort_unstable();
    letters.dedup();
    Some(letters)
}

/// The query with each word `correct` has a correction for replaced (punctuation
/// around words kept); `None` when no word changed.
pub fn respell(query: &str, mut correct: impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = query
        .split(' ')
        .map(|word| {
            let folded = fold(word);
            let core: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
            if core.chars().count() == folded.chars().count()
                && let Some(better) = correct(&core)
            {
                changed = true;
                return better;
            }
            word.to_owned()
        })
        .collect();
    changed.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_count_typos_people_make() {
        assert_eq!(edits("configurasion", "configuracion", 2), Some(1));
        assert_eq!(
            edits("imrpesora", "impresora", 2),
            Some(1),
            "a swap is one edit"
        );
        assert_eq!(edits("blutooth", "bluetooth", 2), Some(1));
        assert_eq!(edits("contrasena", "contrasena", 2), Some(0));
        assert_eq!(edits("red", "wifi", 2), None);
        assert_eq!(edits("abcdef", "abc", 2), None);
    }

    #[test]
    fn the_nearest_and_most_used_word_wins() {
        let vocabulary = vec![
            ("configuracion".to_owned(), 40),
            ("configurado".to_owned(), 90),
            ("impresora".to_owned(), 12),
            ("impresoras".to_owned(), 30),
        ];
        assert_eq!(nearest("configurasion", &vocabulary), Some("configuracion"));
        assert_eq!(nearest("impresorq", &vocabulary), Some("impresora"));
        assert_eq!(nearest("zzzz", &vocabulary), None);
        assert_eq!(
            nearest("red", &vocabulary),
            None,
            "short words are left alone"
        );
    }

    #[test]
    fn two_edits_away_the_first_letter_is_one_spanish_mixes_up() {
        assert_eq!(first_letters("bolumen").as_deref(), Some(&b"bhv"[..]));
        assert_eq!(first_letters("sertificado").as_deref(), Some(&b"chsxz"[..]));
        assert_eq!(first_letters("hechar").as_deref(), Some(&b"eh"[..]));
        assert_eq!(first_letters("programa").as_deref(), Some(&b"hp"[..]));
        assert_eq!(first_letters("ñandu"), None);
        assert_eq!(first_letters("2fa"), None);
    }

    #[test]
    fn only_corrected_words_change() {
        let fixed = respell("la configurasion del blutooth", |word| match word {
            "configurasion" => Some("configuracion".to_owned()),
            "blutooth" => Some("bluetooth".to_owned()),
            _ => None,
        });
        assert_eq!(fixed.as_deref(), Some("la configuracion del bluetooth"));
        assert_eq!(respell("todo bien", |_| None), None);
        assert_eq!(
            respell("\"x\" y", |_| Some("z".to_owned())).as_deref(),
            Some("\"x\" z")
        );
    }
}
