//! Reading and deciding on the register: open, show, decide. The work is
//! done by `kuager-register`; this prints it.

use anyhow::{anyhow, Result};
use kuager_register::RegisterError;
use kuager_store::Store;

/// Opens the register with the key given on the command line.
pub async fn open(db: &str) -> Result<Store> {
    crate::protect::open(db).await
}

/// A register error as the command line reports it: an unknown person id
/// comes with a hint where to find ids.
pub fn cli_error(e: RegisterError) -> anyhow::Error {
    match e {
        RegisterError::NoSuchPerson { id } => {
            anyhow!("no person with id {id:?} (see `kuager persons` or `kuager search`)")
        }
        e => e.into(),
    }
}

pub async fn show_person(store: &Store, id: &str, json: bool) -> Result<()> {
    let (person, texts) = kuager_register::person_with_texts(store, id)
        .await
        .map_err(cli_error)?;
    crate::output::person(&person, &texts, json)
}

pub async fn show_review(store: &Store, json: bool) -> Result<()> {
    let (pairs, names) = kuager_register::review_queue(store)
        .await
        .map_err(cli_error)?;
    crate::output::review(&pairs, &names, json)
}

pub async fn decide(store: &Store, a: &str, b: &str, merge: bool) -> Result<()> {
    let outcome = kuager_register::decide(store, a, b, merge)
        .await
        .map_err(cli_error)?;
    let (persons, review) = (outcome.persons, outcome.review);
    let verb = if merge { "merged" } else { "kept apart" };
    println!("{a} and {b} {verb}; decision recorded. Register: {persons} people, {review} pairs to review.");
    Ok(())
}

pub async fn split(store: &Store, specs: &[String]) -> Result<()> {
    let outcome = kuager_register::split(store, specs)
        .await
        .map_err(cli_error)?;
    let (persons, review) = (outcome.persons, outcome.review);
    println!("split {} mention(s); decision recorded. Register: {persons} people, {review} pairs to review.", specs.len());
    Ok(())
}
