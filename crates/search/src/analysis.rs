//! Text analysis: how words become index terms, the same way for the articles and for
//! what people type. Spanish first: lower case, stop words out, stems (`configurar`,
//! `configuración` and `configuraciones` meet), accents folded after stemming so
//! `configuracion` finds `configuración`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use soporte_platform::i18n::Locale;
use soporte_platform::text::fold;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the index knows a language's analyzer by. The number changes with the
/// analysis: a new name is a new schema, and an index built the old way is rebuilt.
pub(crate) fn analyzer_name(language: Locale) -> &'static str {
    match language {
        Locale::EsMx => "soporte_es_7",
        Locale::En => "soporte_en_3",
    }
}

fn algorithm(language: Locale) -> Algorithm {
    match language {
        Locale::EsMx => Algorithm::Spanish,
        Locale::En => Algorithm::English,
    }
}

/// Whether `folded` is one of `language`'s function words, which the index leaves out.
pub(crate) fn is_stop_word(language: Locale, folded: &str) -> bool {
    let list: &[&str] = match language {
        Locale::EsMx => SPANISH_STOP_WORDS,
        Locale::En => ENGLISH_STOP_WORDS,
    };
    list.binary_search(&folded).is_ok()
}

/// Spanish function words that say nothing of a topic, folded and sorted: articles,
/// pronouns, prepositions and the quantifiers of Snowball's Spanish list (`todo`,
/// `otro`, `mas`, `mucho`, `nada`). `no` and `sin` stay searchable: "no imprime" is a
/// symptom; so do `quién`, `dónde`, `cuándo` and `cuál`, which manuals use about their
/// topic ("muestra quién está conectado") and which are rare enough to tell.
const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "antes", "como",
    "con", "contra", "de", "del", "desde", "durante", "e", "el", "ella", "ellas", "ellos", "en",
    "entre", "era", "eres", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estas", "este",
    "esto", "estos", "fue", "ha", "han", "hasta", "he", "la", "las", "le", "les", "lo", "los",
    "mas", "me", "mi", "mis", "misma", "mismo", "mucha", "muchas", "mucho", "muchos", "muy",
    "nada", "ni", "nos", "o", "os", "otra", "otras", "otro", "otros", "para", "pero", "poco",
    "por", "porque", "que", "se", "si", "sobre", "son", "soy", "su", "sus", "tambien", "tanto",
    "te", "toda", "todas", "todo", "todos", "tu", "tus", "u", "un", "una", "unas", "uno", "unos",
    "y", "ya", "yo",
];

/// English function words, sorted. `not` stays searchable.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "i", "in",
    "is", "it", "its", "me", "my", "of", "on", "or", "that", "the", "this", "to", "was", "what",
    "when", "where", "which", "who", "why", "with", "you", "your",
];

/// The stems of Spanish verbs whose root changes when stressed (`cierra`, `cerrar`;
/// `encuentra`, `encontrar`; `sigue`, `seguir`), in the first person (`hago`, `salgo`,
/// `pongo`) or in the past (`hice`, `pude`, `puse`, `tuve`), as the stemmer leaves
/// them, with the stem of their infinitive, so that "no cierra" meets an article on
/// how to `cerrar`.
/// Sorted. Left out where the changed form is mostly a noun of its own: `cuenta` (an
/// account, not `contar`), `acuerdo`, `rueda`, `pide` (`pid`, a process id).
const SPANISH_VERB_STEMS: &[(&str, &str)] = &[
    ("adviert", "advert"),
    ("cierr", "cerr"),
    ("comienz", "comenz"),
    ("comprueb", "comprob"),
    ("consig", "consegu"),
    ("conviert", "convert"),
    ("corrig", "correg"),
    ("cuelg", "colg"),
    ("demuestr", "demostr"),
    ("despiert", "despert"),
    ("devuelv", "devolv"),
    ("duerm", "dorm"),
    ("elig", "eleg"),
    ("elij", "eleg"),
    ("empiez", "empez"),
    ("enciend", "encend"),
    ("encuentr", "encontr"),
    ("entiend", "entend"),
    ("extiend", "extend"),
    ("hag", "hac"),
    ("hic", "hac"),
    ("hiz", "hac"),
    ("impid", "imped"),
    ("inviert", "invert"),
    ("jueg", "jug"),
    ("muestr", "mostr"),
    ("muev", "mov"),
    ("pierd", "perd"),
    ("pong", "pon"),
    ("prefier", "prefer"),
    ("prueb", "prob"),
    ("pud", "pod"),
    ("pued", "pod"),
    ("pus", "pon"),
    ("quier", "quer"),
    ("quis", "quer"),
    ("recuerd", "record"),
    ("remuev", "remov"),
    ("renuev", "renov"),
    ("repit", "repet"),
    ("requier", "requer"),
    ("resuelv", "resolv"),
    ("salg", "sal"),
    ("sient", "sent"),
    ("sig", "segu"),
    ("sirv", "serv"),
    ("suelt", "solt"),
    ("suen", "son"),
    ("sugier", "suger"),
    ("teng", "ten"),
    ("tien", "ten"),
    ("tuv", "ten"),
    ("veng", "ven"),
    ("vuelv", "volv"),
];

