//! The password policy: the rules a new password must meet before an account may
//! use it (sign-up, password change, reset). Plain functions over plain data, no I/O:
//! callers pass the candidate password and the account's personal data (email
//! address and display name) and get back `Ok(())` or the first [`PasswordProblem`]
//! found, which maps to a Fluent message for the person choosing the password.
//! Hashing lives in `password.rs`; this module only decides what is acceptable.
//!
//! Comparisons are case- and accent-insensitive: both sides are lower-cased and
//! Spanish accents are folded (á→a, é→e, í→i, ó→o, ú→u, ü→u, ñ→n), so
//! "Contraseña" is as common as "contrasena".
//!
//! Two estimators, each catching what the other misses: the rules below (a list of
//! what people in Mexico pick, with digits and symbols around it; keyboard runs;
//! personal data), then zxcvbn's guess estimate, given the same Spanish list and the
//! person's data as extra words. Measured on common Mexican passwords and the usual
//! ways of dressing them up (the test below), the rules alone let 20 of 60 through,
//! zxcvbn alone 14, both together 12; none of them refuses a good passphrase.

use crate::text::fold;

/// Why a password was refused. Each maps to a Fluent message id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    TooLong,
    /// A well-known password, a trivial variation of one, or a keyboard pattern.
    TooCommon,
    /// Contains the account's email local part or a word of its display name.
    ContainsPersonalData,
    /// Made of guessable pieces (words, names, dates, l33t, keyboard patterns) that
    /// zxcvbn estimates too few guesses for.
    TooGuessable,
}

impl PasswordProblem {
    /// The Fluent message id that explains this problem to the person.
    pub fn message_id(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password-too-short",
            PasswordProblem::TooLong => "password-too-long",
            PasswordProblem::TooCommon => "password-too-common",
            PasswordProblem::ContainsPersonalData => "password-personal-data",
            PasswordProblem::TooGuessable => "password-too-guessable",
        }
    }
}

/// Fewest characters (Unicode scalar values, not bytes) a password may have.
pub const MIN_CHARS: usize = 10;
/// Most characters (Unicode scalar values, not bytes) a password may have.
pub const MAX_CHARS: usize = 256;

/// The least zxcvbn score (0–4) a password needs: 3 is "safely unguessable",
/// about 10^8 guesses or more.
const MIN_SCORE: u8 = 3;

/// Personal fragments shorter than this (e.g. "ana") are too ordinary to refuse.
const PERSONAL_MIN_CHARS: usize = 4;

/// A password with at most this many distinct characters is trivially guessable.
const MAX_TRIVIAL_DISTINCT: usize = 3;

/// Character sequences whose runs (either direction, possibly repeated) are refused:
/// the digit row (0 on both ends, so 9→0 and 0→1 both count), the alphabet and the
/// letter rows of a QWERTY keyboard (the Latin-American layout has ñ after l, which
/// folds to n).
const SEQUENCES: &[&str] = &[
    "01234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkln",
    "zxcvbnm",
];

/// Checks a new password against the policy.
///
/// `personal`: the email address and display name of the account; a password
/// containing the email's local part (if ≥ 4 chars) or any word of the name of
/// ≥ 4 chars, case- and accent-insensitively, is refused.
///
/// Problems are checked in the order of [`PasswordProblem`]'s variants and the first
/// one found is returned.
pub fn check_new_password(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    // Counting stops just past the maximum, so a huge input costs no more than that.
    let chars = password.chars().take(MAX_CHARS + 1).count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let folded = fold(password);
    if is_too_common(&folded) {
        return Err(PasswordProblem::TooCommon);
    }
    if contains_personal_data(&folded, personal) {
        return Err(PasswordProblem::ContainsPersonalData);
    }
    if !is_hard_to_guess(&folded, personal) {
        return Err(PasswordProblem::TooGuessable);
    }
    Ok(())
}

/// Whether zxcvbn estimates enough guesses for the folded password, knowing the
/// person's data and the Spanish list as words an attacker tries first.
fn is_hard_to_guess(folded: &str, personal: &[&str]) -> bool {
    let fragments = personal_fragments(personal);
    let words: Vec<&str> = fragments
        .iter()
        .map(String::as_str)
        .chain(COMMON.iter().copied())
        .collect();
    u8::from(zxcvbn::zxcvbn(folded, &words).score()) >= MIN_SCORE
}

/// Rules (a)–(d) of "too common", over the folded password.
fn is_too_common(folded: &str) -> bool {
    is_listed(folded)
        || is_listed(folded.trim_matches(is_filler))
        || has_few_distinct_chars(folded)
        || is_sequence_run(folded)
}

