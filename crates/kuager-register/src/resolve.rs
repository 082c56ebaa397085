//! Who is who: one resolution over the whole register.

use crate::{RegisterError, Result};
use kuager_store::Store;
use std::time::Instant;

/// Recompute who is who from all person mentions and all human decisions,
/// keep the ids of people that are still there, and store the result.
/// Returns (people, pairs to review).
///
/// The resolver takes a core for a while on a large register; it runs on
/// Tokio's blocking threads.
pub async fn resolve(store: &Store) -> Result<(usize, usize)> {
    let started = Instant::now();
    let mentions = store.person_mentions().await?;
    let decisions = store.decisions().await?;
    let loaded = started.elapsed();
    let previous = store.person_anchors().await?;
    let resolution = tokio::task::spawn_blocking(move || {
        let mut resolution = kuager_identity::resolve(&mentions, &decisions);
        kuager_identity::keep_ids(&mut resolution, &previous);
        // The mentions are freed here, before the resolution is stored.
        resolution
    })
    .await
    .map_err(|_| RegisterError::Internal("the resolver crashed".to_string()))?;
    let resolved = started.elapsed();
    store
        .replace_resolution(&resolution.persons, &resolution.review)
        .await?;
    tracing::info!(
        load_s = loaded.as_secs_f64(),
        resolve_s = (resolved - loaded).as_secs_f64(),
        store_s = (started.elapsed() - resolved).as_secs_f64(),
        persons = resolution.persons.len(),
        review = resolution.review.len(),
        "resolved the register"
    );
    Ok((resolution.persons.len(), resolution.review.len()))
}
