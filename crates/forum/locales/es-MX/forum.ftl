# Foro de la comunidad (/comunidad)

forum-title = Comunidad
forum-lead = Pregunta a la comunidad de MxOS, ayuda a otras personas y encuentra soluciones que ya funcionaron. Es un apoyo de buena voluntad, moderado por la Fundación.
forum-categories = Categorías
forum-categories-manage = Administrar categorías
forum-topics = Temas
forum-topic-count = { $count ->
    [one] 1 tema
   *[other] { $count } temas
}
forum-reply-count = { $count ->
    [one] 1 respuesta
   *[other] { $count } respuestas
}
forum-me-too-count = { $count ->
    [0] A nadie más le ha pasado todavía
    [one] A 1 persona le pasa
   *[other] A { $count } personas les pasa
}
forum-helpful-count = { $count ->
    [0] Nadie la ha marcado como útil
    [one] Útil para 1 persona
   *[other] Útil para { $count } personas
}
forum-product = Producto
forum-ask = Hacer una pregunta
forum-sort = Ordenar por
forum-sort-activity = Actividad más reciente
forum-sort-unanswered = Sin respuesta (las que más afectan primero)
forum-sort-solved = Solucionadas
forum-sort-votes = Las que más afectan
forum-state = Estado
forum-any-state = Cualquier estado
forum-tag = Etiqueta
forum-filter = Mostrar
forum-no-topics = No hay temas que coincidan.
forum-closed = Cerrado
forum-former-member = Cuenta eliminada
forum-crumbs = Ruta de navegación

forum-kind-question = Pregunta
forum-kind-discussion = Discusión
forum-state-open = Abierta
forum-state-needs-info = Necesita información
forum-state-answered = Respondida
forum-state-solved = Solucionada
forum-state-expired = Expirada

forum-collection-solved = Comunidad · preguntas solucionadas
forum-collection-open = Comunidad · temas abiertos

forum-me-too = A mí también me pasa
forum-me-too-undo = Ya no me pasa (quitar mi voto)
forum-helpful = Me fue útil
forum-helpful-undo = Quitar «me fue útil»
forum-solution = Solución
forum-mark-solution = Marcar la respuesta { $number } de { $author } como la solución
forum-unmark-solution = Quitar la marca de solución
forum-asks-for-info = Pide más información
forum-edited = Editado (ver historial)
forum-edit = Editar
forum-replies = Respuestas
forum-no-replies = Todavía nadie ha respondido.
forum-reply = Responder
forum-field-reply = Tu respuesta
forum-field-body-hint = Puedes usar Markdown: **negritas**, `código`, listas y enlaces. Para citar, empieza la línea con >.
forum-ask-for-info = Le pido más información a quien preguntó (la pregunta queda como «Necesita información» hasta que responda)
forum-send-reply = Publicar respuesta
forum-sign-in-to-reply = Entra para responder
forum-closed-title = Tema cerrado
forum-closed-text = Este tema está cerrado: ya no recibe respuestas.
forum-solved-needs-no-info = Esta pregunta ya está solucionada: no necesita más información. Puedes publicar tu respuesta sin pedirla.
forum-refused-title = No se puede hacer eso ahora
forum-refused-text = La pregunta está en un estado que no permite ese cambio.
forum-not-solution-title = No es una solución posible
forum-not-solution-text = Solo una respuesta de esta pregunta puede marcarse como su solución.
forum-vote-title = No se puede votar
forum-vote-discussion = Las discusiones no llevan «a mí también me pasa».
forum-vote-opening = La pregunta misma no se marca como útil: marca las respuestas.
forum-vote-own-question = Es tu propia pregunta: ya cuenta que te pasa.
forum-vote-own-reply = No puedes marcar como útil tu propia respuesta.

forum-ask-title = Hacer una pregunta
forum-ask-lead = Antes de publicar, buscamos si ya hay una respuesta. Describe tu problema con detalle: versión de MxOS, qué hiciste y qué mensaje viste.
forum-field-category = Categoría
forum-field-kind = Tipo de tema
forum-field-title = Título
forum-field-title-hint = Resume el problema en una frase, por ejemplo: «No hay sonido después de actualizar a MxOS 2.0».
forum-field-body = Descripción
forum-field-tags = Etiquetas (opcional)
forum-field-tags-hint = Hasta 5, separadas por comas: audio, impresoras, wifi…
forum-preview = Vista previa y sugerencias
forum-preview-title = Así se verá tu pregunta
forum-publish = Publicar
forum-keep-editing = Seguir editando
forum-suggestions-title = Quizá esto ya responde tu pregunta
forum-suggestions-lead = Encontramos artículos y preguntas solucionadas parecidas. Si alguno te resuelve el problema, dínoslo y no hace falta publicar.
forum-suggestions-none = No encontramos respuestas parecidas: publica tu pregunta y la comunidad te ayudará.
forum-suggestions-none-yet = Todavía no encontramos respuestas parecidas.
forum-resolved-me = Esto me resolvió
forum-resolved-title = Dirección no válida
forum-resolved-bad = Solo se puede ir a una página de este sitio.