/// Words longer than this are not words (hashes, base64, runaway input).
pub const MAX_WORD_CHARS: usize = 40;

/// One index term, with where its word stands in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// The word's number in the text, counting stop words, for phrases.
    pub position: usize,
    /// Byte range of the word in the text, for highlighting.
    pub from: usize,
    pub to: usize,
}

/// The terms of `text` analyzed as `language`.
pub fn analyze(language: Locale, text: &str) -> Vec<Term> {
    let stemmer = Stemmer::create(algorithm(language));
    let mut terms = Vec::new();
    for (position, (from, word)) in split(text).enumerate() {
        if word.chars().count() > MAX_WORD_CHARS {
            continue;
        }
        let Some(term) = term(language, &stemmer, &fold(word)) else {
            continue;
        };
        terms.push(Term {
            text: term,
            position,
            from,
            to: from + word.len(),
        });
    }
    terms
}

/// The index term of one folded word, `None` for a stop word.
fn term(language: Locale, stemmer: &Stemmer, folded: &str) -> Option<String> {
    if is_stop_word(language, folded) {
        return None;
    }
    Some(stem(language, stemmer, folded)).filter(|term| !term.is_empty())
}

/// What a folded word must start with to have one of `stems` as its stem. A stem is
/// the word cut short, but for its last letter, which the stemmers may change
/// (`happy`, `happi`; `luz`, `luc`), and the English `-ie` of `dying`, `die`; the stem
/// of a Spanish verb whose root changes is also reached from the changed root
/// (`cierra`, `cerr`). A word that starts with none of these cannot be one of theirs,
/// and need not be stemmed to know it.
fn prefixes(language: Locale, stems: &[String]) -> Vec<String> {
    let mut prefixes: Vec<String> = stems
        .iter()
        .map(|stem| unchanged_part(stem).to_owned())
        .collect();
    if language == Locale::EsMx {
        for (changed, stem) in SPANISH_VERB_STEMS {
            let stem = spelled_alike((*stem).to_owned());
            if stems.contains(&stem) {
                prefixes.push(unchanged_part(changed).to_owned());
            }
        }
    }
    prefixes
}

/// The part of `stem` a word with that stem starts with (see [`prefixes`]).
fn unchanged_part(stem: &str) -> &str {
    let changed = if stem.ends_with("ie") { 2 } else { 1 };
    let kept = stem
        .char_indices()
        .rev()
        .nth(changed - 1)
        .map_or(0, |(at, _)| at);
    &stem[..kept]
}

/// Which ASCII letters a word must start with (folded) to start with one of
/// `prefixes`; `None` when any word may.
fn first_letters(prefixes: &[String]) -> Option<[bool; 128]> {
    let mut firsts = [false; 128];
    for prefix in prefixes {
        let first = prefix.bytes().next()?;
        *firsts.get_mut(usize::from(first))? = true;
    }
    Some(firsts)
}