/// What may surround a common password and still leave it common: anything that is
/// not a letter (digits, punctuation, spaces, symbols), as in "contraseña2024!" or
/// "!!password123".
fn is_filler(c: char) -> bool {
    !c.is_alphabetic()
}

fn is_listed(candidate: &str) -> bool {
    COMMON
        .binary_search_by(|entry| (*entry).cmp(candidate))
        .is_ok()
}

fn has_few_distinct_chars(folded: &str) -> bool {
    let mut seen: Vec<char> = Vec::with_capacity(MAX_TRIVIAL_DISTINCT + 1);
    for c in folded.chars() {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() > MAX_TRIVIAL_DISTINCT {
                return false;
            }
        }
    }
    true
}

/// Whether `folded` is a run of consecutive characters of one of [`SEQUENCES`], in
/// one direction, possibly repeated: "1234567890", "0987654321", "qwertyuiop",
/// "abcdabcdabcd".
fn is_sequence_run(folded: &str) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    SEQUENCES.iter().any(|sequence| {
        let sequence: Vec<char> = sequence.chars().collect();
        [false, true]
            .into_iter()
            .any(|descending| is_repeated_run(&chars, &sequence, descending))
    })
}

/// Takes the longest prefix of `chars` that is a run in `sequence` and checks that
/// the whole of `chars` is that prefix repeated (the last repetition may be cut short).
fn is_repeated_run(chars: &[char], sequence: &[char], descending: bool) -> bool {
    let run = 1 + chars
        .windows(2)
        .take_while(|pair| is_step(sequence, pair[0], pair[1], descending))
        .count();
    run >= 2
        && chars
            .iter()
            .enumerate()
            .all(|(index, c)| chars.get(index % run) == Some(c))
}

/// Whether `to` comes right after `from` in `sequence` (right before, if descending).
fn is_step(sequence: &[char], from: char, to: char, descending: bool) -> bool {
    let (first, second) = if descending { (to, from) } else { (from, to) };
    sequence
        .windows(2)
        .any(|pair| pair[0] == first && pair[1] == second)
}

fn contains_personal_data(folded: &str, personal: &[&str]) -> bool {
    personal_fragments(personal)
        .iter()
        .any(|fragment| folded.contains(fragment.as_str()))
}

/// The folded fragments of `personal` a password may not contain. An item with an
/// `@` is an email address: its whole local part counts, and so does each run of
/// letters in it ("ana.lopez85" gives "ana.lopez85" and "lopez"). Any other item is
/// a display name: each word counts. Fragments under [`PERSONAL_MIN_CHARS`] are
/// left out. Items are folded before splitting, so a decomposed accent does not
/// break a word in two.
fn personal_fragments(personal: &[&str]) -> Vec<String> {
    let mut fragments = Vec::new();
    for item in personal {
        let item = fold(item);
        if let Some((local, _domain)) = item.rsplit_once('@') {
            push_fragment(&mut fragments, local.trim());
            for piece in local.split(|c: char| !c.is_alphabetic()) {
                push_fragment(&mut fragments, piece);
            }
        } else {
            for word in item.split(|c: char| !c.is_alphanumeric()) {
                push_fragment(&mut fragments, word);
            }
        }
    }
    fragments
}

/// Adds an already folded `fragment` unless it is too short or already there.
fn push_fragment(fragments: &mut Vec<String>, fragment: &str) {
    if fragment.chars().count() >= PERSONAL_MIN_CHARS
        && !fragments.iter().any(|known| known == fragment)
    {
        fragments.push(fragment.to_owned());
    }
}

