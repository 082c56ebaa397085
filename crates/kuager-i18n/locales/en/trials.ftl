## Trial monitoring and the register of assemblies

## Stages of proceedings
hearing-type-preliminary = Preliminary hearing
hearing-type-merits = Hearing on the merits
hearing-type-appeal = Appeal
hearing-type-cassation = Cassation
hearing-type-verdict = Verdict

hearing-access-open = Open hearing
hearing-access-closed = Closed hearing

## The fair-trial checklist (after OSCE/ODIHR trial monitoring)
fair-trial-public-hearing = The hearing was public
fair-trial-observers-admitted = Observers were admitted
fair-trial-relatives-admitted = Relatives were admitted
fair-trial-time-to-prepare = The defence had adequate time and facilities to prepare
fair-trial-lawyer-of-choice = The defendant had a lawyer of their choice
fair-trial-presumption-of-innocence = The presumption of innocence was respected
fair-trial-equality-of-arms = Equality of arms between prosecution and defence
fair-trial-interpreter = An interpreter was provided where needed
fair-trial-no-cage = The defendant was not held in a cage or glass box
fair-trial-torture-complaints-examined = Complaints of torture or ill-treatment raised in court were examined
fair-trial-reasoned-judgment = The judgment was reasoned

checklist-answer-respected = Respected
checklist-answer-violated = Violated
checklist-answer-unclear = Unclear
checklist-answer-not-applicable = Not applicable

## Assemblies
organiser-kind-person = A person
organiser-kind-group = A group or organisation

assembly-answer-agreed = Agreed
assembly-answer-refused = Refused
assembly-answer-no-answer = No answer

refusal-reason-place-not-designated = Place not designated for assemblies
refusal-reason-another-event = Another event at the same place
refusal-reason-repairs = Repairs
refusal-reason-formal-defect = Formal defect in the notification
refusal-reason-other = Other reason

assembly-outcome-held = Held
assembly-outcome-held-dispersed = Held and dispersed
assembly-outcome-not-held = Not held

## Navigation
nav-hearings = Hearings
nav-assemblies = Assemblies
nav-statistics = Statistics

## The calendar of hearings
hearings-title = Calendar of hearings
hearings-upcoming = Upcoming hearings
hearings-past = Past hearings
no-hearings = No hearings.
action-new-hearing = Schedule a hearing
hearing-new-title = New hearing
hearing-title = Hearing
field-case = Case (event no.)
field-case-hint = The event of the register the trial is about: the charge, detention or conviction of the defendant.
field-hearing-time = Date and time
field-hearing-time-hint = Court time, e.g. 2026-12-15 10:30 or 15.12.2026 10:30; only the date if the time is not known.
field-hearing-type = Stage
field-access = Open or closed
field-courtroom = Courtroom
field-city = City
field-monitors = Monitors
field-monitor-name = Assign a monitor (user name)
action-assign = Assign
action-unassign = Remove
hearing-follows = Set at the hearing
next-hearing-link = Next hearing
hearing-reports = Monitoring reports
no-monitoring-reports = No report yet.
action-file-report = File a monitoring report
done-hearing-saved = Hearing saved.
done-report-filed = Report filed. Thank you.
done-monitor-assigned = Monitors updated.
error-unknown-event = There is no event with this number.
error-unknown-user = There is no active account with this name.
error-bad-hearing-time = Write a date and time such as 2026-12-15 10:30.

## The monitoring report
monitoring-report-title = Trial-monitoring report
field-took-place = The hearing took place
field-took-place-no = It was postponed or did not sit
field-checklist = Fair-trial checklist
field-checklist-hint = Answer every item: "unclear" if you could not tell, "not applicable" if it did not arise at this hearing.
field-notes = Notes
field-notes-hint = What you saw and heard. Confidential: stored encrypted, seen only by the monitors of this hearing and by analysts.
field-next-hearing = Next hearing set by the court
field-next-hearing-hint = Date and time as the court announced it; leave empty if none was set. It appears in the calendar.
field-next-hearing-type = Stage of the next hearing
same-stage = — the same stage —
filed-by = Filed by
error-answer-every-item = Answer this item.
error-next-hearing-before = The next hearing must come after this one.

## Calendar feeds
calendar-feeds-title = Calendar subscriptions
calendar-public-hint = Public feed, hearings in published cases only:
calendar-private-hint = Your private feed lists the upcoming hearings you are assigned to (for analysts, all hearings). Its address is a secret: whoever has it sees those hearings. Add it after this site's address in your calendar app; revoke it at once if a device is lost.
calendar-private-none = You have no private feed.
calendar-private-issued = You have a private feed, issued { $date }. Its address was shown only when it was issued: issue a new one if you need it again (the old one stops working).
calendar-private-new = Your new private feed address (shown only now):
action-issue-feed = Issue a new private feed address
action-revoke-feed = Revoke the private feed
done-feed-revoked = Private feed revoked: its address no longer works.
calendar-public-name = Kuager: court hearings
calendar-private-name = Kuager: my hearings

## Findings per court and judge
trial-summary-title = Findings per court and judge
trial-summary-courts = Per court
trial-summary-judges = Per judge
field-hearings-count = Hearings
field-reports-count = Reports
field-standard = Standard
no-findings = No monitoring reports yet.

## The register of assemblies
assemblies-title = Assembly notifications
action-new-assembly = Register a notification
assembly-new-title = New assembly notification
assembly-title = Assembly notification
field-organiser-kind = The organiser is
field-organiser = Organiser
field-assembly-date = Day of the assembly
field-purpose = Purpose
field-expected = Participants expected
field-answer = The authority's answer
field-refusal-reason = Reason given for the refusal
field-refusal-detail = The authority's wording (required for "other reason")
field-outcome = What happened
outcome-unknown = — not known yet —
reason-none = — not refused —
field-linked-events = Events that followed
field-event-id = Event no.
action-link-event = Link an event
no-assemblies = No notifications registered.
done-assembly-saved = Notification saved.
done-event-linked = Events updated.
error-choose-city = Choose a city.
error-refusal-reason = A refusal needs the reason the authority gave.
error-refusal-other = Describe the reason when it is "other reason".
error-reason-without-refusal = A reason for refusal only goes with a refusal.
error-bad-day = Write a date such as 2024-06-01.
error-bad-number = Write a whole number.

## Statistics of assemblies
assembly-stats-title = Assemblies: refusals by year, city and reason
assembly-stats-summary = { $refused ->
    [one] { $refused } refusal
   *[other] { $refused } refusals
} in { $cities ->
    [one] { $cities } city
   *[other] { $cities } cities
} in { $year }, { $total } since { $first }.
stats-by-reason = Notifications and refusals by reason
stats-by-city = Refusals by city
stats-city-reason = Refusals in { $year } by city and reason
stats-notifications = Notifications
stats-total = Total
no-assembly-stats = No notifications registered yet.