/// The folded words of `text`, unstemmed, for typo tolerance: a misspelt word is near
/// the word it meant, not always near its stem. Stop words of either language and
/// words shorter than three letters are left out.
pub fn words(text: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    for (position, (from, word)) in split(text).enumerate() {
        let length = word.chars().count();
        if !(3..=MAX_WORD_CHARS).contains(&length) {
            continue;
        }
        let folded = fold(word);
        if Locale::ALL
            .into_iter()
            .any(|language| is_stop_word(language, &folded))
        {
            continue;
        }
        terms.push(Term {
            text: folded,
            position,
            from,
            to: from + word.len(),
        });
    }
    terms
}

/// The stem of one word, folded (lower case, no accents), folded again. Stemming the
/// folded word: people type `bateria` and `interes`, articles say `batería` and
/// `interés`, and the stemmer, which reads `-ería` as a verb's ending, would part them.
fn stem(language: Locale, stemmer: &Stemmer, folded: &str) -> String {
    if language != Locale::EsMx {
        return fold(&stemmer.stem(folded));
    }
    // The Spanish stemmer only knows -ción and -sión with their accent, and every
    // Spanish word ending in -cion or -sion carries it: restore it.
    let accented = [("cion", "ción"), ("sion", "sión")]
        .into_iter()
        .find_map(|(bare, accented)| Some(format!("{}{accented}", folded.strip_suffix(bare)?)));
    let word = accented.or_else(|| spanish_singular(folded));
    let stemmed = spanish_stem(stemmer, word.as_deref().unwrap_or(folded));
    let stemmed =
        match SPANISH_VERB_STEMS.binary_search_by_key(&stemmed.as_str(), |(changed, _)| changed) {
            Ok(at) => SPANISH_VERB_STEMS[at].1.to_owned(),
            Err(_) => stemmed,
        };
    spelled_alike(stemmed)
}

/// The Spanish stemmer's stem of `word` (folded). In a word that starts with a vowel
/// and a consonant the stemmer looks for a verb's ending only after the next vowel,
/// which leaves short verbs whole or split (`abrir`, `abre`; `usar`, `uso`, `usando`;
/// `entrar`, `entrada`): a word that starts with a vowel is stemmed as if it started
/// with a consonant, as `cubrir`, `cubre` and `cubriendo` are.
fn spanish_stem(stemmer: &Stemmer, word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        let consonant_first = format!("c{word}");
        let stemmed = stemmer.stem(&consonant_first);
        if let Some(stem) = stemmed.strip_prefix('c').filter(|stem| !stem.is_empty()) {
            return fold(stem);
        }
    }
    fold(&stemmer.stem(word))
}

/// One spelling for a sound Spanish writes two ways at the end of a stem: `luz` keeps
/// its z where `luces` keeps its c; the verbs in -cer and -cir put a z before the c
/// of some forms (`pertenezco`, `aparezca`: their stem ends in a vowel and -zc, the
/// infinitive's in the c); and the verbs in -car write qu before an e (`busque`,
/// `verifique`, `buscar`, `verificar`). The c stands for all three.
fn spelled_alike(stemmed: String) -> String {
    if let Some(rest) = stemmed.strip_suffix('z') {
        format!("{rest}c")
    } else if let Some(rest) = stemmed
        .strip_suffix("zc")
        .filter(|rest| rest.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{rest}c")
    } else if let Some(rest) = stemmed.strip_suffix("qu") {
        format!("{rest}c")
    } else {
        stemmed
    }
}

/// The singular of a Spanish plural (folded) the stemmer would part from it: it reads
/// the -ar of `celular` as a verb's ending but keeps `celulares` whole. Plurals of
/// words ending in a vowel and -r or -l lose their -es; verbs in -ieres (`quieres`)
/// and every other word are left to the stemmer.
fn spanish_singular(folded: &str) -> Option<String> {
    let stem = folded.strip_suffix("es")?;
    let mut letters = stem.chars().rev();
    let last = letters.next()?;
    let before = letters.next()?;
    let vowel = |c: char| "aeiou".contains(c);
    match last {
        'r' | 'l' if vowel(before) && !stem.ends_with("ier") => Some(stem.to_owned()),
        _ => None,
    }
}

/// How `text` writes `folded`: the first of its words that folds to it, lower-cased
/// (`configuración` for `configuracion`), to show a word the index keeps folded.
pub(crate) fn written_as(text: &str, folded: &str) -> Option<String> {
    split(text)
        .map(|(_, word)| word)
        .find(|word| fold(word) == folded)
        .map(str::to_lowercase)
}

