# Community forum (/comunidad)

forum-title = Community
forum-lead = Ask the MxOS community, help other people and find solutions that already worked. It is best-effort help, moderated by the Foundation.
forum-categories = Categories
forum-categories-manage = Manage categories
forum-topics = Topics
forum-topic-count = { $count ->
    [one] 1 topic
   *[other] { $count } topics
}
forum-reply-count = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
forum-me-too-count = { $count ->
    [0] Nobody else has had this yet
    [one] 1 person has this too
   *[other] { $count } people have this too
}
forum-helpful-count = { $count ->
    [0] Nobody has marked it helpful
    [one] Helpful to 1 person
   *[other] Helpful to { $count } people
}
forum-product = Product
forum-ask = Ask a question
forum-sort = Sort by
forum-sort-activity = Latest activity
forum-sort-unanswered = Unanswered (most affected first)
forum-sort-solved = Solved
forum-sort-votes = Most affected
forum-state = State
forum-any-state = Any state
forum-tag = Tag
forum-filter = Show
forum-no-topics = No topics match.
forum-closed = Closed
forum-former-member = Former member
forum-crumbs = Breadcrumbs

forum-kind-question = Question
forum-kind-discussion = Discussion
forum-state-open = Open
forum-state-needs-info = Needs information
forum-state-answered = Answered
forum-state-solved = Solved
forum-state-expired = Expired

forum-collection-solved = Community · solved questions
forum-collection-open = Community · open topics

forum-me-too = This happens to me too
forum-me-too-undo = Not anymore (take back my vote)
forum-helpful = Helpful
forum-helpful-undo = Take back “helpful”
forum-solution = Solution
forum-mark-solution = Mark reply { $number } by { $author } as the solution
forum-unmark-solution = Remove the solution mark
forum-asks-for-info = Asks for more information
forum-edited = Edited (see history)
forum-edit = Edit
forum-replies = Replies
forum-no-replies = Nobody has replied yet.
forum-reply = Reply
forum-field-reply = Your reply
forum-field-body-hint = You can use Markdown: **bold**, `code`, lists and links. To quote, start the line with >.
forum-ask-for-info = I am asking the person who asked for more information (the question stays “Needs information” until they reply)
forum-send-reply = Post reply
forum-sign-in-to-reply = Sign in to reply
forum-closed-title = Topic closed
forum-closed-text = This topic is closed: it takes no more replies.
forum-solved-needs-no-info = This question is already solved: it needs no more information. You can post your reply without asking for it.
forum-refused-title = That cannot be done now
forum-refused-text = The question is in a state that does not allow that change.
forum-not-solution-title = Not a possible solution
forum-not-solution-text = Only a reply to this question can be marked as its solution.
forum-vote-title = Cannot vote
forum-vote-discussion = Discussions do not take “this happens to me too”.
forum-vote-opening = The question itself is not marked helpful: mark the replies.
forum-vote-own-question = It is your own question: it already counts that it happens to you.
forum-vote-own-reply = You cannot mark your own reply as helpful.

forum-ask-title = Ask a question
forum-ask-lead = Before you post, we look for an answer that already exists. Describe your problem in detail: MxOS version, what you did and what message you saw.
forum-field-category = Category
forum-field-kind = Kind of topic
forum-field-title = Title
forum-field-title-hint = Sum up the problem in one sentence, for example: “No sound after upgrading to MxOS 2.0”.
forum-field-body = Description
forum-field-tags = Tags (optional)
forum-field-tags-hint = Up to 5, separated by commas: audio, printers, wifi…
forum-preview = Preview and suggestions
forum-preview-title = This is how your question will look
forum-publish = Post
forum-keep-editing = Keep editing
forum-suggestions-title = Maybe this already answers your question
forum-suggestions-lead = We found similar articles and solved questions. If one solves your problem, tell us and there is no need to post.
forum-suggestions-none = We found no similar answers: post your question and the community will help you.
forum-suggestions-none-yet = No similar answers found yet.
forum-resolved-me = This solved it
forum-resolved-title = Invalid address
forum-resolved-bad = Only a page of this site can be opened.

forum-problem-title-short = Write a title of at least 8 characters that describes the problem.
forum-problem-title-long = The title is too long: use 200 characters at most.
forum-problem-body-empty = Write the text of your message.
forum-problem-body-long = The message is too long: use 20,000 characters at most.
forum-problem-tags-many = Use 5 tags at most.
forum-problem-tag-long = Each tag can have 30 characters at most.
forum-problem-kind = Choose whether it is a question or a discussion.
forum-problem-category = Choose a category.

