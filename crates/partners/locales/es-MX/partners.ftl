# The partner directory (crates/partners).

partners-title = Directorio de Socios
partners-lead = Empresas del ecosistema MxOS que dan soporte profesional: con contratos, niveles de servicio y personal certificado. Busca por estado, servicio, sector y horario.
partners-filters = Filtros del directorio
partners-field-state = Estado
partners-any-state = Cualquier estado
partners-nationwide = Remoto, todo el país
partners-nationwide-short = remoto en todo el país
partners-nationwide-text = Da soporte remoto en todo el país.
partners-field-city = Ciudad
partners-any-city = Cualquier ciudad
partners-field-services = Servicios
partners-field-sector = Sector que atiende
partners-any = Cualquiera
partners-field-hours = Horario
partners-field-level = Nivel de respuesta
partners-field-language = Idioma
partners-field-certified = Personas certificadas
partners-field-verified = Solo socios con verificación vigente
partners-field-sort = Ordenar por
partners-search = Buscar socios
partners-found = { $count ->
    [0] Ningún socio cumple con estos filtros.
    [one] Un socio cumple con estos filtros.
   *[other] { $count } socios cumplen con estos filtros.
}
partners-none-found = Prueba con menos filtros, o busca soporte remoto en todo el país.
partners-certified-count = { $count ->
    [0] Sin personas certificadas
    [one] 1 persona certificada
   *[other] { $count } personas certificadas
}
partners-certified-at-least = { $count ->
    [one] Al menos 1
   *[other] Al menos { $count }
}
partners-verified-until = Verificado por la Fundación hasta el { $date }
partners-verification-expired = Verificación vencida el { $date }
partners-sort-relevance = Relevancia
partners-sort-certified = Personas certificadas
partners-sort-name = Nombre
partners-service-instalacion = Instalación
partners-service-migracion = Migración
partners-service-administracion = Administración
partners-service-capacitacion = Capacitación
partners-service-desarrollo = Desarrollo
partners-service-en-sitio = Soporte en sitio
partners-sector-gobierno = Gobierno
partners-sector-educacion = Educación
partners-sector-salud = Salud
partners-sector-pymes = Pymes
partners-sector-industria = Industria
partners-sector-finanzas = Finanzas
partners-sector-sociedad-civil = Sociedad civil
partners-hours-24x7 = 24/7
partners-hours-habil = Horario hábil
partners-level-1h = Incidentes críticos en 1 hora
partners-level-4h = Incidentes críticos en 4 horas
partners-level-dia-habil = Respuesta al siguiente día hábil
partners-rfc = RFC
partners-rfc-length = El RFC tiene 12 caracteres (persona moral) o 13 (persona física).
partners-rfc-letters = El RFC empieza con 3 letras (persona moral) o 4 (persona física).
partners-rfc-date = La fecha del RFC (AAMMDD, después de las letras) no es una fecha válida.
partners-rfc-homoclave = La homoclave del RFC (sus tres últimos caracteres) solo lleva letras y dígitos.
partners-rfc-check-digit = El dígito verificador del RFC no corresponde: revisa que esté bien escrito.
partners-rfc-taken = Ya hay un socio registrado con ese RFC.
partners-unknown-title = Socio no encontrado
partners-unknown = Ese socio no está en el directorio: puede que aún no lo verifique la Fundación.
partners-crumbs = Ruta
partners-sectors = Sectores
partners-levels = Niveles de respuesta
partners-languages = Idiomas
partners-coverage = Cobertura
partners-map-title = Mapa de cobertura por estado
partners-map-summary = Atiende: { $states }.
partners-map-summary-nationwide = Atiende todo el país.
partners-map-covered = { $state }: atiende
partners-map-not-covered = { $state }: no atiende
partners-map-office = { $state }: tiene oficina
partners-key-covered = Atiende
partners-key-office = Tiene oficina
partners-key-not-covered = No atiende
partners-offices = Oficinas
partners-covered-states = Estados que atiende
partners-contact = Contacto
partners-channel-web = Sitio web
partners-channel-phone = Teléfono
partners-channel-whatsapp = WhatsApp
partners-channel-email = Correo

## Applying and the foundation's review

