//! The Basic Certification's question banks: `soporte certification import-gift`,
//! `export-gift` and `check-gift`, on both backends, with GIFT files written here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use crate::both;
use crate::support::{Backend, TestDb};

fn cli(db: &TestDb, args: &[&str], lang: &str) -> Output {
    crate::cli::soporte()
        .env("SOPORTE_DATABASE_URL", db.url_text())
        .env("SOPORTE_DATA_DIR", db.dir.join("cli"))
        .env("LANG", lang)
        .args(args)
        .output()
        .unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn count(db: &TestDb, table: &str) -> i64 {
    let opened = db.open().await;
    let count = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(opened.pool())
        .await
        .unwrap();
    opened.close().await;
    count
}

/// A bank of 18 good questions (56 lines), and on line 57 a question whose answers
/// never close.
fn broken_at_57() -> String {
    let mut lines = vec!["$CATEGORY: certificacion/Redes".to_owned(), String::new()];
    for n in 1..=18 {
        lines.push(format!("// [id:R-{n}]"));
        lines.push(format!("::R{n}:: ¿El puerto {n} es privilegiado? {{T}}"));
        lines.push(String::new());
    }
    lines.push("¿Qué orden muestra las rutas? {=ip route ~ls".to_owned());
    lines.push(String::new());
    lines.push("Último {T}".to_owned());
    assert!(lines[56].starts_with("¿Qué orden"));
    lines.join("\n")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

async fn staff_import_a_gift_bank_and_export_it_again(backend: Backend) {
    let db = TestDb::new(backend).await;
    let migrated = cli(&db, &["migrate"], "es_MX.UTF-8");
    assert!(migrated.status.success(), "{:?}", text(&migrated));
    let dir = db.dir.join("gift");

    // A mistake on line 57: said with its line, in the terminal's language; nothing in.
    let broken = write(&dir, "roto.gift", &broken_at_57());
    let refused = cli(
        &db,
        &["certification", "import-gift", &broken],
        "es_MX.UTF-8",
    );
    assert_eq!(refused.status.code(), Some(1));
    let (_, said) = text(&refused);
    assert!(
        said.contains("tiene un error; no se importó nada:"),
        "{said}"
    );
    assert!(
        said.contains("Línea 57: Hay una llave sin su pareja"),
        "{said}"
    );
    let english = cli(
        &db,
        &["certification", "import-gift", &broken],
        "en_US.UTF-8",
    );
    assert!(
        text(&english).1.contains("Line 57: A brace has no partner"),
        "{:?}",
        text(&english)
    );
    assert_eq!(count(&db, "cert_questions").await, 0);
    assert_eq!(count(&db, "cert_topics").await, 0);

    // Essays do not go in a bank; questions need a topic.
    let essay = write(
        &dir,
        "ensayo.gift",
        "$CATEGORY: Redes\n\nExplica DNS. {}\n\nSin tema arriba {T}\n",
    );
    let refused = cli(
        &db,
        &["certification", "import-gift", &essay],
        "es_MX.UTF-8",
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused)
            .1
            .contains("Línea 3: Los exámenes se califican solos")
    );
    assert_eq!(count(&db, "cert_questions").await, 0);

    // The demo's banks: five topics; again, nothing changes.
    let banks = write(&dir, "banco.gift", soporte_certification::demo::BANKS);
    let imported = cli(
        &db,
        &["certification", "import-gift", &banks],
        "es_MX.UTF-8",
    );
    assert!(imported.status.success(), "{:?}", text(&imported));
    let (said, progress) = text(&imported);
    assert_eq!(
        said.trim(),
        "Listo: 5 temas nuevos, 25 preguntas nuevas, 0 actualizadas y 0 sin cambios."
    );
    assert!(
        progress.contains("Importando preguntas: 100 % (25/25)"),
        "{progress}"
    );
    assert_eq!(count(&db, "cert_questions").await, 25);
    let again = cli(
        &db,
        &["certification", "import-gift", &banks],
        "es_MX.UTF-8",
    );
    assert_eq!(
        text(&again).0.trim(),
        "Listo: 0 temas nuevos, 0 preguntas nuevas, 0 actualizadas y 25 sin cambios."
    );

    // A question changed under its [id:] is updated, not added.
    let changed = soporte_certification::demo::BANKS.replace(
        "¿En qué puerto escucha SSH si nadie lo cambia? {#22}",
        "¿En qué puerto TCP escucha SSH? {#22}",
    );
    let changed = write(&dir, "cambiado.gift", &changed);
    let updated = cli(
        &db,
        &["certification", "import-gift", &changed],
        "es_MX.UTF-8",
    );
    assert_eq!(
        text(&updated).0.trim(),
        "Listo: 0 temas nuevos, 0 preguntas nuevas, 1 actualizadas y 24 sin cambios."
    );
    assert_eq!(count(&db, "cert_questions").await, 25);

    // Exported, the banks read back as the same questions.
    let out = db.dir.join("gift").join("exportado.gift");
    let exported = cli(
        &db,
        &[
            "certification",
            "export-gift",
            "--output",
            &out.display().to_string(),
        ],
        "es_MX.UTF-8",
    );
    assert!(exported.status.success(), "{:?}", text(&exported));
    let written = std::fs::read_to_string(&out).unwrap();
    let read_back = soporte_certification::gift::parse(&written).unwrap();
    let original =
        soporte_certification::gift::parse(&std::fs::read_to_string(&changed).unwrap()).unwrap();
    let plain = |questions: Vec<soporte_certification::gift::Question>| -> Vec<_> {
        questions
            .into_iter()
            .map(|q| (q.name, q.id, q.text, q.kind, q.general_feedback, q.after))
            .collect()
    };
    assert_eq!(plain(read_back.clone()), plain(original));
    assert_eq!(read_back[0].category.as_deref(), Some("Instalación"));
    assert!(written.starts_with(
        "$CATEGORY: Instalación\n\n// [id:INS-01] [tag:medios]\n::Medio de instalación::"
    ));

    // Checking a file touches no database and can print what it read.
    let checked = cli(
        &db,
        &["certification", "check-gift", &banks, "--json"],
        "es_MX.UTF-8",
    );
    assert!(checked.status.success());
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 25);
    assert_eq!(json[1]["kind"]["kind"], "true_false");
    assert_eq!(json[1]["kind"]["answer"], true);
}
both!(staff_import_a_gift_bank_and_export_it_again);
