# Las mesas de soporte de los socios (/soporte-profesional).

desk-calendar-shape = El calendario no tiene la forma esperada ({ $detail }). Escribe "kind": "24x7", o "kind": "business" con "zone", "hours" y "mx_statutory_holidays" (y, si quieres, "extra_holidays").
desk-calendar-zone = «{ $zone }» no es una zona horaria de México. Usa una de estas: { $zones }.
desk-calendar-time = «{ $value }» no es una hora válida en el horario del { $day ->
    [mon] lunes
    [tue] martes
    [wed] miércoles
    [thu] jueves
    [fri] viernes
    [sat] sábado
   *[sun] domingo
    }: escribe HH:MM, de 00:00 a 23:59 (o 24:00 como fin).
desk-calendar-reversed = El intervalo { $start }–{ $end } del { $day ->
    [mon] lunes
    [tue] martes
    [wed] miércoles
    [thu] jueves
    [fri] viernes
    [sat] sábado
   *[sun] domingo
    } termina antes de empezar o no dura nada. Un turno que cruza la medianoche se escribe como dos intervalos, uno en cada día.
desk-calendar-overlap = En el horario del { $day ->
    [mon] lunes
    [tue] martes
    [wed] miércoles
    [thu] jueves
    [fri] viernes
    [sat] sábado
   *[sun] domingo
    } los intervalos { $first } y { $second } se enciman.
desk-calendar-date = «{ $value }» no es una fecha válida para un día festivo: escribe AAAA-MM-DD, entre 1970 y 2199.
desk-calendar-no-hours = El horario no tiene ninguna hora hábil. Agrega al menos un intervalo o usa un calendario 24x7.
desk-calendar-too-many-holidays = El calendario trae { $count } días festivos adicionales; el máximo es { $max }.
desk-instant-bad = «{ $value }» no es un instante ISO-8601 en UTC (por ejemplo, 2025-12-12T15:00:00Z).
desk-instant-minute = «{ $value }» no cae en un minuto exacto: los segundos deben ser cero.
desk-instant-range = «{ $value }» está fuera de las fechas que maneja el reloj (de 1970 a 2199).
desk-pause-reversed = La pausa de { $start } a { $end } termina antes de empezar.
desk-target-bad = La meta debe ser un número entero de minutos entre 0 y { $max }, no { $value }.
desk-due-beyond = Con este calendario la meta vencería después de 2199.
desk-sla-not-json = La línea { $line } no es JSON válido: { $detail }
desk-sla-missing = Falta el campo «{ $field }».
desk-sla-shape = El campo «{ $field }» no tiene la forma esperada: el registro es un objeto, los instantes son textos ISO-8601, las pausas son pares [inicio, fin] y la meta es un número.
desk-sla-failed-lines = { $count ->
    [one] Una línea tuvo un error (ver su respuesta).
   *[other] { $count } líneas tuvieron errores (ver sus respuestas).
}

## La página pública

desk-title = Soporte profesional
desk-lead = Cuando tu organización necesita tiempos de respuesta garantizados, atención 24/7 o ayuda en sitio, los socios del ecosistema de MxOS te dan soporte profesional con un contrato y acuerdos de nivel de servicio.
desk-your-desks = Tus mesas de ayuda
desk-role-admin = administración
desk-role-agent = agente
desk-your-portal = Tu portal de cliente
desk-your-portal-text = Tu organización tiene contrato con un socio: abre y sigue tus tickets, ve cuándo vence cada respuesta y contacta a tu gerente de cuenta.
desk-portal-link = Ir a mi portal
desk-how-title = Cómo funciona
desk-how-contract = Tu organización firma un contrato con un socio: define el plan de servicio, el horario de atención (hábil en tu zona o 24/7) y las horas incluidas de soporte remoto y en sitio.
desk-how-priorities = Cada ticket lleva una prioridad, de P1 (crítica: tu operación está detenida) a P4 (baja: una consulta), y el plan fija para cada una el tiempo de primera respuesta, de actualización y de solución.
desk-how-clock = Los tiempos corren solo en el horario del contrato, sin contar los días de descanso obligatorio, y se detienen mientras el socio espera una respuesta tuya.
desk-how-channels = Abres tickets en el portal; tu gerente de cuenta te da su contacto directo (teléfono, correo y WhatsApp).
desk-how-critical = Un incidente crítico (P1) avisa de inmediato a todo el personal de guardia del socio.
desk-find-title = Encuentra un socio
desk-find-text = El directorio de socios reúne a las empresas que dan soporte profesional de MxOS, con sus servicios, su cobertura y su personal certificado.
desk-find-link = Ver el directorio de socios
desk-sign-in-hint = ¿Ya eres cliente de un socio o trabajas en una mesa de ayuda?

