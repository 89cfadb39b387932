# Soporte — textos en español de México (idioma principal).

site-name = Soporte MxOS
site-tagline = Ayuda para cada persona que usa MxOS
skip-to-content = Ir al contenido
nav-label = Escalera de soporte
nav-docs = Documentación
nav-community = Comunidad
nav-bugs = Errores
nav-professional = Soporte profesional
nav-partners = Socios
nav-certification = Certificación
switch-language-label = Cambiar idioma
switch-language = English
footer-text = Soporte es el centro de ayuda de MxOS, impulsado por la Fundación MxOS, su comunidad y sus socios.

home-title = Inicio
home-heading = ¿Tienes un problema con MxOS? Empieza aquí.
home-lead = Sube un peldaño a la vez: casi todo se resuelve en los primeros. Si uno no basta, el siguiente te espera.
home-step-docs = Busca en la documentación
home-step-docs-when = Primero lee las guías de usuario y de administrador, los manuales técnicos, las preguntas frecuentes y la base de conocimiento. Resuelven la mayoría de las dudas al momento.
home-step-community = Pregunta a la comunidad
home-step-community-when = Si la documentación no lo cubre, pregunta en el foro, en las listas de correo o en el chat (Telegram, Matrix, IRC). Otras personas y voluntarios ayudan con su mejor esfuerzo, con moderación de la Fundación.
home-step-bugs = Reporta un error
home-step-bugs-when = Si encontraste un defecto del software, repórtalo en el gestor de errores para que el equipo de desarrollo lo revise y lo corrija.
home-step-professional = Contrata soporte profesional
home-step-professional-when = Si tu organización necesita tiempos de respuesta garantizados, atención 24/7, teléfono o ayuda experta, contrata a un socio del ecosistema MxOS.
home-certification-heading = Aprende y certifícate
home-certification-text = La Certificación Básica es gratuita y autodidacta: valida lo esencial de MxOS para que ayudes mejor a otras personas, en la comunidad o en un socio.
home-certification-link = Conoce la Certificación Básica

rung-docs-title = Documentación
rung-docs-text = Guías de usuario y de administrador, manuales técnicos, preguntas frecuentes y una base de conocimiento escrita por la comunidad, con una sola búsqueda.
rung-community-title = Comunidad
rung-community-text = Foros con respuestas aceptadas, listas de correo y chat en Telegram, Matrix e IRC: ayuda gratuita y de mejor esfuerzo entre personas usuarias, moderada por la Fundación.
rung-bugs-title = Errores
rung-bugs-text = El gestor central de errores: reporta defectos, sigue su estado y di «me afecta» cuando un error ya reportado también te pasa a ti.
rung-professional-title = Soporte profesional
rung-professional-text = Contratos con acuerdos de nivel de servicio, atención 24/7, mesa de ayuda, teléfono, portal de clientes y WhatsApp como primer contacto, a cargo de los socios del ecosistema.
rung-partners-title = Socios
rung-partners-text = El directorio de socios del ecosistema MxOS: empresas verificadas que ofrecen soporte profesional, con su personal certificado.
rung-certification-title = Certificación
rung-certification-text = La Certificación Básica, gratuita y autodidacta: estudia, presenta el examen y obtén un certificado que cualquiera puede verificar.
rung-under-construction = Esta sección todavía está en construcción. Mientras tanto, vuelve al inicio para ver los demás peldaños.
back-home = Volver al inicio
error-request-id = Si reportas este problema, menciona este código:

error-400-title = Solicitud no válida
error-400-body = No pudimos entender lo que se envió. Revisa los datos e inténtalo de nuevo; no se guardó nada.
error-404-title = Página no encontrada
error-404-body = No existe ninguna página en esta dirección. Quizá el enlace está mal escrito o la página se movió.
error-405-title = Acción no permitida
error-405-body = Esta dirección no acepta esa acción.
error-413-title = Envío demasiado grande
error-413-body = Lo que enviaste supera el tamaño máximo permitido. Recórtalo e inténtalo de nuevo; no se guardó nada.
error-500-title = Algo salió mal
error-500-body = Ocurrió un error de nuestro lado y ya quedó registrado. Inténtalo de nuevo en unos minutos.
error-503-title = Servicio no disponible
error-503-body = Soporte no puede atender en este momento. Inténtalo de nuevo en unos minutos.
error-bad-language = Ese idioma no está disponible.

