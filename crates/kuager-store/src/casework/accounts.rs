//! Accounts and sessions.

use super::{Actor, Audited, CaseError, CaseResult, SessionRecord, UserRecord};
use crate::{Result, Store};
use kuager_case::UserRole;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.active, u.created_at, u.version";

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

    /// Replaces the password hash. Not version-checked and does not change
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
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
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