## Listas

desk-no-tickets = No hay tickets que mostrar.
desk-col-number = Número
desk-col-subject = Asunto
desk-col-organization = Organización
desk-col-priority = Prioridad
desk-col-status = Estado
desk-col-assignee = Asignado a
desk-col-due = Próximo vencimiento
desk-portal-title = Portal de cliente
desk-portal-none = Tu cuenta no pertenece a ninguna organización con contrato de soporte. Si tu organización ya contrató a un socio, pide a tu gerente de cuenta que te agregue; si no, busca uno en el directorio.
desk-portal-lead = Los tickets de tu organización, con su estado y su próximo vencimiento.
desk-new-ticket = Abrir un ticket
desk-portal-tickets = Tickets de tu organización
desk-manager = Tu gerente de cuenta
desk-manager-name = Nombre
desk-manager-email = Correo
desk-manager-phone = Teléfono
desk-queue-title = Tickets
desk-queue-heading = Tickets de { $partner }
desk-filters = Filtros de tickets
desk-filter-open = En curso
desk-filter-all = Todos
desk-filter-any = Cualquiera
desk-filter-mine = Solo los asignados a mí
desk-filter-apply = Filtrar

## Un ticket

desk-new-lead = Describe qué pasa, desde cuándo y qué tanto afecta a tu operación. La prioridad decide qué tan pronto te responden.
desk-field-requester = Solicitante
desk-field-requester-hint = El correo de una persona de la organización; si lo dejas vacío, quedas tú como solicitante.
desk-field-subject = Asunto
desk-field-priority-hint = P1 crítica: la operación está detenida. P2 alta: una función importante falla. P3 normal: algo falla pero hay forma de seguir. P4 baja: una consulta o una petición.
desk-field-description = Descripción
desk-open-ticket = Abrir el ticket
desk-nobody = Nadie
desk-no-team = Ninguno
desk-someone = Alguien
desk-opened = Se abrió
desk-contract = Contrato
desk-no-contract = Esta organización no tiene un contrato vigente: el ticket no tiene tiempos garantizados.
desk-conversation = Conversación
desk-internal-note = Nota interna
desk-reply-title = Responder
desk-field-message = Mensaje
desk-field-visibility = Quién lo ve
desk-visibility-public = Respuesta al cliente
desk-visibility-internal = Nota interna (solo la mesa)
desk-send = Enviar
desk-customer-resolve = Ya quedó resuelto
desk-move-title = Cambiar el estado
desk-field-reminder = Recordármelo el
desk-field-reminder-hint = Solo para «Pendiente de recordatorio»: el ticket se reabre en esa fecha y hora (hora de la organización).
desk-move = Cambiar
desk-assign-title = Prioridad y asignación
desk-team = Equipo
desk-save = Guardar

## Tiempos de servicio

desk-sla-title = Tiempos de servicio
desk-sla-target = Meta
desk-sla-due = Vence
desk-sla-state = Situación
desk-target-first-response = Primera respuesta
desk-target-next-update = Siguiente actualización
desk-target-resolution = Solución
desk-sla-left = { $one ->
    [yes] queda { $time }
   *[no] quedan { $time }
}
desk-sla-left-business = { $one ->
    [yes] queda { $time } hábil
   *[no] quedan { $time } hábiles
}
desk-sla-met = Cumplida a tiempo: { $when }
desk-sla-met-late = Cumplida con retraso: { $when }
desk-sla-breached = Vencida
desk-sla-paused = En pausa: esperamos tu respuesta
desk-sla-paused-desk = En pausa: esperando al cliente