error-setting = Configuración no válida en { $setting }: { $reason }
config-unknown-database-scheme = «{ $value }» no es una base de datos que Soporte conozca; usa sqlite://RUTA o postgres://…
config-not-a-socket-address = «{ $value }» no es una dirección IP con puerto, como 127.0.0.1:8080.
config-not-an-http-url = «{ $value }» no es una dirección http:// o https://.
config-not-an-smtp-url = «{ $value }» no es una dirección SMTP, como smtp://servidor:25 o smtps://usuario:clave@servidor.
config-not-a-mailbox = «{ $value }» no es un remitente válido, como Soporte <soporte@ejemplo.org>.
config-out-of-range = «{ $value }» no es un número entero permitido ({ $detail }).
config-unreadable = no se pudo leer «{ $value }» ({ $detail }).
config-not-toml = «{ $value }» no es un archivo TOML válido ({ $detail }).
config-unknown-key = «{ $value }» tiene una clave que no es un ajuste: { $detail }.

cli-user-added = Se agregó a { $name } <{ $email }> con el id { $id }.
cli-user-email-taken = Ya existe una persona con el correo { $email }.
cli-bad-email = «{ $value }» no es un correo electrónico válido.
cli-bad-name = El nombre debe tener de 1 a 100 caracteres, sin caracteres de control.
cli-migrated = Base de datos al día: { $count } migraciones aplicadas.
cli-mail-queued = Correo de prueba en la cola con el id { $id }; el servidor lo enviará.
cli-serving = Soporte atiende en { $url }
cli-demo-loaded = Contenido de demostración cargado.
cli-database-failed = No se pudo abrir la base de datos: { $detail }
mail-test-subject = Prueba de correo de Soporte
mail-test-body = Si lees esto, Soporte puede enviar correo con la configuración actual.

error-403-title = Acceso no permitido
error-csrf-title = Formulario caducado
error-403-body = No tienes permiso para ver esta página o hacer esta acción. Si crees que es un error, habla con el equipo de la Fundación.
error-csrf = Por seguridad, este formulario ya no es válido (quizá la página llevaba mucho tiempo abierta). Vuelve a la página, recárgala y envíalo otra vez; no se guardó nada.
error-429-title = Demasiados intentos
error-429-body = Hiciste demasiados intentos en poco tiempo. Espera unos minutos e inténtalo de nuevo.

