//! reStructuredText (Sphinx sources) to Markdown, by hand and without dependencies.
//!
//! [`parse`] reads a document into a small block tree (sections, paragraphs, lists,
//! tables, admonitions…) with inline markup parsed; [`Parsed::to_markdown`] renders it
//! as the CommonMark + GFM tables + definition lists the documentation area stores.
//! Cross references are resolved through [`Links`], which knows the other documents.
//! Whatever cannot be converted stays visible (unknown directives as `rst` code blocks)
//! and is listed in [`Rendered::unknown`].

mod blocks;
mod directives;
mod inline;
mod names;
mod render;
mod tables;

use blocks::{Block, Context};
use inline::{Refs, Target};
use names::{Anchors, normalize};

/// A parsed reStructuredText document, before links are resolved.
#[derive(Debug)]
pub struct Parsed {
    blocks: Vec<Block>,
    title: Option<String>,
    toctree: Vec<String>,
    labels: Vec<Label>,
    refs: Refs,
    /// Added to section depths to give heading levels: 1 when the title's adornment
    /// is used again further down, so those sections still rank below the title.
    shift: usize,
}

/// A `.. _label:` target: its name (lower-cased, whitespace-normalized), the anchor of
/// the section it points to ("" for the top) and that section's title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub anchor: String,
    pub title: String,
}

/// Resolves what a document refers to outside itself.
pub trait Links {
    /// `:doc:` target (as written, relative like "../red" or absolute "/guia/red",
    /// without ".rst") → (URL, title of that document).
    fn doc(&self, target: &str) -> Option<(String, String)>;
    /// `:ref:` label (lower-cased, whitespace-normalized) → (URL with #anchor, title).
    fn label(&self, name: &str) -> Option<(String, String)>;
    /// The heading of an admonition of this kind ("note", "warning", "seealso"…) in
    /// the reader's language.
    fn admonition_title(&self, kind: &str) -> String;
}

/// A document as Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub markdown: String,
    /// Directives and roles not converted, once per occurrence (roles as
    /// "role:NAME"), unresolved references ("ref:LABEL", "doc:TARGET",
    /// "substitution:NAME") and failed includes ("include").
    pub unknown: Vec<String>,
    /// Image paths as written in `.. image::` and `.. figure::`, in order.
    pub images: Vec<String>,
}

/// Parses one RST source. `include` returns the text of an `.. include:: PATH`
/// target (PATH as written), or None when it cannot; then the directive is shown as
/// written and counted as "include".
pub fn parse(source: &str, include: &mut dyn FnMut(&str) -> Option<String>) -> Parsed {
    let mut ctx = Context::new(include);
    let mut blocks = blocks::parse_blocks(&blocks::split_lines(source), &mut ctx, true);

    // Now that every substitution is known: anchors, as the Markdown renderer will
    // give them to the headings of the body (the title is not in the body).
    let mut anchors = Anchors::default();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut shift = 0;
    for block in &mut blocks {
        if let Block::Section {
            depth,
            title,
            anchor,
        } = block
        {
            let text = inline::plain(title, &ctx.refs);
            if sections.is_empty() {
                anchor.clear();
            } else {
                *anchor = anchors.next(&text);
                if *depth == 1 {
                    shift = 1;
                }
            }
            sections.push((anchor.clone(), text));
        }
    }
    let title = sections.first().map(|(_, title)| title.clone());
    let labels: Vec<Label> = ctx
        .labels
        .iter()
        .map(|(name, section)| {
            let (anchor, title) = sections
                .get(*section)
                .cloned()
                .unwrap_or_else(|| (String::new(), title.clone().unwrap_or_default()));
            Label {
                name: name.clone(),
                anchor,
                title,
            }
        })
        .collect();
    // Labels and section titles are targets too (`Instalación`_).
    let internal = labels
        .iter()
        .map(|label| (label.name.clone(), &label.anchor))
        .chain(
            sections
                .iter()
                .map(|(anchor, title)| (normalize(title), anchor)),
        );
    for (name, anchor) in internal {
        ctx.refs
            .named
            .entry(name)
            .or_insert_with(|| Target::Url(format!("#{anchor}")));
    }
    Parsed {
        blocks,
        title,
        toctree: ctx.toctree,
        labels,
        refs: ctx.refs,
        shift,
    }
}

