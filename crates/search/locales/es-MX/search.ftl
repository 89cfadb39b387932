# Búsqueda — textos en español de México.

search-title = Buscar
search-label = ¿Qué necesitas resolver?
search-button = Buscar
search-collection = Colección
search-all-collections = Todas las colecciones
search-language = Idioma
search-all-languages = Todos los idiomas
search-spanish = Español
search-english = Inglés
search-in-spanish = en español
search-in-english = en inglés
search-no-words = Escribe una o más palabras de lo que buscas.
search-nothing = No encontramos nada para «{ $query }». Prueba con otras palabras, o pregunta a la comunidad.
search-count = { $count ->
    [one] 1 resultado para «{ $query }»
   *[other] { $count } resultados para «{ $query }»
}
search-truncated = Tu búsqueda era muy larga: usamos sus primeros { $limit } caracteres.
search-pages = Páginas de resultados
search-previous = Resultados anteriores
search-next = Más resultados
search-cli-progress = Reindexando la búsqueda
search-cli-done = Índice de búsqueda reconstruido: { $count ->
    [one] 1 documento.
   *[other] { $count } documentos.
}
search-cli-failed = No se pudo usar el índice de búsqueda: { $detail }
search-synonyms-title = Sinónimos de la búsqueda
search-synonyms-lead = Palabras que la gente usa para lo mismo. Quien busca una encuentra también los artículos que usan las otras. Los cambios valen desde la siguiente búsqueda.
search-synonyms-hint = Un grupo por renglón, con comas entre sus palabras; por ejemplo: celular, teléfono móvil, móvil
search-synonyms-spanish = Español de México
search-synonyms-english = Inglés
search-synonyms-save = Guardar sinónimos
search-synonyms-saved = Sinónimos guardados: ya se usan en la búsqueda.
search-synonyms-too-few = { $list }, renglón { $line }: un grupo necesita al menos dos palabras distintas separadas por comas. No se guardó nada.
search-synonyms-bad-member = { $list }, renglón { $line }: cada sinónimo debe tener letras o números y a lo más { $limit } caracteres. No se guardó nada.
search-synonyms-too-many = { $list }: caben a lo más { $limit } grupos. No se guardó nada.
search-synonyms-overlaps-title = Palabras que la búsqueda no distingue
search-synonyms-overlaps = Estas palabras están en grupos distintos, pero la búsqueda las reduce a la misma raíz. Quien escriba una de ellas tal cual recibe los sinónimos de su grupo; quien escriba otra forma (un plural, otro tiempo del verbo) recibe los de los dos grupos. Si no es lo que quieres, quita una de las dos o junta los grupos.
search-synonyms-overlap = { $list }: «{ $first }» y «{ $second }»
search-report-title = Lo que la gente busca
search-report-week = Semana del { $date } (lunes, hora UTC)
search-report-searches = { $count ->
    [one] 1 búsqueda
   *[other] { $count } búsquedas
}
search-report-privacy = Solo se guarda el texto buscado y la hora: ni quién buscó ni desde dónde.
search-report-weeks = Semanas
search-report-previous = Semana anterior
search-report-next = Semana siguiente
search-report-frequent = Las búsquedas más frecuentes
search-report-empty = Búsquedas sin resultados: qué falta escribir
search-report-unopened = Búsquedas cuyos resultados nadie abrió
search-report-none = Ninguna esta semana.
search-report-query = Búsqueda
search-report-times = Veces
search-did-you-mean = ¿Quisiste decir
search-did-you-mean-end = ?

# The audit log
audit-search-synonyms-changed = Sinónimos cambiados
