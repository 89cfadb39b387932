//! The coverage map on a partner's profile: Mexico's 32 states as a tile map (one
//! square per state, placed roughly where the state lies, north up), drawn on the
//! server as SVG, with no tiles or scripts from elsewhere. A state the partner covers
//! is filled; one where it has an office is ringed. The map is an image with a text
//! alternative; the page lists the same states in words beside it.

use soporte_platform::text::xml;

/// Each state's square: its code (ISO 3166-2, as profiles keep it), column and row.
pub const TILES: [(&str, u8, u8); 32] = [
    ("BCN", 0, 0),
    ("SON", 1, 0),
    ("CHH", 2, 0),
    ("COA", 3, 0),
    ("NLE", 4, 0),
    ("BCS", 0, 1),
    ("SIN", 1, 1),
    ("DUR", 2, 1),
    ("ZAC", 3, 1),
    ("SLP", 4, 1),
    ("TAM", 5, 1),
    ("NAY", 1, 2),
    ("JAL", 2, 2),
    ("AGU", 3, 2),
    ("GUA", 4, 2),
    ("QUE", 5, 2),
    ("HID", 6, 2),
    ("COL", 1, 3),
    ("MIC", 2, 3),
    ("MEX", 3, 3),
    ("CMX", 4, 3),
    ("TLA", 5, 3),
    ("VER", 6, 3),
    ("YUC", 8, 3),
    ("GRO", 3, 4),
    ("MOR", 4, 4),
    ("PUE", 5, 4),
    ("TAB", 6, 4),
    ("CAM", 7, 4),
    ("ROO", 8, 4),
    ("OAX", 5, 5),
    ("CHP", 6, 5),
];

const SIDE: u32 = 46;
const STEP: u32 = 50;

/// Where a partner stands in a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// An office there.
    Office,
    /// It serves the state from elsewhere.
    Covered,
    NotCovered,
}

impl Presence {
    fn class(self) -> &'static str {
        match self {
            Presence::Office => "covered office",
            Presence::Covered => "covered",
            Presence::NotCovered => "uncovered",
        }
    }
}

/// The map as SVG, with `title` and `summary` as its text alternative: `presence`
/// says where the partner stands in a state (by code), `tell` says it in words for the
/// state's square.
pub fn svg(
    (title, summary): (&str, &str),
    presence: impl Fn(&str) -> Presence,
    tell: impl Fn(&str, Presence) -> String,
) -> String {
    let columns = TILES
        .iter()
        .map(|(_, x, _)| u32::from(*x))
        .max()
        .unwrap_or(0)
        + 1;
    let rows = TILES
        .iter()
        .map(|(_, _, y)| u32::from(*y))
        .max()
        .unwrap_or(0)
        + 1;
    let mut out = format!(
        "<svg class=\"mx-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" \
         role=\"img\" aria-labelledby=\"mapa-titulo mapa-resumen\">\
         <title id=\"mapa-titulo\">{}</title><desc id=\"mapa-resumen\">{}</desc>",
        columns * STEP,
        rows * STEP,
        xml(title),
        xml(summary),
    );
    for (code, x, y) in TILES {
        let presence = presence(code);
        let (left, top) = (u32::from(x) * STEP + 2, u32::from(y) * STEP + 2);
        out.push_str(&format!(
            "<g class=\"{}\" data-state=\"{code}\"><title>{}</title>\
             <rect x=\"{left}\" y=\"{top}\" width=\"{SIDE}\" height=\"{SIDE}\" rx=\"4\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" aria-hidden=\"true\">{code}</text></g>",
            presence.class(),
            xml(&tell(code, presence)),
            left + SIDE / 2,
            top + SIDE / 2 + 5,
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_one_square_of_its_own() {
        let mut codes: Vec<&str> = TILES.iter().map(|(code, _, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 32);
        for code in codes {
            assert!(
                soporte_platform::accounts::profile::STATES.contains(&code),
                "{code}"
            );
        }
        let mut places: Vec<(u8, u8)> = TILES.iter().map(|(_, x, y)| (*x, *y)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), 32);
    }

    #[test]
    fn covered_states_are_filled_offices_ringed_and_names_escaped() {
        let map = svg(
            ("Cobertura", "Cubre 2 estados"),
            |code| match code {
                "YUC" => Presence::Office,
                "CAM" => Presence::Covered,
                _ => Presence::NotCovered,
            },
            |code, presence| {
                let name = if code == "CAM" {
                    "Campeche & <Sur>"
                } else {
                    code
                };
                format!("{name}: {presence:?}")
            },
        );
        assert!(map.starts_with("<svg class=\"mx-map\""));
        assert!(
            map.contains(
                "<g class=\"covered office\" data-state=\"YUC\"><title>YUC: Office</title>"
            )
        );
        assert!(map.contains("<title>Campeche &amp; &lt;Sur&gt;: Covered</title>"));
        assert!(
            map.contains(
                "<g class=\"uncovered\" data-state=\"SON\"><title>SON: NotCovered</title>"
            )
        );
        assert_eq!(map.matches("<rect").count(), 32);
        assert_eq!(map.matches("class=\"covered").count(), 2);
    }
}
