# Soporte — English texts (second language).

site-name = MxOS Support
site-tagline = Help for everyone who uses MxOS
skip-to-content = Skip to content
nav-label = Support ladder
nav-docs = Documentation
nav-community = Community
nav-bugs = Bugs
nav-professional = Professional support
nav-partners = Partners
nav-certification = Certification
switch-language-label = Change language
switch-language = Español
footer-text = Soporte is the MxOS help center, run by the MxOS Foundation, its community and its partners.

home-title = Home
home-heading = Having a problem with MxOS? Start here.
home-lead = Climb one step at a time: most problems are solved on the first ones. If one is not enough, the next is waiting.
home-step-docs = Search the documentation
home-step-docs-when = First read the user and administrator guides, the technical manuals, the FAQ and the knowledge base. They answer most questions right away.
home-step-community = Ask the community
home-step-community-when = If the documentation does not cover it, ask in the forum, on the mailing lists or in chat (Telegram, Matrix, IRC). Other users and volunteers help on a best-effort basis, moderated by the Foundation.
home-step-bugs = Report a bug
home-step-bugs-when = If you found a defect in the software, report it in the bug tracker so the development team can review and fix it.
home-step-professional = Hire professional support
home-step-professional-when = If your organization needs guaranteed response times, 24/7 service, phone or expert help, hire a partner of the MxOS ecosystem.
home-certification-heading = Learn and get certified
home-certification-text = The Basic Certification is free and self-taught: it validates the essentials of MxOS so you can help others better, in the community or at a partner.
home-certification-link = About the Basic Certification

rung-docs-title = Documentation
rung-docs-text = User and administrator guides, technical manuals, frequently asked questions and a community knowledge base, behind one search box.
rung-community-title = Community
rung-community-text = Forums with accepted answers, mailing lists and chat on Telegram, Matrix and IRC: free, best-effort help among users, moderated by the Foundation.
rung-bugs-title = Bugs
rung-bugs-text = The central bug tracker: report defects, follow their status and say “this affects me” when a reported bug happens to you too.
rung-professional-title = Professional support
rung-professional-text = Contracts with service level agreements, 24/7 service, help desks, phone, a customer portal and WhatsApp as a first contact, provided by ecosystem partners.
rung-partners-title = Partners
rung-partners-text = The directory of MxOS ecosystem partners: verified companies that offer professional support, with their certified staff.
rung-certification-title = Certification
rung-certification-text = The free, self-taught Basic Certification: study, take the exam and get a certificate anyone can verify.
rung-under-construction = This section is still under construction. Meanwhile, go back home to see the other steps.
back-home = Back to home
error-request-id = If you report this problem, quote this code:

error-400-title = Invalid request
error-400-body = We could not understand what was sent. Check it and try again; nothing was saved.
error-404-title = Page not found
error-404-body = There is no page at this address. The link may be misspelled or the page may have moved.
error-405-title = Action not allowed
error-405-body = This address does not accept that action.
error-413-title = Submission too large
error-413-body = What you sent is larger than allowed. Shorten it and try again; nothing was saved.
error-500-title = Something went wrong
error-500-body = An error happened on our side and has been logged. Please try again in a few minutes.
error-503-title = Service unavailable
error-503-body = Soporte cannot answer right now. Please try again in a few minutes.
error-bad-language = That language is not available.

error-setting = Invalid setting { $setting }: { $reason }
config-unknown-database-scheme = “{ $value }” is not a database Soporte knows; use sqlite://PATH or postgres://…
config-not-a-socket-address = “{ $value }” is not an IP address with a port, such as 127.0.0.1:8080.
config-not-an-http-url = “{ $value }” is not an http:// or https:// address.
config-not-an-smtp-url = “{ $value }” is not an SMTP address, such as smtp://server:25 or smtps://user:password@server.
config-not-a-mailbox = “{ $value }” is not a valid sender, such as Soporte <soporte@example.org>.
config-out-of-range = “{ $value }” is not an allowed whole number ({ $detail }).
config-unreadable = “{ $value }” could not be read ({ $detail }).
config-not-toml = “{ $value }” is not a valid TOML file ({ $detail }).
config-unknown-key = “{ $value }” has a key that is not a setting: { $detail }.