impl Parsed {
    /// The document title: the first section heading. None if there is no heading.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Documents named by `.. toctree::` directives, in order, as written (without
    /// ".rst"); "self" and external URLs are left out.
    pub fn toctree(&self) -> &[String] {
        &self.toctree
    }

    /// `.. _label:` targets defined in this document.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// Renders Markdown; `links` resolves cross references.
    pub fn to_markdown(&self, links: &dyn Links) -> Rendered {
        let mut renderer = render::Renderer::new(&self.refs, links, self.shift);
        let mut markdown = renderer.blocks(&self.blocks);
        if !markdown.is_empty() {
            markdown.push('\n');
        }
        Rendered {
            markdown,
            unknown: renderer.unknown,
            images: renderer.images,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Knows `red` (label) and `guia/red` (document); titles admonitions in Spanish.
    struct Site;

    impl Links for Site {
        fn doc(&self, target: &str) -> Option<(String, String)> {
            (target == "guia/red").then(|| ("/docs/guia/red".to_owned(), "La red".to_owned()))
        }
        fn label(&self, name: &str) -> Option<(String, String)> {
            (name == "red").then(|| ("/docs/guia/red#wifi".to_owned(), "Wifi".to_owned()))
        }
        fn admonition_title(&self, kind: &str) -> String {
            match kind {
                "note" => "Nota".to_owned(),
                "warning" => "Advertencia".to_owned(),
                other => other.to_uppercase(),
            }
        }
    }

    fn convert(source: &str) -> Rendered {
        parse(source, &mut |_| None).to_markdown(&Site)
    }

    fn markdown(source: &str) -> String {
        convert(source).markdown
    }

    #[test]
    fn title_is_apart_and_headings_follow_adornment_order() {
        let parsed = parse(
            "####\nGuía\n####\n\nIntro.\n\nUno\n===\n\nUno a\n-----\n\nDos\n===\n\n.. _fin:\n\nDos\n===\n",
            &mut |_| None,
        );
        assert_eq!(parsed.title(), Some("Guía"));
        assert_eq!(
            parsed.to_markdown(&Site).markdown,
            "Intro.\n\n## Uno\n\n### Uno a\n\n## Dos\n\n## Dos\n"
        );
        assert_eq!(
            parsed.labels(),
            [Label {
                name: "fin".into(),
                anchor: "dos-2".into(),
                title: "Dos".into()
            }]
        );
        // The title's style used again ranks below the title.
        assert_eq!(
            markdown("Guía\n====\n\nParte\n====\n\nSub\n---\n"),
            "## Parte\n\n### Sub\n"
        );
        let deep = "A\n=\n\nB\n-\n\nC\n~\n\nD\n^\n\nE\n'\n\nF\n\"\n\nG\n*\n";
        assert!(markdown(deep).ends_with("###### F\n\n###### G\n"));
    }

    #[test]
    fn labels_point_to_the_next_section_or_the_top() {
        let parsed = parse(
            ".. _Inicio  Rápido:\n\nTítulo\n======\n\n.. _detalle:\n\nTexto.\n\nÚltimo paso\n-----------\n\n.. _suelto:\n",
            &mut |_| None,
        );
        let labels: Vec<(&str, &str, &str)> = parsed
            .labels()
            .iter()
            .map(|l| (l.name.as_str(), l.anchor.as_str(), l.title.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("inicio rápido", "", "Título"),
                ("detalle", "ultimo-paso", "Último paso"),
                ("suelto", "", "Título"),
            ]
        );
        let rendered = parsed.to_markdown(&Site);
        assert_eq!(rendered.markdown, "Texto.\n\n## Último paso\n");
        let linked = markdown("A\n=\n\n.. _x:\n\nB\n-\n\nVer x_ y `B`_ y `Nada`_.\n");
        assert!(linked.contains("Ver [x](#b) y [B](#b) y Nada."), "{linked}");
    }

    #[test]
    fn cross_references_resolve_or_stay_visible() {
        let rendered = convert(
            "Ver :ref:`red`, :ref:`la red <Red>`, :doc:`guia/red`, :doc:`otra <x/y>`, :ref:`nada`, :math:`x^2`.",
        );
        assert_eq!(
            rendered.markdown,
            "Ver [Wifi](/docs/guia/red#wifi), [la red](/docs/guia/red#wifi), [La red](/docs/guia/red), otra, `nada`, `x^2`.\n"
        );
        assert_eq!(rendered.unknown, ["doc:x/y", "ref:nada", "role:math"]);
    }

    #[test]
    fn inline_markup_and_escaping() {
        assert_eq!(
            markdown("*Uno* **dos** ``tres`` `cuatro` 2 * 3 _foo_ <b>\n- no es lista"),
            "*Uno* **dos** `tres` *cuatro* 2 \\* 3 \\_foo\\_ \\<b\\>\n\\- no es lista\n"
        );
        assert_eq!(
            markdown(
                "Sitio `MxOS <https://mxos.mx>`_, otra vez MxOS_, y `aquí`__ o https://x.mx.\n\n__ https://y.mx"
            ),
            "Sitio [MxOS](https://mxos.mx), otra vez [MxOS](https://mxos.mx), y [aquí](https://y.mx) o <https://x.mx>.\n"
        );
        assert_eq!(
            markdown(
                ".. |os| replace:: **MxOS**\n.. _docs: https://d.mx\n\nUsa |os| y docs_. :kbd:`Ctrl` :guilabel:`Aceptar` :term:`red` :sup:`2`"
            ),
            "Usa **MxOS** y [docs](https://d.mx). `Ctrl` **Aceptar** red 2\n"
        );
        let rendered = convert("Falta |nada| y `z`_.");
        assert_eq!(rendered.unknown, ["substitution:nada", "ref:z"]);
    }

    #[test]
    fn lists_convert_with_nesting() {
        assert_eq!(
            markdown("* uno\n* dos\n\n  - dos a\n  - dos b\n\n3. tres\n4. cuatro\n\n- otra lista"),
            "- uno\n\n- dos\n\n  - dos a\n  - dos b\n\n3. tres\n4. cuatro\n\n- otra lista\n"
        );
        assert_eq!(
            markdown("- a\n\n+ b\n\n#. c\n\n#) d"),
            "- a\n\n* b\n\n1. c\n\n1) d\n"
        );
    }

    #[test]
    fn definition_and_field_lists() {
        assert_eq!(
            markdown(
                "Texto.\n\n**Término:**\n    Primera línea\n    segunda.\n\n    Otro párrafo.\n\n:Autor: Ana\n"
            ),
            "Texto.\n\n**Término:**\n: Primera línea\n  segunda.\n\n  Otro párrafo.\n\nAutor\n: Ana\n"
        );
    }

    #[test]
    fn literal_and_code_blocks() {
        assert_eq!(
            markdown(
                "Así::\n\n    $ ls\n\n.. code-block:: bash\n   :linenos:\n\n   echo ```\n\n.. code:: python\n\n   x = 1"
            ),
            "Así:\n\n```\n$ ls\n```\n\n````bash\necho ```\n````\n\n```python\nx = 1\n```\n"
        );
    }

    #[test]
    fn admonitions_quote_their_content() {
        assert_eq!(
            markdown(
                ".. note:: Primera\n   línea.\n\n   - punto\n\n.. admonition:: Ojo *aquí*\n\n   Texto.\n\n.. seealso:: Otra cosa."
            ),
            "> **Nota**\n>\n> Primera\n> línea.\n>\n> - punto\n\n> **Ojo *aquí***\n>\n> Texto.\n\n> **SEEALSO**\n>\n> Otra cosa.\n"
        );
        assert_eq!(
            markdown(".. warning:: Primera\n   :class: x\n\n   Segunda"),
            "> **Advertencia**\n>\n> Primera\n>\n> Segunda\n"
        );
    }

    #[test]
    fn tables_become_pipe_tables() {
        let grid = "+-----+-------+\n| A   | B     |\n+=====+=======+\n| 1|2 | ``x`` |\n|     | y     |\n+-----+-------+";
        assert_eq!(
            markdown(grid),
            "| A | B |\n| --- | --- |\n| 1\\|2 | `x` y |\n"
        );
        let simple = "===  ===\nA    B\n===  ===\n1    dos\n===  ===";
        assert_eq!(markdown(simple), "| A | B |\n| --- | --- |\n| 1 | dos |\n");
        let list = ".. list-table:: Precios\n   :header-rows: 1\n\n   * - Plan\n     - Costo\n   * - Básico\n     - 0\n";
        assert_eq!(
            markdown(list),
            "_Precios_\n\n| Plan | Costo |\n| --- | --- |\n| Básico | 0 |\n"
        );
        let csv = ".. csv-table::\n   :header: \"Plan\", \"Nota\"\n\n   Pro, \"sí, claro\"";
        assert_eq!(
            markdown(csv),
            "| Plan | Nota |\n| --- | --- |\n| Pro | sí, claro |\n"
        );
    }

    #[test]
    fn images_and_figures() {
        let rendered = convert(
            ".. image:: img/a b.png\n   :alt: Una [captura]\n\n.. figure:: img/f.png\n\n   La *leyenda*.\n\n   Más texto.",
        );
        assert_eq!(
            rendered.markdown,
            "![Una \\[captura\\]](img/ab.png)\n\n![](img/f.png)\n\n_La *leyenda*._\n\nMás texto.\n"
        );
        assert_eq!(rendered.images, ["img/ab.png", "img/f.png"]);
    }

    #[test]
    fn unknown_directives_stay_visible_and_comments_vanish() {
        let rendered = convert(
            ".. math::\n\n   e = mc^2\n\n.. raw:: html\n\n   <script>x</script>\n\n.. comentario\n   oculto\n\n..\n\n.. contents::\n.. index:: red\n\nFin",
        );
        assert_eq!(
            rendered.markdown,
            "```rst\n.. math::\n\n   e = mc^2\n```\n\n```rst\n.. raw:: html\n\n   <script>x</script>\n```\n\nFin\n"
        );
        assert_eq!(rendered.unknown, ["math", "raw"]);
    }

    #[test]
    fn toctree_entries() {
        let parsed = parse(
            ".. toctree::\n   :maxdepth: 2\n   :caption: Guía\n\n   instalacion/red\n   Primeros pasos <inicio.rst>\n   self\n   https://mxos.mx\n",
            &mut |_| None,
        );
        assert_eq!(parsed.toctree(), ["instalacion/red", "inicio"]);
        assert_eq!(parsed.to_markdown(&Site).markdown, "");
    }

    #[test]
    fn includes_inline_text_and_fail_visibly() {
        let mut include = |path: &str| match path {
            "parte.rst" => Some("Incluido *aquí*.\n\n.. include:: parte.rst\n".to_owned()),
            "ciclo.rst" => Some(".. include:: ciclo2.rst".to_owned()),
            "ciclo2.rst" => Some(".. include:: ciclo.rst".to_owned()),
            _ => None,
        };
        let parsed = parse(
            "Antes.\n\n.. include:: parte.rst\n\n.. include:: falta.rst\n\n.. include:: ciclo.rst\n",
            &mut include,
        );
        let rendered = parsed.to_markdown(&Site);
        assert_eq!(
            rendered.markdown,
            "Antes.\n\nIncluido *aquí*.\n\n```rst\n.. include:: parte.rst\n```\n\n```rst\n.. include:: falta.rst\n```\n\n```rst\n.. include:: ciclo.rst\n```\n"
        );
        assert_eq!(rendered.unknown, ["include", "include", "include"]);
    }

    #[test]
    fn odd_input_never_panics() {
        let long: String = (0..10_000)
            .map(|n| format!("Línea {n} *a* `b ``c\n"))
            .collect();
        let deep: String = (0..200)
            .map(|n| format!("{}- nivel {n}\n\n", " ".repeat(n * 2)))
            .collect();
        let stairs: String = (0..600).map(|n| format!("{}x\n", " ".repeat(n))).collect();
        let bullets = "- ".repeat(5_000);
        let parens = "a(http://x".repeat(5_000);
        let colons = ":".repeat(20_000) + "`x`";
        let borders = "=====  =====\nx\n\n".repeat(3_000);
        let inputs = [
            "",
            "\n\n\n",
            "====\n",
            "====\n----\n====\n",
            "***\n***",
            "`",
            "``",
            "*",
            "**",
            "|",
            "_",
            "__",
            "a_",
            "`x <`_",
            ":",
            ":a:",
            ":a:`",
            "..",
            ".. ",
            ".. _:",
            ".. |x|",
            ".. |x| replace:: |x|\n\n|x|",
            "\t\ta\r\n\tb\r\n",
            "ñ\n=\n",
            "+-+\n|á|\n+-+",
            "+--+\n| x\n",
            "===\n\n===",
            "1.\n2)\n(3",
            "- \n-",
            "\\",
            "a\\",
            "Ω::",
            "::\n\n",
            "| \n|",
            "[#]_ [*]_ [",
            "https:// mailto: @ a@ @b.c",
            &"      deeply indented\n".repeat(50),
            &long,
            &deep,
            &stairs,
            &bullets,
            &parens,
            &colons,
            &borders,
        ];
        for input in inputs {
            let parsed = parse(input, &mut |_| Some(input.to_owned()));
            let _ = parsed.to_markdown(&Site);
        }
        let parsed = parse(&long, &mut |_| None);
        assert!(parsed.to_markdown(&Site).markdown.lines().count() >= 10_000);
    }

    /// The acceptance document: every heading, term and bullet item survives.
    #[test]
    fn support_strategy_document() {
        let source = include_str!("../../../demo/estrategia-de-soporte.rst");
        let parsed = parse(source, &mut |_| None);
        assert_eq!(parsed.title(), Some("Estrategia de Soporte"));
        assert_eq!(
            parsed.labels(),
            [Label {
                name: "support_strategy_mxos".into(),
                anchor: String::new(),
                title: "Estrategia de Soporte".into()
            }]
        );

        struct Everything;
        impl Links for Everything {
            fn doc(&self, target: &str) -> Option<(String, String)> {
                Some((format!("/docs/{target}"), target.to_owned()))
            }
            fn label(&self, name: &str) -> Option<(String, String)> {
                Some((format!("/docs/x#{name}"), "Ecosistema".to_owned()))
            }
            fn admonition_title(&self, kind: &str) -> String {
                kind.to_owned()
            }
        }
        let rendered = parsed.to_markdown(&Everything);
        let markdown = &rendered.markdown;
        assert!(rendered.unknown.is_empty(), "{:?}", rendered.unknown);
        assert!(
            !markdown.contains("Estrategia de Soporte\n"),
            "the title is not repeated"
        );

        let lines: Vec<&str> = source.lines().collect();
        let headings: Vec<&str> = lines
            .windows(2)
            .filter(|pair| pair[1].starts_with("===") && !pair[0].is_empty())
            .map(|pair| pair[0])
            .collect();
        assert_eq!(headings.len(), 5);
        for heading in headings {
            assert!(
                markdown.contains(&format!("\n## {heading}\n"))
                    || markdown.starts_with(&format!("## {heading}\n")),
                "{heading}"
            );
        }
        let terms: Vec<&str> = lines
            .iter()
            .filter(|line| line.starts_with("**") && line.ends_with(":**"))
            .copied()
            .collect();
        assert_eq!(terms.len(), 20);
        for term in terms {
            assert!(markdown.contains(&format!("\n{term}\n: ")), "{term}");
        }
        for item in lines
            .iter()
            .filter_map(|line| line.trim().strip_prefix("* "))
        {
            assert!(markdown.contains(&format!("- {item}")), "{item}");
        }
        assert!(markdown.contains("[Ecosistema](/docs/x#ecosystem_strategy_mxos)"));
        assert!(markdown.contains("necesitan garantías y asistencia especializada."));
        assert!(markdown.contains("\n\\---\n"));
    }
}