account-nav-sign-in = Entrar
account-nav-sign-up = Crear cuenta
account-nav-sign-out = Salir
account-nav-label = Tu cuenta
field-email = Correo electrónico
field-name = Nombre para mostrar
field-name-hint = Así te verán las demás personas. Puedes cambiarlo después.
field-password = Contraseña
field-new-password = Nueva contraseña
field-password-hint = Al menos 10 caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar.
form-errors-heading = Revisa lo siguiente:
sign-up-title = Crear una cuenta
sign-up-intro = Con una cuenta puedes preguntar en la comunidad, reportar errores y seguir tus tickets.
sign-up-submit = Crear cuenta
sign-up-have-account = ¿Ya tienes cuenta? Entra
sign-up-sent-title = Revisa tu correo
sign-up-sent-text = Enviamos un mensaje a { $email }. Abre el enlace que contiene para confirmar tu cuenta; vence en 48 horas.
sign-in-title = Entrar
sign-in-submit = Entrar
sign-in-failed = El correo o la contraseña no son correctos.
sign-in-throttled = Hubo demasiados intentos fallidos con este correo. Espera { $minutes } minutos o restablece tu contraseña.
sign-in-forgot = ¿Olvidaste tu contraseña?
sign-in-no-account = ¿No tienes cuenta? Crea una
sign-in-unconfirmed-title = Confirma tu correo
sign-in-unconfirmed-text = Antes de entrar confirma tu dirección de correo. Te enviamos un nuevo enlace a { $email }.
forgot-title = Olvidé mi contraseña
forgot-intro = Escribe el correo de tu cuenta y te enviaremos un enlace para elegir una nueva contraseña.
forgot-submit = Enviar enlace
forgot-sent-title = Revisa tu correo
forgot-sent-text = Si hay una cuenta con { $email }, le enviamos un enlace para elegir una nueva contraseña. Vence en una hora.
reset-title = Elige una nueva contraseña
reset-submit = Guardar contraseña
reset-done-title = Contraseña cambiada
reset-done-text = Tu nueva contraseña quedó guardada y cerramos las sesiones abiertas. Ya puedes entrar.
confirm-title = Confirma tu cuenta
confirm-intro = Falta un paso: confirma que este correo es tuyo.
confirm-submit = Confirmar mi cuenta
confirm-done-title = Cuenta confirmada
confirm-done-text = ¡Listo! Tu correo quedó confirmado. Ya puedes entrar.
link-unknown = Este enlace no es válido. Revisa que lo hayas copiado completo o pide uno nuevo.
link-expired = Este enlace ya venció. Pide uno nuevo.
link-used = Este enlace ya se usó. Si necesitas hacerlo otra vez, pide uno nuevo.
link-problem-title = Enlace no válido
go-sign-in = Ir a entrar
request-new-link = Pedir un enlace nuevo
rate-limited-text = Hiciste demasiados intentos en poco tiempo. Espera { $minutes } minutos e inténtalo de nuevo; no se guardó nada.
account-title = Tu cuenta
account-name = Nombre
account-email = Correo
account-roles = Roles
email-invalid = Escribe un correo electrónico válido, como nombre@ejemplo.mx.
name-invalid = Escribe un nombre de 1 a 100 caracteres.
password-too-short = La contraseña debe tener al menos 10 caracteres.
password-too-long = La contraseña no puede tener más de 256 caracteres.
password-too-common = Esa contraseña es demasiado común y fácil de adivinar. Elige otra, por ejemplo una frase de varias palabras.
password-too-guessable = Esa contraseña se adivina con pocos intentos: está hecha de palabras, nombres, fechas o patrones conocidos. Prueba con una frase de varias palabras que no suelan ir juntas.
password-personal-data = La contraseña no debe contener tu correo ni tu nombre.
role-member = Miembro
role-trusted-member = Miembro de confianza
role-moderator = Moderación
role-staff = Equipo de la Fundación
role-developer = Desarrollo
role-partner-admin = Administración de socio
role-partner-agent = Agente de socio
role-customer = Cliente
mail-confirm-subject = Confirma tu cuenta de Soporte MxOS
mail-confirm-body =
    Hola, { $name }:

    Para confirmar tu cuenta de Soporte MxOS abre este enlace (vence en 48 horas):

    { $link }

    Si no creaste esta cuenta, ignora este mensaje.
mail-exists-subject = Intento de crear una cuenta con tu correo
mail-exists-body =
    Hola, { $name }:

    Alguien intentó crear una cuenta de Soporte MxOS con este correo, pero ya tienes una.
    Si fuiste tú, entra en { $signin } o, si olvidaste tu contraseña, pide una nueva en { $forgot }.

    Si no fuiste tú, ignora este mensaje; tu cuenta no cambió.
mail-reset-subject = Elige una nueva contraseña de Soporte MxOS
mail-reset-body =
    Hola, { $name }:

    Para elegir una nueva contraseña abre este enlace (vence en una hora y sirve una sola vez):

    { $link }

    Si no lo pediste, ignora este mensaje; tu contraseña no cambia.
admin-link = Administración
admin-people-title = Personas
admin-people-search = Buscar por nombre o correo
admin-people-caption = Personas con cuenta (hasta 100)
admin-search = Buscar
admin-filter = Filtrar
admin-roles-save = Guardar roles
admin-roles-saved = Roles guardados.
admin-last-staff = No se guardó: Soporte necesita al menos una persona del equipo de la Fundación.
admin-command-line = línea de comandos
admin-audit-title = Registro de auditoría
admin-audit-caption = Acciones de administración, de la más reciente a la más antigua
admin-audit-action = Acción
admin-audit-any = Todas
admin-audit-person = Persona (correo)
admin-audit-when = Cuándo
admin-audit-who = Quién
admin-audit-whom = A quién
admin-audit-detail = Detalle
audit-role-granted = Rol otorgado
audit-role-revoked = Rol retirado
cli-roles-now = Roles de { $email }: { $roles }
cli-no-such-person = No hay ninguna persona con el correo { $email }.