cli-user-added = Added { $name } <{ $email }> with id { $id }.
cli-user-email-taken = A person with the email { $email } already exists.
cli-bad-email = “{ $value }” is not a valid email address.
cli-bad-name = A name must have 1 to 100 characters and no control characters.
cli-migrated = Database up to date: { $count } migrations applied.
cli-mail-queued = Test mail queued with id { $id }; the server will send it.
cli-serving = Soporte is serving on { $url }
cli-demo-loaded = Demo content loaded.
cli-database-failed = Could not open the database: { $detail }
mail-test-subject = Soporte mail test
mail-test-body = If you are reading this, Soporte can send mail with the current settings.

error-403-title = Access not allowed
error-csrf-title = Form expired
error-403-body = You do not have permission to see this page or do this action. If you think this is a mistake, talk to the Foundation staff.
error-csrf = For your security this form is no longer valid (the page may have been open for a long time). Go back, reload the page and send it again; nothing was saved.
error-429-title = Too many attempts
error-429-body = You made too many attempts in a short time. Wait a few minutes and try again.

account-nav-sign-in = Sign in
account-nav-sign-up = Sign up
account-nav-sign-out = Sign out
account-nav-label = Your account
field-email = Email
field-name = Display name
field-name-hint = This is how others will see you. You can change it later.
field-password = Password
field-new-password = New password
field-password-hint = At least 10 characters. A phrase of several words is easy to remember and hard to guess.
form-errors-heading = Please check the following:
sign-up-title = Create an account
sign-up-intro = With an account you can ask the community, report bugs and follow your tickets.
sign-up-submit = Create account
sign-up-have-account = Already have an account? Sign in
sign-up-sent-title = Check your email
sign-up-sent-text = We sent a message to { $email }. Open the link in it to confirm your account; it expires in 48 hours.
sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-failed = The email or password is not correct.
sign-in-throttled = There were too many failed attempts with this email. Wait { $minutes } minutes or reset your password.
sign-in-forgot = Forgot your password?
sign-in-no-account = No account yet? Create one
sign-in-unconfirmed-title = Confirm your email
sign-in-unconfirmed-text = Before signing in, confirm your email address. We sent a new link to { $email }.
forgot-title = Forgot my password
forgot-intro = Type your account's email and we will send you a link to choose a new password.
forgot-submit = Send link
forgot-sent-title = Check your email
forgot-sent-text = If there is an account with { $email }, we sent it a link to choose a new password. It expires in one hour.
reset-title = Choose a new password
reset-submit = Save password
reset-done-title = Password changed
reset-done-text = Your new password is saved and your open sessions were closed. You can sign in now.
confirm-title = Confirm your account
confirm-intro = One more step: confirm that this email is yours.
confirm-submit = Confirm my account
confirm-done-title = Account confirmed
confirm-done-text = Done! Your email is confirmed. You can sign in now.
link-unknown = This link is not valid. Check that you copied all of it, or ask for a new one.
link-expired = This link has expired. Ask for a new one.
link-used = This link was already used. If you need to do it again, ask for a new one.
link-problem-title = Invalid link
go-sign-in = Go to sign in
request-new-link = Ask for a new link
rate-limited-text = You made too many attempts in a short time. Wait { $minutes } minutes and try again; nothing was saved.
account-title = Your account
account-name = Name
account-email = Email
account-roles = Roles
email-invalid = Type a valid email address, such as name@example.com.
name-invalid = Type a name of 1 to 100 characters.
password-too-short = The password must have at least 10 characters.
password-too-long = The password cannot have more than 256 characters.
password-too-common = That password is too common and easy to guess. Choose another, such as a phrase of several words.
password-too-guessable = That password takes few guesses: it is made of known words, names, dates or patterns. Try a phrase of several words that do not usually go together.
password-personal-data = The password must not contain your email or your name.
role-member = Member
role-trusted-member = Trusted member
role-moderator = Moderator
role-staff = Foundation staff
role-developer = Developer
role-partner-admin = Partner administrator
role-partner-agent = Partner agent
role-customer = Customer
mail-confirm-subject = Confirm your MxOS Support account
mail-confirm-body =
    Hello { $name },

    To confirm your MxOS Support account, open this link (it expires in 48 hours):

    { $link }

    If you did not create this account, ignore this message.
