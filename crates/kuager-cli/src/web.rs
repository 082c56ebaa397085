//! `kuager serve` and `kuager user add`: starting the web app and creating
//! accounts from the shell (the first admin has to come from somewhere).

use anyhow::{bail, Context, Result};
use kuager_case::UserRole;
use kuager_store::Store;
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;

#[derive(clap::Args, Debug)]
pub struct ServeOptions {
    /// Address to listen on. Keep it on loopback and put a TLS proxy or a
    /// Tor onion service in front for anything else.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Mark cookies Secure and send Strict-Transport-Security
    /// (max-age=31536000): set this when users reach the app over HTTPS
    /// (directly or through a TLS proxy), never for plain HTTP or an onion
    /// service without TLS.
    #[arg(long)]
    pub secure_cookies: bool,
    /// Largest file accepted in one upload, in MiB.
    #[arg(long, default_value_t = 20)]
    pub max_upload_mib: usize,
    /// Login attempts and public-form reports allowed per client address
    /// per minute. Behind a Tor onion service every visitor shares one
    /// address: raise it there.
    #[arg(long, default_value_t = 10)]
    pub attempts_per_minute: u32,
    /// How often (milliseconds) the public site checks whether anything was
    /// published or changed; 0 checks on every public request.
    #[arg(long, default_value_t = 1000)]
    pub site_refresh_ms: u64,
    /// The relay for newsletter mail (confirmation links); without it,
    /// subscribing is switched off.
    #[command(flatten)]
    pub mail: crate::newsletter::MailOptions,
}

pub async fn serve(store: Store, opts: ServeOptions) -> Result<()> {
    let config = kuager_web::Config {
        max_upload_bytes: opts.max_upload_mib * 1024 * 1024,
        secure_cookies: opts.secure_cookies,
        attempts_per_minute: opts.attempts_per_minute,
        site_refresh: std::time::Duration::from_millis(opts.site_refresh_ms),
        ..Default::default()
    };
    if opts.mail.smtp_url.is_none() {
        eprintln!(
            "kuager: no mail relay (--smtp-url): appeals cannot be signed and nobody can subscribe"
        );
    }
    if let Err(e) = kuager_web::routes::appeals::check_pdf_font() {
        eprintln!("kuager: appeal PDFs cannot be made: {e}");
    }
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .with_context(|| format!("cannot listen on {}", opts.addr))?;
    eprintln!(
        "kuager: serving {} on http://{} (Ctrl-C to stop)",
        store.url(),
        listener.local_addr().unwrap_or(opts.addr)
    );
    let mut state = kuager_web::AppState::new(store, config);
    state.mail = opts.mail.mailer()?;
    state.public_url = opts.mail.public_url.clone().unwrap_or_default();
    if state.mail.is_some() {
        kuager_register::newsletter::public_base(&state.public_url)
            .context("--smtp-url needs --public-url (KUAGER_PUBLIC_URL) for the links in mail")?;
    }
    kuager_web::serve_app(listener, kuager_web::app(state))
        .await
        .context("the web server stopped with an error")
}

/// Reads the password as one line from standard input. A terminal is
/// refused: without a tty crate the typed password would be echoed on the
/// screen, so it must come through a pipe (`printf '%s\n' "$PW" | ...`).
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        bail!("give the password on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | kuager user add NAME --role ROLE` (it is not read from a terminal, where it would be shown)");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if kuager_web::auth::check_password_strength(&password).is_err() {
        bail!(
            "the password is too short: at least {} characters",
            kuager_web::auth::MIN_PASSWORD_CHARS
        );
    }
    Ok(password)
}

pub async fn add_user(store: &Store, name: &str, role: &str) -> Result<()> {
    let role = UserRole::from_code(role).with_context(|| {
        format!("unknown role {role:?}: choose volunteer, analyst, editor or admin")
    })?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        bail!("user name {name:?}: give 1 to 100 printable characters");
    }
    let password = read_password()?;
    let hash = kuager_web::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
    let user = store.add_user(None, name, role, &hash).await?;
    println!(
        "user {} created with role {} (id {})",
        user.name, user.role, user.id
    );
    Ok(())
}