forum-problem-title-short = Escribe un título de al menos 8 caracteres que describa el problema.
forum-problem-title-long = El título es demasiado largo: usa como máximo 200 caracteres.
forum-problem-body-empty = Escribe el texto de tu mensaje.
forum-problem-body-long = El mensaje es demasiado largo: usa como máximo 20 000 caracteres.
forum-problem-tags-many = Usa como máximo 5 etiquetas.
forum-problem-tag-long = Cada etiqueta puede tener como máximo 30 caracteres.
forum-problem-kind = Elige si es una pregunta o una discusión.
forum-problem-category = Elige una categoría.

forum-edit-title = Editar mensaje
forum-field-reason = Motivo del cambio
forum-edit-needs-reason = Al editar el mensaje de otra persona, escribe el motivo: se muestra en el historial.
forum-edit-reason-long = El motivo es demasiado largo: usa como máximo 300 caracteres.
forum-save = Guardar
forum-back-to-topic = Volver al tema
forum-history-title = Historial del mensaje
forum-revision = Versión

forum-conduct-title = Código de conducta
forum-conduct-lead = La comunidad de MxOS es un lugar para ayudarnos. Al participar aceptas estas reglas:
forum-conduct-respect = Trata a todas las personas con respeto, sin insultos, acoso ni discriminación.
forum-conduct-search = Busca antes de preguntar: quizá alguien ya tuvo tu problema.
forum-conduct-details = Da detalles: versión de MxOS, qué hiciste, qué esperabas y qué pasó.
forum-conduct-privacy = No publiques contraseñas, datos personales ni información de terceros.
forum-conduct-spam = Nada de publicidad ni mensajes repetidos.
forum-conduct-solution = Cuando una respuesta te resuelva el problema, márcala como solución: ayuda a quien venga después.
forum-conduct-moderation = La Fundación MxOS modera la comunidad: puede ocultar mensajes, cerrar temas y silenciar o suspender cuentas que no respeten estas reglas, siempre con un motivo.
forum-back-to-community = Volver a la comunidad

forum-category-new = Nueva categoría
forum-category-name = Nombre
forum-category-name-en = Nombre en inglés (opcional)
forum-category-description = Descripción
forum-category-description-en = Descripción en inglés (opcional)
forum-category-product = Producto o versión (opcional, por ejemplo «MxOS 2.0»)
forum-category-order = Orden
forum-category-problem-name = Escribe un nombre con letras o números que no sea una dirección reservada.
forum-category-problem-long = Un texto es demasiado largo.
forum-category-problem-position = El orden debe ser un número entero.
forum-category-problem-taken = Ya hay una categoría con ese nombre.

audit-forum-category-saved = Categoría del foro guardada