forum-edit-title = Edit message
forum-field-reason = Reason for the change
forum-edit-needs-reason = When editing someone else's message, write the reason: it is shown in the history.
forum-edit-reason-long = The reason is too long: use 300 characters at most.
forum-save = Save
forum-back-to-topic = Back to the topic
forum-history-title = Message history
forum-revision = Version

forum-conduct-title = Code of conduct
forum-conduct-lead = The MxOS community is a place to help each other. By taking part you accept these rules:
forum-conduct-respect = Treat everyone with respect: no insults, harassment or discrimination.
forum-conduct-search = Search before asking: someone may have had your problem already.
forum-conduct-details = Give details: MxOS version, what you did, what you expected and what happened.
forum-conduct-privacy = Do not post passwords, personal data or other people's information.
forum-conduct-spam = No advertising or repeated messages.
forum-conduct-solution = When a reply solves your problem, mark it as the solution: it helps whoever comes next.
forum-conduct-moderation = The MxOS Foundation moderates the community: it can hide messages, close topics and silence or suspend accounts that break these rules, always with a reason.
forum-back-to-community = Back to the community

forum-category-new = New category
forum-category-name = Name
forum-category-name-en = Name in English (optional)
forum-category-description = Description
forum-category-description-en = Description in English (optional)
forum-category-product = Product or version (optional, for example “MxOS 2.0”)
forum-category-order = Order
forum-category-problem-name = Write a name with letters or digits that is not a reserved address.
forum-category-problem-long = A text is too long.
forum-category-problem-position = The order must be a whole number.
forum-category-problem-taken = There is already a category with that name.

audit-forum-category-saved = Forum category saved

forum-silenced = A moderator silenced you until { $until }: you cannot post or flag until then. Reason: { $reason }
forum-silenced-title = You cannot post for now
forum-silenced-text = A moderator silenced you for a while. You will see the reason and the date on any topic.
forum-too-fast-title = Too fast
forum-too-fast = You posted many times in a short while. Wait a little and try again; what you wrote is still here.
forum-post-flagged = This message is hidden while a moderator reviews the flags.
forum-post-hidden = A moderator hid this message. Reason: { $reason }
forum-post-spam = A moderator removed this message as unwanted advertising.
forum-visibility-shown = Shown
forum-visibility-hidden = Hidden by a moderator
forum-visibility-spam = Removed as spam
forum-flag = Flag
forum-flag-why = Why are you flagging this message?
forum-flag-spam = It is unwanted advertising (spam)
forum-flag-offensive = It is offensive
forum-flag-off-topic = It is off topic
forum-flag-other = Another reason (explain below)
forum-flag-note = Details (required if you choose “Another reason”)
forum-flag-send = Send flag
forum-flag-thanks = Thank you: a moderator will review the message.
forum-flag-title = The flag could not be sent
forum-flag-already = You already flagged this message; a moderator will review it.
forum-flag-not-allowed = You cannot flag this message (it is yours, or you cannot post for now).
forum-flag-reason-needed = Choose why you are flagging the message.
forum-flag-note-needed = Explain the reason in the details.
forum-queue-title = Moderation queue
forum-queue-lead = First, new members' messages waiting for review; then flagged ones. Both oldest first. Every decision goes into the audit log with its reason.
forum-queue-empty = There are no pending flags.
forum-queue-handled = Another moderator already handled these flags.
forum-queue-unknown-decision = Choose a decision: keep hidden, dismiss the flags or remove as spam.
forum-decision-uphold = Keep hidden
forum-decision-dismiss = Dismiss flags and show
forum-decision-spam = Remove as spam
forum-reason-title = Reason missing
forum-reason-needed = Write a reason of up to 300 characters: it goes into the audit log.
forum-moderation-tools = Moderation tools
forum-field-moderation-reason = Reason
forum-close = Close the topic
forum-reopen = Reopen the topic
forum-move = Move the topic
forum-move-to = Move to category
forum-move-title = The topic could not be moved
forum-hide = Hide
forum-restore = Show again
forum-silence = Silence
forum-silence-days-label = Days of silence
forum-silence-reason = Reason (the person will see it)
forum-silence-title = Could not silence
forum-silence-days = Choose between 1 and 365 days.

audit-forum-flag-upheld = Forum flag upheld
audit-forum-flag-dismissed = Forum flag dismissed
audit-forum-spam-removed = Forum message removed as spam
audit-forum-post-hidden = Forum message hidden
audit-forum-post-restored = Forum message shown again
audit-forum-topic-closed = Forum topic closed
audit-forum-topic-reopened = Forum topic reopened
audit-forum-topic-moved = Forum topic moved
forum-draft-kept = Your text, to copy so it is not lost

