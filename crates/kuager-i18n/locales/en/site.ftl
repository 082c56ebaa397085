# The public site (issue 5): lists, people, dossiers, statistics, data.

nav-public = Public register
nav-lists = Lists
nav-officials = Officials
nav-public-statistics = Statistics
nav-data = Data
nav-api = API

site-home-title = Political persecution in Kazakhstan: the register
site-home-lead = People persecuted for their views, what was done to them and by whom, with the sources. Only what editors have checked and published, and only what the people concerned agreed to make public.
site-published-events = published events
site-latest-events = Latest published events
site-recognised = political prisoner
site-recognised-long = Recognised as a political prisoner under PACE Resolution 1900 (2012)
site-list-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
site-list-empty = Nobody on this list matches these filters.
site-what-happened = What happened
site-last-event = Latest event
site-pages = Pages
site-previous = Previous
site-next = Next
site-page-of = Page { $page } of { $pages }
site-as-of = { $count } people have a public page.

list-political-prisoners = Political prisoners
list-political-prisoners-about = People recognised as political prisoners under the criteria of PACE Resolution 1900 (2012) who are held now: detained, under arrest, in pre-trial detention, under house arrest, imprisoned or in a psychiatric hospital.
list-persecuted = Persecuted
list-persecuted-about = Everyone who is the victim of a published event: detention, arrest, charge, conviction, search, fine, travel ban, ill-treatment, pressure on relatives and more.
list-killed = Killed
list-killed-about = People killed, according to published events.
list-missing = Missing
list-missing-about = People whose disappearance was reported and who have not been found since.
list-detained = Detained
list-detained-about = People deprived of liberty (detained, arrested, remanded, placed in a psychiatric hospital) in the chosen period; without a period, at any time.

filter-region = Region
filter-city = City
filter-type = Event type
filter-charge = Article
filter-from = From
filter-to = To
filter-sort = Order
filter-any = any
sort-name = by name
sort-latest = latest events first
sort-status = by status
action-filter = Show

officials-title = Officials and their acts
officials-about = Judges, investigators, police and prison officers named in published events, each act with its sources. Dossiers can be printed or downloaded to support a targeted-sanctions submission.
officials-none = No official is named in a published event yet.
officials-positions = Positions
officials-organisations = Courts and agencies
officials-acts = Acts
officials-register-page = Page in the register
officials-use = Each act below is a published event with its sources. The same name written differently is not merged: check other dossiers before relying on a single one.
act-role-perpetrator = Acted as perpetrator
act-role-judge = Judge in the case

data-title = Data
data-about = Every public list can be downloaded as CSV (UTF-8, comma-separated) or JSON. Files hold only what the public pages show. The same filters as on the list pages can be added to the address (for example ?region=kz-almaty&from=2022-01).
data-list = List
data-rows = Rows
data-filters = A read-only JSON API gives the same lists page by page, person pages, events, dossiers and statistics.
data-dictionary = Data dictionary
data-column = Column
data-type = Type
data-meaning = Meaning
data-codes = Codes
data-codes-about = Statuses, event types and places are written as codes, so that files read the same in every language.
data-api = API description (OpenAPI)
dict-id = Register id of a person published by name; empty for an anonymised person.
dict-page = Address of the person's public page on this site.
dict-name = Name as the register spells it best; empty for an anonymised person.
dict-other-names = Other spellings and scripts of the name, separated by "; ".
dict-pseudonym = Code standing for an anonymised person (the same on every page).
dict-status = Status now, derived from published events (code, see below).
dict-recognised = true when the latest recognition decision recognises the person as a political prisoner.
dict-regions = Regions of the events the person is a victim in (codes; the three cities of republican significance count as regions).
dict-cities = Cities of those events (codes).
dict-event-types = Types of those events (codes).
dict-charges = Articles charged: code of law, article and part (criminal:174:2).
dict-last-event = Date of the latest of those events.
dict-events = Number of published events on the person's page.

stats-title = Statistics
stats-about = Counts of published events and of the people in them. They are a minimum: what was not reported, verified or agreed to be published is not counted.
stats-held = held now
stats-by-month = Events per month, by type
stats-month = Month
stats-other-types = other types
stats-events = events
stats-people = people
stats-none = Nothing published yet.
stats-by-region = Events by region
stats-map = Map of events by region
stats-by-town = Events by city
stats-without-place = { $count } events have no place of the gazetteer and are not on the map.
stats-by-status = People by status now
stats-assemblies = Assemblies: notifications and refusals
stats-refusals-by-reason = Refusals by reason, all years
stats-refusals = refusals
stats-figures-title = Reported figures, side by side
stats-figures-about = The same thing counted by different sources: official figures beside those of human-rights groups, international bodies and the media.
stats-figure-subject = What is counted
stats-figure-reporter = Reported by
stats-numbers-beside = (numbers in the table)
stats-estimates = What no list shows: estimates
stats-estimates-about = Linking several partial lists tells how many distinct people are documented; how the lists overlap allows an estimate of how many were never documented (multiple systems estimation).
stats-no-estimates = No linked lists yet.
stats-documented = Documented on at least one list: { $count } people (a minimum).
stats-estimated = Estimated in all: { $estimate } (95% interval { $lower } to { $upper }).
stats-estimate-method = Method: { $method }.
stats-estimate-caveat = The estimate assumes the lists were compiled independently enough; read docs/estimation.md before quoting it.
stats-documented-short = Documented
stats-estimate-short = Estimate
stats-interval = 95% interval
stats-method = Method

qualifier-exact = exactly
qualifier-more_than = more than
qualifier-at_least = at least
qualifier-less_than = fewer than
qualifier-up_to = up to
qualifier-about = about
qualifier-order = on the order of

figure-reporter-unattributed = source not classified
figure-reporter-official = official
figure-reporter-independent = independent
figure-reporter-international = international
figure-reporter-media = media
figure-reporter-name = Reported by (name of the institution or group)