partners-apply-link = ¿Tu empresa da soporte a MxOS? Solicita entrar al directorio.
partners-apply-title = Solicitar entrar al directorio
partners-apply-lead = La Fundación revisa cada solicitud: el RFC, el domicilio y los documentos de la empresa. Al aprobarla, tu empresa aparece en el directorio por un año y recibe su mesa de soporte.
partners-apply-company = La empresa
partners-apply-field-name = Nombre comercial
partners-apply-field-legal-name = Razón social
partners-apply-rfc-hint = 12 caracteres para persona moral, 13 para persona física, como aparece en tu constancia de situación fiscal.
partners-apply-field-description = Qué hace tu empresa
partners-apply-description-hint = Entre 20 y 4000 caracteres. Puedes usar Markdown.
partners-apply-office = Oficina principal
partners-apply-choose = Elige uno
partners-apply-field-address = Domicilio
partners-apply-coverage = Otros estados que atiendes
partners-apply-documents-title = Documentos
partners-apply-documents-hint = Adjunta el acta constitutiva y la constancia de situación fiscal (en PDF o imagen). Solo la Fundación y tú pueden descargarlos.
partners-apply-documents-kept = Ya guardamos estos documentos con tu solicitud:
partners-apply-documents-field = Agregar documentos
partners-apply-send = Enviar solicitud
partners-apply-name = Escribe el nombre comercial (de 2 a 80 caracteres).
partners-apply-legal-name = Escribe la razón social (de 2 a 200 caracteres).
partners-apply-description = Describe a tu empresa en 20 a 4000 caracteres.
partners-apply-city = Escribe la ciudad de la oficina principal.
partners-apply-address = Escribe el domicilio de la oficina principal.
partners-apply-email = Escribe un correo de contacto válido.
partners-apply-web = El sitio web debe ser una dirección completa, como https://tuempresa.mx.
partners-apply-phone = Un teléfono lleva de 10 a 15 dígitos; puede empezar con + y llevar espacios, guiones o paréntesis.
partners-apply-state = Elige el estado de la oficina principal.
partners-apply-hours = Elige el horario en que atiendes.
partners-apply-services = Elige al menos un servicio.
partners-apply-languages = Elige al menos un idioma.
partners-apply-unknown-choice = Una de las opciones enviadas no existe; vuelve a elegirla.
partners-apply-documents = Adjunta al menos un documento de la empresa.
partners-apply-already = Ya tienes una solicitud en curso.
partners-review-changed = Esta solicitud cambió mientras tanto: revisa dónde está ahora.
partners-renew-not-yet = La verificación se puede renovar desde 60 días antes de que venza.
partners-status = Estado
partners-verification = Verificación
partners-status-pending = En revisión por la Fundación
partners-status-more = La Fundación pidió más información
partners-status-rejected = Rechazada
partners-status-approved = Aprobada: aparece en el directorio
partners-status-renewal = Aprobada, con la renovación en revisión
partners-documents-none = Sin documentos.
partners-history = Historial
partners-step-applied = Solicitud enviada
partners-step-resent = Solicitud corregida y enviada de nuevo
partners-step-renewal = Renovación solicitada
partners-step-approved = Aprobada por la Fundación
partners-step-more = La Fundación pidió más información
partners-step-rejected = Rechazada por la Fundación
partners-mine-title = Mi empresa en el directorio
partners-mine-none = Aún no has solicitado que tu empresa entre al directorio.
partners-mine-desk = Ir a tu mesa de soporte
partners-mine-profile = Ver el perfil público
partners-mine-resend = Corregir y enviar de nuevo
partners-mine-resend-lead = Revisa la nota de la Fundación en el historial, corrige lo necesario y agrega los documentos que falten.
partners-mine-renew = Renovar la verificación
partners-mine-renew-lead = La verificación dura un año. Adjunta tu constancia de situación fiscal reciente para renovarla.
partners-mine-renew-send = Solicitar la renovación
partners-queue-title = Revisión de socios
partners-queue-lead = Solicitudes y renovaciones que esperan la decisión de la Fundación, de la más antigua a la más reciente.
partners-queue-empty = No hay nada por revisar.
partners-queue-caption = Por revisar
partners-queue-partner = Empresa
partners-queue-kind = Tipo
partners-queue-sent = Enviada
partners-queue-new = Solicitud nueva
partners-queue-renewal = Renovación
partners-review-decide = Decisión
partners-review-decision = ¿Qué decide la Fundación?
partners-review-approve = Aprobar (un año en el directorio)
partners-review-ask-more = Pedir más información
partners-review-reject = Rechazar
partners-review-note = Nota para la empresa
partners-review-note-hint = Obligatoria para pedir más información o rechazar: la empresa la recibe por correo.
partners-review-send = Registrar la decisión
partners-review-note-needed = Escribe una nota que diga a la empresa qué falta o por qué se rechaza.
partners-review-choose = Elige aprobar, pedir más información o rechazar.
partners-mail-approved-subject = { $name } ya está en el Directorio de Socios
partners-mail-approved = La Fundación MxOS aprobó a { $name }: aparece en el Directorio de Socios, verificada hasta el { $until }, y ya tienes su mesa de soporte.
partners-mail-more-subject = La Fundación necesita más información sobre { $name }
partners-mail-more = La Fundación MxOS revisó la solicitud de { $name } y necesita más información antes de decidir.
partners-mail-rejected-subject = Sobre la solicitud de { $name } al Directorio de Socios
partners-mail-rejected = La Fundación MxOS revisó la solicitud de { $name } y no pudo aprobarla.
partners-mail-note = Nota de la Fundación: { $note }
partners-mail-link = Consulta tu solicitud en { $link }
audit-partner-decided = Decisión sobre un socio

