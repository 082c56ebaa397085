//! The newsletter's vocabulary: the sections an issue is grouped into
//! (those defenders' weekly newsletters use), which section an event of
//! each type goes to unless the editor moves it, and the states of a
//! subscriber and of one delivery of an issue.

use crate::EventType;
use serde::{Deserialize, Serialize};

/// Defines a small vocabulary enum with `code`, `from_code`, `ALL` and the
/// Fluent message id of each term (as `vocab.rs` does for the register's).
macro_rules! terms {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

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

terms! {
    /// A section of an issue, in the order an issue shows them.
    Section, "newsletter-section-" {
        /// Arrests, charges, searches, pressure: political persecution.
        Persecution = "persecution",
        /// Forced psychiatric placement of activists.
        PunitivePsychiatry = "punitive-psychiatry",
        /// Elections, parties, assemblies: democratic processes.
        Elections = "elections",
        /// New laws and their use against civil society.
        Legislation = "legislation",
        /// Censorship, blocking, surveillance of the internet.
        DigitalRights = "digital-rights",
        /// Solidarity actions of defenders and citizens.
        Solidarity = "solidarity",
        /// What other states and international bodies say and do.
        International = "international",
    }
}

impl Section {
    /// The section an event of this type goes to unless the editor moves
    /// it.
    pub fn suggested(event_type: EventType) -> Section {
        match event_type {
            EventType::PsychiatricPlacement => Section::PunitivePsychiatry,
            EventType::AssemblyRefused | EventType::RegistrationRefused => Section::Elections,
            EventType::Censorship => Section::DigitalRights,
            _ => Section::Persecution,
        }
    }
}

terms! {
    /// Where a subscriber stands.
    SubscriberState, "newsletter-subscriber-" {
        /// Asked to subscribe; the confirmation link is not yet followed.
        /// Nothing but that link is ever sent to them.
        Pending = "pending",
        Confirmed = "confirmed",
        /// Unsubscribed: the address itself is erased.
        Unsubscribed = "unsubscribed",
    }
}

terms! {
    /// One issue to one subscriber.
    DeliveryState, "newsletter-delivery-" {
        /// Not yet tried.
        Pending = "pending",
        /// Handed to the relay, its answer not yet recorded: a crash here
        /// may or may not have delivered it (decision 0017).
        InFlight = "in-flight",
        /// The relay accepted it (250).
        Sent = "sent",
        /// The relay refused it for now (4xx, or no answer): tried again
        /// on the next run.
        Deferred = "deferred",
        /// The relay refused it for good (5xx): not tried again.
        Failed = "failed",
        /// Not sent: the subscriber left before their turn.
        Skipped = "skipped",
    }
}

impl DeliveryState {
    /// Whether a run still has to send it.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DeliveryState::Pending | DeliveryState::InFlight | DeliveryState::Deferred
        )
    }
}

/// The languages an issue (an edition) can be written in.
pub const EDITION_LANGUAGES: [&str; 3] = ["ru", "kk", "en"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_psychiatry_has_its_section() {
        for s in Section::ALL {
            assert_eq!(Section::from_code(s.code()), Some(*s));
        }
        for s in DeliveryState::ALL {
            assert_eq!(DeliveryState::from_code(s.code()), Some(*s));
        }
        assert_eq!(
            Section::suggested(EventType::PsychiatricPlacement),
            Section::PunitivePsychiatry
        );
        assert_eq!(
            Section::suggested(EventType::Detention),
            Section::Persecution
        );
        assert_eq!(
            Section::suggested(EventType::Censorship),
            Section::DigitalRights
        );
        assert!(DeliveryState::InFlight.is_open() && !DeliveryState::Sent.is_open());
        assert_eq!(
            Section::International.message_id(),
            "newsletter-section-international"
        );
    }
}