/// The words of `text` with their byte offsets: runs of letters and digits.
fn split(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if is_word_char(c) {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = rest.peek() {
            if !is_word_char(c) {
                break;
            }
            end = at + c.len_utf8();
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)
}

/// [`analyze`] as a tantivy tokenizer, so the index and the snippets use the same terms.
#[derive(Clone)]
pub(crate) struct Analyzer {
    mode: Mode,
    tokens: Vec<Token>,
}

#[derive(Clone)]
enum Mode {
    /// A language's stems.
    Stems(Locale),
    /// The folded words of [`words`].
    Words,
}

impl Analyzer {
    pub(crate) fn stems(language: Locale) -> Analyzer {
        Analyzer {
            mode: Mode::Stems(language),
            tokens: Vec::new(),
        }
    }

    pub(crate) fn words() -> Analyzer {
        Analyzer {
            mode: Mode::Words,
            tokens: Vec::new(),
        }
    }
}

/// Finds the words of a text in one language that stem to one of a query's stems, to
/// mark them in a snippet: the same stems as [`analyze`] gives them, without stemming
/// the words that cannot be one of them. Made once per query, used for every result.
pub(crate) struct Marker {
    language: Locale,
    stemmer: Stemmer,
    stems: Vec<String>,
    prefixes: Vec<String>,
    firsts: Option<[bool; 128]>,
    /// The words already stemmed (folded), and whether they are one of the stems: the
    /// same words come back in passage after passage of one query's results.
    known: RefCell<HashMap<String, bool>>,
}

impl Marker {
    pub(crate) fn new(language: Locale, stems: &[String]) -> Marker {
        let prefixes = prefixes(language, stems);
        let firsts = first_letters(&prefixes);
        let mut stems = stems.to_vec();
        stems.sort_unstable();
        Marker {
            language,
            stemmer: Stemmer::create(algorithm(language)),
            stems,
            prefixes,
            firsts,
            known: RefCell::default(),
        }
    }

    /// The stems it marks, sorted.
    pub(crate) fn stems(&self) -> &[String] {
        &self.stems
    }

    /// Each word of `text`, by its bytes, and whether it is one of the stems.
    pub(crate) fn words(&self, text: &str) -> Vec<(Range<usize>, bool)> {
        split(text)
            .map(|(from, word)| (from..from + word.len(), self.is_marked(word)))
            .collect()
    }

    fn is_marked(&self, word: &str) -> bool {
        // Most words are told apart by their first letter, before they are folded.
        let first = word.as_bytes().first().copied().unwrap_or_default();
        if first.is_ascii()
            && self
                .firsts
                .is_some_and(|firsts| !firsts[usize::from(first.to_ascii_lowercase())])
        {
            return false;
        }
        if word.chars().count() > MAX_WORD_CHARS {
            return false;
        }
        let folded = fold(word);
        if !self
            .prefixes
            .iter()
            .any(|prefix| folded.starts_with(prefix.as_str()))
        {
            return false;
        }
        if let Some(known) = self.known.borrow().get(&folded) {
            return *known;
        }
        let marked = term(self.language, &self.stemmer, &folded)
            .is_some_and(|stem| self.stems.binary_search(&stem).is_ok());
        self.known.borrow_mut().insert(folded, marked);
        marked
    }
}

/// The name the index knows the words analyzer by.
pub(crate) const WORDS_ANALYZER: &str = "soporte_words";

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        self.tokens.clear();
        let terms = match &self.mode {
            Mode::Stems(language) => analyze(*language, text),
            Mode::Words => words(text),
        };
        self.tokens.extend(terms.into_iter().map(|term| Token {
            offset_from: term.from,
            offset_to: term.to,
            position: term.position,
            text: term.text,
            position_length: 1,
        }));
        Tokens {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

pub(crate) struct Tokens<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(language: Locale, text: &str) -> Vec<String> {
        analyze(language, text)
            .into_iter()
            .map(|term| term.text)
            .collect()
    }

    #[test]
    fn marking_finds_the_words_full_analysis_would() {
        let samples = [
            (
                Locale::EsMx,
                "La impresora no imprime: revise la configuración, las luces y las \
                 baterías; los celulares y las conexiones inalámbricas. Configurar, \
                 configuraciones, configuracion, una vez, dos veces, árboles, quieres. \
                 Si la ventana no cierra, ciérrela; encuéntrela y vuelva a cerrar. Que \
                 no aparezca, aparecer.",
            ),
            (
                Locale::En,
                "The printer is not printing: happy users, dying batteries, skies, \
                 hoping, hoped, agreed, lying, ugly, early, generously, connections.",
            ),
        ];
        for (language, text) in samples {
            let full = analyze(language, text);
            let all: Vec<String> = full.iter().map(|term| term.text.clone()).collect();
            // Each stem alone, then all of them: marked where and as full analysis has it.
            let mut asked: Vec<Vec<String>> = all.iter().map(|stem| vec![stem.clone()]).collect();
            asked.push(all.clone());
            for stems in asked {
                let expected: Vec<Range<usize>> = full
                    .iter()
                    .filter(|term| stems.contains(&term.text))
                    .map(|term| term.from..term.to)
                    .collect();
                let found: Vec<Range<usize>> = Marker::new(language, &stems)
                    .words(text)
                    .into_iter()
                    .filter(|(_, marked)| *marked)
                    .map(|(range, _)| range)
                    .collect();
                assert_eq!(found, expected, "{stems:?}");
            }
        }
    }

    #[test]
    fn stop_word_lists_are_sorted_and_folded() {
        for list in [SPANISH_STOP_WORDS, ENGLISH_STOP_WORDS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list);
            assert!(list.iter().all(|word| fold(word) == *word));
        }
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(
            texts(Locale::EsMx, "Configuración"),
            texts(Locale::EsMx, "configuracion")
        );
        assert_eq!(
            texts(Locale::EsMx, "TELÉFONO"),
            texts(Locale::EsMx, "telefono")
        );
        assert_eq!(texts(Locale::EsMx, "Sesión"), texts(Locale::EsMx, "sesion"));
    }

    #[test]
    fn a_word_typed_without_its_accents_meets_the_accented_one() {
        for word in [
            "batería",
            "interés",
            "categoría",
            "garantía",
            "compañía",
            "también",
            "después",
            "configuración",
            "teléfono",
            "contraseña",
            "instaló",
            "inglés",
            "menú",
            "raíz",
            "lápiz",
        ] {
            assert_eq!(
                texts(Locale::EsMx, word),
                texts(Locale::EsMx, &fold(word)),
                "{word}"
            );
        }
        assert_eq!(
            texts(Locale::EsMx, "batería"),
            texts(Locale::EsMx, "baterías")
        );
    }

    #[test]
    fn forms_of_a_word_meet_at_one_stem() {
        let configuracion = texts(Locale::EsMx, "configuración");
        assert_eq!(configuracion, texts(Locale::EsMx, "configuraciones"));
        assert_eq!(
            texts(Locale::EsMx, "impresora"),
            texts(Locale::EsMx, "impresoras")
        );
        assert_eq!(texts(Locale::En, "printers"), texts(Locale::En, "printer"));
        for (one, many) in [
            ("celular", "celulares"),
            ("lugar", "lugares"),
            ("luz", "luces"),
            ("interfaz", "interfaces"),
            ("papel", "papeles"),
            ("error", "errores"),
            ("nombre", "nombres"),
            ("red", "redes"),
            ("enlace", "enlaces"),
            ("indice", "índices"),
            ("vez", "veces"),
            ("quiere", "quieres"),
        ] {
            assert_meet(one, many);
        }
        // The short verbs that start with a vowel, as those that do not.
        for (verb, form) in [
            ("abrir", "abre"),
            ("abrir", "abro"),
            ("abrir", "abriendo"),
            ("usar", "uso"),
            ("usar", "usando"),
            ("entrar", "entrada"),
            ("armar", "arma"),
        ] {
            assert_meet(verb, form);
        }
        // The nouns in -ción whose verb ends in -zar: the z that ends both stems is
        // written c, as for every other word (`actualizar`, `actualic`).
        for (noun, verb) in [
            ("actualización", "actualizar"),
            ("actualizacion", "actualizaciones"),
            ("sincronización", "sincroniza"),
            ("organización", "organizar"),
            ("configuración", "configurar"),
        ] {
            assert_meet(noun, verb);
        }
    }

    /// Two Spanish words that must come down to the same terms.
    fn assert_meet(one: &str, other: &str) {
        assert_eq!(
            texts(Locale::EsMx, one),
            texts(Locale::EsMx, other),
            "{other}"
        );
    }

    #[test]
    fn a_verb_whose_root_changes_meets_its_infinitive() {
        for (infinitive, changed) in [
            ("cerrar", "cierra"),
            ("encontrar", "encuentro"),
            ("mostrar", "muestran"),
            ("encender", "enciende"),
            ("volver", "vuelva"),
            ("seguir", "sigue"),
            ("probar", "pruebe"),
            ("colgar", "cuelga"),
            ("empezar", "empieza"),
            ("comenzar", "comienzan"),
            // In the first person, and in the past.
            ("hacer", "hago"),
            ("hacer", "hice"),
            ("hacer", "hizo"),
            ("salir", "salgo"),
            ("poner", "puse"),
            ("poder", "pudo"),
            ("tener", "tuvo"),
            ("jugar", "juega"),
            // And the qu before an e of the verbs in -car.
            ("buscar", "busqué"),
            ("verificar", "verifique"),
            ("arrancar", "arranque"),
            // And the -zc forms of verbs in -cer and -cir.
            ("pertenecer", "pertenezco"),
            ("aparecer", "aparezca"),
            ("traducir", "traduzcan"),
            ("conocer", "conozco"),
        ] {
            assert_meet(infinitive, changed);
        }
        // An account is not counting.
        assert_ne!(texts(Locale::EsMx, "cuenta"), texts(Locale::EsMx, "contar"));
    }

    #[test]
    fn the_changed_roots_are_sorted_and_the_stemmers_own() {
        assert!(
            SPANISH_VERB_STEMS
                .windows(2)
                .all(|pair| pair[0].0 < pair[1].0)
        );
        let stemmer = Stemmer::create(Algorithm::Spanish);
        for (changed, stem) in SPANISH_VERB_STEMS {
            // Each maps a root the stemmer gives to one it gives, and no further.
            assert_ne!(changed, stem);
            assert!(
                SPANISH_VERB_STEMS
                    .binary_search_by_key(stem, |(changed, _)| changed)
                    .is_err(),
                "{stem}"
            );
            let forms = [format!("{changed}a"), format!("{changed}e")];
            assert!(
                forms
                    .iter()
                    .any(|form| fold(&stemmer.stem(form)) == *changed),
                "{changed}"
            );
        }
    }

    #[test]
    fn stop_words_go_and_positions_keep_their_gaps() {
        let terms = analyze(Locale::EsMx, "la impresora no imprime");
        let words: Vec<(&str, usize)> = terms
            .iter()
            .map(|term| (term.text.as_str(), term.position))
            .collect();
        assert_eq!(words.len(), 3, "{words:?}");
        assert_eq!(words[0].1, 1);
        assert_eq!(words[1], ("no", 2));
    }

    #[test]
    fn offsets_point_at_the_original_words() {
        let text = "¿Cómo instalo la impresora?";
        let terms = analyze(Locale::EsMx, text);
        let originals: Vec<&str> = terms.iter().map(|term| &text[term.from..term.to]).collect();
        assert_eq!(originals, ["instalo", "impresora"]);
    }

    #[test]
    fn words_are_folded_but_not_stemmed() {
        let found: Vec<String> = words("La Configuración de la red")
            .into_iter()
            .map(|term| term.text)
            .collect();
        assert_eq!(found, ["configuracion", "red"]);
    }

    #[test]
    fn junk_is_not_indexed() {
        assert!(texts(Locale::EsMx, "\"*:()\u{0}\u{7}").is_empty());
        assert!(texts(Locale::EsMx, &"x".repeat(100)).is_empty());
        assert_eq!(texts(Locale::EsMx, "MxOS 2.0"), ["mxos", "2", "0"]);
    }
}
