//! Demo articles, so that a first look at Soporte has documentation to read.

use soporte_platform::storage::UserId;
use std::collections::BTreeMap;

use soporte_platform::i18n::{I18n, Locale};
use soporte_platform::storage::Db;

use crate::collections::Collection;
use crate::import::Tree;
use crate::import::write::{self, ImportError, Texts};
use crate::store::{self, Draft, ReviseError, StoreError, TranslationError};

const ARTICLES: [(Collection, Locale, &str, &str); 6] = [
    (
        Collection::UserGuide,
        Locale::EsMx,
        "Primeros pasos con MxOS",
        "MxOS es un sistema operativo hecho en México. Esta guía te acompaña desde la instalación hasta tu primer día de uso.\n\n## Antes de instalar\n\n- Respalda tus archivos en una memoria USB o en la nube.\n- Ten a la mano tu contraseña de la red inalámbrica.\n\n## Instalación\n\n1. Descarga la imagen desde el sitio de la Fundación.\n2. Grábala en una memoria USB.\n3. Arranca la computadora desde la memoria y sigue el asistente.\n\n## Después de instalar\n\nAbre **Configuración** para elegir tu idioma, tu zona horaria y tus cuentas en línea.\n",
    ),
    (
        Collection::UserGuide,
        Locale::EsMx,
        "Conectarse a una red inalámbrica",
        "## Desde el panel\n\nHaz clic en el ícono de red, elige tu red y escribe la contraseña.\n\n## Si no aparece tu red\n\n- Revisa que el interruptor de la tarjeta inalámbrica esté encendido.\n- Acércate al módem y vuelve a buscar redes.\n\n| Síntoma | Qué revisar |\n|---|---|\n| No aparece ninguna red | El controlador de la tarjeta |\n| La contraseña no funciona | Mayúsculas y minúsculas |\n",
    ),
    (
        Collection::AdminGuide,
        Locale::EsMx,
        "Respaldos automáticos",
        "Programa un respaldo diario con la herramienta de respaldos del sistema.\n\n```sh\nsudo mxos-respaldo programar --diario --destino /media/respaldos\n```\n\n## Restaurar\n\nElige la fecha del respaldo y los archivos que quieres recuperar.\n",
    ),
    (
        Collection::Manuals,
        Locale::EsMx,
        "Arquitectura del sistema",
        "MxOS se compone del núcleo, los servicios del sistema, el escritorio y las aplicaciones.\n\n## Núcleo\n\nAdministra el hardware, la memoria y los procesos.\n\n## Servicios\n\nArrancan con el sistema: red, impresión, actualizaciones.\n",
    ),
    (
        Collection::Faq,
        Locale::EsMx,
        "¿MxOS es gratuito?",
        "Sí. MxOS es software libre y gratuito. El soporte profesional con garantías lo ofrecen los socios del ecosistema, con costo.\n",
    ),
    (
        Collection::UserGuide,
        Locale::En,
        "Getting started with MxOS",
        "MxOS is an operating system made in Mexico. This guide takes you from installation to your first day of use.\n\n## Before installing\n\nBack up your files.\n\n## Installing\n\nDownload the image, write it to a USB stick and follow the installer.\n",
    ),
];

/// Adds the demo articles, written by `author_id`.
pub async fn load(db: &Db, author_id: Option<UserId>) -> Result<(), sqlx::Error> {
    for (collection, locale, title, body) in ARTICLES {
        let draft = Draft {
            title: title.to_owned(),
            body: body.to_owned(),
            summary: String::new(),
            category: String::new(),
            keywords: String::new(),
        };
        match store::create(
            db,
            (collection, locale),
            &draft,
            author_id,
            store::Publish::Now,
            None,
        )
        .await
        {
            Ok(_) | Err(StoreError::SlugTaken) | Err(StoreError::EmptySlug) => {}
            Err(StoreError::Database(error)) => return Err(error),
        }
    }
    import_strategy(db).await?;
    // The getting-started guide exists in both languages.
    let spanish = store::find(
        db,
        Collection::UserGuide,
        Locale::EsMx,
        "primeros-pasos-con-mxos",
    );
    let english = store::find(
        db,
        Collection::UserGuide,
        Locale::En,
        "getting-started-with-mxos",
    );
    if let (Some(spanish), Some(english)) = (spanish.await?, english.await?) {
        match store::link_translation(db, &spanish, Some(english.id), author_id).await {
            Ok(()) | Err(TranslationError::NotAPair) => {}
            Err(TranslationError::Database(error)) => return Err(error),
        }
    }
    Ok(())
}

/// MxOS's support strategy, as the Foundation wrote it in reStructuredText: imported
/// like any Sphinx tree, so the demo shows the importer's work.
const STRATEGY: &str = include_str!("../demo/estrategia-de-soporte.rst");

async fn import_strategy(db: &Db) -> Result<(), sqlx::Error> {
    let i18n = I18n::load_with(&crate::FLUENT).ok();
    let text = |id: &str, args: &[(&str, &str)]| match &i18n {
        Some(i18n) => i18n.text_with(Locale::EsMx, id, args),
        None => id.to_owned(),
    };
    let summary = |source: &str| text("docs-import-revision", &[("source", source)]);
    let admonition = |kind: &str| text(&format!("docs-admonition-{kind}"), &[]);
    let tree = Tree {
        texts: BTreeMap::from([("estrategia-de-soporte.rst".to_owned(), STRATEGY.to_owned())]),
        ..Tree::default()
    };
    let texts = Texts {
        summary: &summary,
        admonition: &admonition,
    };
    match write::import(
        db,
        &tree,
        Collection::Manuals,
        Locale::EsMx,
        &texts,
        &mut |_, _| {},
    )
    .await
    {
        Ok(_) | Err(ImportError::Empty) => Ok(()),
        Err(ImportError::Database(error))
        | Err(ImportError::Store(StoreError::Database(error)))
        | Err(ImportError::Revise(ReviseError::Database(error))) => Err(error),
        Err(ImportError::Store(_)) | Err(ImportError::Revise(ReviseError::SavedMeanwhile)) => {
            Ok(())
        }
    }
}