mail-exists-subject = Someone tried to create an account with your email
mail-exists-body =
    Hello { $name },

    Someone tried to create an MxOS Support account with this email, but you already have one.
    If it was you, sign in at { $signin } or, if you forgot your password, ask for a new one at { $forgot }.

    If it was not you, ignore this message; your account did not change.
mail-reset-subject = Choose a new MxOS Support password
mail-reset-body =
    Hello { $name },

    To choose a new password, open this link (it expires in one hour and works once):

    { $link }

    If you did not ask for it, ignore this message; your password does not change.
admin-link = Administration
admin-people-title = People
admin-people-search = Search by name or email
admin-people-caption = People with an account (up to 100)
admin-search = Search
admin-filter = Filter
admin-roles-save = Save roles
admin-roles-saved = Roles saved.
admin-last-staff = Not saved: Soporte needs at least one Foundation staff member.
admin-command-line = command line
admin-audit-title = Audit log
admin-audit-caption = Administration actions, newest first
admin-audit-action = Action
admin-audit-any = All
admin-audit-person = Person (email)
admin-audit-when = When
admin-audit-who = Who
admin-audit-whom = To whom
admin-audit-detail = Detail
audit-role-granted = Role granted
audit-role-revoked = Role revoked
cli-roles-now = Roles of { $email }: { $roles }
cli-no-such-person = There is no person with the email { $email }.

# Profile
state-AGU = Aguascalientes
state-BCN = Baja California
state-BCS = Baja California Sur
state-CAM = Campeche
state-CHP = Chiapas
state-CHH = Chihuahua
state-CMX = Mexico City
state-COA = Coahuila
state-COL = Colima
state-DUR = Durango
state-GUA = Guanajuato
state-GRO = Guerrero
state-HID = Hidalgo
state-JAL = Jalisco
state-MEX = State of Mexico
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
state-EXT = Outside Mexico
language-es = Spanish
language-en = English
language-nah = Nahuatl
language-yua = Yucatec Maya
language-zap = Zapotec
language-mix = Mixtec
language-oto = Otomi
language-tzo = Tsotsil
language-tzh = Tseltal
language-top = Totonac
profile-title = Profile
profile-intro = This is what other people see about you.
field-bio = About you
field-bio-hint = Up to 1000 characters. For example, what you use MxOS for or what you can help with.
field-languages = Languages you speak
field-state = State where you live
state-none = I prefer not to say
profile-save = Save profile
profile-saved = Profile saved.
profile-bio-too-long = What you wrote about yourself is longer than 1000 characters.
profile-unknown-state = Choose a state from the list.
profile-unknown-language = Choose languages from the list.
password-change-title = Change password
field-current-password = Current password
password-change-submit = Change password
password-changed = Password changed. Your other open sessions were closed.
password-current-wrong = The current password is not correct.
email-change-title = Change email
field-new-email = New email
email-change-submit = Send confirmation link
email-change-sent = We sent a link to { $email }. Your email changes when you open it.
email-change-same = That is already your email.
mail-change-subject = Confirm your new email at MxOS Support
mail-change-body =
    Hello { $name },

    To use this email for your MxOS Support account, open this link (it expires in 48 hours):

    { $link }

    If you did not ask for it, ignore this message.
mail-change-notice-subject = A change of your account's email was requested
mail-change-notice-body =
    Hello { $name },

    Someone asked to change your MxOS Support account's email to { $email }. It changes only if someone opens the link we sent to that address.

    If it was not you, change your password at { $account }.
