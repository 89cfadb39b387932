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