forum-silenced = Un moderador te silenció hasta el { $until }: no puedes publicar ni denunciar mientras tanto. Motivo: { $reason }
forum-silenced-title = No puedes publicar por ahora
forum-silenced-text = Un moderador te silenció por un tiempo. Verás el motivo y la fecha en cualquier tema.
forum-too-fast-title = Demasiado rápido
forum-too-fast = Publicaste muchas veces en poco tiempo. Espera un poco y vuelve a intentarlo; lo que escribiste sigue aquí.
forum-post-flagged = Este mensaje está oculto mientras un moderador revisa las denuncias.
forum-post-hidden = Un moderador ocultó este mensaje. Motivo: { $reason }
forum-post-spam = Un moderador retiró este mensaje por ser publicidad no deseada.
forum-visibility-shown = Visible
forum-visibility-hidden = Oculto por un moderador
forum-visibility-spam = Retirado por spam
forum-flag = Denunciar
forum-flag-why = ¿Por qué denuncias este mensaje?
forum-flag-spam = Es publicidad no deseada (spam)
forum-flag-offensive = Es ofensivo
forum-flag-off-topic = Está fuera de tema
forum-flag-other = Otro motivo (explícalo abajo)
forum-flag-note = Detalles (obligatorio si eliges «Otro motivo»)
forum-flag-send = Enviar denuncia
forum-flag-thanks = Gracias: un moderador revisará el mensaje.
forum-flag-title = No se pudo enviar la denuncia
forum-flag-already = Ya denunciaste este mensaje; un moderador lo revisará.
forum-flag-not-allowed = No puedes denunciar este mensaje (es tuyo, o no puedes publicar por ahora).
forum-flag-reason-needed = Elige por qué denuncias el mensaje.
forum-flag-note-needed = Explica el motivo en los detalles.
forum-queue-title = Cola de moderación
forum-queue-lead = Primero, los mensajes de miembros nuevos que esperan revisión; después, los denunciados. Ambos del más antiguo al más reciente. Cada decisión queda en la bitácora de auditoría con su motivo.
forum-queue-empty = No hay denuncias pendientes.
forum-queue-handled = Otro moderador ya atendió estas denuncias.
forum-queue-unknown-decision = Elige una decisión: mantener oculto, descartar las denuncias o retirar por spam.
forum-decision-uphold = Mantener oculto
forum-decision-dismiss = Descartar denuncias y mostrar
forum-decision-spam = Retirar por spam
forum-reason-title = Falta el motivo
forum-reason-needed = Escribe un motivo de hasta 300 caracteres: queda en la bitácora de auditoría.
forum-moderation-tools = Herramientas de moderación
forum-field-moderation-reason = Motivo
forum-close = Cerrar el tema
forum-reopen = Reabrir el tema
forum-move = Mover el tema
forum-move-to = Mover a la categoría
forum-move-title = No se pudo mover el tema
forum-hide = Ocultar
forum-restore = Mostrar de nuevo
forum-silence = Silenciar
forum-silence-days-label = Días de silencio
forum-silence-reason = Motivo (la persona lo verá)
forum-silence-title = No se pudo silenciar
forum-silence-days = Elige entre 1 y 365 días.

audit-forum-flag-upheld = Denuncia confirmada en el foro
audit-forum-flag-dismissed = Denuncia descartada en el foro
audit-forum-spam-removed = Mensaje del foro retirado por spam
audit-forum-post-hidden = Mensaje del foro ocultado
audit-forum-post-restored = Mensaje del foro mostrado de nuevo
audit-forum-topic-closed = Tema del foro cerrado
audit-forum-topic-reopened = Tema del foro reabierto
audit-forum-topic-moved = Tema del foro movido
forum-draft-kept = Tu texto, para que lo copies y no se pierda

forum-unknown-mention = Tu mensaje se publicó. Alguna @mención no corresponde a nadie de la comunidad: se muestra como texto y nadie recibió aviso.
forum-watch = Seguir
forum-unwatch = Dejar de seguir
forum-watch-topic-button = Seguir este tema (recibir avisos de respuestas)
forum-unwatch-topic = Dejar de seguir este tema
forum-watch-topic = El tema «{ $title }»
forum-watch-category = La categoría «{ $name }»
forum-watch-tag = La etiqueta #{ $tag }
forum-unsubscribe-title = Dejar de recibir avisos
forum-unsubscribe-button = Dejar de seguir
forum-unsubscribe-done = Listo: ya no recibirás avisos de esto.
forum-unsubscribe-gone = Este enlace ya no sigue nada: quizá ya te diste de baja.
forum-mail-title = Avisos por correo
forum-mail-lead = Recibes avisos de los temas, categorías y etiquetas que sigues, y cuando alguien te menciona con @. Siempre los verás en la página de avisos; aquí eliges cuándo llegan por correo.
forum-mail-question = ¿Cuándo quieres recibir correo?
forum-mail-each = Un correo por cada aviso
forum-mail-daily = Un resumen diario
forum-mail-weekly = Un resumen semanal
forum-mail-never = Nunca: solo en la página de avisos
forum-mail-saved = Guardado.
forum-mail-unknown = Elige una de las opciones.
forum-notice-reply = { $author } respondió en «{ $title }».
forum-notice-topic = { $author } abrió el tema «{ $title }».
forum-notice-mention = { $author } te mencionó en «{ $title }».
forum-mail-subject = [Comunidad MxOS] { $title }
forum-mail-body = { $text }

    { $quote }

    Léelo y responde aquí: { $link }

    { $stop }
    { $settings }