email-confirm-title = Confirm your new email
email-confirm-intro = Your account will use { $email } to sign in and receive notices.
email-confirm-submit = Use this email
email-changed-title = Email changed
email-changed-text = From now on your account uses { $email }.
email-change-taken = That email already belongs to another account. Nothing changed.
delete-title = Delete account
delete-intro = Your name, email, profile and sessions are erased. What you posted stays, by “deleted user”. This cannot be undone.
delete-confirm = I understand this cannot be undone
delete-submit = Delete my account
delete-confirm-missing = Tick the box to confirm.
deleted-title = Account deleted
deleted-text = Your account was deleted. Thank you for having been part of the MxOS community.
deleted-user = deleted user
two-factor-title = Two-step verification
two-factor-on = It is on: when you sign in we also ask for a code from your authenticator app.
two-factor-off = Protect your account by asking, besides the password, for a code from an authenticator app on your phone.
two-factor-start = Turn on two-step verification
two-factor-disable = Turn off two-step verification
two-factor-disabled = Two-step verification turned off.
two-factor-scan = Scan this QR code with your authenticator app (for example FreeOTP, Aegis or Google Authenticator).
two-factor-qr-alt = QR code to add your MxOS Support account to the authenticator app
two-factor-or-type = Cannot scan it? Type this key in the app:
two-factor-activate = Turn on
two-factor-enabled = Done: two-step verification is on.
two-factor-recovery-title = Recovery codes
two-factor-recovery-text = Keep them somewhere safe. If you lose your phone, each code lets you in once. We will not show them again.
two-factor-sign-in-title = Type your code
two-factor-wrong-code = That code is not valid. Type the current code from your app or one of your recovery codes.
field-code = Verification code
field-code-hint = The 6 digits your app shows, or a recovery code.
error-401-title = Authentication needed
error-401-body = Send a valid API token in the “Authorization: Bearer” header. You can create one in your account.
tokens-title = API tokens
tokens-intro = With a token, your programs use the Soporte API on your behalf. Treat it like a password.
tokens-caption = Your active tokens
token-name = Name
token-scope = Permission
token-scope-read = Read only
token-scope-write = Read and write
token-created-at = Created
token-last-used = Last used
token-never-used = Never
token-actions = Actions
token-revoke = Revoke
token-create = Create token
token-created = Copy your token now; we will not show it again.
token-revoked = Token revoked: it no longer works.
token-invalid = Type a name of 1 to 60 characters and choose a permission.
sign-out-everywhere = Sign out on every device
cli-demo-accounts = Demo accounts: { $accounts }. Password of all: “{ $password }”.
config-not-a-boolean = “{ $value }” is neither true nor false; use true or false.
config-weak-token = The token is too short or holds spaces: use 16 characters or more, with no spaces (for example, the output of `openssl rand -hex 24`).
cli-secrets-resealed = Secrets sealed again with the first key: { $count }
cli-mail-requeued = Held messages queued again: { $count }. The server will send them.
nav-search-label = Search the documentation
nav-search-placeholder = Search for a solution…
nav-search-button = Search
admin-synonyms-link = Search synonyms
admin-search-report-link = What people search for

## Links between rungs, seen from each side
links-heading = Related
link-became-from = Became
link-became-to = Came from
link-duplicate-of-from = Duplicate of
link-duplicate-of-to = Has a duplicate in
link-answered-by-from = Answered in
link-answered-by-to = Answers
link-promoted-to-from = Published as
link-promoted-to-to = Grew out of
link-escalated-to-from = Taken to
link-escalated-to-to = Came from
link-archived-as-from = Archived as
link-archived-as-to = Archive of

# Long lists, a page at a time
paging-label = Pages
paging-previous = ← Previous
paging-next = Next →
paging-page = Page

notifications-link = Notices
notifications-unread = unread
notifications-title = Your notices
notifications-read-all = Mark all as read
notifications-none = You have no notices yet.
notifications-new = New

