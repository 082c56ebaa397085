//! JSON for the API and data exports: codes of the vocabularies, ISO
//! dates, and fields that are absent rather than empty when they are not
//! public.

use crate::public::{PublicEvent, PublicParticipant, PublicPerson, PublicSource};
use kuager_case::CaseDate;
use serde_json::{json, Map, Value};

fn date(d: &CaseDate) -> Value {
    json!({
        "text": d.to_input(),
        "precision": d.precision.code(),
        "start": d.start.iso(),
        "end": d.end.iso(),
    })
}

/// Inserts `key` only when there is a value.
fn put<T: Into<Value>>(object: &mut Map<String, Value>, key: &str, value: Option<T>) {
    if let Some(v) = value {
        object.insert(key.to_string(), v.into());
    }
}

fn participant(p: &PublicParticipant) -> Value {
    let mut o = Map::new();
    o.insert("role".into(), p.role().code().into());
    o.insert("named".into(), p.is_named().into());
    put(&mut o, "name", p.name());
    put(&mut o, "position", p.position());
    put(&mut o, "organisation", p.organisation());
    put(&mut o, "person", p.person_id());
    Value::Object(o)
}

fn source(s: &PublicSource) -> Value {
    let mut o = Map::new();
    o.insert("kind".into(), s.kind().code().into());
    put(&mut o, "title", s.title());
    put(&mut o, "sha256", s.sha256());
    put(&mut o, "citation", s.citation());
    put(&mut o, "url", s.url());
    Value::Object(o)
}

/// One event as a JSON value (for answers that wrap it).
pub fn event_value(e: &PublicEvent) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), e.id().into());
    o.insert("type".into(), e.event_type().code().into());
    o.insert("date".into(), date(e.date()));
    put(&mut o, "place", e.place_key());
    put(&mut o, "place_detail", e.place_detail());
    put(&mut o, "description", e.description());
    o.insert("verification".into(), e.verification().code().into());
    o.insert(
        "participants".into(),
        e.participants().iter().map(participant).collect(),
    );
    o.insert(
        "charges".into(),
        e.charges()
            .iter()
            .map(|c| {
                json!({
                    "code": c.code.code(),
                    "article": c.article,
                    "part": c.part,
                })
            })
            .collect(),
    );
    put(&mut o, "court", e.court());
    put(&mut o, "judge", e.judge());
    put(&mut o, "verdict", e.verdict());
    put(&mut o, "sentence_kind", e.sentence_kind().map(|k| k.code()));
    put(&mut o, "sentence_months", e.sentence_months());
    put(&mut o, "sentence_days", e.sentence_days());
    put(&mut o, "fine_kzt", e.fine_kzt());
    o.insert("details_withheld".into(), e.text_withheld().into());
    o.insert("sources".into(), e.sources().iter().map(source).collect());
    put(&mut o, "published_at", e.published_at());
    Value::Object(o)
}

/// One event.
pub fn event(e: &PublicEvent) -> String {
    event_value(e).to_string()
}

/// A list of events.
pub fn events(events: &[PublicEvent]) -> String {
    Value::Array(events.iter().map(event_value).collect()).to_string()
}

/// A person's page: `id` and `names` for a person public by name,
/// `pseudonym` for an anonymised one.
pub fn person(p: &PublicPerson) -> String {
    person_value(p).to_string()
}

/// A person's page as a JSON value.
pub fn person_value(p: &PublicPerson) -> Value {
    let mut o = Map::new();
    put(&mut o, "id", p.id());
    put(&mut o, "pseudonym", p.pseudonym());
    o.insert("names".into(), p.names().into());
    o.insert("status".into(), p.status().code().into());
    o.insert(
        "timeline".into(),
        p.timeline()
            .iter()
            .map(|s| {
                json!({
                    "status": s.status.code(),
                    "from": date(&s.from),
                    "event": s.event_id,
                    "implied": s.implied,
                })
            })
            .collect(),
    );
    o.insert(
        "recognitions".into(),
        p.recognitions()
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("decision".into(), r.decision().code().into());
                o.insert(
                    "criteria".into(),
                    r.criteria().iter().map(|c| c.code()).collect(),
                );
                o.insert("decided_on".into(), date(r.decided_on()));
                put(&mut o, "decided_by", r.decided_by());
                Value::Object(o)
            })
            .collect(),
    );
    o.insert(
        "events".into(),
        p.events().iter().map(event_value).collect(),
    );
    Value::Object(o)
}