# Perfil
state-AGU = Aguascalientes
state-BCN = Baja California
state-BCS = Baja California Sur
state-CAM = Campeche
state-CHP = Chiapas
state-CHH = Chihuahua
state-CMX = Ciudad de México
state-COA = Coahuila
state-COL = Colima
state-DUR = Durango
state-GUA = Guanajuato
state-GRO = Guerrero
state-HID = Hidalgo
state-JAL = Jalisco
state-MEX = Estado de México
state-MIC = Michoacán
state-MOR = Morelos
state-NAY = Nayarit
state-NLE = Nuevo León
state-OAX = Oaxaca
state-PUE = Puebla
state-QUE = Querétaro
state-ROO = Quintana Roo
state-SLP = San Luis Potosí
state-SIN = Sinaloa
state-SON = Sonora
state-TAB = Tabasco
state-TAM = Tamaulipas
state-TLA = Tlaxcala
state-VER = Veracruz
state-YUC = Yucatán
state-ZAC = Zacatecas
state-EXT = Fuera de México
language-es = Español
language-en = Inglés
language-nah = Náhuatl
language-yua = Maya
language-zap = Zapoteco
language-mix = Mixteco
language-oto = Otomí
language-tzo = Tsotsil
language-tzh = Tseltal
language-top = Totonaco
profile-title = Perfil
profile-intro = Esto es lo que las demás personas ven de ti.
field-bio = Sobre ti
field-bio-hint = Hasta 1000 caracteres. Por ejemplo, qué usas MxOS o en qué puedes ayudar.
field-languages = Idiomas que hablas
field-state = Estado donde vives
state-none = Prefiero no decirlo
profile-save = Guardar perfil
profile-saved = Perfil guardado.
profile-bio-too-long = Lo que escribiste sobre ti pasa de 1000 caracteres.
profile-unknown-state = Elige un estado de la lista.
profile-unknown-language = Elige idiomas de la lista.
password-change-title = Cambiar contraseña
field-current-password = Contraseña actual
password-change-submit = Cambiar contraseña
password-changed = Contraseña cambiada. Cerramos tus demás sesiones abiertas.
password-current-wrong = La contraseña actual no es correcta.
email-change-title = Cambiar correo
field-new-email = Correo nuevo
email-change-submit = Enviar enlace de confirmación
email-change-sent = Enviamos un enlace a { $email }. Tu correo cambiará cuando lo abras.
email-change-same = Ese ya es tu correo.
mail-change-subject = Confirma tu nuevo correo en Soporte MxOS
mail-change-body =
    Hola, { $name }:

    Para usar este correo en tu cuenta de Soporte MxOS abre este enlace (vence en 48 horas):

    { $link }

    Si no lo pediste, ignora este mensaje.
mail-change-notice-subject = Se pidió cambiar el correo de tu cuenta
mail-change-notice-body =
    Hola, { $name }:

    Se pidió cambiar el correo de tu cuenta de Soporte MxOS a { $email }. Cambiará solo si alguien abre el enlace que enviamos a esa dirección.

    Si no fuiste tú, cambia tu contraseña en { $account }.