## Estados, prioridades, canales

desk-status-new = Nuevo
desk-status-open = Abierto
desk-status-pending-customer = Pendiente del cliente
desk-status-pending-reminder = Pendiente de recordatorio
desk-status-resolved = Resuelto
desk-status-closed = Cerrado
desk-priority-1 = crítica
desk-priority-2 = alta
desk-priority-3 = normal
desk-priority-4 = baja
desk-channel-portal = portal
desk-channel-agent = mesa de ayuda
desk-channel-api = API
desk-channel-email = correo
desk-channel-whatsapp = WhatsApp
desk-channel-phone = teléfono

## Problemas

desk-problem-subject-short = Escribe un asunto de al menos 4 caracteres.
desk-problem-subject-long = El asunto puede tener a lo más 200 caracteres.
desk-problem-body-empty = Escribe el mensaje.
desk-problem-body-long = El mensaje puede tener a lo más 50 000 caracteres. Si es un registro, adjúntalo como archivo.
desk-problem-slug = El nombre corto del socio lleva de 2 a 40 letras minúsculas, números o guiones, sin guion al principio ni al final.
desk-problem-name = Escribe el nombre del socio (hasta 120 caracteres).
desk-problem-slug-taken = Ya hay un socio con ese nombre corto.
desk-problem-contract-dates = Las fechas del contrato se escriben AAAA-MM-DD.
desk-problem-contract-ends-before = El contrato no puede terminar antes de empezar.
desk-problem-contract-hours = Las horas incluidas deben ser un número de minutos entre 0 y 1 000 000.
desk-problem-closed = Este ticket está cerrado: si necesitas más ayuda, abre uno nuevo.
desk-problem-reminder = Para dejarlo pendiente de recordatorio, indica una fecha y hora futuras.
desk-problem-assignee = Solo puedes asignar el ticket a alguien de esta mesa.
desk-problem-team = Ese equipo no es de esta mesa.
desk-problem-organization = Elige una de tus organizaciones.
desk-problem-priority = Elige una prioridad de P1 a P4.
desk-problem-requester = Ese correo no es de ninguna persona de la organización elegida.
desk-problem-status = Elige un estado.
desk-problem-move = El ticket ya no puede pasar a ese estado; la página muestra su estado actual.

audit-desk-opened = Mesa de socio abierta
audit-desk-staff-changed = Personal de una mesa cambiado
audit-desk-settings-changed = Ajustes de una mesa cambiados

## La administración de una mesa

