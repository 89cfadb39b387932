# The partners' support desks (/soporte-profesional).

desk-calendar-shape = The calendar does not have the expected shape ({ $detail }). Write "kind": "24x7", or "kind": "business" with "zone", "hours" and "mx_statutory_holidays" (and, if you like, "extra_holidays").
desk-calendar-zone = “{ $zone }” is not a time zone of Mexico. Use one of these: { $zones }.
desk-calendar-time = “{ $value }” is not a valid time in { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
    }'s hours: write HH:MM, from 00:00 to 23:59 (or 24:00 as an end).
desk-calendar-reversed = The interval { $start }–{ $end } on { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
    } ends before it starts or lasts no time. A shift across midnight is written as two intervals, one on each day.
desk-calendar-overlap = On { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
    } the intervals { $first } and { $second } overlap.
desk-calendar-date = “{ $value }” is not a valid date for a holiday: write YYYY-MM-DD, between 1970 and 2199.
desk-calendar-no-hours = The hours have no business time at all. Add at least one interval or use a 24x7 calendar.
desk-calendar-too-many-holidays = The calendar has { $count } extra holidays; the most it may have is { $max }.
desk-instant-bad = “{ $value }” is not an ISO-8601 instant in UTC (for example, 2025-12-12T15:00:00Z).
desk-instant-minute = “{ $value }” is not on a whole minute: its seconds must be zero.
desk-instant-range = “{ $value }” is outside the dates the clock handles (1970 to 2199).
desk-pause-reversed = The pause from { $start } to { $end } ends before it starts.
desk-target-bad = The target must be a whole number of minutes between 0 and { $max }, not { $value }.
desk-due-beyond = With this calendar the target would fall due after 2199.
desk-sla-not-json = Line { $line } is not valid JSON: { $detail }
desk-sla-missing = The field “{ $field }” is missing.
desk-sla-shape = The field “{ $field }” does not have the expected shape: the record is an object, instants are ISO-8601 texts, pauses are [start, end] pairs and the target is a number.
desk-sla-failed-lines = { $count ->
    [one] One line had an error (see its answer).
   *[other] { $count } lines had errors (see their answers).
}

## The public page

desk-title = Professional support
desk-lead = When your organization needs guaranteed response times, 24/7 service or help on site, the partners of the MxOS ecosystem give you professional support under a contract with service levels.
desk-your-desks = Your help desks
desk-role-admin = administration
desk-role-agent = agent
desk-your-portal = Your customer portal
desk-your-portal-text = Your organization has a contract with a partner: open and follow your tickets, see when each answer is due and reach your account manager.
desk-portal-link = Go to my portal
desk-how-title = How it works
desk-how-contract = Your organization signs a contract with a partner: it sets the service plan, the hours of service (business hours in your zone, or 24/7) and the hours of remote and on-site support included.
desk-how-priorities = Each ticket has a priority, from P1 (critical: your operation has stopped) to P4 (low: a question), and the plan sets for each the time to first response, to the next update and to resolution.
desk-how-clock = The times run only in the contract's hours, leaving out statutory rest days, and stop while the partner waits for your answer.
desk-how-channels = You open tickets in the portal; your account manager gives you their direct contact (phone, email and WhatsApp).
desk-how-critical = A critical incident (P1) alerts everyone on call at the partner at once.
desk-find-title = Find a partner
desk-find-text = The partner directory lists the companies that give professional support for MxOS, with their services, coverage and certified staff.
desk-find-link = See the partner directory
desk-sign-in-hint = Already a partner's customer, or working at a help desk?

## Lists

desk-no-tickets = No tickets to show.
desk-col-number = Number
desk-col-subject = Subject
desk-col-organization = Organization
desk-col-priority = Priority
desk-col-status = Status
desk-col-assignee = Assigned to
desk-col-due = Next due
desk-portal-title = Customer portal
desk-portal-none = Your account does not belong to any organization with a support contract. If your organization already has a partner, ask your account manager to add you; if not, find one in the directory.
desk-portal-lead = Your organization's tickets, with their status and next due time.
desk-new-ticket = Open a ticket
desk-portal-tickets = Your organization's tickets
desk-manager = Your account manager
desk-manager-name = Name
desk-manager-email = Email
desk-manager-phone = Phone
desk-queue-title = Tickets
desk-queue-heading = { $partner } tickets
desk-filters = Ticket filters
desk-filter-open = In progress
desk-filter-all = All
desk-filter-any = Any
desk-filter-mine = Only those assigned to me
desk-filter-apply = Filter

## A ticket