forum-unknown-mention = Your message was posted. Some @mention matches nobody in the community: it is shown as text and nobody was notified.
forum-watch = Follow
forum-unwatch = Stop following
forum-watch-topic-button = Follow this topic (get notices of replies)
forum-unwatch-topic = Stop following this topic
forum-watch-topic = The topic “{ $title }”
forum-watch-category = The category “{ $name }”
forum-watch-tag = The tag #{ $tag }
forum-unsubscribe-title = Stop getting notices
forum-unsubscribe-button = Stop following
forum-unsubscribe-done = Done: you will get no more notices about this.
forum-unsubscribe-gone = This link follows nothing any more: perhaps you already unsubscribed.
forum-mail-title = Notices by email
forum-mail-lead = You get notices of the topics, categories and tags you follow, and when someone mentions you with @. You always see them on your notices page; here you choose when they come by email.
forum-mail-question = When do you want email?
forum-mail-each = One email for each notice
forum-mail-daily = A daily summary
forum-mail-weekly = A weekly summary
forum-mail-never = Never: only on the notices page
forum-mail-saved = Saved.
forum-mail-unknown = Choose one of the options.
forum-notice-reply = { $author } replied in “{ $title }”.
forum-notice-topic = { $author } opened the topic “{ $title }”.
forum-notice-mention = { $author } mentioned you in “{ $title }”.
forum-mail-subject = [MxOS Community] { $title }
forum-mail-body = { $text }

    { $quote }

    Read it and reply here: { $link }

    { $stop }
    { $settings }
forum-mail-stop-watching = To stop these notices with one click: { $link }
forum-mail-settings = To choose when we write to you: { $link }
forum-digest-subject = { $count ->
    [one] [MxOS Community] Your summary: 1 notice
   *[other] [MxOS Community] Your summary: { $count } notices
}
forum-digest-body = This happened in the MxOS community in what you follow:

    { $lines }

    To choose when we write to you: { $settings }
forum-person-counts = { $posts } messages · { $solutions } accepted solutions
forum-person-asked = Topics they opened
forum-person-asked-none = No topics opened yet.

forum-kpi-title = Community indicators
forum-kpi-lead = Week by week (Monday to Sunday, UTC): how many questions come in, how fast they get an answer, how many are solved, who helps, and how many questions the search settled before they were posted.
forum-kpi-all = All categories
forum-kpi-csv = Download as CSV
forum-kpi-table = Indicators per week (hours are medians)
forum-kpi-week = Week (Monday)
forum-kpi-asked = Questions
forum-kpi-24h = Answered within 24 h
forum-kpi-72h = Answered within 72 h
forum-kpi-solved = Solved
forum-kpi-first-reply = Hours to the first answer
forum-kpi-solution = Hours to the solution
forum-kpi-active = People who helped
forum-kpi-new = People who helped for the first time
forum-kpi-deflection = Settled before posting (all categories)
forum-kpi-chart-asked = Questions per week
forum-kpi-chart-asked-desc = Light bars: questions asked each week; dark bars: those that were solved. The table below has the same figures.
forum-kpi-chart-asked-caption = Questions per week (light) and solved (dark)
forum-kpi-chart-answered = Share of questions answered within 24 hours
forum-kpi-chart-answered-desc = A line, one point per week, with the share of questions that got a first answer within 24 hours. The table below has the same figures.
forum-kpi-csv-header = week,questions,answered_24h,answered_72h,solved,median_hours_first_answer,median_hours_solution,people_who_helped,new_helpers,flows_posted,flows_resolved,flows_left
forum-kpi-link = Indicators

forum-too-fast-marks = You marked many things in a short while. Wait a little and try again.
forum-flag-hidden = A moderator already hid this message.
forum-flag-note-long = The details can have 300 characters at most.
forum-silence-not-yours = Only Foundation staff silence moderators and staff, and nobody can silence themselves.
forum-digest-more = { $count ->
    [one] …and 1 more notice: { $link }
   *[other] …and { $count } more notices: { $link }
}

forum-api-bad-filter = A filter does not have the expected form: category and tag are lowercase words joined by hyphens, and “after” is the previous page’s “next”.

forum-silence-current = Silenced by a moderator
forum-silence-lift = Lift the silence
forum-quote = Quote

