//! Accounts and sessions: passwords, the second factor (TOTP) with its
//! replay guard, the per-account login backoff, and sessions that can be
//! listed and cut off.
//!
//! The TOTP secret is confidential: it is stored sealed under the data key
//! (`users.totp_secret:<id>`) and opened only here.

use super::{Actor, Audited, CaseError, CaseResult, SessionRecord, UserRecord};
use crate::{Result, Store};
use kuager_case::UserRole;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.active, u.created_at, u.version";

/// The columns of [`LoginAccount`] after [`USER_COLUMNS`].
const LOGIN_COLUMNS: &str = "u.password_hash, u.totp_secret, u.totp_enabled_at, u.totp_last_step, \
     u.failed_logins, u.locked_until, u.password_changed_at";

const SESSION_COLUMNS: &str =
    "s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.client, s.second_factor";

/// What logging in needs to know about an account beyond its record.
#[derive(Clone, PartialEq, Eq)]
pub struct LoginAccount {
    pub user: UserRecord,
    pub password_hash: String,
    /// The TOTP secret (base32), opened. Set with `totp_enabled_at` empty
    /// while the user is enrolling.
    pub totp_secret: Option<String>,
    /// When the second factor was confirmed; `None`: not enrolled.
    pub totp_enabled_at: Option<String>,
    /// The last 30-second step whose code was accepted: a code is good once.
    pub totp_last_step: Option<i64>,
    /// Failed attempts (passwords and codes) since the last full login.
    pub failed_logins: i64,
    /// Logging in is refused until then (RFC 3339).
    pub locked_until: Option<String>,
    pub password_changed_at: Option<String>,
}

impl LoginAccount {
    pub fn totp_enabled(&self) -> bool {
        self.totp_enabled_at.is_some()
    }
}

impl std::fmt::Debug for LoginAccount {
    // Neither the password hash nor the secret goes into a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginAccount")
            .field("user", &self.user)
            .field("totp_enabled_at", &self.totp_enabled_at)
            .field("failed_logins", &self.failed_logins)
            .field("locked_until", &self.locked_until)
            .finish_non_exhaustive()
    }
}

/// A session as the request layer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    pub session: SessionRecord,
    /// The second factor was given in this session.
    pub second_factor: bool,
    /// The user has a confirmed second factor.
    pub totp_enabled: bool,
    pub created_at: String,
    pub last_seen_at: Option<String>,
}

/// One session in a list (the user's own, or all for an admin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// SHA-256 of the token: the key, never shown as is.
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: String,
    pub last_seen_at: Option<String>,
    pub expires_at: String,
    /// A coarse summary of the browser ("Firefox/Android"), never an address.
    pub client: String,
    pub second_factor: bool,
}

impl Store {
    // ---- accounts -------------------------------------------------------

