//! Controlled vocabularies. Each term has a stable code (stored in the
//! database, used in URLs and as the suffix of its Fluent message id, e.g.
//! `event-type-detention`), so labels can be translated and renamed without
//! touching data.

use serde::{Deserialize, Serialize};

/// Defines a vocabulary enum with `code`, `from_code`, `ALL` and the Fluent
/// message id of each term.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Prefix of the Fluent message ids of this vocabulary.
            pub const MESSAGE_PREFIX: &'static str = $prefix;

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Fluent message id of the term's label.
            pub fn message_id(self) -> String {
                format!("{}{}", $prefix, self.code())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// What happened.
    EventType, "event-type-" {
        Detention = "detention",
        AdministrativeArrest = "administrative-arrest",
        CriminalCharge = "criminal-charge",
        PretrialDetention = "pretrial-detention",
        HouseArrest = "house-arrest",
        Conviction = "conviction",
        Sentence = "sentence",
        Release = "release",
        IllTreatment = "ill-treatment",
        Killing = "killing",
        Disappearance = "disappearance",
        PsychiatricPlacement = "psychiatric-placement",
        SearchSeizure = "search-seizure",
        TravelBan = "travel-ban",
        Fine = "fine",
        PressureOnRelatives = "pressure-on-relatives",
        AssemblyRefused = "assembly-refused",
        RegistrationRefused = "registration-refused",
        Censorship = "censorship",
        /// Not in the list, but "in exile" is a status the timeline
        /// must reach, and only an event can move it there.
        Exile = "exile",
    }
}

vocabulary! {
    /// How far a fact is established.
    Verification, "verification-" {
        Reported = "reported",
        Corroborated = "corroborated",
        Verified = "verified",
        Disputed = "disputed",
    }
}

vocabulary! {
    /// A participant's part in an event.
    ParticipantRole, "role-" {
        Victim = "victim",
        Perpetrator = "perpetrator",
        Witness = "witness",
        Source = "source",
        InterveningParty = "intervening-party",
    }
}

vocabulary! {
    /// Where a person stands, as derived from the events they are victim of.
    PersonStatus, "status-" {
        AtLiberty = "at-liberty",
        Detained = "detained",
        AdministrativeArrest = "administrative-arrest",
        Charged = "charged",
        PretrialDetention = "pretrial-detention",
        HouseArrest = "house-arrest",
        Convicted = "convicted",
        Imprisoned = "imprisoned",
        RestrictedFreedom = "restricted-freedom",
        Psychiatric = "psychiatric",
        Released = "released",
        Killed = "killed",
        Missing = "missing",
        InExile = "in-exile",
        Unknown = "unknown",
    }
}

vocabulary! {
    /// An editor's decision on an event: nothing is public until published.
    Publication, "publication-" {
        /// Not decided yet; internal.
        Unpublished = "unpublished",
        Published = "published",
        /// Decided against publishing (safety, consent); internal for good.
        Withheld = "withheld",
    }
}

vocabulary! {
    /// What a volunteer allows to be done with a report.
    Consent, "consent-" {
        /// May be published with names.
        Public = "public",
        /// May be published without names or identifying details.
        Anonymised = "anonymised",
        /// For the monitors only; never published.
        Confidential = "confidential",
    }
}

vocabulary! {
    /// Where a report is in the intake queue.
    ReportState, "report-state-" {
        New = "new",
        Verified = "verified",
        Duplicate = "duplicate",
        Rejected = "rejected",
    }
}

vocabulary! {
    /// An account's role; each includes the rights of the ones before it.
    UserRole, "user-role-" {
        Volunteer = "volunteer",
        Analyst = "analyst",
        Editor = "editor",
        Admin = "admin",
    }
}

vocabulary! {
    /// The criteria of PACE Resolution 1900 (2012) for a political prisoner.
    PaceCriterion, "pace-" {
        A = "a",
        B = "b",
        C = "c",
        D = "d",
        E = "e",
    }
}

vocabulary! {
    /// A recognition decision.
    RecognitionDecision, "recognition-" {
        Recognised = "recognised",
        NotRecognised = "not-recognised",
        Withdrawn = "withdrawn",
    }
}

vocabulary! {
    /// Which code of law an article belongs to.
    LegalCode, "code-" {
        Criminal = "criminal",
        Administrative = "administrative",
    }
}

vocabulary! {
    /// The kind of punishment a sentence imposes; it decides the status the
    /// sentence leaves the person in.
    SentenceKind, "sentence-kind-" {
        Imprisonment = "imprisonment",
        RestrictedFreedom = "restricted-freedom",
        Suspended = "suspended",
        Fine = "fine",
        CommunityWork = "community-work",
        AdministrativeArrest = "administrative-arrest",
        CompulsoryTreatment = "compulsory-treatment",
    }
}

vocabulary! {
    /// Where a source of a fact is.
    SourceKind, "source-kind-" {
        /// A span of a document in the register.
        Document = "document",
        /// A volunteer's or the public form's report.
        Report = "report",
        /// A citation outside the register (URL, publication, interview).
        Reference = "reference",
    }
}

vocabulary! {
    /// The stage of proceedings a court hearing belongs to.
    HearingType, "hearing-type-" {
        Preliminary = "preliminary",
        Merits = "merits",
        Appeal = "appeal",
        Cassation = "cassation",
        /// The hearing at which the verdict is read out.
        Verdict = "verdict",
    }
}

vocabulary! {
    /// Whether the court let the public in.
    HearingAccess, "hearing-access-" {
        Open = "open",
        Closed = "closed",
    }
}

