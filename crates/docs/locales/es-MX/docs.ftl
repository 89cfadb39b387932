# Documentación — textos en español de México.

docs-intro = La primera línea de soporte: guías, manuales, preguntas frecuentes y soluciones de la comunidad. Casi todo problema tiene aquí su respuesta.
docs-user-guide = Guía de usuario
docs-user-guide-text = Instalación, configuración y uso diario de MxOS.
docs-admin-guide = Guía de administrador
docs-admin-guide-text = Tareas de administración: cuentas, redes, respaldos, actualizaciones y servidores.
docs-manuals = Manuales técnicos
docs-manuals-text = La arquitectura de MxOS y sus componentes, a detalle.
docs-faq = Preguntas frecuentes
docs-faq-text = Respuestas rápidas a las dudas más comunes.
docs-knowledge-base = Base de conocimiento
docs-knowledge-base-text = Tutoriales, trucos y soluciones que aporta la comunidad.
docs-article-count = { $count ->
    [one] 1 artículo
   *[other] { $count } artículos
}
docs-home = Inicio
docs-breadcrumbs = Ruta
docs-empty = Esta colección todavía no tiene artículos.
docs-other-language = Este contenido todavía no está en español; se muestra en inglés.
docs-on-this-page = En esta página
docs-pager = Artículo anterior y siguiente
docs-updated = Actualizado el
docs-history = Historial
docs-history-of = Historial de «{ $title }»
docs-revisions = Versiones, de la más reciente a la más antigua
docs-author = Autor
docs-summary = Resumen del cambio
docs-back-to-article = Volver al artículo
docs-edit = Editar
docs-new-article = Nuevo artículo
docs-edit-article = Editar artículo
docs-field-title = Título
docs-field-body = Texto
docs-field-body-hint = En Markdown: # para títulos, **negritas**, listas con -, tablas y bloques de código con ```.
docs-field-summary = Resumen del cambio (opcional)
docs-save = Guardar
docs-title-invalid = Escribe un título de 1 a 200 caracteres con al menos una letra o número.
docs-body-invalid = Escribe el texto del artículo.
docs-saved-meanwhile = Alguien más guardó este artículo mientras lo editabas, y tu cambio no se guardó para no borrar el suyo. Tu texto sigue aquí: compáralo con la versión actual (en otra pestaña) y guarda de nuevo.
docs-too-many-submissions = Ya enviaste muchos cambios a revisión en la última hora. Espera un poco antes de enviar otro; tu texto sigue aquí.
docs-title-taken = Ya hay un artículo con ese título en esta colección. Elige otro.
docs-feed-title = Documentación de MxOS: novedades
docs-feedback-question = ¿Te fue útil este artículo?
docs-feedback-comment = ¿Qué le faltó o qué sobra? (opcional)
docs-helpful-yes = Sí
docs-helpful-no = No
docs-feedback-thanks = ¡Gracias por tu opinión! Nos ayuda a mejorar la documentación.
docs-comments = Comentarios recientes
docs-helpfulness-title = Utilidad de los artículos
docs-helpfulness-intro = Lo que respondieron los lectores a «¿Te fue útil?», con los artículos menos útiles primero.
docs-helpfulness-caption = Artículos con respuestas, del menos útil al más útil
docs-helpfulness-empty = Todavía nadie ha respondido.
docs-comparing = Cambios de la versión { $from } a la { $to }
docs-compare-from = De la versión
docs-compare-to = a la versión
docs-compare = Comparar
docs-compare-previous = Comparar con la anterior
docs-line-removed = Línea eliminada:
docs-line-added = Línea añadida:
docs-revert = Volver a esta versión
docs-reverted-to = Revertido a la versión { $number }
docs-pending-notice = Tu cambio quedó en revisión: se publicará cuando alguien de confianza lo apruebe. ¡Gracias por contribuir!
docs-review-title = Cambios por revisar
docs-review-intro = Artículos y cambios de la base de conocimiento enviados por miembros nuevos. Apruébalos para publicarlos o recházalos.
docs-review-more-lines = { $count ->
        [one] Falta 1 línea más, que no se muestra aquí por lo largo del cambio.
       *[other] Faltan { $count } líneas más, que no se muestran aquí por lo largo del cambio.
    }
