//! A person's status over time, derived from the events they are the victim
//! of. Nothing here is stored: change an event and the timeline follows.

use crate::date::{CaseDate, Day};
use crate::vocab::{EventType, PersonStatus, SentenceKind};
use serde::Serialize;

/// What the timeline needs to know of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub event_id: i64,
    pub event_type: EventType,
    pub date: CaseDate,
    pub sentence_kind: Option<SentenceKind>,
    /// Days of an administrative arrest, if known: the release that follows
    /// is implied.
    pub arrest_days: Option<u32>,
}

/// One step of the timeline: from `from` on, the person was `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusStep {
    pub status: PersonStatus,
    pub from: CaseDate,
    /// The event that caused the step.
    pub event_id: i64,
    /// True when the step is inferred (the end of a fixed-term
    /// administrative arrest) rather than reported.
    pub implied: bool,
}

/// Stage of an event on one day, so that "detained, charged, remanded" on
/// the same date come out in the order they happen.
fn stage(t: EventType) -> u8 {
    use EventType::*;
    match t {
        SearchSeizure => 0,
        Detention => 1,
        AdministrativeArrest => 2,
        CriminalCharge => 3,
        PretrialDetention => 4,
        HouseArrest => 5,
        Conviction => 6,
        Sentence => 7,
        PsychiatricPlacement => 8,
        Release => 9,
        Exile => 10,
        Disappearance => 11,
        Killing => 12,
        _ => 13,
    }
}

fn in_custody(s: PersonStatus) -> bool {
    use PersonStatus::*;
    matches!(
        s,
        Detained
            | AdministrativeArrest
            | PretrialDetention
            | HouseArrest
            | Imprisoned
            | Psychiatric
    )
}

/// Derives the status timeline. Events are taken in date order (start of
/// the date's range), then in the natural order of a case on one day.
pub fn derive(events: &[TimelineEvent]) -> Vec<StatusStep> {
    let mut sorted: Vec<&TimelineEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.date.start, stage(e.event_type), e.event_id));
    let mut steps: Vec<StatusStep> = Vec::new();
    // Release implied by a fixed-term administrative arrest, pending.
    let mut implied_release: Option<(Day, i64)> = None;
    for e in sorted {
        if let Some((day, id)) = implied_release {
            if day < e.date.start {
                steps.push(StatusStep {
                    status: PersonStatus::Released,
                    from: CaseDate::day(day),
                    event_id: id,
                    implied: true,
                });
                implied_release = None;
            }
        }
        let current = steps
            .last()
            .map(|s| s.status)
            .unwrap_or(PersonStatus::AtLiberty);
        if current == PersonStatus::Killed {
            break;
        }
        let next = match e.event_type {
            EventType::Detention => Some(PersonStatus::Detained),
            EventType::AdministrativeArrest => {
                implied_release = e
                    .arrest_days
                    .and_then(|days| add_days(e.date.start, days))
                    .map(|day| (day, e.event_id));
                Some(PersonStatus::AdministrativeArrest)
            }
            EventType::CriminalCharge if in_custody(current) => None,
            EventType::CriminalCharge => Some(PersonStatus::Charged),
            EventType::PretrialDetention => Some(PersonStatus::PretrialDetention),
            EventType::HouseArrest => Some(PersonStatus::HouseArrest),
            EventType::Conviction => Some(PersonStatus::Convicted),
            EventType::Sentence => Some(match e.sentence_kind {
                Some(SentenceKind::Imprisonment) => PersonStatus::Imprisoned,
                Some(SentenceKind::RestrictedFreedom) => PersonStatus::RestrictedFreedom,
                Some(SentenceKind::AdministrativeArrest) => PersonStatus::AdministrativeArrest,
                Some(SentenceKind::CompulsoryTreatment) => PersonStatus::Psychiatric,
                Some(
                    SentenceKind::Suspended | SentenceKind::Fine | SentenceKind::CommunityWork,
                )
                | None => PersonStatus::Convicted,
            }),
            EventType::Release => Some(PersonStatus::Released),
            EventType::Killing => Some(PersonStatus::Killed),
            EventType::Disappearance => Some(PersonStatus::Missing),
            EventType::PsychiatricPlacement => Some(PersonStatus::Psychiatric),
            EventType::Exile => Some(PersonStatus::InExile),
            _ => None,
        };
        if e.event_type == EventType::Release {
            implied_release = None;
        }
        if let Some(status) = next {
            if status != current || steps.is_empty() {
                steps.push(StatusStep {
                    status,
                    from: e.date,
                    event_id: e.event_id,
                    implied: false,
                });
            }
        }
    }
    if let Some((day, id)) = implied_release {
        if steps.last().map(|s| s.status) == Some(PersonStatus::AdministrativeArrest) {
            steps.push(StatusStep {
                status: PersonStatus::Released,
                from: CaseDate::day(day),
                event_id: id,
                implied: true,
            });
        }
    }
    steps
}

