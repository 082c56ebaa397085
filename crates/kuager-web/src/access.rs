//! One access policy for every route and every visitor, anonymous
//! included: [`guard`] runs on every routed request, finds the policy of
//! the route it matched in [`crate::routes::ROUTES`], and lets the request
//! through only if the visitor satisfies it. A route missing from the
//! table is refused to everyone.

use crate::ctx::{Ctx, SecondStep};
use crate::error::AppError;
use crate::routes::{self, Verb};
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kuager_case::UserRole;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone: anonymous visitors, half-finished logins, every account.
    Public,
    /// Signed in with the password, the second factor perhaps not yet
    /// given: the pages where it is given or set up.
    SecondStep,
    /// Fully signed in, any role.
    Volunteer,
    Analyst,
    Editor,
    Admin,
}

impl Policy {
    /// The least role this policy needs of a fully signed-in user.
    pub fn role(self) -> Option<UserRole> {
        match self {
            Policy::Public | Policy::SecondStep => None,
            Policy::Volunteer => Some(UserRole::Volunteer),
            Policy::Analyst => Some(UserRole::Analyst),
            Policy::Editor => Some(UserRole::Editor),
            Policy::Admin => Some(UserRole::Admin),
        }
    }
}

/// What the policy says about this visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in: to the login page.
    Login,
    /// The password was given, the second factor not yet: to its page.
    SecondStep(&'static str),
    /// Signed in, role too low.
    Forbidden,
}

pub fn decide(policy: Policy, ctx: &Ctx) -> Decision {
    if policy == Policy::Public {
        return Decision::Allow;
    }
    if let Some(user) = &ctx.user {
        return match policy.role() {
            Some(role) if !user.role.includes(role) => Decision::Forbidden,
            _ => Decision::Allow,
        };
    }
    match &ctx.pending {
        Some(_) if policy == Policy::SecondStep => Decision::Allow,
        Some(p) => Decision::SecondStep(match p.step {
            SecondStep::Enrol => "/account/totp",
            SecondStep::Code => "/login/code",
        }),
        None => Decision::Login,
    }
}

/// The middleware (a route layer, so it sees the matched route).
pub async fn guard(req: Request, next: Next) -> Response {
    let Some(ctx) = req.extensions().get::<Ctx>() else {
        return AppError::Internal("request context missing".into()).into_response();
    };
    let matched = req.extensions().get::<MatchedPath>().map(|m| m.as_str());
    let policy = match (Verb::of(req.method()), matched) {
        (Some(verb), Some(path)) => routes::policy_of(verb, path),
        _ => None,
    };
    let Some(policy) = policy else {
        tracing::error!(
            method = %req.method(),
            path = ?matched,
            "refused: the route has no access policy"
        );
        return AppError::Forbidden.into_response();
    };
    match decide(policy, ctx) {
        Decision::Allow => next.run(req).await,
        Decision::Login => AppError::LoginRequired.into_response(),
        Decision::SecondStep(to) => Redirect::to(to).into_response(),
        Decision::Forbidden => AppError::Forbidden.into_response(),
    }
}