desk-new-lead = Describe what happens, since when and how much it affects your operation. The priority decides how soon you get an answer.
desk-field-requester = Requester
desk-field-requester-hint = The email of a person of the organization; left empty, you are the requester.
desk-field-subject = Subject
desk-field-priority-hint = P1 critical: operation has stopped. P2 high: an important function fails. P3 normal: something fails but there is a way to go on. P4 low: a question or a request.
desk-field-description = Description
desk-open-ticket = Open the ticket
desk-nobody = Nobody
desk-no-team = No team
desk-someone = Someone
desk-opened = Opened on
desk-contract = Contract
desk-no-contract = This organization has no contract in force: the ticket has no guaranteed times.
desk-conversation = Conversation
desk-internal-note = Internal note
desk-reply-title = Reply
desk-field-message = Message
desk-field-visibility = Who sees it
desk-visibility-public = Reply to the customer
desk-visibility-internal = Internal note (the desk only)
desk-send = Send
desk-customer-resolve = It is solved
desk-move-title = Change the status
desk-field-reminder = Remind me on
desk-field-reminder-hint = Only for “Pending reminder”: the ticket reopens on that date and time (the organization's time).
desk-move = Change
desk-assign-title = Priority and assignment
desk-team = Team
desk-save = Save

## Service times

desk-sla-title = Service times
desk-sla-target = Target
desk-sla-due = Due
desk-sla-state = Standing
desk-target-first-response = First response
desk-target-next-update = Next update
desk-target-resolution = Resolution
desk-sla-left = { $time } left
desk-sla-left-business = { $time } of business time left
desk-sla-met = Met on time: { $when }
desk-sla-met-late = Met late: { $when }
desk-sla-breached = Breached
desk-sla-paused = Paused: waiting for your answer
desk-sla-paused-desk = Paused: waiting for the customer

## Statuses, priorities, channels

desk-status-new = New
desk-status-open = Open
desk-status-pending-customer = Pending customer
desk-status-pending-reminder = Pending reminder
desk-status-resolved = Resolved
desk-status-closed = Closed
desk-priority-1 = critical
desk-priority-2 = high
desk-priority-3 = normal
desk-priority-4 = low
desk-channel-portal = portal
desk-channel-agent = help desk
desk-channel-api = API
desk-channel-email = email
desk-channel-whatsapp = WhatsApp
desk-channel-phone = phone

## Problems

desk-problem-subject-short = Write a subject of at least 4 characters.
desk-problem-subject-long = The subject can have at most 200 characters.
desk-problem-body-empty = Write the message.
desk-problem-body-long = The message can have at most 50,000 characters. If it is a log, attach it as a file.
desk-problem-slug = A partner's short name has 2 to 40 lowercase letters, digits or hyphens, with no hyphen at either end.
desk-problem-name = Write the partner's name (up to 120 characters).
desk-problem-slug-taken = There is already a partner with that short name.
desk-problem-contract-dates = A contract's dates are written YYYY-MM-DD.
desk-problem-contract-ends-before = A contract cannot end before it starts.
desk-problem-contract-hours = Included hours must be a number of minutes between 0 and 1,000,000.
desk-problem-closed = This ticket is closed: if you need more help, open a new one.
desk-problem-reminder = To leave it pending a reminder, give a date and time in the future.
desk-problem-assignee = You can only assign the ticket to someone of this desk.
desk-problem-team = That team is not of this desk.
desk-problem-organization = Choose one of your organizations.
desk-problem-priority = Choose a priority from P1 to P4.
desk-problem-requester = That email is not of any person of the chosen organization.
desk-problem-status = Choose a status.
desk-problem-move = The ticket can no longer move to that status; the page shows where it stands now.

audit-desk-opened = Partner desk opened
audit-desk-staff-changed = A desk's staff changed
audit-desk-settings-changed = Desk settings changed

## A desk's administration

desk-admin-title = Manage the desk
desk-admin-link = Manage the desk
desk-admin-people = Staff
desk-admin-email = Their account's email
desk-admin-role = Role
desk-admin-name = Name
desk-add = Add
desk-admin-teams = Teams
desk-team-lead = Lead
desk-admin-calendars = Service calendars
desk-calendar-json = Calendar (JSON)
desk-calendar-json-hint = For example {"{"}"kind": "24x7"{"}"}, or business hours with "kind": "business", "zone" (a zone of Mexico), "hours" per day ("mon" to "sun", intervals ["09:00","18:00"]), "mx_statutory_holidays" and "extra_holidays" (dates YYYY-MM-DD).
desk-admin-plans = Service plans
desk-minutes = targets in business minutes
desk-admin-organizations = Client organizations
desk-org-zone = Time zone
desk-org-manager = Account manager
desk-admin-customers = Add a person to an organization
desk-admin-contracts = Contracts
desk-contract-plan = Plan
desk-contract-calendar = Calendar
desk-contract-hours = Remote · on-site hours
desk-contract-term = Term
desk-contract-remote = Included hours of remote support
desk-contract-onsite = Included hours of on-site support
desk-contract-start = Start
desk-contract-end = End
desk-contract-notice = Renewal notice (days before the end)
desk-open-title = Open a partner's desk
desk-open-lead = The Foundation opens a partner's help desk and names its first admin; from there, the partner runs its desk.
desk-open-name = The partner's name
desk-open-slug = Short name (for its address)
desk-open-admin = Email of its admin's account
desk-open-submit = Open the desk
desk-problem-no-account = There is no account with that email: the person must sign up first.
desk-problem-team-name = Write a team name of up to 80 characters that the desk does not have yet.
desk-problem-calendar-name = Write a calendar name of up to 80 characters that the desk does not have yet.
desk-problem-plan = Write a plan name the desk does not have yet and, for each priority, targets in minutes above zero.
desk-problem-organization-name = Write an organization name of up to 120 characters that the desk does not have yet.
desk-problem-zone = Choose a time zone of Mexico.
desk-problem-customer-twice = That person already belongs to the organization.
desk-problem-contract-parts = Choose an organization, a plan and a calendar of this desk.

desk-api-bad-filter = A filter is not valid: the partner is a short lowercase name with hyphens and the page goes from 1 to 10,000.

desk-local-time = { $when }, { $city ->
    [cancun] Cancún time
    [merida] Mérida time
    [monterrey] Monterrey time
    [matamoros] Matamoros time
    [chihuahua] Chihuahua time
    [ciudad-juarez] Ciudad Juárez time
    [ojinaga] Ojinaga time
    [mazatlan] Mazatlán time
    [bahia-banderas] Bahía de Banderas time
    [hermosillo] Hermosillo time
    [tijuana] Tijuana time
   *[mexico-city] Mexico City time
}

## Service time alerts

desk-alert-warning = Ticket #{ $number } of { $organization } is about to miss its { $target } target ({ $when-due }).
desk-alert-breach = Ticket #{ $number } of { $organization } missed its { $target } target ({ $when-due }).
desk-alert-mail =
    { $text }

    Open it at { $link }

## Time worked and contract hours

desk-hours-title = Contract hours
desk-hours-line = { $kind }: { $used } used of { $included } ({ $left } left)
desk-hours-warning = { $percent } % of the contract's included { $kind } hours are used.
desk-work-remote = remote support
desk-work-onsite = on-site support
desk-work-title = Time worked
desk-work-day = Day
desk-work-who = Who
desk-work-kind = Kind
desk-work-length = Length
desk-work-length-hint = In minutes (90) or hours and minutes (1:30), up to 36 hours.
desk-work-note = Note
desk-work-log = Log the time
desk-problem-work-kind = Choose whether the work was remote or on site.
desk-problem-work-unreadable = Write the length in minutes (90) or hours and minutes (1:30).
desk-problem-work-not-positive = The length must be at least one minute.
desk-problem-work-absurd = One entry can last at most 36 hours; log the days separately.
desk-problem-work-note = The note can have at most 500 characters.

## From the community

desk-intake = Take it to my provider
desk-intake-notice = This ticket is opened from your question in the community. The question stays public, but nobody in the community will see the ticket.
desk-from-question = Brought from my question in the community.
desk-problem-origin = The ticket could not be linked to the question.

## Satisfaction survey

desk-survey-title = How did we do?
desk-survey-question = Rate the service you received
desk-survey-comment = Anything you would like to tell us? (optional)
desk-survey-send = Send my opinion
desk-survey-thanks = Thank you! Your rating is saved. Tell us more if you like.
desk-survey-thanks-comment = Thank you for your opinion! It helps us serve you better.
desk-survey-rated = Customer's rating
desk-rating-5 = Excellent
desk-rating-4 = Good
desk-rating-3 = Fair
desk-rating-2 = Poor
desk-rating-1 = Very poor
desk-survey-mail-subject = How did we do? { $ticket }
desk-survey-mail-body =
    We resolved your ticket { $ticket }. How did we do? One click is enough:

    { $links }

    Thank you for helping us improve.
desk-problem-rating = Choose a rating.
desk-problem-survey-comment = The comment can have at most 2,000 characters.

desk-reminder-came = The reminder's date came: the ticket is Open again.

## Saved replies and visits

desk-macros-title = Saved replies
desk-macro = Reply
desk-macro-apply = Answer with it
desk-macro-body = The reply's text
desk-macro-body-hint = “{"{"}cliente{"}"}” is replaced by the name of who asked for the ticket.
desk-macro-status = Also leave the ticket in
desk-macro-no-change = (no change)
desk-problem-macro = Choose a saved reply of this desk.
desk-problem-macro-name = Write a name of up to 80 characters that the desk does not have yet.
desk-visits-title = On-site visits
desk-visits-none = No visits scheduled.
desk-visit-address = Address
desk-visit-start = Date and time
desk-visit-start-hint = The organization's time.
desk-visit-agent = Who goes
desk-visit-schedule = Schedule the visit
desk-problem-visit-address = Write the visit's address (up to 300 characters).
desk-problem-visit-time = Give the visit's date and time.

## Service report

desk-report-title = Service report
desk-report-choose = Choose the report
desk-report-month = Month
desk-report-all-contracts = All contracts
desk-report-show = Show
desk-report-csv = Download as CSV
desk-report-tickets = { $count ->
    [one] One ticket opened in the month.
   *[other] { $count } tickets opened in the month.
}
desk-report-compliance = Compliance per target
desk-report-on-time = On time
desk-report-breached = Breached
desk-report-pending = In progress
desk-report-percent = Compliance
desk-report-none = no data
desk-report-median-first = Median to first response (business time)
desk-report-median-resolution = Median to resolution (business time)
desk-report-backlog = Tickets in progress by age
desk-age-day = Under a day
desk-age-3 = 1 to 3 days
desk-age-7 = 3 to 7 days
desk-age-30 = 7 to 30 days
desk-age-more = Over 30 days
desk-csv-number = Number
desk-csv-organization = Organization
desk-csv-priority = Priority
desk-csv-status = Status
desk-csv-opened = Opened (UTC)
desk-csv-first-due = First response due (UTC)
desk-csv-first-met = First response (UTC)
desk-csv-first-breached = First response breached
desk-csv-resolution-due = Resolution due (UTC)
desk-csv-resolution-met = Resolution (UTC)
desk-csv-resolution-breached = Resolution breached
desk-csv-to-first = Business minutes to first response
desk-csv-to-resolution = Business minutes to resolution
desk-csv-yes = yes
desk-csv-no = no

## Critical incidents and on-call

desk-incident-title = Critical incident
desk-incident-started = Started
desk-incident-next = Next public update due by
desk-incident-no-updates = No updates published yet.
desk-incident-update = Public update of the incident
desk-incident-publish = Publish the update
desk-incident-summary = Post-incident summary
desk-incident-summary-hint = What happened, whom it affected, how it was solved and what will keep it from happening again.
desk-incident-summary-save = Save the summary
desk-problem-summary-early = The summary is written once the ticket is resolved.
desk-oncall-title = On call
desk-oncall-lead = Who hears of critical incidents (P1) at once, in their calendar's hours. When nobody is on call at that moment, the desk's admins are told.
desk-oncall-person = Person
desk-problem-oncall = Choose someone of the desk and one of its calendars.
desk-alert-incident = Critical incident: ticket #{ $number } of { $organization } is open with priority P1.
desk-alert-update-due = Critical incident: a public update of ticket #{ $number } of { $organization } is due ({ $when-due }).
desk-incident-update-target = incident update
desk-survey-yours = Your rating
desk-survey-unanswered = The customer has not answered the survey yet.

## Message notices

desk-notice-opened-for-you = The help desk opened this ticket for { $organization }.
desk-notice-desk-replied = The help desk answered your ticket.
desk-notice-new-ticket = New ticket from { $organization }.
desk-notice-customer-wrote = The customer ({ $organization }) wrote on the ticket.
desk-message-mail =
    { $text }

    { $body }

    Answer it at { $link }

desk-attachments = Attached files
desk-field-attachments = Attached files (optional)
desk-settings-title = Desk settings
desk-settings-name = Name your customers see
desk-settings-signature = Signature of answers
desk-settings-signature-hint = Closes the mails that tell customers of the desk's answers. Up to 600 characters.
desk-settings-logo = Logo
desk-settings-logo-hint = PNG, JPEG, GIF or WebP. Shown in the customer portal and on tickets.
desk-settings-logo-alt = The desk's current logo
desk-settings-logo-remove = Remove the logo
desk-settings-save = Save settings
desk-problem-signature = The signature is too long: up to 600 characters.
desk-served-by = Served by:
desk-tags = Tags
desk-tags-hint = Separated by commas or spaces; only the desk sees them. For example: printer, network, line-3.
desk-problem-tag = Each tag has letters, digits, hyphens or underscores, up to 40 characters.
desk-problem-tags-many = Too many tags: up to 10 per ticket.
desk-filter-tag = Tag
desk-problem-last-admin = The desk would be left without an admin: make someone else an admin first.
desk-incident-cadence = Next update
desk-incident-every = in { $count } minutes
desk-problem-cadence = Choose when the next update will be published.
desk-digest-title = { $count } updates on your tickets
desk-digest-mail =
    Several things happened at once on your tickets:

    { $items }

    See them all at { $link }

desk-renewal-due = The contract “{ $contract }” of { $organization } ends on { $ends }: time to renew it.
desk-problem-no-desk = There is no such support desk.
desk-problem-handover = The desk could not take this request.