desk-admin-title = Administrar la mesa
desk-admin-link = Administrar la mesa
desk-admin-people = Personal
desk-admin-email = Correo de su cuenta
desk-admin-role = Función
desk-admin-name = Nombre
desk-add = Agregar
desk-admin-teams = Equipos
desk-team-lead = Líder
desk-admin-calendars = Calendarios de atención
desk-calendar-json = Calendario (JSON)
desk-calendar-json-hint = Por ejemplo {"{"}"kind": "24x7"{"}"}, o un horario con "kind": "business", "zone" (una zona de México), "hours" por día ("mon" a "sun", intervalos ["09:00","18:00"]), "mx_statutory_holidays" y "extra_holidays" (fechas AAAA-MM-DD).
desk-admin-plans = Planes de servicio
desk-minutes = metas en minutos hábiles
desk-admin-organizations = Organizaciones cliente
desk-org-zone = Zona horaria
desk-org-manager = Gerente de cuenta
desk-admin-customers = Agregar a una persona de una organización
desk-admin-contracts = Contratos
desk-contract-plan = Plan
desk-contract-calendar = Calendario
desk-contract-hours = Horas remotas · en sitio
desk-contract-term = Vigencia
desk-contract-remote = Horas incluidas de soporte remoto
desk-contract-onsite = Horas incluidas de soporte en sitio
desk-contract-start = Inicio
desk-contract-end = Fin
desk-contract-notice = Aviso de renovación (días antes del fin)
desk-open-title = Abrir la mesa de un socio
desk-open-lead = La Fundación abre la mesa de ayuda de un socio y nombra a su primera persona administradora; desde ahí, el socio lleva su mesa.
desk-open-name = Nombre del socio
desk-open-slug = Nombre corto (para su dirección)
desk-open-admin = Correo de la cuenta de su administrador
desk-open-submit = Abrir la mesa
desk-problem-no-account = No hay ninguna cuenta con ese correo: la persona debe registrarse primero.
desk-problem-team-name = Escribe un nombre de equipo de hasta 80 caracteres que la mesa no tenga ya.
desk-problem-calendar-name = Escribe un nombre de calendario de hasta 80 caracteres que la mesa no tenga ya.
desk-problem-plan = Escribe un nombre de plan que la mesa no tenga ya y, para cada prioridad, metas en minutos mayores que cero.
desk-problem-organization-name = Escribe un nombre de organización de hasta 120 caracteres que la mesa no tenga ya.
desk-problem-zone = Elige una zona horaria de México.
desk-problem-customer-twice = Esa persona ya pertenece a la organización.
desk-problem-contract-parts = Elige una organización, un plan y un calendario de esta mesa.

desk-api-bad-filter = Un filtro no es válido: el socio es un nombre corto en minúsculas con guiones y la página va de 1 a 10 000.

desk-local-time = { $when }, { $city ->
    [cancun] hora de Cancún
    [merida] hora de Mérida
    [monterrey] hora de Monterrey
    [matamoros] hora de Matamoros
    [chihuahua] hora de Chihuahua
    [ciudad-juarez] hora de Ciudad Juárez
    [ojinaga] hora de Ojinaga
    [mazatlan] hora de Mazatlán
    [bahia-banderas] hora de Bahía de Banderas
    [hermosillo] hora de Hermosillo
    [tijuana] hora de Tijuana
   *[mexico-city] hora de la Ciudad de México
}

## Avisos de tiempos de servicio

desk-alert-warning = El ticket #{ $number } de { $organization } está por vencer su meta de { $target } ({ $when-due }).
desk-alert-breach = El ticket #{ $number } de { $organization } venció su meta de { $target } ({ $when-due }).
desk-alert-mail =
    { $text }

    Ábrelo en { $link }

## Tiempo trabajado y horas del contrato

desk-hours-title = Horas del contrato
desk-hours-line = { $kind }: { $used } usadas de { $included } (quedan { $left })
desk-hours-warning = Ya se usó el { $percent } % de las horas de { $kind } incluidas en el contrato.
desk-work-remote = soporte remoto
desk-work-onsite = soporte en sitio
desk-work-title = Tiempo trabajado
desk-work-day = Día
desk-work-who = Quién
desk-work-kind = Tipo
desk-work-length = Duración
desk-work-length-hint = En minutos (90) o en horas y minutos (1:30), hasta 36 horas.
desk-work-note = Nota
desk-work-log = Registrar el tiempo
desk-problem-work-kind = Elige si el trabajo fue remoto o en sitio.
desk-problem-work-unreadable = Escribe la duración en minutos (90) o en horas y minutos (1:30).
desk-problem-work-not-positive = La duración debe ser de al menos un minuto.
desk-problem-work-absurd = Una sola entrada puede durar a lo más 36 horas; registra los días por separado.
desk-problem-work-note = La nota puede tener a lo más 500 caracteres.

## Desde la comunidad

desk-intake = Llevar a mi proveedor
desk-intake-notice = Este ticket se abre desde tu pregunta en la comunidad. La pregunta sigue pública, pero nadie de la comunidad verá el ticket.
desk-from-question = Traído desde mi pregunta en la comunidad.
desk-problem-origin = No se pudo enlazar el ticket con la pregunta.

