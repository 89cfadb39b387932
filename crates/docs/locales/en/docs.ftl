# Documentation — English texts.

docs-intro = The first line of support: guides, manuals, frequently asked questions and solutions from the community. Most problems have their answer here.
docs-user-guide = User guide
docs-user-guide-text = Installing, setting up and using MxOS every day.
docs-admin-guide = Administrator guide
docs-admin-guide-text = Administration tasks: accounts, networks, backups, updates and servers.
docs-manuals = Technical manuals
docs-manuals-text = The architecture of MxOS and its components, in detail.
docs-faq = Frequently asked questions
docs-faq-text = Quick answers to the most common questions.
docs-knowledge-base = Knowledge base
docs-knowledge-base-text = Tutorials, tips and solutions contributed by the community.
docs-article-count = { $count ->
    [one] 1 article
   *[other] { $count } articles
}
docs-home = Home
docs-breadcrumbs = Breadcrumbs
docs-empty = This collection has no articles yet.
docs-other-language = This content is not in English yet; it is shown in Spanish.
docs-on-this-page = On this page
docs-pager = Previous and next article
docs-updated = Updated on
docs-history = History
docs-history-of = History of “{ $title }”
docs-revisions = Versions, newest first
docs-author = Author
docs-summary = Summary of the change
docs-back-to-article = Back to the article
docs-edit = Edit
docs-new-article = New article
docs-edit-article = Edit article
docs-field-title = Title
docs-field-body = Text
docs-field-body-hint = In Markdown: # for headings, **bold**, lists with -, tables and code blocks with ```.
docs-field-summary = Summary of the change (optional)
docs-save = Save
docs-title-invalid = Type a title of 1 to 200 characters with at least one letter or digit.
docs-body-invalid = Type the article's text.
docs-saved-meanwhile = Someone else saved this article while you were editing it, and your change was not saved so as not to erase theirs. Your text is still here: compare it with the current version (in another tab) and save again.
docs-too-many-submissions = You have sent many changes for review in the last hour. Wait a little before sending another; your text is still here.
docs-title-taken = There is already an article with that title in this collection. Choose another.
docs-feed-title = MxOS documentation: what is new
docs-feedback-question = Was this article helpful?
docs-feedback-comment = What is missing or unnecessary? (optional)
docs-helpful-yes = Yes
docs-helpful-no = No
docs-feedback-thanks = Thank you for your feedback! It helps us improve the documentation.
docs-comments = Recent comments
docs-helpfulness-title = Helpfulness of articles
docs-helpfulness-intro = What readers answered to “Was this helpful?”, least helpful articles first.
docs-helpfulness-caption = Articles with answers, from least to most helpful
docs-helpfulness-empty = Nobody has answered yet.
docs-comparing = Changes from version { $from } to { $to }
docs-compare-from = From version
docs-compare-to = to version
docs-compare = Compare
docs-compare-previous = Compare with the previous one
docs-line-removed = Line removed:
docs-line-added = Line added:
docs-revert = Go back to this version
docs-reverted-to = Reverted to version { $number }
docs-pending-notice = Your change is waiting for review: it will be published when someone trusted approves it. Thank you for contributing!
docs-review-title = Changes to review
docs-review-intro = Knowledge-base articles and changes sent by new members. Approve them to publish them, or reject them.
docs-review-more-lines = { $count ->
        [one] 1 more line is not shown here: the change is long.
       *[other] { $count } more lines are not shown here: the change is long.
    }
docs-review-empty = There are no pending changes.
docs-review-new = new article
docs-review-current = see the published version
docs-review-approve = Approve and publish
docs-review-reject = Reject
docs-faq-general = General
docs-faq-permalink = Page of this question
docs-field-category = Category
docs-review-outdated = Not approved: the article was published anew after this change was written, and approving it would undo the newer text. Reject it and ask its author to redo it on the current version.
docs-move-up = Move up
docs-move-down = Move down
docs-read-in-english = Read it in English
docs-read-in-spanish = Read it in Spanish
docs-translation-english = Its English version
docs-translation-spanish = Its Spanish version
docs-translation-none = None
docs-translation-save = Save translation
docs-translation-invalid-title = That translation does not fit
docs-translation-invalid = The translation must be an article of the same collection in the other language.
docs-import-progress = Importing documents
docs-import-revision = Imported from Sphinx ({ $source }.rst)
docs-import-done = Import finished: { $created ->
        [one] 1 new article
       *[other] { $created } new articles
    }, { $updated } updated, { $unchanged } unchanged, { $images ->
        [one] 1 image
       *[other] { $images } images
    }.
docs-import-all-converted = All the content was converted.
docs-import-unknown = { $count ->
        [one] 1 element could not be converted and is shown as written in its article
       *[other] { $count } elements could not be converted and are shown as written in the articles
    }: { $list }
docs-import-bad-collection = “{ $value }” is not a collection. Use one of these: { $list }
docs-import-bad-language = “{ $value }” is not a documentation language. Use es or en.
docs-import-unreadable = Could not read the sources: { $detail }
docs-import-empty = There are no reStructuredText documents (.rst) in { $dir }.
docs-import-skipped-link = Skipped { $path }: it is a symbolic link. The import reads only regular files inside the folder; copy the file there if it should be published.
docs-import-skipped-special = Skipped { $path }: it is not a regular file.
docs-import-skipped-large = Skipped { $path }: it is larger than { $megabytes } MB.
docs-import-failed = Could not import: { $detail }
docs-admonition-note = Note
docs-admonition-warning = Warning
docs-admonition-tip = Tip
docs-admonition-important = Important
docs-admonition-caution = Caution
docs-admonition-danger = Danger
docs-admonition-error = Error
docs-admonition-hint = Hint
docs-admonition-attention = Attention
docs-admonition-seealso = See also
docs-field-keywords = Keywords
docs-field-keywords-hint = Other words people would search this article by, separated by commas; they weigh more than the title in search.

# The audit log
audit-docs-revision-approved = Documentation change approved
audit-docs-revision-rejected = Documentation change rejected
docs-promoted-credit = Based on a question solved in the community; written by: { $authors }.
docs-intake-faq = Turn into a frequently asked question
docs-intake-knowledge-base = Create a knowledge-base article
docs-related-questions = Related questions in the community
