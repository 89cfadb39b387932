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
search-synonyms-title = Search synonyms
search-synonyms-lead = Words people use for the same thing. Whoever searches for one also finds the articles that use the others. Changes apply from the next search.
search-synonyms-hint = One group per line, with commas between its words; for example: cellphone, mobile phone, smartphone
search-synonyms-spanish = Mexican Spanish
search-synonyms-english = English
search-synonyms-save = Save synonyms
search-synonyms-saved = Synonyms saved: search uses them now.
search-synonyms-too-few = { $list }, line { $line }: a group needs at least two different words separated by commas. Nothing was saved.
search-synonyms-bad-member = { $list }, line { $line }: each synonym needs letters or digits and at most { $limit } characters. Nothing was saved.
search-synonyms-too-many = { $list }: at most { $limit } groups fit. Nothing was saved.
search-synonyms-overlaps-title = Words search cannot tell apart
search-synonyms-overlaps = These words are in different groups, but search reduces them to the same root. Whoever types one of them as written gets the synonyms of its group; whoever types another form (a plural, another tense) gets those of both groups. If that is not what you want, remove one of the two or merge the groups.
search-synonyms-overlap = { $list }: “{ $first }” and “{ $second }”
search-report-title = What people search for
search-report-week = Week of { $date } (Monday, UTC)
search-report-searches = { $count ->
    [one] 1 search
   *[other] { $count } searches
}
search-report-privacy = Only the text searched for and the time are kept: not who searched nor from where.
search-report-weeks = Weeks
search-report-previous = Previous week
search-report-next = Next week
search-report-frequent = Most frequent searches
search-report-empty = Searches without results: what is missing
search-report-unopened = Searches whose results nobody opened
search-report-none = None this week.
search-report-query = Search
search-report-times = Times
search-did-you-mean = Did you mean
search-did-you-mean-end = ?

# The audit log
audit-search-synonyms-changed = Synonyms changed
