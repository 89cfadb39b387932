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