docs-review-empty = No hay cambios pendientes.
docs-review-new = artículo nuevo
docs-review-current = ver la versión publicada
docs-review-approve = Aprobar y publicar
docs-review-reject = Rechazar
docs-faq-general = Generales
docs-faq-permalink = Página de esta pregunta
docs-field-category = Categoría
docs-review-outdated = No se aprobó: el artículo se publicó de nuevo después de que se escribió este cambio, y aprobarlo desharía lo nuevo. Recházalo y pide a su autor que lo rehaga sobre la versión actual.
docs-move-up = Subir
docs-move-down = Bajar
docs-read-in-english = Léelo en inglés
docs-read-in-spanish = Léelo en español
docs-translation-english = Su versión en inglés
docs-translation-spanish = Su versión en español
docs-translation-none = Ninguna
docs-translation-save = Guardar traducción
docs-translation-invalid-title = Esa traducción no corresponde
docs-translation-invalid = La traducción debe ser un artículo de la misma colección en el otro idioma.
docs-import-progress = Importando documentos
docs-import-revision = Importado de Sphinx ({ $source }.rst)
docs-import-done = Importación terminada: { $created ->
        [one] 1 artículo nuevo
       *[other] { $created } artículos nuevos
    }, { $updated ->
        [one] 1 actualizado
       *[other] { $updated } actualizados
    }, { $unchanged } sin cambios, { $images ->
        [one] 1 imagen
       *[other] { $images } imágenes
    }.
docs-import-all-converted = Todo el contenido se convirtió.
docs-import-unknown = { $count ->
        [one] 1 elemento no se pudo convertir y se muestra tal cual en su artículo
       *[other] { $count } elementos no se pudieron convertir y se muestran tal cual en los artículos
    }: { $list }
docs-import-bad-collection = «{ $value }» no es una colección. Usa una de estas: { $list }
docs-import-bad-language = «{ $value }» no es un idioma de la documentación. Usa es o en.
docs-import-unreadable = No se pudieron leer las fuentes: { $detail }
docs-import-empty = No hay documentos reStructuredText (.rst) en { $dir }.
docs-import-skipped-link = Omitido { $path }: es un enlace simbólico. La importación solo lee archivos normales dentro de la carpeta; copia ahí el archivo si debe publicarse.
docs-import-skipped-special = Omitido { $path }: no es un archivo normal.
docs-import-skipped-large = Omitido { $path }: pesa más de { $megabytes } MB.
docs-import-failed = No se pudo importar: { $detail }
docs-admonition-note = Nota
docs-admonition-warning = Advertencia
docs-admonition-tip = Consejo
docs-admonition-important = Importante
docs-admonition-caution = Precaución
docs-admonition-danger = Peligro
docs-admonition-error = Error
docs-admonition-hint = Sugerencia
docs-admonition-attention = Atención
docs-admonition-seealso = Ver también
docs-field-keywords = Palabras clave
docs-field-keywords-hint = Otras palabras con que la gente buscaría este artículo, separadas por comas; pesan más que el título en la búsqueda.

# The audit log
audit-docs-revision-approved = Cambio de documentación aprobado
audit-docs-revision-rejected = Cambio de documentación rechazado
docs-promoted-credit = Con base en una pregunta solucionada en la comunidad, escrita por: { $authors }.
docs-intake-faq = Convertir en pregunta frecuente
docs-intake-knowledge-base = Crear un artículo de la base de conocimiento
docs-related-questions = Preguntas relacionadas en la comunidad