/// The status now: the last step's, or unknown with no events.
pub fn current(steps: &[StatusStep]) -> PersonStatus {
    steps.last().map_or(PersonStatus::Unknown, |s| s.status)
}

fn add_days(day: Day, days: u32) -> Option<Day> {
    let (mut y, mut m, mut d) = (day.year, day.month, day.day);
    for _ in 0..days.min(3660) {
        d += 1;
        if d > crate::date::days_in_month(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    Day::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64, t: EventType, date: &str) -> TimelineEvent {
        TimelineEvent {
            event_id: id,
            event_type: t,
            date: CaseDate::parse(date).unwrap(),
            sentence_kind: None,
            arrest_days: None,
        }
    }

    fn statuses(steps: &[StatusStep]) -> Vec<PersonStatus> {
        steps.iter().map(|s| s.status).collect()
    }

    #[test]
    fn a_criminal_case_from_detention_to_release() {
        use PersonStatus::*;
        let mut sentence = ev(5, EventType::Sentence, "2022-09-01");
        sentence.sentence_kind = Some(SentenceKind::Imprisonment);
        // Given out of order, with a charge on the detention day.
        let events = vec![
            ev(6, EventType::Release, "2024-03"),
            sentence,
            ev(3, EventType::CriminalCharge, "2022-01-05"),
            ev(4, EventType::Conviction, "2022-09-01"),
            ev(1, EventType::Detention, "2022-01-05"),
            ev(2, EventType::PretrialDetention, "2022-01-07"),
            ev(7, EventType::TravelBan, "2024-04"),
        ];
        let steps = derive(&events);
        assert_eq!(
            statuses(&steps),
            [Detained, PretrialDetention, Convicted, Imprisoned, Released]
        );
        assert_eq!(current(&steps), Released);
        assert_eq!(steps[1].event_id, 2);
    }

    #[test]
    fn charged_at_liberty_then_suspended_sentence() {
        use PersonStatus::*;
        let mut s = ev(2, EventType::Sentence, "2023-05-02");
        s.sentence_kind = Some(SentenceKind::Suspended);
        let steps = derive(&[ev(1, EventType::CriminalCharge, "2023-01"), s]);
        assert_eq!(statuses(&steps), [Charged, Convicted]);
    }

    #[test]
    fn fixed_term_arrest_ends_in_an_implied_release() {
        let mut a = ev(1, EventType::AdministrativeArrest, "2022-01-30");
        a.arrest_days = Some(10);
        let steps = derive(&[a]);
        assert_eq!(
            statuses(&steps),
            [PersonStatus::AdministrativeArrest, PersonStatus::Released]
        );
        assert!(steps[1].implied);
        assert_eq!(steps[1].from.start.iso(), "2022-02-09");
    }

    #[test]
    fn killing_ends_the_timeline_and_no_events_is_unknown() {
        let steps = derive(&[
            ev(1, EventType::Detention, "2022-01-06"),
            ev(2, EventType::Killing, "2022-01-07"),
            ev(3, EventType::Release, "2022-02-01"),
        ]);
        assert_eq!(current(&steps), PersonStatus::Killed);
        assert_eq!(current(&derive(&[])), PersonStatus::Unknown);
        assert_eq!(
            current(&derive(&[ev(1, EventType::Fine, "2022")])),
            PersonStatus::Unknown
        );
    }
}