vocabulary! {
    /// The fair-trial standards a monitor checks at a hearing, after the
    /// OSCE/ODIHR trial-monitoring methodology. Each is phrased as the
    /// standard itself, so that the same answers ("respected", "violated")
    /// read the same way for every item.
    FairTrialStandard, "fair-trial-" {
        PublicHearing = "public-hearing",
        ObserversAdmitted = "observers-admitted",
        RelativesAdmitted = "relatives-admitted",
        TimeToPrepare = "time-to-prepare",
        LawyerOfChoice = "lawyer-of-choice",
        PresumptionOfInnocence = "presumption-of-innocence",
        EqualityOfArms = "equality-of-arms",
        Interpreter = "interpreter",
        /// The defendant was not held in a cage or glass box.
        NoCage = "no-cage",
        /// Complaints of torture raised in court were examined ("not
        /// applicable" when none was raised).
        TortureComplaintsExamined = "torture-complaints-examined",
        ReasonedJudgment = "reasoned-judgment",
    }
}

vocabulary! {
    /// A monitor's finding on one fair-trial standard.
    ChecklistAnswer, "checklist-answer-" {
        Respected = "respected",
        Violated = "violated",
        /// The monitor could not tell.
        Unclear = "unclear",
        /// Did not arise at this hearing (no interpreter needed, no
        /// judgment given yet).
        NotApplicable = "not-applicable",
    }
}

vocabulary! {
    /// Who notified the authority of an assembly.
    OrganiserKind, "organiser-kind-" {
        Person = "person",
        Group = "group",
    }
}

vocabulary! {
    /// The authority's answer to an assembly notification.
    AssemblyAnswer, "assembly-answer-" {
        Agreed = "agreed",
        Refused = "refused",
        NoAnswer = "no-answer",
    }
}

vocabulary! {
    /// The reason an authority gave for refusing an assembly. The rows of
    /// the yearly counts: kept stable so years compare.
    RefusalReason, "refusal-reason-" {
        PlaceNotDesignated = "place-not-designated",
        AnotherEvent = "another-event",
        Repairs = "repairs",
        FormalDefect = "formal-defect",
        Other = "other",
    }
}

vocabulary! {
    /// What happened on the day of an assembly.
    AssemblyOutcome, "assembly-outcome-" {
        Held = "held",
        Dispersed = "held-dispersed",
        NotHeld = "not-held",
    }
}

vocabulary! {
    /// Who reported a figure ("238 died"): the public statistics set
    /// official and independent counts side by side.
    FigureReporter, "figure-reporter-" {
        /// Not said yet (figures attached before reporters were recorded).
        Unattributed = "unattributed",
        /// The state: ministries, prosecutors, officials.
        Official = "official",
        /// Civil society: human-rights groups, activists, relatives.
        Independent = "independent",
        /// International organisations (UN, OSCE, PACE).
        International = "international",
        Media = "media",
    }
}

impl UserRole {
    /// Can this role do what `needed` can?
    pub fn includes(self, needed: UserRole) -> bool {
        self >= needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &t in all {
                assert!(seen.insert(code(t)), "duplicate code {}", code(t));
                assert_eq!(from(code(t)), Some(t));
            }
            assert_eq!(from("no-such-code"), None);
        }
        check(EventType::ALL, EventType::code, EventType::from_code);
        check(
            Verification::ALL,
            Verification::code,
            Verification::from_code,
        );
        check(
            ParticipantRole::ALL,
            ParticipantRole::code,
            ParticipantRole::from_code,
        );
        check(
            PersonStatus::ALL,
            PersonStatus::code,
            PersonStatus::from_code,
        );
        check(Consent::ALL, Consent::code, Consent::from_code);
        check(Publication::ALL, Publication::code, Publication::from_code);
        check(UserRole::ALL, UserRole::code, UserRole::from_code);
        check(
            SentenceKind::ALL,
            SentenceKind::code,
            SentenceKind::from_code,
        );
        check(HearingType::ALL, HearingType::code, HearingType::from_code);
        check(
            HearingAccess::ALL,
            HearingAccess::code,
            HearingAccess::from_code,
        );
        check(
            FairTrialStandard::ALL,
            FairTrialStandard::code,
            FairTrialStandard::from_code,
        );
        check(
            ChecklistAnswer::ALL,
            ChecklistAnswer::code,
            ChecklistAnswer::from_code,
        );
        check(
            OrganiserKind::ALL,
            OrganiserKind::code,
            OrganiserKind::from_code,
        );
        check(
            AssemblyAnswer::ALL,
            AssemblyAnswer::code,
            AssemblyAnswer::from_code,
        );
        check(
            RefusalReason::ALL,
            RefusalReason::code,
            RefusalReason::from_code,
        );
        check(
            AssemblyOutcome::ALL,
            AssemblyOutcome::code,
            AssemblyOutcome::from_code,
        );
        check(
            FigureReporter::ALL,
            FigureReporter::code,
            FigureReporter::from_code,
        );
        assert_eq!(EventType::ALL.len(), 20);
        assert_eq!(EventType::Detention.message_id(), "event-type-detention");
    }

    #[test]
    fn roles_are_ordered_by_rights() {
        assert!(UserRole::Admin.includes(UserRole::Analyst));
        assert!(UserRole::Analyst.includes(UserRole::Volunteer));
        assert!(!UserRole::Volunteer.includes(UserRole::Analyst));
        assert!(!UserRole::Editor.includes(UserRole::Admin));
    }
}