forum-mail-stop-watching = Para dejar de recibir estos avisos con un clic: { $link }
forum-mail-settings = Para elegir cuándo te escribimos: { $link }
forum-digest-subject = { $count ->
    [one] [Comunidad MxOS] Tu resumen: 1 aviso
   *[other] [Comunidad MxOS] Tu resumen: { $count } avisos
}
forum-digest-body = Esto pasó en la comunidad de MxOS en lo que sigues:

    { $lines }

    Para elegir cuándo te escribimos: { $settings }
forum-person-counts = { $posts } mensajes · { $solutions } soluciones aceptadas
forum-person-asked = Temas que abrió
forum-person-asked-none = Todavía no ha abierto temas.

forum-kpi-title = Indicadores de la comunidad
forum-kpi-lead = Semana por semana (de lunes a domingo, en hora UTC): cuántas preguntas llegan, qué tan rápido reciben respuesta, cuántas se solucionan, quiénes ayudan y cuántas preguntas resolvió la búsqueda antes de publicarse.
forum-kpi-all = Todas las categorías
forum-kpi-csv = Descargar en CSV
forum-kpi-table = Indicadores por semana (las horas son medianas)
forum-kpi-week = Semana (lunes)
forum-kpi-asked = Preguntas
forum-kpi-24h = Con respuesta en 24 h
forum-kpi-72h = Con respuesta en 72 h
forum-kpi-solved = Solucionadas
forum-kpi-first-reply = Horas a la primera respuesta
forum-kpi-solution = Horas a la solución
forum-kpi-active = Personas que ayudaron
forum-kpi-new = Personas que ayudaron por primera vez
forum-kpi-deflection = Resueltas antes de publicar (todas las categorías)
forum-kpi-chart-asked = Preguntas por semana
forum-kpi-chart-asked-desc = Barras claras: preguntas hechas cada semana; barras oscuras: las que se solucionaron. La tabla de abajo tiene las mismas cifras.
forum-kpi-chart-asked-caption = Preguntas por semana (claro) y solucionadas (oscuro)
forum-kpi-chart-answered = Porcentaje de preguntas con respuesta en 24 horas
forum-kpi-chart-answered-desc = Una línea por semana con el porcentaje de preguntas que recibieron una primera respuesta en 24 horas. La tabla de abajo tiene las mismas cifras.
forum-kpi-csv-header = semana,preguntas,respuesta_24h,respuesta_72h,solucionadas,mediana_horas_primera_respuesta,mediana_horas_solucion,personas_que_ayudaron,personas_nuevas,flujos_publicados,flujos_resueltos,flujos_abandonados
forum-kpi-link = Indicadores

forum-too-fast-marks = Marcaste muchas cosas en poco tiempo. Espera un poco y vuelve a intentarlo.
forum-flag-hidden = Un moderador ya ocultó este mensaje.
forum-flag-note-long = Los detalles pueden tener como máximo 300 caracteres.
forum-silence-not-yours = Solo el equipo de la Fundación silencia a moderadores y a su propio equipo, y nadie puede silenciarse a sí mismo.
forum-digest-more = { $count ->
    [one] …y 1 aviso más: { $link }
   *[other] …y { $count } avisos más: { $link }
}

forum-api-bad-filter = Un filtro no tiene la forma esperada: categoría y etiqueta son palabras en minúsculas separadas por guiones, y «after» es el «next» de la página anterior.

forum-silence-current = Silenciado por un moderador
forum-silence-lift = Levantar el silencio
forum-quote = Citar

