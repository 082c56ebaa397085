### Kuager — controlled vocabularies, English.
###
### Message id = prefix + code of the vocabulary entry (event-type-detention,
### status-in-exile, article-criminal-174 ...). The same ids must exist in
### ru/vocab.ftl and kk/vocab.ftl; the crate's tests check it.
###
### Optional arguments:
###   $gender  "female" | "male" | anything else — only Russian uses it
###            (status and recognition labels); the others ignore it.
###   $count   a number (people-count).
###   $number, $code  an article number and a code abbreviation (article-ref).

## Event types ("who did what to whom")

event-type-detention = Detention
event-type-administrative-arrest = Administrative arrest
event-type-criminal-charge = Criminal charge
event-type-pretrial-detention = Pre-trial detention
event-type-house-arrest = House arrest
event-type-conviction = Conviction
event-type-sentence = Sentence
event-type-release = Release
event-type-ill-treatment = Torture or ill-treatment
event-type-killing = Killing
event-type-disappearance = Disappearance
event-type-psychiatric-placement = Forced psychiatric placement
event-type-search-seizure = Search and seizure
event-type-travel-ban = Travel ban
event-type-fine = Fine
event-type-pressure-on-relatives = Pressure on relatives
event-type-assembly-refused = Assembly notification refused
event-type-registration-refused = Party or association registration refused
event-type-censorship = Blocking or censorship
event-type-exile = Forced emigration or exile

## How well a fact is established

verification-reported = Reported
verification-corroborated = Corroborated
verification-verified = Verified
verification-disputed = Disputed

## Roles of participants in an event

role-victim = Victim
role-perpetrator = Perpetrator
role-witness = Witness
role-source = Source
role-intervening-party = Intervening party

## A person's current status

status-at-liberty = At liberty
status-detained = Detained
status-administrative-arrest = Under administrative arrest
status-charged = Charged, not detained
status-pretrial-detention = In pre-trial detention
status-house-arrest = Under house arrest
status-convicted = Convicted
status-imprisoned = Imprisoned
status-restricted-freedom = Under restriction of liberty
status-psychiatric = Held in a psychiatric facility
status-released = Released
status-killed = Killed
status-missing = Missing
status-in-exile = In exile
status-unknown = Unknown

## How precise a date is

precision-day = Exact day
precision-month = Month known
precision-year = Year known
precision-approximate = Approximate
precision-range = Date range

## What a reporter allows us to do with a report

consent-public = Public
consent-public-help = This may be published together with the names of the people involved.
consent-anonymised = Anonymised
consent-anonymised-help = This may be published, but without names or any details that could identify someone.
consent-confidential = Confidential
consent-confidential-help = Only the monitors will see this; it is never published.

## Where a volunteer's report is in the review

report-state-new = New
report-state-verified = Verified
report-state-duplicate = Duplicate
report-state-rejected = Rejected

## Roles of the people who use Kuager

user-role-volunteer = Volunteer
user-role-analyst = Analyst
user-role-editor = Editor
user-role-admin = Administrator

## Political-prisoner criteria of PACE Resolution 1900 (2012), in our own words

pace-a = The person is held in breach of a core right protected by the European Convention on Human Rights, such as freedom of thought, of expression or of peaceful assembly.
pace-a-short = Core freedoms violated
pace-b = The person is held for purely political reasons, with no link to any actual offence.
pace-b-short = Purely political reasons
pace-c = Because of political motives, the length or conditions of detention are plainly out of proportion to the offence the person is suspected of or was found guilty of.
pace-c-short = Disproportionate punishment
pace-d = Because of political motives, the person is detained in a discriminatory way compared with other people.
pace-d-short = Discriminatory detention
pace-e = The detention follows proceedings that were plainly unfair, and the unfairness appears linked to political motives.
pace-e-short = Unfair proceedings

## Recognition as a political prisoner

recognition-recognised = Recognised
recognition-not-recognised = Not recognised
recognition-withdrawn = Recognition withdrawn

## Legal codes and articles

code-criminal = Criminal Code of the Republic of Kazakhstan
code-criminal-short = CC
code-administrative = Code of Administrative Offences of the Republic of Kazakhstan
code-administrative-short = CAO

# $number: the article number; $code: a code-*-short label.
article-ref = Art. { $number } { $code }

article-criminal-174 = Incitement of social, national, tribal, racial, class or religious discord
article-criminal-179 = Propaganda of or public calls for seizing or retaining power
article-criminal-182 = Creation or leadership of, or participation in, an extremist group
article-criminal-256 = Propaganda of terrorism or public calls to commit an act of terrorism
article-criminal-258 = Financing of extremist or terrorist activity
article-criminal-272 = Mass riots
article-criminal-274 = Dissemination of knowingly false information
article-criminal-380 = Use of violence against a representative of authority
article-criminal-405 = Organisation of or participation in the activity of a public or religious association or other organisation after a court has banned it or ordered its liquidation for extremism or terrorism
article-administrative-434 = Petty hooliganism
article-administrative-488 = Violation of the law on the procedure for organising and holding peaceful assemblies
article-administrative-489 = Violation of the legislation on public associations

## Counts

people-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}

## Kinds of sentence
sentence-kind-imprisonment = Imprisonment
sentence-kind-restricted-freedom = Restriction of freedom
sentence-kind-suspended = Suspended sentence
sentence-kind-fine = Fine
sentence-kind-community-work = Community work
sentence-kind-administrative-arrest = Administrative arrest
sentence-kind-compulsory-treatment = Compulsory psychiatric treatment

## Kinds of source
source-kind-document = Document
source-kind-report = Report
source-kind-reference = Reference

publication-unpublished = Not published
publication-published = Published
publication-withheld = Withheld