## Encuesta de satisfacción

desk-survey-title = ¿Cómo te atendimos?
desk-survey-question = Califica la atención que recibiste
desk-survey-comment = ¿Algo que quieras contarnos? (opcional)
desk-survey-send = Enviar mi opinión
desk-survey-thanks = ¡Gracias! Guardamos tu calificación. Si quieres, cuéntanos algo más.
desk-survey-thanks-comment = ¡Gracias por tu opinión! Nos ayuda a atenderte mejor.
desk-survey-rated = Calificación del cliente
desk-rating-5 = Excelente
desk-rating-4 = Buena
desk-rating-3 = Regular
desk-rating-2 = Mala
desk-rating-1 = Muy mala
desk-survey-mail-subject = ¿Cómo te atendimos? { $ticket }
desk-survey-mail-body =
    Resolvimos tu ticket { $ticket }. ¿Cómo te atendimos? Un clic basta:

    { $links }

    Gracias por ayudarnos a mejorar.
desk-problem-rating = Elige una calificación.
desk-problem-survey-comment = El comentario puede tener a lo más 2000 caracteres.

desk-reminder-came = Llegó la fecha del recordatorio: el ticket volvió a Abierto.

## Respuestas guardadas y visitas

desk-macros-title = Respuestas guardadas
desk-macro = Respuesta
desk-macro-apply = Responder con ella
desk-macro-body = Texto de la respuesta
desk-macro-body-hint = «{"{"}cliente{"}"}» se cambia por el nombre de quien pidió el ticket.
desk-macro-status = Además, dejar el ticket en
desk-macro-no-change = (sin cambio)
desk-problem-macro = Elige una respuesta guardada de esta mesa.
desk-problem-macro-name = Escribe un nombre de hasta 80 caracteres que la mesa no tenga ya.
desk-visits-title = Visitas en sitio
desk-visits-none = No hay visitas programadas.
desk-visit-address = Dirección
desk-visit-start = Fecha y hora
desk-visit-start-hint = Hora de la organización.
desk-visit-agent = Quién va
desk-visit-schedule = Programar la visita
desk-problem-visit-address = Escribe la dirección de la visita (hasta 300 caracteres).
desk-problem-visit-time = Indica la fecha y hora de la visita.

## Informe de servicio

desk-report-title = Informe de servicio
desk-report-choose = Elegir el informe
desk-report-month = Mes
desk-report-all-contracts = Todos los contratos
desk-report-show = Ver
desk-report-csv = Descargar en CSV
desk-report-tickets = { $count ->
    [one] Un ticket abierto en el mes.
   *[other] { $count } tickets abiertos en el mes.
}
desk-report-compliance = Cumplimiento por meta
desk-report-on-time = A tiempo
desk-report-breached = Vencidas
desk-report-pending = En curso
desk-report-percent = Cumplimiento
desk-report-none = sin datos
desk-report-median-first = Mediana hasta la primera respuesta (tiempo hábil)
desk-report-median-resolution = Mediana hasta la solución (tiempo hábil)
desk-report-backlog = Tickets en curso por antigüedad
desk-age-day = Menos de un día
desk-age-3 = De 1 a 3 días
desk-age-7 = De 3 a 7 días
desk-age-30 = De 7 a 30 días
desk-age-more = Más de 30 días
desk-csv-number = Número
desk-csv-organization = Organización
desk-csv-priority = Prioridad
desk-csv-status = Estado
desk-csv-opened = Abierto (UTC)
desk-csv-first-due = Primera respuesta vence (UTC)
desk-csv-first-met = Primera respuesta (UTC)
desk-csv-first-breached = Primera respuesta vencida
desk-csv-resolution-due = Solución vence (UTC)
desk-csv-resolution-met = Solución (UTC)
desk-csv-resolution-breached = Solución vencida
desk-csv-to-first = Minutos hábiles hasta la primera respuesta
desk-csv-to-resolution = Minutos hábiles hasta la solución
desk-csv-yes = sí
desk-csv-no = no

