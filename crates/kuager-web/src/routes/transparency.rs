//! The public transparency page: the change log's public key and its
//! latest signed tree head, so partners can check proofs (docs/security.md).

use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::layout;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use maud::html;

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let head = state.store.tree_head(None).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("transparency-title"),
        html! {
            p { (ctx.t("transparency-intro")) }
            h2 { (ctx.t("transparency-public-key")) }
            p { code.key id="log-public-key" { (state.store.log_public_key()) } }
            h2 { (ctx.t("transparency-tree-head")) }
            @if let Some(head) = head {
                dl.tree-head {
                    dt { (ctx.t("transparency-size")) } dd { (kuager_i18n::format_number(ctx.locale, head.head.size as i64)) }
                    dt { (ctx.t("transparency-root")) } dd { code { (head.head.root) } }
                    dt { (ctx.t("transparency-signed-at")) } dd { (head.head.timestamp) }
                    dt { (ctx.t("transparency-signature")) } dd { code { (head.signature) } }
                }
            } @else {
                p.empty { (ctx.t("transparency-empty")) }
            }
            p { (ctx.t("transparency-how")) }
        },
    ))
}
