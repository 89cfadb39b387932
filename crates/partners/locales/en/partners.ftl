# The partner directory (crates/partners).

partners-title = Partner Directory
partners-lead = Companies of the MxOS ecosystem that give professional support: with contracts, service levels and certified staff. Search by state, service, sector and hours.
partners-filters = Directory filters
partners-field-state = State
partners-any-state = Any state
partners-nationwide = Remote, whole country
partners-nationwide-short = remote across the country
partners-nationwide-text = Gives remote support across the whole country.
partners-field-city = City
partners-any-city = Any city
partners-field-services = Services
partners-field-sector = Sector served
partners-any = Any
partners-field-hours = Hours
partners-field-level = Response level
partners-field-language = Language
partners-field-certified = Certified people
partners-field-verified = Only partners with a verification in force
partners-field-sort = Sort by
partners-search = Search partners
partners-found = { $count ->
    [0] No partner matches these filters.
    [one] One partner matches these filters.
   *[other] { $count } partners match these filters.
}
partners-none-found = Try fewer filters, or look for remote support across the country.
partners-certified-count = { $count ->
    [0] No certified people
    [one] 1 certified person
   *[other] { $count } certified people
}
partners-certified-at-least = { $count ->
    [one] At least 1
   *[other] At least { $count }
}
partners-verified-until = Verified by the Foundation until { $date }
partners-verification-expired = Verification expired on { $date }
partners-sort-relevance = Relevance
partners-sort-certified = Certified people
partners-sort-name = Name
partners-service-instalacion = Installation
partners-service-migracion = Migration
partners-service-administracion = Administration
partners-service-capacitacion = Training
partners-service-desarrollo = Development
partners-service-en-sitio = On-site support
partners-sector-gobierno = Government
partners-sector-educacion = Education
partners-sector-salud = Health
partners-sector-pymes = Small and medium businesses
partners-sector-industria = Industry
partners-sector-finanzas = Finance
partners-sector-sociedad-civil = Civil society
partners-hours-24x7 = 24/7
partners-hours-habil = Business hours
partners-level-1h = Critical incidents within 1 hour
partners-level-4h = Critical incidents within 4 hours
partners-level-dia-habil = Answer on the next business day
partners-rfc = RFC
partners-rfc-length = An RFC has 12 characters (a company) or 13 (a person).
partners-rfc-letters = An RFC starts with 3 letters (a company) or 4 (a person).
partners-rfc-date = The RFC's date (YYMMDD, after the letters) is not a valid date.
partners-rfc-homoclave = The RFC's homoclave (its last three characters) has only letters and digits.
partners-rfc-check-digit = The RFC's check digit does not match: check that it is written correctly.
partners-rfc-taken = A partner with that RFC is already registered.
partners-unknown-title = Partner not found
partners-unknown = That partner is not in the directory: the Foundation may not have verified it yet.
partners-crumbs = Breadcrumbs
partners-sectors = Sectors
partners-levels = Response levels
partners-languages = Languages
partners-coverage = Coverage
partners-map-title = Coverage map by state
partners-map-summary = Serves: { $states }.
partners-map-summary-nationwide = Serves the whole country.
partners-map-covered = { $state }: served
partners-map-not-covered = { $state }: not served
partners-map-office = { $state }: has an office
partners-key-covered = Served
partners-key-office = Has an office
partners-key-not-covered = Not served
partners-offices = Offices
partners-covered-states = States served
partners-contact = Contact
partners-channel-web = Website
partners-channel-phone = Phone
partners-channel-whatsapp = WhatsApp
partners-channel-email = Email

## Applying and the foundation's review

