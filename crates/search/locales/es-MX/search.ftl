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