## Badges
badge-first-solution = First solution
badge-first-solution-about = One of their replies was accepted as a question's solution.
badge-ten-solutions = Ten solutions
badge-ten-solutions-about = Ten of their replies were accepted as solutions.
badge-hundred-solutions = A hundred solutions
badge-hundred-solutions-about = A hundred of their replies were accepted as solutions.
badge-helpful = Very helpful
badge-helpful-about = Other people marked their posts as helpful ten times.
badge-first-article-edit = First knowledge-base edit
badge-first-article-edit-about = A reviewer approved their first change to an article.
badge-translator = Translation
badge-translator-about = Linked an article with its translation.

## Restrictions and appeals
restriction-silence = Silence (may read, not post)
restriction-suspension = Account suspension
audit-person-silenced = Person silenced
audit-person-silence-lifted = Silence lifted
audit-person-suspended = Account suspended
audit-person-suspension-lifted = Suspension lifted
audit-appeal-granted = Appeal granted
audit-appeal-denied = Appeal denied
appeal-title = Restrictions and appeals
appeal-none = You have no restriction at the moment.
appeal-restriction = Until { $until }. Reason: { $reason }
appeal-field = Your appeal
appeal-hint = Explain why you think the restriction is wrong (10 to 2000 characters). The foundation's team reads it.
appeal-submit = Send the appeal
appeal-sent = We received your appeal. The foundation's team will review it and tell you their answer.
appeal-pending = Your appeal is being reviewed.
appeal-granted = Your appeal was granted and the restriction lifted. The team's answer: { $answer }
appeal-denied = Your appeal was denied. The team's answer: { $answer }
appeal-not-found = That restriction no longer holds or is not yours.
appeal-already = You already appealed this restriction; it can be appealed once.
appeal-text-length = Write your appeal in 10 to 2000 characters.
appeal-permit-expired = The permission to appeal expired. Sign in again with your email and password to appeal.
appeal-notice-title = Answer to your appeal
appeal-notice-granted = Your appeal against the restriction “{ $what }” was granted and it was lifted. { $answer }
appeal-notice-denied = Your appeal against the restriction “{ $what }” was denied. { $answer }
appeal-staff-title = Appeals
appeal-staff-lead = Open appeals, oldest first. Granting one lifts the restriction; the person is told the answer and the decision goes into the audit log.
appeal-staff-empty = There are no open appeals.
appeal-staff-filed = Appeal sent on
appeal-staff-answer = Answer for the person
appeal-staff-grant = Grant and lift the restriction
appeal-staff-deny = Deny
appeal-answered = The answer was saved and the person told.
appeal-answer-needed = Write an answer for the person (up to 2000 characters).
appeal-already-answered = Someone else on the team already answered this appeal.
appeal-unknown-decision = Choose to grant or deny the appeal.
appeal-own = Nobody answers their own appeal: someone else on the team does.
upload-empty = Choose an image file.
upload-too-large = The image is too large: the limit is { $kb } KB. Shrink or crop it and try again.
upload-not-an-image = The file is not a PNG, JPEG, GIF or WebP image, whatever its name says.
error-too-large-title = Too large
error-too-large = What you sent is larger than this server accepts. If it is an image, shrink or crop it and try again.
attachment-limit = Up to { $count } files of { $kb } KB in all. Text, images, PDF documents, compressed files and memory dumps are accepted; they are always downloaded, never opened in the browser.
attachment-text = Text
attachment-image = Image
attachment-archive = Compressed file
attachment-core = Memory dump
attachment-pdf = PDF document
attachment-too-large = The files are too large. Compress it or trim the log and try again.
attachment-forbidden = A file is not of a type we accept (by its content, not its name). Attach text, images, PDF documents, compressed files or memory dumps.
attachment-lies = A file claims one type by its name, but its content is another. Check that it is the right file.
attachment-too-many = Too many files to send at once.
form-unreadable-title = We could not read the form
form-unreadable = The form arrived incomplete. Please try again.
