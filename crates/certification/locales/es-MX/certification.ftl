# The Basic Certification (crates/certification).

## GIFT files

gift-brace = Hay una llave sin su pareja: cada bloque de respuestas va entre {"{"} y {"}"} (para escribir una llave como texto, pon \{"{"} o \{"}"}).
gift-two-blocks = La pregunta tiene más de un bloque de respuestas; cada pregunta lleva uno solo.
gift-unclosed-name = El nombre de la pregunta empieza con :: pero no cierra con ::.
gift-too-few-choices = Una pregunta de opción múltiple necesita al menos dos respuestas.
gift-no-right-choice = Ninguna respuesta vale el 100 %: marca la correcta con =.
gift-grades-sum = Las respuestas correctas de una pregunta de varias respuestas deben sumar 100 %.
gift-too-few-pairs = Una pregunta de relacionar columnas necesita al menos dos pares.
gift-pair-arrow = Cada par de relacionar columnas se escribe «=izquierda -> derecha».
gift-no-answers = La pregunta no tiene respuestas.
gift-empty-answer = Hay una respuesta vacía.
gift-not-a-number = «{ $text }» no es un número.
gift-bad-grade = «{ $text }» no es un porcentaje que acepte el formato: usa 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5 o 0 (o sus negativos).
gift-grade-after-equals = En opción múltiple el porcentaje va después de ~ (por ejemplo ~%50%respuesta); con = la respuesta vale el 100 %.
gift-empty-category = Falta la ruta después de $CATEGORY:.
gift-empty = El archivo no tiene preguntas.

## The command line

cert-gift-unreadable = No se pudo leer { $file }: { $detail }
cert-gift-not-utf8 = { $file } no está en UTF-8; guárdalo como UTF-8 e inténtalo de nuevo.
cert-gift-mistakes = { $file } tiene { $count ->
    [one] un error
   *[other] { $count } errores
}; no se importó nada:
cert-gift-mistake = Línea { $line }: { $text }
cert-gift-good = { $count ->
    [one] El archivo es correcto: una pregunta.
   *[other] El archivo es correcto: { $count } preguntas.
}
cert-import-no-topic = La pregunta no está en ningún tema: pon «$CATEGORY: certificacion/<tema>» antes de ella.
cert-import-not-gradable = Los exámenes se califican solos: los ensayos y los textos sin respuesta no van en los bancos de preguntas.
cert-import-progress = Importando preguntas
cert-import-done = Listo: { $topics } temas nuevos, { $created } preguntas nuevas, { $updated } actualizadas y { $unchanged } sin cambios.
cert-import-failed = La importación falló y no se guardó nada: { $detail }
cert-export-failed = No se pudieron exportar los bancos: { $detail }