partners-apply-link = Does your company support MxOS? Apply to join the directory.
partners-apply-title = Apply to join the directory
partners-apply-lead = The Foundation reviews every application: the company's RFC, address and documents. Once approved, your company is listed in the directory for a year and gets its support desk.
partners-apply-company = The company
partners-apply-field-name = Trade name
partners-apply-field-legal-name = Legal name
partners-apply-rfc-hint = 12 characters for a company, 13 for a person, as on your constancia de situación fiscal.
partners-apply-field-description = What your company does
partners-apply-description-hint = Between 20 and 4000 characters. You may use Markdown.
partners-apply-office = Head office
partners-apply-choose = Choose one
partners-apply-field-address = Address
partners-apply-coverage = Other states you serve
partners-apply-documents-title = Documents
partners-apply-documents-hint = Attach the articles of incorporation (acta constitutiva) and the tax status certificate (constancia de situación fiscal), as PDF or image. Only the Foundation and you can download them.
partners-apply-documents-kept = These documents are already kept with your application:
partners-apply-documents-field = Add documents
partners-apply-send = Send application
partners-apply-name = Write the trade name (2 to 80 characters).
partners-apply-legal-name = Write the legal name (2 to 200 characters).
partners-apply-description = Describe your company in 20 to 4000 characters.
partners-apply-city = Write the head office's city.
partners-apply-address = Write the head office's address.
partners-apply-email = Write a valid contact email.
partners-apply-web = The website must be a full address, such as https://yourcompany.mx.
partners-apply-phone = A phone number has 10 to 15 digits; it may start with + and have spaces, hyphens or parentheses.
partners-apply-state = Choose the head office's state.
partners-apply-hours = Choose the hours you answer.
partners-apply-services = Choose at least one service.
partners-apply-languages = Choose at least one language.
partners-apply-unknown-choice = One of the options sent does not exist; choose it again.
partners-apply-documents = Attach at least one document of the company.
partners-apply-already = You already have an application in progress.
partners-review-changed = This application changed meanwhile: check where it stands now.
partners-renew-not-yet = A verification can be renewed from 60 days before it expires.
partners-status = Status
partners-verification = Verification
partners-status-pending = Under review by the Foundation
partners-status-more = The Foundation asked for more information
partners-status-rejected = Rejected
partners-status-approved = Approved: listed in the directory
partners-status-renewal = Approved, with its renewal under review
partners-documents-none = No documents.
partners-history = History
partners-step-applied = Application sent
partners-step-resent = Application corrected and sent again
partners-step-renewal = Renewal asked for
partners-step-approved = Approved by the Foundation
partners-step-more = The Foundation asked for more information
partners-step-rejected = Rejected by the Foundation
partners-mine-title = My company in the directory
partners-mine-none = You have not applied for your company to join the directory yet.
partners-mine-desk = Go to your support desk
partners-mine-profile = See the public profile
partners-mine-resend = Correct and send again
partners-mine-resend-lead = Read the Foundation's note in the history, correct what is needed and add the missing documents.
partners-mine-renew = Renew the verification
partners-mine-renew-lead = A verification lasts a year. Attach your recent tax status certificate to renew it.
partners-mine-renew-send = Ask for the renewal
partners-queue-title = Partner review
partners-queue-lead = Applications and renewals waiting for the Foundation's decision, oldest first.
partners-queue-empty = Nothing to review.
partners-queue-caption = To review
partners-queue-partner = Company
partners-queue-kind = Kind
partners-queue-sent = Sent
partners-queue-new = New application
partners-queue-renewal = Renewal
partners-review-decide = Decision
partners-review-decision = What does the Foundation decide?
partners-review-approve = Approve (a year in the directory)
partners-review-ask-more = Ask for more information
partners-review-reject = Reject
partners-review-note = Note for the company
partners-review-note-hint = Required to ask for more information or to reject: the company gets it by email.
partners-review-send = Record the decision
partners-review-note-needed = Write a note telling the company what is missing or why it is rejected.
partners-review-choose = Choose approve, ask for more information or reject.
partners-mail-approved-subject = { $name } is now in the Partner Directory
partners-mail-approved = The MxOS Foundation approved { $name }: it is listed in the Partner Directory, verified until { $until }, and its support desk is ready for you.
partners-mail-more-subject = The Foundation needs more information about { $name }
partners-mail-more = The MxOS Foundation reviewed the application of { $name } and needs more information before deciding.
partners-mail-rejected-subject = About the application of { $name } to the Partner Directory
partners-mail-rejected = The MxOS Foundation reviewed the application of { $name } and could not approve it.
partners-mail-note = The Foundation's note: { $note }
partners-mail-link = See your application at { $link }
audit-partner-decided = Decision on a partner

## A buyer's request to a partner

partners-lead-title = Ask for a proposal
partners-lead-lead = Tell this partner what you need. Your request reaches its support desk and it answers you by email.
partners-lead-as = You send the request as
partners-lead-field-name = Your name
partners-lead-field-organization = Your organization
partners-lead-field-size = Size of the organization
partners-lead-field-service = Service you need
partners-lead-field-urgency = Urgency
partners-lead-field-need = What you need
partners-lead-send = Send request
partners-lead-name = Write your name.
partners-lead-organization = Write your organization's name (2 to 120 characters).
partners-lead-size = Choose your organization's size.
partners-lead-service = Choose one of the services this partner gives.
partners-lead-urgency = Choose the urgency.
partners-lead-need = Describe what you need in 20 to 4000 characters.
partners-lead-spam = Your request carries too many links; remove those that are not needed.
partners-lead-limited = You sent several requests in a short time. Wait a while and try again.
partners-lead-no-desk = This partner does not take requests online yet: use its contact details.
partners-lead-sent = Your request reached the desk of { $partner } as number { $number }. We sent you a confirmation email.
partners-lead-ticket-title = Directory request: { $service } for { $organization }
partners-lead-ticket-body = **{ $name }** ({ $email }) wrote from the Partner Directory.

    - Organization: { $organization } ({ $size })
    - State: { $state }
    - Service: { $service }
    - Urgency: { $urgency }

    { $need }
partners-lead-mail-subject = We received your request for { $partner }
partners-lead-mail = Your request reached the support desk of { $partner } as number { $number }. They will answer you by email, and you can follow it at { $link }
partners-lead-mail-new-account = Your request reached the support desk of { $partner } as number { $number }. They will answer you by email. To follow it in Soporte, create your password at { $link }
partners-size-1-10 = 1 to 10 people
partners-size-11-50 = 11 to 50 people
partners-size-51-250 = 51 to 250 people
partners-size-mas-de-250 = More than 250 people
partners-urgency-baja = Low: when possible
partners-urgency-normal = Normal: this week
partners-urgency-alta = High: within a day or two
partners-urgency-critica = Critical: something is not working now
partners-edit-title = Your profile in the directory
partners-edit-lead = Keep what you offer, where and how to reach you up to date: changes show in the directory at once.
partners-edit-locked = The name, legal name and RFC are those the Foundation verified; to change them, write to it.
partners-edit-save = Save the profile