## Trust levels
forum-level-heading = Trust level
forum-level-new = New
forum-level-basic = Basic
forum-level-member = Member
forum-level-regular = Regular
forum-level-new-unlocks = As a new member, your first posts wait for a moderator's review and you cannot include links or images yet.
forum-level-basic-unlocks = Your posts go out at once and may include links and images.
forum-level-member-unlocks = Also, your flags count double towards hiding a message while it is reviewed.
forum-level-regular-unlocks = Also, you edit knowledge-base articles directly, without waiting for review.
forum-level-next = Next level
forum-level-met = Done
forum-level-top = You already hold the highest level that activity earns.
forum-measure-days = { $have } of { $want } days visited
forum-measure-read = { $have } of { $want } messages read
forum-measure-replies = { $have } of { $want } replies posted
forum-measure-solutions = { $have } of { $want } replies accepted as a solution
forum-measure-flags = { $have } of { $want } flags upheld by a moderator
forum-level-set-label = Set the level by hand
forum-level-auto = From their activity
forum-level-set = Save the level
forum-level-saved = The trust level was saved.
forum-level-title = Trust level
forum-level-unknown = There is no such level: choose one from the list.
forum-my-level = Your level and badges
forum-badges-heading = Badges
forum-badges-none = No badges yet.
forum-problem-links = As a new member you cannot include links or images yet. Remove them or write them as plain text; you can use them once you reach the Basic level.
forum-post-pending = This message waits for a moderator's review.
forum-post-waits-notice = Your message was saved and waits for a moderator: new members' first posts are reviewed before they are shown.
forum-waiting-heading = Messages from new members
forum-waiting-empty = No message is waiting for review.
forum-flagged-heading = Flagged messages
forum-field-review-reason = Reason (needed to reject)
forum-review-approve = Publish
forum-review-reject = Reject
audit-forum-post-approved = New member's message published in the forum
audit-forum-post-rejected = New member's message rejected in the forum
audit-forum-trust-level-set = Trust level set in the forum
forum-appeal-link = Appeal this decision
forum-suspend = Suspend the account
forum-suspend-days-label = Days of suspension
forum-suspension-current = Account suspended
forum-suspension-lift = Lift the suspension
forum-suspended = Account suspended until { $until }. Reason: { $reason }
forum-suspend-title = Suspend an account
forum-suspend-not-yours = Only the foundation's team suspends moderators and the team itself, and nobody can suspend themself.
forum-person-moderate = Moderation
forum-silence-person = Silence
forum-merge = Merge into another topic
forum-merge-into = Topic to merge into
forum-merge-hint = Its number or address, for example 42 or /comunidad/tema/42. This topic's messages move there, and this address will lead there.
forum-merge-title = Merge topics
forum-merge-same = A topic cannot be merged into itself.
forum-merge-already = One of the two topics was already merged into another.
forum-merge-which = Write the number or address of the topic to merge into.
forum-split-link = Split replies into a new topic
forum-split-title = Split replies into a new topic
forum-split-lead = Choose the replies about another matter: the first of them, by date, opens the new topic under its author. Topic they come from:
forum-split-which = Replies that move to the new topic
forum-split-no-replies = This topic has no replies to split off.
forum-split-new-title = Title of the new topic
forum-split-submit = Split into a new topic
forum-split-choose = Choose at least one reply (the opening question stays in its topic).
audit-forum-topic-merged = Forum topics merged
audit-forum-topic-split = Forum replies split into a new topic
# Silences from before they moved to the platform's restrictions (older audit entries).
audit-forum-person-silenced = Person silenced in the forum
audit-forum-silence-lifted = Silence lifted in the forum
forum-post-use-queue = This message waits for review: publish or reject it from the moderation queue.
forum-images-title = Upload an image
forum-images-lead = Upload a screenshot or a photo, then paste into your message the text we give you.
forum-images-limit = PNG, JPEG, GIF or WebP images of up to { $kb } KB are accepted.
forum-images-file = Image
forum-images-description = Description of the image
forum-images-description-hint = What it shows, for people who cannot see it (for example: “Sound window with HDMI as output”). Up to 200 characters.
forum-images-submit = Upload the image
forum-images-done = Image uploaded
forum-images-markdown = Copy this text and paste it into your message
forum-images-not-yet = You can upload images once you reach the Basic trust level: read a few topics and come back another day.
forum-images-describe = Write a description of the image (1 to 200 characters).
forum-images-too-fast = You uploaded many images in a short time. Wait a little and try again.
forum-images-link = Upload an image (opens in another tab)
forum-merge-not-shown = The target topic waits for review or is hidden: merge into a visible topic.
