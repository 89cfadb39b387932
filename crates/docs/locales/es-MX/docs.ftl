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