    /// Creates an account; `password_hash` is an Argon2id PHC string made by
    /// the caller (the store never sees passwords).
    pub async fn add_user(
        &self,
        actor: Actor,
        name: &str,
        role: UserRole,
        password_hash: &str,
    ) -> CaseResult<UserRecord> {
        let mut change = Audited::begin(self, actor).await?;
        let id = change.next_id("users").await?;
        let inserted = sqlx::query(
            "INSERT INTO users (id, name, role, password_hash, active, created_at, version) \
             VALUES ($1, $2, $3, $4, 1, $5, 1)",
        )
        .bind(id)
        .bind(name)
        .bind(role.code())
        .bind(password_hash)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("creating user {name:?}"), e));
        match inserted {
            Err(e) if e.is_unique_violation() => {
                return Err(CaseError::NameTaken(name.to_string()))
            }
            other => other?,
        };
        let user = UserRecord {
            id,
            name: name.to_string(),
            role,
            active: true,
            created_at: change.now.clone(),
            version: 1,
        };
        let after = self.audit_json("user", &user)?;
        change
            .commit("create", "user", &id.to_string(), None, Some(after))
            .await?;
        Ok(user)
    }

    pub async fn user(&self, id: i64) -> Result<Option<UserRecord>> {
        let mut conn = self.reader().await?;
        self.read_user(&mut conn, id).await
    }

    /// The account and its password hash, for logging in.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<(UserRecord, String)>> {
        let sql = format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.name = $1");
        let row = sqlx::query(&sql)
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("reading user {name:?}"), e))?;
        row.map(|row| Ok((self.user_row(&row, 0)?, self.get(&row, 6)?)))
            .transpose()
    }

    /// All accounts, by name.
    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name, u.id");
        let rows = sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("listing users", e))?;
        rows.iter().map(|row| self.user_row(row, 0)).collect()
    }

    /// Changes role and/or active flag, version-checked. Deactivating deletes
    /// the user's sessions in the same transaction, so they end at once.
    ///
    /// Audited as "deactivate", "activate" or (otherwise) "role".
    pub async fn update_user(
        &self,
        actor: Actor,
        id: i64,
        version: i64,
        role: UserRole,
        active: bool,
    ) -> CaseResult<UserRecord> {
        let mut change = Audited::begin(self, actor).await?;
        let before =
            self.read_user(&mut change.tx, id)
                .await?
                .ok_or_else(|| CaseError::NotFound {
                    entity: "user",
                    id: id.to_string(),
                })?;
        let done = sqlx::query(
            "UPDATE users SET role = $3, active = $4, version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(role.code())
        .bind(i64::from(active))
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("updating user {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("users", "user", id, version).await);
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("ending the sessions of user {id}"), e))?;
        }
        let after = UserRecord {
            role,
            active,
            version: before.version + 1,
            ..before.clone()
        };
        let action = match (before.active, active) {
            (true, false) => "deactivate",
            (false, true) => "activate",
            _ => "role",
        };
        let (before_json, after_json) = (
            self.audit_json("user", &before)?,
            self.audit_json("user", &after)?,
        );
        change
            .commit(
                action,
                "user",
                &id.to_string(),
                Some(before_json),
                Some(after_json),
            )
            .await?;
        Ok(after)
    }

    /// Replaces the password hash (and notes when). Not version-checked and does not change
    /// the version (it is not part of what an administrator edits); audited
    /// as "password" without the hash.
    pub async fn set_password(&self, actor: Actor, id: i64, password_hash: &str) -> CaseResult<()> {
        let mut change = Audited::begin(self, actor).await?;
        let user =
            self.read_user(&mut change.tx, id)
                .await?
                .ok_or_else(|| CaseError::NotFound {
                    entity: "user",
                    id: id.to_string(),
                })?;
        sqlx::query("UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("setting the password of user {id}"), e))?;
        let json = self.audit_json("user", &user)?;
        change
            .commit(
                "password",
                "user",
                &id.to_string(),
                Some(json.clone()),
                Some(json),
            )
            .await?;
        Ok(())
    }

    async fn read_user(&self, conn: &mut AnyConnection, id: i64) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(conn)
            .await
            .map_err(|e| self.query_error(format!("reading user {id}"), e))?;
        row.map(|row| self.user_row(&row, 0)).transpose()
    }

    /// A user from the [`USER_COLUMNS`] starting at column `at`.
    fn user_row(&self, row: &AnyRow, at: usize) -> Result<UserRecord> {
        Ok(UserRecord {
            id: self.get(row, at)?,
            name: self.get(row, at + 1)?,
            role: self.term(row, at + 2, UserRole::from_code, "user role")?,
            active: self.get::<i64>(row, at + 3)? != 0,
            created_at: self.get(row, at + 4)?,
            version: self.get(row, at + 5)?,
        })
    }

    // ---- sessions -------------------------------------------------------

    /// Stores a session by the SHA-256 hex of its token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(crate::time::now_utc())
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("creating a session of user {user_id}"), e))?;
        Ok(())
    }

    /// The session if it exists, has not expired (compared with `now`, RFC
    /// 3339) and its user is active.
    pub async fn session(&self, token_hash: &str, now: &str) -> Result<Option<SessionRecord>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error("reading a session", e))?;
        row.map(|row| {
            Ok(SessionRecord {
                user: self.user_row(&row, 0)?,
                csrf_token: self.get(&row, 6)?,
                expires_at: self.get(&row, 7)?,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(|e| self.query_error("deleting a session", e))?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_sessions(&self, now: &str) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(|e| self.query_error("removing expired sessions", e))?;
        Ok(done.rows_affected())
    }
}

/// The sealing context of a user's TOTP secret.
fn totp_context(user_id: i64) -> String {
    format!("users.totp_secret:{user_id}")
}

impl Store {
    // ---- logging in: backoff and the second factor -----------------------

    /// The account named `name` with what logging in needs.
    pub async fn login_account_by_name(&self, name: &str) -> Result<Option<LoginAccount>> {
        let sql = format!("SELECT {USER_COLUMNS}, {LOGIN_COLUMNS} FROM users u WHERE u.name = $1");
        let row = sqlx::query(&sql)
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("reading user {name:?}"), e))?;
        row.map(|row| self.login_row(&row)).transpose()
    }

    /// Account `id` with what logging in needs.
    pub async fn login_account(&self, id: i64) -> Result<Option<LoginAccount>> {
        let sql = format!("SELECT {USER_COLUMNS}, {LOGIN_COLUMNS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("reading user {id}"), e))?;
        row.map(|row| self.login_row(&row)).transpose()
    }

    fn login_row(&self, row: &AnyRow) -> Result<LoginAccount> {
        let user = self.user_row(row, 0)?;
        let sealed: Option<String> = self.get(row, 7)?;
        let totp_secret = match sealed {
            Some(sealed) => Some(self.open_text(&totp_context(user.id), &sealed)?),
            None => None,
        };
        Ok(LoginAccount {
            password_hash: self.get(row, 6)?,
            totp_secret,
            totp_enabled_at: self.get(row, 8)?,
            totp_last_step: self.get(row, 9)?,
            failed_logins: self.get(row, 10)?,
            locked_until: self.get(row, 11)?,
            password_changed_at: self.get(row, 12)?,
            user,
        })
    }

    /// Ids of the users with a confirmed second factor.
    pub async fn users_with_totp(&self) -> Result<Vec<i64>> {
        sqlx::query_scalar::<sqlx::Any, i64>(
            "SELECT id FROM users WHERE totp_enabled_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing users with a second factor", e))
    }

    /// Counts a failed attempt (a wrong password or code); returns the
    /// number of failures since the last full login.
    pub async fn login_failed(&self, user_id: i64) -> Result<i64> {
        sqlx::query_scalar::<sqlx::Any, i64>(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 \
             RETURNING failed_logins",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("counting a failed login of user {user_id}"), e))
        .map(|n| n.unwrap_or(0))
    }

    /// Refuses logging in to `user_id` until `until` (RFC 3339).
    pub async fn lock_logins(&self, user_id: i64, until: &str) -> Result<()> {
        sqlx::query("UPDATE users SET locked_until = $2 WHERE id = $1")
            .bind(user_id)
            .bind(until)
            .execute(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("pausing the logins of user {user_id}"), e))?;
        Ok(())
    }

    /// A full login: the failure count starts again.
    pub async fn login_succeeded(&self, user_id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE users SET failed_logins = 0, locked_until = NULL \
             WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
        )
        .bind(user_id)
        .execute(&self.pool)
        .await
        .map_err(|e| {
            self.query_error(format!("resetting the failed logins of user {user_id}"), e)
        })?;
        Ok(())
    }

    /// Stores a new TOTP secret (base32) for a user who has no confirmed
    /// one: the enrolment in progress. Returns false (and stores nothing)
    /// when the user already has a confirmed second factor.
    pub async fn start_totp(&self, user_id: i64, secret: &str) -> Result<bool> {
        let sealed = self.seal_text(&totp_context(user_id), secret);
        let done = sqlx::query(
            "UPDATE users SET totp_secret = $2, totp_last_step = NULL \
             WHERE id = $1 AND totp_enabled_at IS NULL",
        )
        .bind(user_id)
        .bind(sealed)
        .execute(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("storing a TOTP secret of user {user_id}"), e))?;
        Ok(done.rows_affected() == 1)
    }

    /// Confirms the enrolment in progress with the code of time step
    /// `step`, which is then used up. Audited as "totp-enrol". False when
    /// there is no enrolment in progress.
    pub async fn enable_totp(&self, actor: Actor, user_id: i64, step: i64) -> CaseResult<bool> {
        let mut change = Audited::begin(self, actor).await?;
        let done = sqlx::query(
            "UPDATE users SET totp_enabled_at = $2, totp_last_step = $3 \
             WHERE id = $1 AND totp_enabled_at IS NULL AND totp_secret IS NOT NULL",
        )
        .bind(user_id)
        .bind(change.now.as_str())
        .bind(step)
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("enabling TOTP of user {user_id}"), e))?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        change
            .commit("totp-enrol", "user", &user_id.to_string(), None, None)
            .await?;
        Ok(true)
    }

    /// Uses up the code of time step `step`: true if no code of this or a
    /// later step was accepted before (a code is good once, even when two
    /// requests race).
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_enabled_at IS NOT NULL \
             AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(user_id)
        .bind(step)
        .execute(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("using a TOTP code of user {user_id}"), e))?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the user's second factor (a lost phone) and ends their
    /// sessions: they enrol again at their next login. Audited as
    /// "totp-reset".
    pub async fn reset_totp(&self, actor: Actor, user_id: i64) -> CaseResult<()> {
        let mut change = Audited::begin(self, actor).await?;
        let done = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL \
             WHERE id = $1",
        )
        .bind(user_id)
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("resetting TOTP of user {user_id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(CaseError::NotFound {
                entity: "user",
                id: user_id.to_string(),
            });
        }
        let ended = delete_sessions(self, &mut change.tx, user_id, None).await?;
        change
            .commit(
                "totp-reset",
                "user",
                &user_id.to_string(),
                None,
                Some(format!("{{\"sessions_ended\":{ended}}}")),
            )
            .await?;
        Ok(())
    }

    /// Replaces the password hash (the user changing their own password)
    /// and ends every other session of the user; `keep` is the session the
    /// change was made from. Audited as "password", without the hash.
    pub async fn change_password(
        &self,
        actor: Actor,
        user_id: i64,
        password_hash: &str,
        keep: Option<&str>,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, actor).await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
        )
        .bind(user_id)
        .bind(password_hash)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("changing the password of user {user_id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(CaseError::NotFound {
                entity: "user",
                id: user_id.to_string(),
            });
        }
        let ended = delete_sessions(self, &mut change.tx, user_id, keep).await?;
        change
            .commit(
                "password",
                "user",
                &user_id.to_string(),
                None,
                Some(format!("{{\"sessions_ended\":{ended}}}")),
            )
            .await?;
        Ok(())
    }

    // ---- sessions that can be listed and cut off -------------------------

    /// Stores a session by the SHA-256 hex of its token, with a coarse
    /// description of the browser and whether the second factor was given.
    pub async fn open_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: &str,
        client: &str,
        second_factor: bool,
    ) -> Result<()> {
        let now = crate::time::now_utc();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, \
             last_seen_at, client, second_factor) VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now.as_str())
        .bind(expires_at)
        .bind(client)
        .bind(i64::from(second_factor))
        .execute(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("creating a session of user {user_id}"), e))?;
        Ok(())
    }

    /// The session if it exists, has not expired and its user is active,
    /// with its second-factor state.
    pub async fn session_state(&self, token_hash: &str, now: &str) -> Result<Option<SessionState>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at, s.second_factor, \
             u.totp_enabled_at, s.created_at, s.last_seen_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error("reading a session", e))?;
        row.map(|row| {
            Ok(SessionState {
                session: SessionRecord {
                    user: self.user_row(&row, 0)?,
                    csrf_token: self.get(&row, 6)?,
                    expires_at: self.get(&row, 7)?,
                },
                second_factor: self.get::<i64>(&row, 8)? != 0,
                totp_enabled: self.get::<Option<String>>(&row, 9)?.is_some(),
                created_at: self.get(&row, 10)?,
                last_seen_at: self.get(&row, 11)?,
            })
        })
        .transpose()
    }

    /// Notes that the session was used at `now`.
    pub async fn touch_session(&self, token_hash: &str, now: &str) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(|e| self.query_error("noting the use of a session", e))?;
        Ok(())
    }

    /// The user's sessions that have not expired, newest first.
    pub async fn user_sessions(&self, user_id: i64, now: &str) -> Result<Vec<SessionInfo>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s \
             WHERE s.user_id = $1 AND s.expires_at > $2 ORDER BY s.created_at DESC, s.token_hash"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .bind(now)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("listing the sessions of user {user_id}"), e))?;
        rows.iter().map(|row| self.session_info_row(row)).collect()
    }

    /// Every session that has not expired, by user, newest first.
    pub async fn all_sessions(&self, now: &str) -> Result<Vec<SessionInfo>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.expires_at > $1 \
             ORDER BY s.user_id, s.created_at DESC, s.token_hash"
        );
        let rows = sqlx::query(&sql)
            .bind(now)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("listing sessions", e))?;
        rows.iter().map(|row| self.session_info_row(row)).collect()
    }

    fn session_info_row(&self, row: &AnyRow) -> Result<SessionInfo> {
        Ok(SessionInfo {
            token_hash: self.get(row, 0)?,
            user_id: self.get(row, 1)?,
            created_at: self.get(row, 2)?,
            last_seen_at: self.get(row, 3)?,
            expires_at: self.get(row, 4)?,
            client: self.get(row, 5)?,
            second_factor: self.get::<i64>(row, 6)? != 0,
        })
    }

    /// Ends one session of `user_id`. Audited as "end-session"; false (and
    /// nothing recorded) if the user has no such session.
    pub async fn end_session(
        &self,
        actor: Actor,
        user_id: i64,
        token_hash: &str,
    ) -> CaseResult<bool> {
        let mut change = Audited::begin(self, actor).await?;
        let done = sqlx::query("DELETE FROM sessions WHERE token_hash = $1 AND user_id = $2")
            .bind(token_hash)
            .bind(user_id)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("ending a session of user {user_id}"), e))?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        change
            .commit("end-session", "user", &user_id.to_string(), None, None)
            .await?;
        Ok(true)
    }

    /// Ends every session of `user_id` but `except`: "cut off a lost
    /// phone". Audited as "end-sessions"; returns how many ended.
    pub async fn end_sessions(
        &self,
        actor: Actor,
        user_id: i64,
        except: Option<&str>,
    ) -> CaseResult<u64> {
        let mut change = Audited::begin(self, actor).await?;
        let ended = delete_sessions(self, &mut change.tx, user_id, except).await?;
        change
            .commit(
                "end-sessions",
                "user",
                &user_id.to_string(),
                None,
                Some(format!("{{\"sessions_ended\":{ended}}}")),
            )
            .await?;
        Ok(ended)
    }
}

/// Deletes the sessions of `user_id` but `except`, in a transaction.
async fn delete_sessions(
    store: &Store,
    conn: &mut AnyConnection,
    user_id: i64,
    except: Option<&str>,
) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(except.unwrap_or(""))
        .execute(conn)
        .await
        .map_err(|e| store.query_error(format!("ending the sessions of user {user_id}"), e))?;
    Ok(done.rows_affected())
}