## Niveles de confianza
forum-level-heading = Nivel de confianza
forum-level-new = Nuevo
forum-level-basic = Básico
forum-level-member = Miembro
forum-level-regular = Habitual
forum-level-new-unlocks = Como miembro nuevo, tus primeras publicaciones esperan la revisión de un moderador y todavía no puedes incluir enlaces ni imágenes.
forum-level-basic-unlocks = Publicas al instante y puedes incluir enlaces e imágenes.
forum-level-member-unlocks = Además, tus denuncias pesan el doble para ocultar un mensaje mientras se revisa.
forum-level-regular-unlocks = Además, editas los artículos de la base de conocimientos directamente, sin esperar revisión.
forum-level-next = Siguiente nivel
forum-level-met = Cumplido
forum-level-top = Ya tienes el nivel más alto que se gana con la actividad.
forum-measure-days = { $have } de { $want } días con visitas
forum-measure-read = { $have } de { $want } mensajes leídos
forum-measure-replies = { $have } de { $want } respuestas publicadas
forum-measure-solutions = { $have } de { $want } respuestas aceptadas como solución
forum-measure-flags = { $have } de { $want } denuncias confirmadas por un moderador
forum-level-set-label = Fijar el nivel a mano
forum-level-auto = Según su actividad
forum-level-set = Guardar el nivel
forum-level-saved = Se guardó el nivel de confianza.
forum-level-title = Nivel de confianza
forum-level-unknown = Ese nivel no existe: elige uno de la lista.
forum-my-level = Tu nivel y tus insignias
forum-badges-heading = Insignias
forum-badges-none = Todavía no tiene insignias.
forum-problem-links = Como miembro nuevo aún no puedes incluir enlaces ni imágenes. Quítalos o escríbelos como texto; podrás usarlos al subir al nivel Básico.
forum-post-pending = Este mensaje espera la revisión de un moderador.
forum-post-waits-notice = Tu mensaje se guardó y espera la revisión de un moderador: las primeras publicaciones de los miembros nuevos se revisan antes de mostrarse.
forum-waiting-heading = Mensajes de miembros nuevos
forum-waiting-empty = Ningún mensaje espera revisión.
forum-flagged-heading = Mensajes denunciados
forum-field-review-reason = Motivo (necesario para rechazar)
forum-review-approve = Publicar
forum-review-reject = Rechazar
audit-forum-post-approved = Mensaje de un miembro nuevo publicado en el foro
audit-forum-post-rejected = Mensaje de un miembro nuevo rechazado en el foro
audit-forum-trust-level-set = Nivel de confianza fijado en el foro
forum-appeal-link = Apelar esta decisión
forum-suspend = Suspender la cuenta
forum-suspend-days-label = Días de suspensión
forum-suspension-current = Cuenta suspendida
forum-suspension-lift = Levantar la suspensión
forum-suspended = Cuenta suspendida hasta el { $until }. Motivo: { $reason }
forum-suspend-title = Suspender una cuenta
forum-suspend-not-yours = Solo el equipo de la Fundación suspende a moderadores y al propio equipo, y nadie puede suspenderse a sí mismo.
forum-person-moderate = Moderación
forum-silence-person = Silenciar
forum-merge = Unir con otro tema
forum-merge-into = Tema con el que se une
forum-merge-hint = Su número o su dirección, por ejemplo 42 o /comunidad/tema/42. Los mensajes de este tema pasan a aquel, y esta dirección llevará allá.
forum-merge-title = Unir temas
forum-merge-same = Un tema no se puede unir consigo mismo.
forum-merge-already = Uno de los dos temas ya se unió con otro.
forum-merge-which = Escribe el número o la dirección del tema con el que se une.
forum-split-link = Separar respuestas en un tema nuevo
forum-split-title = Separar respuestas en un tema nuevo
forum-split-lead = Elige las respuestas que tratan otro asunto: la primera, por fecha, abre el tema nuevo con su autor. Tema de origen:
forum-split-which = Respuestas que pasan al tema nuevo
forum-split-no-replies = Este tema no tiene respuestas que separar.
forum-split-new-title = Título del tema nuevo
forum-split-submit = Separar en un tema nuevo
forum-split-choose = Elige al menos una respuesta (la pregunta inicial se queda en su tema).
audit-forum-topic-merged = Temas unidos en el foro
audit-forum-topic-split = Respuestas separadas en un tema nuevo del foro
# Silences from before they moved to the platform's restrictions (older audit entries).
audit-forum-person-silenced = Persona silenciada en el foro
audit-forum-silence-lifted = Silencio levantado en el foro
forum-post-use-queue = Este mensaje espera revisión: publícalo o recházalo desde la cola de moderación.
forum-images-title = Subir una imagen
forum-images-lead = Sube una captura o una foto y pega en tu mensaje el texto que te damos.
forum-images-limit = Se aceptan PNG, JPEG, GIF o WebP de hasta { $kb } KB.
forum-images-file = Imagen
forum-images-description = Descripción de la imagen
forum-images-description-hint = Qué muestra, para quien no puede verla (por ejemplo: «Ventana de Sonido con la salida en HDMI»). Hasta 200 caracteres.
forum-images-submit = Subir la imagen
forum-images-done = Imagen subida
forum-images-markdown = Copia este texto y pégalo en tu mensaje
forum-images-not-yet = Podrás subir imágenes al llegar al nivel de confianza Básico: lee algunos temas y vuelve otro día.
forum-images-describe = Escribe una descripción de la imagen (de 1 a 200 caracteres).
forum-images-too-fast = Subiste muchas imágenes en poco tiempo. Espera un poco y vuelve a intentarlo.
forum-images-link = Subir una imagen (se abre en otra pestaña)
forum-merge-not-shown = El tema de destino espera revisión o está oculto: únelo a un tema visible.