## Incidentes críticos y guardia

desk-incident-title = Incidente crítico
desk-incident-started = Comenzó
desk-incident-next = Siguiente actualización pública a más tardar
desk-incident-no-updates = Todavía no hay actualizaciones publicadas.
desk-incident-update = Actualización pública del incidente
desk-incident-publish = Publicar la actualización
desk-incident-summary = Resumen posterior al incidente
desk-incident-summary-hint = Qué pasó, a quién afectó, cómo se resolvió y qué se hará para que no se repita.
desk-incident-summary-save = Guardar el resumen
desk-problem-summary-early = El resumen se escribe cuando el ticket ya está resuelto.
desk-oncall-title = Guardia
desk-oncall-lead = Quién recibe de inmediato los incidentes críticos (P1), en el horario de su calendario. Si nadie está de guardia en ese momento, se avisa a quienes administran la mesa.
desk-oncall-person = Persona
desk-problem-oncall = Elige a alguien de la mesa y uno de sus calendarios.
desk-alert-incident = Incidente crítico: el ticket #{ $number } de { $organization } está abierto con prioridad P1.
desk-alert-update-due = Incidente crítico: toca publicar una actualización del ticket #{ $number } de { $organization } ({ $when-due }).
desk-incident-update-target = actualización del incidente
desk-survey-yours = Tu calificación
desk-survey-unanswered = El cliente todavía no responde la encuesta.

## Avisos de mensajes

desk-notice-opened-for-you = La mesa de ayuda abrió este ticket para { $organization }.
desk-notice-desk-replied = La mesa de ayuda respondió tu ticket.
desk-notice-new-ticket = Ticket nuevo de { $organization }.
desk-notice-customer-wrote = El cliente ({ $organization }) escribió en el ticket.
desk-message-mail =
    { $text }

    { $body }

    Respóndelo en { $link }

desk-attachments = Archivos adjuntos
desk-field-attachments = Archivos adjuntos (opcional)
desk-settings-title = Ajustes de la mesa
desk-settings-name = Nombre que ven sus clientes
desk-settings-signature = Firma de las respuestas
desk-settings-signature-hint = Cierra los correos con los que la mesa avisa de sus respuestas a los clientes. Hasta 600 caracteres.
desk-settings-logo = Logotipo
desk-settings-logo-hint = PNG, JPEG, GIF o WebP. Aparece en el portal de clientes y en los tickets.
desk-settings-logo-alt = Logotipo actual de la mesa
desk-settings-logo-remove = Quitar el logotipo
desk-settings-save = Guardar ajustes
desk-problem-signature = La firma es demasiado larga: hasta 600 caracteres.
desk-served-by = Los atiende:
desk-tags = Etiquetas
desk-tags-hint = Separadas por comas o espacios; solo las ve la mesa. Por ejemplo: impresora, red, línea-3.
desk-problem-tag = Cada etiqueta lleva letras, números, guiones o guiones bajos, hasta 40 caracteres.
desk-problem-tags-many = Son demasiadas etiquetas: hasta 10 por ticket.
desk-filter-tag = Etiqueta
desk-problem-last-admin = La mesa se quedaría sin administradores: nombra antes a otra persona como administradora.
desk-incident-cadence = Siguiente actualización
desk-incident-every = en { $count } minutos
desk-problem-cadence = Elige cada cuánto se publicará la siguiente actualización.
desk-digest-title = { $count } novedades en tus tickets
desk-digest-mail =
    Hubo varias novedades a la vez en tus tickets:

    { $items }

    Míralas todas en { $link }

desk-renewal-due = El contrato «{ $contract }» de { $organization } termina el { $ends }: es momento de renovarlo.
desk-problem-no-desk = No existe esa mesa de soporte.
desk-problem-handover = La mesa no pudo recibir esta solicitud.
