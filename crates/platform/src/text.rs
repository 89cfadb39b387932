//! Text helpers shared by every area: folding case and accents the way Spanish readers
//! expect (`configuracion` matches `configuración`), URL slugs, and dates as people
//! read them.

/// Lower-cases `text` and folds accents: the Spanish ones (á é í ó ú ü ñ), plus the
/// grave, circumflex and diaeresis vowels seen in names, and drops combining
/// accents so decomposed input ("n" + U+0303) folds like precomposed input ("ñ").
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    // Most text is ASCII: fold runs of it a byte at a time.
    let mut rest = text;
    while !rest.is_empty() {
        let (plain, other) = rest.split_at(ascii_run(rest.as_bytes()));
        let start = folded.len();
        folded.push_str(plain);
        folded[start..].make_ascii_lowercase();
        let Some(c) = other.chars().next() else {
            break;
        };
        fold_char(c, &mut folded);
        rest = &other[c.len_utf8()..];
    }
    folded
}

/// How many bytes `bytes` starts with are ASCII: sixteen at a time while they are
/// (long texts are mostly ASCII), then one at a time.
fn ascii_run(bytes: &[u8]) -> usize {
    let whole = bytes
        .chunks_exact(16)
        .take_while(|chunk| chunk.is_ascii())
        .count()
        * 16;
    whole
        + bytes[whole..]
            .iter()
            .take_while(|byte| byte.is_ascii())
            .count()
}

/// Appends `c` folded: lower case, without accents.
fn fold_char(c: char, folded: &mut String) {
    // Spanish text's own letters first, without a look into the Unicode tables.
    let plain = match c {
        'á' | 'Á' => Some('a'),
        'é' | 'É' => Some('e'),
        'í' | 'Í' => Some('i'),
        'ó' | 'Ó' => Some('o'),
        'ú' | 'Ú' | 'ü' | 'Ü' => Some('u'),
        'ñ' | 'Ñ' => Some('n'),
        _ => None,
    };
    if let Some(plain) = plain {
        folded.push(plain);
        return;
    }
    for c in c.to_lowercase() {
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
}

/// A URL-safe slug: folded, letters and digits kept, everything else one hyphen.
/// `¿Cómo instalo MxOS 2.0?` becomes `como-instalo-mxos-2-0`.
pub fn slug(text: &str) -> String {
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

/// Whether `c` is a character no text from outside should hold: a control other than
/// tab and line breaks (NUL among them, which PostgreSQL refuses in text), or a Unicode
/// noncharacter (U+FFFE, U+FFFF and the like, which XML refuses too).
pub fn is_unwanted(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\u{FDD0}'..='\u{FDEF}' => true,
        c => c.is_control() || u32::from(c) & 0xFFFE == 0xFFFE,
    }
}

/// Whether `c` changes the direction text is shown in (embeddings, overrides and
/// isolates): in a name it can make `moc.elpmaxe` read as `example.com`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` shows nothing by itself: spaces, controls and the formatting characters
/// (zero-width space and joiners, soft hyphen, direction marks, word joiner, BOM).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `text` without the characters of [`is_unwanted`]: what the web layer makes of every
/// query string, form and JSON body before a handler sees it, so that the same text is
/// stored on SQLite and PostgreSQL and every feed of it is valid XML. Borrowed when
/// there is nothing to remove (nearly always).
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_unwanted) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !is_unwanted(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A UTC time as `2026-11-25 15:04 UTC`, from milliseconds since the epoch.
pub fn time_utc(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// A UTC day as `2026-11-25`, from milliseconds since the epoch.
pub fn day(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// An RFC 3339 UTC time (`2026-11-25T15:04:05Z`), for feeds and sitemaps.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Escapes text for XML content and attribute values (feeds, the sitemap); control
/// characters XML cannot carry are left out.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => {}
            c if is_unwanted(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml("a < b & \"c\" 'd' \u{1}"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; "
        );
    }

    #[test]
    fn cleaning_keeps_text_and_line_breaks_and_drops_what_no_text_holds() {
        assert!(matches!(
            clean("Hola,\tmundo\r\n¿qué tal? 👋"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            clean("a\0b\u{1}c\u{7f}d\u{85}e\u{FFFE}f\u{FFFF}g\u{FDD0}h\u{1FFFF}i\u{10FFFE}j"),
            "abcdefghij"
        );
        // Neighbours of the noncharacters are kept.
        assert_eq!(
            clean("\u{FFFD}\u{FDCF}\u{FDF0}\u{1FFFD}"),
            "\u{FFFD}\u{FDCF}\u{FDF0}\u{1FFFD}"
        );
    }

    #[test]
    fn folding_matches_unaccented_typing() {
        assert_eq!(fold("Configuración del Año"), "configuracion del ano");
        assert_eq!(fold("Pingüino"), "pinguino");
        assert_eq!(fold("man\u{0303}ana"), "manana");
        assert_eq!(
            fold("ÁÉÍÓÚÜÑ àèìòù ÂÊÎÔÛ äëïö Ç"),
            "aeiouun aeiou aeiou aeio ç"
        );
        // Long runs of ASCII, with accents on either side of every sixteenth byte.
        for before in 0..40 {
            let text = format!("{}Ñ{}É", "X".repeat(before), "Y".repeat(before % 17));
            let expected = format!("{}n{}e", "x".repeat(before), "y".repeat(before % 17));
            assert_eq!(fold(&text), expected);
        }
    }

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(time_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(time_utc(1_795_618_800_000), "2026-11-25 15:00 UTC");
        assert_eq!(day(951_782_400_000), "2000-02-29");
        assert_eq!(rfc3339(1_795_618_805_000), "2026-11-25T15:00:05Z");
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slug("¿Cómo instalo MxOS 2.0?"), "como-instalo-mxos-2-0");
        assert_eq!(slug("  Guía de usuario  "), "guia-de-usuario");
        assert_eq!(slug("¡¡!!"), "");
    }
}