## A buyer's request to a partner

partners-lead-title = Pide una propuesta
partners-lead-lead = Cuéntale a este socio qué necesitas. Tu solicitud llega a su mesa de soporte y te responde por correo.
partners-lead-as = Envías la solicitud como
partners-lead-field-name = Tu nombre
partners-lead-field-organization = Tu organización
partners-lead-field-size = Tamaño de la organización
partners-lead-field-service = Servicio que necesitas
partners-lead-field-urgency = Urgencia
partners-lead-field-need = Qué necesitas
partners-lead-send = Enviar solicitud
partners-lead-name = Escribe tu nombre.
partners-lead-organization = Escribe el nombre de tu organización (de 2 a 120 caracteres).
partners-lead-size = Elige el tamaño de tu organización.
partners-lead-service = Elige uno de los servicios que da este socio.
partners-lead-urgency = Elige la urgencia.
partners-lead-need = Describe lo que necesitas en 20 a 4000 caracteres.
partners-lead-spam = Tu solicitud trae demasiados enlaces; quita los que no hagan falta.
partners-lead-limited = Ya enviaste varias solicitudes en poco tiempo. Espera un rato y vuelve a intentarlo.
partners-lead-no-desk = Este socio todavía no recibe solicitudes en línea: usa sus datos de contacto.
partners-lead-sent = Tu solicitud llegó a la mesa de { $partner } con el número { $number }. Te enviamos un correo de confirmación.
partners-lead-ticket-title = Solicitud del directorio: { $service } para { $organization }
partners-lead-ticket-body = **{ $name }** ({ $email }) escribió desde el Directorio de Socios.

    - Organización: { $organization } ({ $size })
    - Estado: { $state }
    - Servicio: { $service }
    - Urgencia: { $urgency }

    { $need }
partners-lead-mail-subject = Recibimos tu solicitud para { $partner }
partners-lead-mail = Tu solicitud llegó a la mesa de soporte de { $partner } con el número { $number }. Te responderán por correo, y puedes seguirla en { $link }
partners-lead-mail-new-account = Tu solicitud llegó a la mesa de soporte de { $partner } con el número { $number }. Te responderán por correo. Para seguirla en Soporte, crea tu contraseña en { $link }
partners-size-1-10 = De 1 a 10 personas
partners-size-11-50 = De 11 a 50 personas
partners-size-51-250 = De 51 a 250 personas
partners-size-mas-de-250 = Más de 250 personas
partners-urgency-baja = Baja: cuando se pueda
partners-urgency-normal = Normal: esta semana
partners-urgency-alta = Alta: en uno o dos días
partners-urgency-critica = Crítica: algo no funciona ahora
partners-edit-title = Tu perfil en el directorio
partners-edit-lead = Mantén al día lo que ofreces, dónde y cómo te contactan: los cambios se ven de inmediato en el directorio.
partners-edit-locked = El nombre, la razón social y el RFC son los que verificó la Fundación; para cambiarlos, escríbele.
partners-edit-save = Guardar el perfil
