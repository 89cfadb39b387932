//! `soporte docs import`: a Sphinx tree becomes articles, and importing it again
//! updates them in place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use reqwest::StatusCode;

use crate::both;
use crate::support::{Backend, Browser, TestServer, eventually};

const INDEX: &str = "\
Manual de MxOS
==============

Bienvenida al manual.

.. toctree::
   :maxdepth: 2

   red/wifi
   instalar
";

const WIFI: &str = "\
.. _wifi:

Red inalámbrica
===============

Antes, lee :doc:`../instalar` y :ref:`la clave <clave>`.

.. note::

   Ten a la mano la contraseña.

.. image:: img/antena.png
   :alt: Una antena

.. math::

   e^{i\\pi} + 1 = 0

.. code-block:: sh

   nmcli device wifi list

=====  ==========
Banda  Alcance
=====  ==========
2.4    Largo
5      Corto
=====  ==========
";

const INSTALL: &str = "\
Instalar
========

.. include:: comun.txt

.. _clave:

La clave
--------

Vuelve a :ref:`wifi`.
";

/// A one-pixel PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs the import, and waits until the running server has seen what it wrote.
async fn import(app: &TestServer, root: &Path, collection: &str) -> Output {
    let output = crate::cli::soporte()
        .env("SOPORTE_DATABASE_URL", app.db.url_text())
        .env("SOPORTE_DATA_DIR", app.db.dir.join("cli"))
        .args(["docs", "import"])
        .arg(root)
        .args(["--collection", collection])
        .output()
        .unwrap();
    app.caught_up().await;
    output
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

async fn a_sphinx_tree_becomes_linked_articles(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let root = app.db.dir.join("sphinx");
    write(&root, "index.rst", INDEX.as_bytes());
    write(&root, "red/wifi.rst", WIFI.as_bytes());
    write(&root, "red/img/antena.png", PNG);
    write(&root, "instalar.rst", INSTALL.as_bytes());
    write(
        &root,
        "comun.txt",
        "Texto que comparten varias páginas.\n".as_bytes(),
    );
    write(&root, "_build/html/index.rst", b"No es fuente.\n");

    let first = import(&app, &root, "manuales-tecnicos").await;
    let said = text(&first);
    assert!(first.status.success(), "{said}");
    assert!(
        said.contains(
            "Importación terminada: 3 artículos nuevos, 0 actualizados, 0 sin cambios, 1 imagen."
        ),
        "{said}"
    );
    assert!(
        said.contains("se muestra tal cual en su artículo: math ×1"),
        "{said}"
    );
    assert!(
        said.contains("Importando documentos: 100 % (3/3)"),
        "{said}"
    );

    let reader = Browser::new(&app);
    let base = "/documentacion/manuales-tecnicos";
    let contents = reader.get(base).await.body;
    let order: Vec<usize> = ["manual-de-mxos", "red-inalambrica", "instalar"]
        .iter()
        .map(|slug| contents.find(&format!("{base}/{slug}\"")).expect(slug))
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{contents}");

    let wifi = reader.get(&format!("{base}/red-inalambrica")).await.body;
    assert!(
        wifi.contains(&format!(
            r#"<a href="{base}/instalar" rel="noopener noreferrer nofollow">Instalar</a>"#
        )),
        "{wifi}"
    );
    assert!(
        wifi.contains(&format!(
            r#"<a href="{base}/instalar#la-clave" rel="noopener noreferrer nofollow">la clave</a>"#
        )),
        "{wifi}"
    );
    assert!(wifi.contains("<strong>Nota</strong>"), "{wifi}");
    assert!(wifi.contains("nmcli device wifi list"), "{wifi}");
    assert!(wifi.contains("<th>Banda</th>"), "{wifi}");
    assert!(
        wifi.contains(".. math::"),
        "the unknown directive stays visible: {wifi}"
    );
    let image = wifi
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the image is shown")
        .to_owned();
    assert!(image.starts_with("/documentacion/imagenes/"), "{image}");
    assert!(wifi.contains(r#"alt="Una antena""#), "{wifi}");
    let served = app.client.get(app.url(&image)).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
    assert_eq!(
        app.client
            .get(app.url("/documentacion/imagenes/999999"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let install = reader.get(&format!("{base}/instalar")).await.body;
    assert!(
        install.contains("Texto que comparten varias páginas."),
        "{install}"
    );
    assert!(install.contains(r#"id="la-clave""#), "{install}");
    assert!(install.contains(&format!(r#"<a href="{base}/red-inalambrica" rel="noopener noreferrer nofollow">Red inalámbrica</a>"#)), "{install}");

    // The imported text is searchable.
    eventually(
        Duration::from_secs(10),
        "imported articles indexed",
        || async {
            let page = reader.get("/buscar?q=antena+inalambrica").await.body;
            page.contains("%2Fred-inalambrica%3Fidioma%3Des")
                .then_some(())
        },
    )
    .await;

    // Importing again: unchanged articles stay, a changed one gets a revision.
    write(
        &root,
        "instalar.rst",
        INSTALL.replace("Vuelve a", "Regresa a").as_bytes(),
    );
    let again = import(&app, &root, "manuales-tecnicos").await;
    let said = text(&again);
    assert!(
        said.contains("0 artículos nuevos, 1 actualizado, 2 sin cambios"),
        "{said}"
    );
    let contents = reader.get(base).await.body;
    assert_eq!(
        contents.matches(&format!("{base}/instalar\"")).count(),
        1,
        "{contents}"
    );
    let history = reader.get(&format!("{base}/instalar/historial")).await.body;
    assert!(
        history.contains("Importado de Sphinx (instalar.rst)"),
        "{history}"
    );
    assert!(
        reader
            .get(&format!("{base}/instalar"))
            .await
            .body
            .contains("Regresa a")
    );
    app.stop().await;
}
both!(a_sphinx_tree_becomes_linked_articles);

async fn bad_imports_say_what_is_wrong(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let root = app.db.dir.join("vacio");
    write(&root, "LEEME.md", b"# no es rst\n");
    let empty = import(&app, &root, "guia-de-usuario").await;
    assert_eq!(empty.status.code(), Some(1));
    assert!(
        text(&empty).contains("No hay documentos reStructuredText (.rst) en"),
        "{}",
        text(&empty)
    );
    let wrong = import(&app, &root, "recetas").await;
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        text(&wrong).contains("«recetas» no es una colección"),
        "{}",
        text(&wrong)
    );
    let missing = import(&app, &app.db.dir.join("no-existe"), "guia-de-usuario").await;
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing).contains("No se pudieron leer las fuentes"),
        "{}",
        text(&missing)
    );
    write(&root, "roto.rst", &[0xff, 0xfe, 0x00]);
    let binary = import(&app, &root, "guia-de-usuario").await;
    assert!(text(&binary).contains("roto.rst"), "{}", text(&binary));
    app.stop().await;
}
both!(bad_imports_say_what_is_wrong);

/// A tree may hold links to anything the server can read: none is followed, and the
/// size limit is checked on what is read.
async fn an_import_reads_only_regular_files_inside_the_tree(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let secret = "Contraseña del servidor: 7Rq-secreto";
    let outside = app.db.dir.join("fuera");
    write(&outside, "secreto.txt", secret.as_bytes());
    write(
        &outside,
        "carpeta/ajeno.rst",
        format!("Ajeno\n=====\n\n{secret}\n").as_bytes(),
    );
    let root = app.db.dir.join("arbol");
    write(
        &root,
        "index.rst",
        b"Manual\n======\n\nTexto.\n\n.. image:: logo.png\n\n.. include:: comun.txt\n",
    );
    write(&root, "grande.png", &vec![0; 5 * 1024 * 1024 + 1]);
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, root.join(name)).unwrap();
    };
    // An image that is the server's database when it is a file, a secret otherwise.
    let database = app.db.dir.join("soporte.db");
    let secret_file = outside.join("secreto.txt");
    link(
        if database.exists() {
            &database
        } else {
            &secret_file
        },
        "logo.png",
    );
    link(&outside.join("secreto.txt"), "comun.txt");
    link(&outside.join("secreto.txt"), "robado.rst");
    link(&outside.join("carpeta"), "otra");

    let output = import(&app, &root, "guia-de-usuario").await;
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    for name in ["logo.png", "comun.txt", "robado.rst", "otra"] {
        assert!(
            said.contains(&format!("Omitido {name}: es un enlace simbólico.")),
            "{said}"
        );
    }
    assert!(
        said.contains("Omitido grande.png: pesa más de 5 MB."),
        "{said}"
    );
    assert!(
        said.contains(
            "Importación terminada: 1 artículo nuevo, 0 actualizados, 0 sin cambios, 0 imágenes."
        ),
        "{said}"
    );
    let db = app.db.open().await;
    let leaked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM doc_revisions WHERE body LIKE '%7Rq-secreto%' OR title LIKE 'Ajeno%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(leaked, 0, "no text from outside the tree is stored");
    let images: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM doc_images")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(images, 0, "no image is stored");
    db.close().await;
    let found = app.get("/buscar?q=secreto").await.text().await.unwrap();
    assert!(!found.contains("7Rq"), "search finds nothing from outside");
    app.stop().await;
}
both!(an_import_reads_only_regular_files_inside_the_tree);

async fn the_support_strategy_is_part_of_the_demo(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let db = app.db.open().await;
    soporte_docs::demo::load(&db, None).await.unwrap();
    let page = Browser::new(&app)
        .get("/documentacion/manuales-tecnicos/estrategia-de-soporte")
        .await
        .body;
    assert!(page.contains("<h1>Estrategia de Soporte</h1>"), "{page}");
    let source = include_str!("../../../docs/demo/estrategia-de-soporte.rst");
    let lines: Vec<&str> = source.lines().collect();
    let sections: Vec<&str> = lines
        .windows(2)
        .filter(|pair| pair[1].len() >= 4 && pair[1].chars().all(|c| c == '='))
        .map(|pair| pair[0])
        .collect();
    assert_eq!(sections.len(), 5);
    for section in sections {
        assert!(
            page.contains(&format!(">{section}</h2>")),
            "{section}: {page}"
        );
    }
    let terms: Vec<&str> = lines
        .iter()
        .filter(|line| line.starts_with("**") && line.ends_with(":**"))
        .map(|line| line.trim_matches('*'))
        .collect();
    assert!(terms.len() >= 15, "{terms:?}");
    for term in terms {
        assert!(
            page.contains(&format!("<dt><strong>{term}</strong></dt>")),
            "{term}: {page}"
        );
    }
    for item in [
        "Sistemas de Tickets:",
        "Call Center:",
        "Portales de Cliente:",
    ] {
        assert!(
            page.contains(&format!("<li><strong>{item}</strong>")),
            "{item}: {page}"
        );
    }
    app.stop().await;
}
both!(the_support_strategy_is_part_of_the_demo);