/// Passwords people in Mexico and English speakers pick most: words, names, teams,
/// places, months and days, keyboard walks. Lower-case, accent-folded and sorted
/// (byte order), so [`is_listed`] can binary-search it; a test keeps it that way.
/// Entries shorter than [`MIN_CHARS`] still matter: with digits or punctuation
/// around them ("amor2024!!") they are refused by the same rule.
const COMMON: &[&str] = &[
    "1234567890",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "abril",
    "acapulco",
    "admin",
    "administrador",
    "adrian",
    "adriana",
    "agosto",
    "aguilas",
    "alejandra",
    "alejandro",
    "america",
    "amor",
    "amorcito",
    "andrea",
    "android",
    "angel",
    "angelito",
    "antonio",
    "asdfghjkl",
    "ashley",
    "azul",
    "barcelona",
    "baseball",
    "batman",
    "bendicion",
    "bienvenido",
    "blanco",
    "bonita",
    "bonito",
    "cabron",
    "camila",
    "campeon",
    "cancun",
    "carino",
    "carlos",
    "carmen",
    "changeme",
    "charlie",
    "chihuahua",
    "chingon",
    "chiquita",
    "chivas",
    "chocolate",
    "claudia",
    "clave",
    "contrasena",
    "corazon",
    "cristiano",
    "cristina",
    "cruzazul",
    "daniel",
    "daniela",
    "david",
    "default",
    "diana",
    "diciembre",
    "diego",
    "dios",
    "diosteama",
    "domingo",
    "dragon",
    "eduardo",
    "elena",
    "enero",
    "escuela",
    "esperanza",
    "estrella",
    "familia",
    "fatima",
    "febrero",
    "fernanda",
    "fernando",
    "football",
    "francisco",
    "freedom",
    "futbol",
    "gabriela",
    "gato",
    "gordita",
    "guadalajara",
    "guadalupe",
    "guero",
    "guest",
    "hello",
    "helloworld",
    "hermosa",
    "hermoso",
    "hola",
    "holamundo",
    "hunter",
    "iloveyou",
    "internet",
    "invitado",
    "iphone",
    "jalisco",
    "javier",
    "jennifer",
    "jessica",
    "jesucristo",
    "jesus",
    "jordan",
    "jorge",
    "jose",
    "juan",
    "jueves",
    "julio",
    "junio",
    "karla",
    "laura",
    "leon",
    "leonardo",
    "leticia",
    "letmein",
    "linux",
    "liverpool",
    "lobo",
    "login",
    "loveme",
    "lucia",
    "luis",
    "lunes",
    "lupita",
    "manuel",
    "margarita",
    "maria",
    "mariana",
    "mario",
    "mariposa",
    "martes",
    "martin",
    "marzo",
    "master",
    "mayo",
    "messi",
    "mexicano",
    "mexico",
    "miamor",
    "michael",
    "michelle",
    "miclave",
    "micontrasena",
    "micorazon",
    "miercoles",
    "mifamilia",
    "miguel",
    "minecraft",
    "mivida",
    "monica",
    "monkey",
    "monterrey",
    "mxos",
    "mypassword",
    "natalia",
    "negrito",
    "negro",
    "noviembre",
    "oaxaca",
    "octubre",
    "oscar",
    "pablo",
    "pachuca",
    "password",
    "patricia",
    "pedro",
    "pendejo",
    "perrito",
    "perro",
    "pokemon",
    "preciosa",
    "princesa",
    "princess",
    "principe",
    "prueba",
    "puebla",
    "pumas",
    "qazwsx",
    "qazwsxedc",
    "qwerty",
    "qwertyuiop",
    "rafael",
    "rayados",
    "realmadrid",
    "ricardo",
    "roberto",
    "rodrigo",
    "rojo",
    "ronaldo",
    "root",
    "rosa",
    "sabado",
    "samsung",
    "santiago",
    "sebastian",
    "secret",
    "secreto",
    "septiembre",
    "sergio",
    "setiembre",
    "shadow",
    "sistema",
    "soccer",
    "sofia",
    "soporte",
    "spiderman",
    "starwars",
    "summer",
    "sunshine",
    "superman",
    "tacos",
    "teamo",
    "teamomucho",
    "telcel",
    "telmex",
    "tequiero",
    "tequieromucho",
    "tequila",
    "teresa",
    "testing",
    "tigre",
    "tigres",
    "trabajo",
    "ubuntu",
    "usuario",
    "valentina",
    "valeria",
    "verde",
    "veronica",
    "victoria",
    "viernes",
    "virgen",
    "vivamexico",
    "welcome",
    "whatever",
    "windows",
    "ximena",
    "zxcvbnm",
];

#[cfg(test)]
mod tests {
    use super::*;

    const ANA: &[&str] = &["ana.lopez@ejemplo.mx", "Ana López"];

    fn check(password: &str) -> Result<(), PasswordProblem> {
        check_new_password(password, ANA)
    }

    #[test]
    fn message_ids_match_the_fluent_messages() {
        assert_eq!(PasswordProblem::TooShort.message_id(), "password-too-short");
        assert_eq!(PasswordProblem::TooLong.message_id(), "password-too-long");
        assert_eq!(
            PasswordProblem::TooCommon.message_id(),
            "password-too-common"
        );
        assert_eq!(
            PasswordProblem::ContainsPersonalData.message_id(),
            "password-personal-data"
        );
        assert_eq!(
            PasswordProblem::TooGuessable.message_id(),
            "password-too-guessable"
        );
    }