email-confirm-title = Confirma tu nuevo correo
email-confirm-intro = Tu cuenta usará { $email } para entrar y recibir avisos.
email-confirm-submit = Usar este correo
email-changed-title = Correo cambiado
email-changed-text = Desde ahora tu cuenta usa { $email }.
email-change-taken = Ese correo ya pertenece a otra cuenta. No se cambió nada.
delete-title = Eliminar cuenta
delete-intro = Se borran tu nombre, correo, perfil y sesiones. Lo que publicaste se conserva con el autor «usuario eliminado». No se puede deshacer.
delete-confirm = Entiendo que no se puede deshacer
delete-submit = Eliminar mi cuenta
delete-confirm-missing = Marca la casilla para confirmar.
deleted-title = Cuenta eliminada
deleted-text = Tu cuenta quedó eliminada. Gracias por haber sido parte de la comunidad de MxOS.
deleted-user = usuario eliminado
two-factor-title = Verificación en dos pasos
two-factor-on = Está activa: al entrar te pedimos también un código de tu aplicación de autenticación.
two-factor-off = Protege tu cuenta pidiendo, además de la contraseña, un código de una aplicación de autenticación en tu teléfono.
two-factor-start = Activar verificación en dos pasos
two-factor-disable = Desactivar verificación en dos pasos
two-factor-disabled = Verificación en dos pasos desactivada.
two-factor-scan = Escanea este código QR con tu aplicación de autenticación (por ejemplo FreeOTP, Aegis o Google Authenticator).
two-factor-qr-alt = Código QR para agregar tu cuenta de Soporte MxOS a la aplicación de autenticación
two-factor-or-type = ¿No puedes escanearlo? Escribe esta clave en la aplicación:
two-factor-activate = Activar
two-factor-enabled = Listo: la verificación en dos pasos está activa.
two-factor-recovery-title = Códigos de recuperación
two-factor-recovery-text = Guárdalos en un lugar seguro. Si pierdes tu teléfono, cada código te deja entrar una sola vez. No los volveremos a mostrar.
two-factor-sign-in-title = Escribe tu código
two-factor-wrong-code = Ese código no es válido. Escribe el código actual de tu aplicación o uno de tus códigos de recuperación.
field-code = Código de verificación
field-code-hint = Los 6 dígitos que muestra tu aplicación, o un código de recuperación.
error-401-title = Se necesita autenticación
error-401-body = Envía un token de API válido en el encabezado «Authorization: Bearer». Puedes crear uno en tu cuenta.
tokens-title = Tokens de API
tokens-intro = Con un token, tus programas usan la API de Soporte en tu nombre. Trátalo como una contraseña.
tokens-caption = Tus tokens activos
token-name = Nombre
token-scope = Permiso
token-scope-read = Solo lectura
token-scope-write = Lectura y escritura
token-created-at = Creado
token-last-used = Último uso
token-never-used = Nunca
token-actions = Acciones
token-revoke = Revocar
token-create = Crear token
token-created = Copia tu token ahora; no lo volveremos a mostrar.
token-revoked = Token revocado: ya no sirve.
token-invalid = Escribe un nombre de 1 a 60 caracteres y elige un permiso.
sign-out-everywhere = Cerrar sesión en todos los dispositivos
cli-demo-accounts = Cuentas de demostración: { $accounts }. Contraseña de todas: «{ $password }».
config-not-a-boolean = «{ $value }» no es verdadero ni falso; usa true o false.
config-weak-token = El token es demasiado corto o tiene espacios: usa 16 caracteres o más, sin espacios (por ejemplo, la salida de `openssl rand -hex 24`).
cli-secrets-resealed = Secretos sellados de nuevo con la primera clave: { $count }
cli-mail-requeued = Correos retenidos de vuelta en la cola: { $count }. El servidor los enviará.
nav-search-label = Buscar en la documentación
nav-search-placeholder = Busca una solución…
nav-search-button = Buscar
admin-synonyms-link = Sinónimos de la búsqueda
admin-search-report-link = Lo que la gente busca

## Links between rungs, seen from each side
links-heading = Relacionado
link-became-from = Se convirtió en
link-became-to = Surgió de
link-duplicate-of-from = Es un duplicado de
link-duplicate-of-to = Tiene un duplicado en
link-answered-by-from = Se respondió en
link-answered-by-to = Responde a
link-promoted-to-from = Se publicó como
link-promoted-to-to = Nació de
link-escalated-to-from = Se llevó a
link-escalated-to-to = Llegó desde
link-archived-as-from = Se archivó como
link-archived-as-to = Es el archivo de

# Long lists, a page at a time
paging-label = Páginas
paging-previous = ← Anterior
paging-next = Siguiente →
paging-page = Página

notifications-link = Avisos
notifications-unread = sin leer
notifications-title = Tus avisos
notifications-read-all = Marcar todos como leídos
notifications-none = Todavía no tienes avisos.
notifications-new = Nuevo

## Insignias
badge-first-solution = Primera solución
badge-first-solution-about = Una de sus respuestas fue aceptada como la solución de una pregunta.
badge-ten-solutions = Diez soluciones
badge-ten-solutions-about = Diez de sus respuestas fueron aceptadas como solución.
badge-hundred-solutions = Cien soluciones
badge-hundred-solutions-about = Cien de sus respuestas fueron aceptadas como solución.
badge-helpful = De gran ayuda
badge-helpful-about = Otras personas marcaron sus mensajes como útiles diez veces.
badge-first-article-edit = Primera edición de la base de conocimientos
badge-first-article-edit-about = Una revisora o un revisor aprobó su primer cambio a un artículo.
badge-translator = Traducción
badge-translator-about = Enlazó un artículo con su traducción.

