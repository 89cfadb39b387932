# Search — English texts.

search-title = Search
search-label = What do you need to solve?
search-button = Search
search-collection = Collection
search-all-collections = All collections
search-language = Language
search-all-languages = All languages
search-spanish = Spanish
search-english = English
search-in-spanish = in Spanish
search-in-english = in English
search-no-words = Type one or more words of what you are looking for.
search-nothing = Nothing found for “{ $query }”. Try other words, or ask the community.
search-count = { $count ->
    [one] 1 result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}
search-truncated = Your search was very long: we used its first { $limit } characters.
search-pages = Result pages
search-previous = Previous results
search-next = More results
search-cli-progress = Reindexing search
search-cli-done = Search index rebuilt: { $count ->
    [one] 1 document.
   *[other] { $count } documents.
}
search-cli-failed = Could not use the search index: { $detail }