    #[test]
    fn accepts_good_passwords() {
        assert_eq!(check("correcto caballo batería grapa"), Ok(()));
        assert_eq!(check("Tr3s-tristes-tigres"), Ok(()));
        assert_eq!(
            check_new_password("correcto caballo batería grapa", &[]),
            Ok(())
        );
    }

    #[test]
    fn refuses_by_length() {
        assert_eq!(check("corto"), Err(PasswordProblem::TooShort));
        assert_eq!(check(""), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"a".repeat(300)), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Ten characters but twenty bytes, four or more distinct, no sequence.
        assert_eq!(check("áéíóúñüÁÉÍ"), Ok(()));
        assert_eq!(check("áéíóúñüÁÉ"), Err(PasswordProblem::TooShort));
        let longest: String = "áéíóúñü".chars().cycle().take(MAX_CHARS).collect();
        assert_eq!(check(&longest), Ok(()));
        let too_long: String = "áéíóúñü".chars().cycle().take(MAX_CHARS + 1).collect();
        assert_eq!(check(&too_long), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn refuses_listed_passwords_whatever_the_case_and_accents() {
        assert_eq!(check("contraseña"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("CONTRASEÑA"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("contrasena"), Err(PasswordProblem::TooCommon));
        // Decomposed ñ (n + combining tilde) folds like the precomposed one.
        assert_eq!(check("contrasen\u{303}a"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("tequieromucho"), Err(PasswordProblem::TooCommon));
    }

    #[test]
    fn refuses_listed_passwords_with_digits_or_punctuation_around() {
        assert_eq!(check("Contraseña2024!"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("password123"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("!!password123"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("¡México-2026!"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("2010chivas"), Err(PasswordProblem::TooCommon));
    }

    #[test]
    fn letters_around_a_listed_password_make_it_uncommon() {
        assert_eq!(check("mipasswordfavorito"), Ok(()));
        assert_eq!(check("amor-de-lejos-2024"), Ok(()));
    }

    #[test]
    fn refuses_few_distinct_characters() {
        assert_eq!(check("aaaaaaaaaaaa"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("abababababab"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("ññññññññññ"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("ÁáaAáaaÁaa1"), Err(PasswordProblem::TooCommon));
    }

    #[test]
    fn refuses_keyboard_and_alphabet_runs() {
        assert_eq!(check("1234567890"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("0987654321"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("12345678901234"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("qwertyuiop"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("QWERTYUIOP"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("poiuytrewq"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("asdfghjklñ"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("abcdefghijk"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("zyxwvutsrqpo"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("abcdabcdabcd"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("asdfasdfas"), Err(PasswordProblem::TooCommon));
    }

    #[test]
    fn runs_broken_by_other_characters_are_not_sequences() {
        // Not runs for the rules (zxcvbn still finds most of them guessable).
        for password in ["acegikmoqsu", "abcdxyzabcd", "12345-mango"] {
            assert!(!is_sequence_run(password), "{password}");
        }
    }

    /// Passwords people in Mexico pick, and the usual ways they dress them up.
    const MEXICAN: [&str; 60] = [
        "123456789012",
        "contraseña123",
        "Contraseña2024!",
        "teamomucho123",
        "TeAmo4ever!",
        "chivas2024campeon",
        "Chivas#1Rebaño",
        "cruzazul1234",
        "CruzAzulCampeon",
        "america12345",
        "AmericaAguilas1",
        "pumasunam2023",
        "tigresuanl123",
        "mexico123456",
        "Mexico2024!",
        "vivamexico1810",
        "guadalupe1234",
        "Guadalupe12!",
        "jesucristo123",
        "diosesamor1",
        "familia12345",
        "corazon12345",
        "princesa2010",
        "mariposa1234",
        "p4ssw0rd123",
        "P@ssw0rd2024",
        "qwerty123456",
        "Qwertyuiop1!",
        "asdfghjkl123",
        "1q2w3e4r5t6y",
        "abcd12345678",
        "aaaaaa111111",
        "futbol123456",
        "Futbol2024!!",
        "tequila12345",
        "mezcal123456",
        "tacosalpastor",
        "Tacos1234567",
        "monterrey2024",
        "Guadalajara1",
        "ciudaddemexico",
        "estrellita123",
        "sebastian2015",
        "Santiago2016!",
        "alejandro1990",
        "fernanda12345",
        "angelito1234",
        "chocolate123",
        "lupita123456",
        "superman1234",
        "iloveyou1234",
        "mimamaesbella",
        "tkm123456789",
        "teextrano123",
        "micasa123456",
        "ana.lopez2024",
        "AnaLopez1990!",
        "lopez12345678",
        "soporte12345",
        "mxos12345678",
    ];

    /// Passphrases and random strings a careful person would choose.
    const GOOD: [&str; 22] = [
        // The ones the browser tests sign up and change to.
        "tres tristes tigres comen trigo",
        "las ceibas dan sombra en el parque",
        "el gato duerme sobre la lavadora azul",
        "mi abuela hace tamales de rajas en diciembre",
        "Lluvia de octubre en Xalapa, 7 cafés",
        "tres nopales bailan cumbia en Tlacotalpan",
        "correcaminos violeta sin wifi ni bicicleta",
        "Sol-Peine-Guitarra-Mapa-41",
        "xK9#mQ2$vL7!pR4",
        "T7v!q2ZmR8#wk5",
        "h3Q9-zr7P-m2Xk-81",
        "cielo estrellado sobre el Ajusco",
        "volcanes, tortugas y un martes raro",
        "la bicicleta roja de Pepe no tiene frenos",
        "Mi perro Firulais odia los lunes 42",
        "cuarenta y dos jacarandas moradas",
        "pan dulce, cafe de olla y un tren a Puebla",
        "zorro@luna#maiz!marea",
        "N3bl1na_Azul_Tizimin",
        "seis elotes asados con chile piquin",
        "el ajolote rosa lee poesia",
        "Bx8$kQ1!zT5@mW3",
    ];

    #[test]
    fn both_estimators_together_refuse_more_common_mexican_passwords_than_either() {
        let rules = |password: &str| {
            let folded = fold(password);
            !is_too_common(&folded) && !contains_personal_data(&folded, ANA)
        };
        let zxcvbn = |password: &str| is_hard_to_guess(&fold(password), ANA);
        let policy = |password: &str| check(password).is_ok();
        let let_through = |accepts: &dyn Fn(&str) -> bool| {
            MEXICAN.iter().filter(|password| accepts(password)).count()
        };
        let (by_rules, by_zxcvbn, by_both) = (
            let_through(&rules),
            let_through(&zxcvbn),
            let_through(&policy),
        );
        assert!(by_both < by_rules && by_both < by_zxcvbn);
        assert_eq!((by_rules, by_zxcvbn, by_both), (20, 14, 12));
        for password in GOOD {
            assert_eq!(check(password), Ok(()), "{password}");
        }
    }

    #[test]
    fn refuses_the_email_local_part() {
        assert_eq!(
            check("ana.lopez-es-genial"),
            Err(PasswordProblem::ContainsPersonalData)
        );
        assert_eq!(
            check("ANA.LÓPEZ-es-genial"),
            Err(PasswordProblem::ContainsPersonalData)
        );
    }

    #[test]
    fn refuses_a_word_of_the_display_name() {
        let personal = ["maria.g@ejemplo.mx", "María Guadalupe Pérez"];
        assert_eq!(
            check_new_password("MiGuadalupe-Querida77", &personal),
            Err(PasswordProblem::ContainsPersonalData)
        );
        assert_eq!(
            check_new_password("soy-maria-y-canto", &personal),
            Err(PasswordProblem::ContainsPersonalData)
        );
        assert_eq!(
            check_new_password("el-PEREZ-de-la-esquina", &personal),
            Err(PasswordProblem::ContainsPersonalData)
        );
        // A name typed with a decomposed accent ("e" + U+0301) is still one word.
        assert_eq!(
            check_new_password("el-perez-de-la-esquina", &["Pe\u{301}rez"]),
            Err(PasswordProblem::ContainsPersonalData)
        );
    }

    #[test]
    fn short_personal_fragments_are_allowed() {
        let personal = ["ana@ejemplo.mx", "Ana Li"];
        assert_eq!(check_new_password("ana-li-camina-lejos", &personal), Ok(()));
    }

    #[test]
    fn common_list_is_sorted_unique_and_folded() {
        assert!(COMMON.len() >= 150, "{} entries", COMMON.len());
        for pair in COMMON.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{:?} must come before {:?}",
                pair[0],
                pair[1]
            );
        }
        for entry in COMMON {
            assert_eq!(fold(entry), *entry);
            assert!(
                entry
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{entry:?} must be lower-case ASCII letters and digits"
            );
            assert!(
                entry.chars().count() >= 4,
                "{entry:?} is too short to matter"
            );
        }
    }
}