## Restricciones y apelaciones
restriction-silence = Silencio (puede leer, no publicar)
restriction-suspension = Suspensión de la cuenta
audit-person-silenced = Persona silenciada
audit-person-silence-lifted = Silencio levantado
audit-person-suspended = Cuenta suspendida
audit-person-suspension-lifted = Suspensión levantada
audit-appeal-granted = Apelación aceptada
audit-appeal-denied = Apelación rechazada
appeal-title = Restricciones y apelaciones
appeal-none = No tienes ninguna restricción en este momento.
appeal-restriction = Hasta el { $until }. Motivo: { $reason }
appeal-field = Tu apelación
appeal-hint = Explica por qué crees que la restricción no corresponde (de 10 a 2000 caracteres). La lee el equipo de la fundación.
appeal-submit = Enviar la apelación
appeal-sent = Recibimos tu apelación. El equipo de la fundación la revisará y te avisará de su respuesta.
appeal-pending = Tu apelación está en revisión.
appeal-granted = Tu apelación fue aceptada y la restricción se levantó. Respuesta del equipo: { $answer }
appeal-denied = Tu apelación fue rechazada. Respuesta del equipo: { $answer }
appeal-not-found = Esa restricción ya no está vigente o no es tuya.
appeal-already = Ya apelaste esta restricción; solo se puede apelar una vez.
appeal-text-length = Escribe tu apelación con 10 a 2000 caracteres.
appeal-permit-expired = El permiso para apelar venció. Vuelve a entrar con tu correo y contraseña para apelar.
appeal-notice-title = Respuesta a tu apelación
appeal-notice-granted = Se aceptó tu apelación contra la restricción «{ $what }» y se levantó. { $answer }
appeal-notice-denied = Se rechazó tu apelación contra la restricción «{ $what }». { $answer }
appeal-staff-title = Apelaciones
appeal-staff-lead = Apelaciones abiertas, de la más antigua a la más reciente. Aceptar una levanta la restricción; la persona recibe la respuesta y la decisión queda en la bitácora de auditoría.
appeal-staff-empty = No hay apelaciones abiertas.
appeal-staff-filed = Apelación enviada el
appeal-staff-answer = Respuesta para la persona
appeal-staff-grant = Aceptar y levantar la restricción
appeal-staff-deny = Rechazar
appeal-answered = Se guardó la respuesta y se avisó a la persona.
appeal-answer-needed = Escribe una respuesta para la persona (hasta 2000 caracteres).
appeal-already-answered = Otra persona del equipo ya respondió esta apelación.
appeal-unknown-decision = Elige aceptar o rechazar la apelación.
appeal-own = Nadie responde su propia apelación: la responde otra persona del equipo.
upload-empty = Elige un archivo de imagen.
upload-too-large = La imagen pesa demasiado: el límite es de { $kb } KB. Redúcela o recórtala y vuelve a intentarlo.
upload-not-an-image = El archivo no es una imagen PNG, JPEG, GIF o WebP, diga lo que diga su nombre.
error-too-large-title = Es demasiado grande
error-too-large = Lo que enviaste pesa más de lo que este servidor acepta. Si es una imagen, redúcela o recórtala y vuelve a intentarlo.
attachment-limit = Hasta { $count } archivos que juntos no pasen de { $kb } KB. Se aceptan texto, imágenes, documentos PDF, archivos comprimidos y volcados de memoria; todos se descargan, nunca se abren en el navegador.
attachment-text = Texto
attachment-image = Imagen
attachment-archive = Archivo comprimido
attachment-core = Volcado de memoria
attachment-pdf = Documento PDF
attachment-too-large = Los archivos son demasiado grandes. Comprímelo o recorta el registro y vuelve a intentarlo.
attachment-forbidden = Un archivo no es de un tipo que aceptemos (por su contenido, no por su nombre). Adjunta texto, imágenes, documentos PDF, archivos comprimidos o volcados de memoria.
attachment-lies = Un archivo dice ser de un tipo por su nombre, pero su contenido es de otro. Revisa que sea el archivo correcto.
attachment-too-many = Son demasiados archivos para un solo envío.
form-unreadable-title = No pudimos leer el formulario
form-unreadable = El formulario llegó incompleto. Vuelve a intentarlo.
