//! `kuager newsletter send` and `kuager newsletter status`: sending a
//! published issue through the configured relay, resuming whatever an
//! earlier run left unsent, and showing how far it is. The work is done by
//! `kuager_register::newsletter`; this prints it.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use kuager_store::Store;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Where mail goes, shared by `serve` and `newsletter send`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct MailOptions {
    /// The SMTP relay: smtp+starttls://USER:PASSWORD@HOST[:PORT],
    /// smtps://…, or smtp://127.0.0.1:PORT for a relay on this machine.
    #[arg(long, env = "KUAGER_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of every mail, e.g. "Kuager <news@example.org>".
    #[arg(long, env = "KUAGER_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The site's public address, for the links in mail
    /// (https://example.org, or the onion address).
    #[arg(long, env = "KUAGER_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl MailOptions {
    /// The mailer, if a relay is configured (both URL and sender).
    pub fn mailer(&self) -> Result<Option<kuager_mail::Mailer>> {
        match (&self.smtp_url, &self.mail_from) {
            (None, None) => Ok(None),
            (Some(_), None) => anyhow::bail!("--smtp-url needs --mail-from (KUAGER_MAIL_FROM)"),
            (None, Some(_)) => anyhow::bail!("--mail-from needs --smtp-url (KUAGER_SMTP_URL)"),
            (Some(url), Some(from)) => {
                let config = kuager_mail::RelayConfig::parse(url, from)?;
                Ok(Some(kuager_mail::Mailer::new(config)?))
            }
        }
    }
}

#[derive(clap::Subcommand, Debug)]
pub enum NewsletterCommand {
    /// Send a published issue to its edition's confirmed subscribers;
    /// run it again to resume after a crash or a relay failure (nobody
    /// gets it twice, nobody is skipped; see docs/decisions/0017).
    Send {
        /// The issue's id (as on its editor page).
        issue: i64,
        /// The earlier run is known to be dead (killed, machine
        /// restarted): take its issue now instead of waiting up to a minute
        /// for its hold to expire. Never while another run is alive.
        #[arg(long)]
        take_over: bool,
        #[command(flatten)]
        mail: MailOptions,
    },
    /// How far the sending of an issue is.
    Status {
        issue: i64,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(store: &Store, command: NewsletterCommand) -> Result<ExitCode> {
    match command {
        NewsletterCommand::Send {
            issue,
            take_over,
            mail,
        } => send(store, issue, take_over, &mail).await,
        NewsletterCommand::Status { issue, json } => status(store, issue, json).await,
    }
}

async fn send(
    store: &Store,
    issue: i64,
    take_over: bool,
    options: &MailOptions,
) -> Result<ExitCode> {
    let mailer = options.mailer()?.context(
        "no relay: give --smtp-url and --mail-from (or KUAGER_SMTP_URL, KUAGER_MAIL_FROM)",
    )?;
    let public_url = options
        .public_url
        .as_deref()
        .context("give --public-url (KUAGER_PUBLIC_URL): the mails link to the site")?;
    if take_over && store.newsletter_break_send_lease(issue).await? {
        eprintln!("issue {issue}: took over from the earlier run");
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} sent")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let progress_bar = bar.clone();
    let mut progress = move |p: kuager_register::newsletter::SendProgress| {
        progress_bar.set_length(p.total);
        progress_bar.set_position(p.done);
    };
    let report = kuager_register::newsletter::send_issue(
        store,
        &mailer,
        public_url,
        issue,
        None,
        &mut progress,
    )
    .await;
    bar.finish_and_clear();
    let report = report?;
    eprintln!(
        "issue {issue}: {} sent in this run ({} again after an interruption), {} deferred, {} refused, {} skipped; \
         in all {} of {} sent, {} still to send",
        report.sent,
        report.resent_in_flight,
        report.deferred,
        report.failed,
        report.skipped,
        report.counts.sent,
        report.counts.total(),
        report.counts.open()
    );
    if report.stopped_early {
        eprintln!(
            "the relay refused {} messages in a row for now: stopped; run the command again later",
            kuager_register::newsletter::MAX_TEMPORARY_IN_A_ROW
        );
    }
    Ok(if report.counts.open() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn status(store: &Store, issue: i64, json: bool) -> Result<ExitCode> {
    let record = store
        .newsletter_issue(issue)
        .await?
        .with_context(|| format!("no newsletter issue {issue}"))?;
    let counts = store.newsletter_delivery_counts(issue).await?;
    let deliveries = store.newsletter_deliveries(issue).await?;
    if json {
        let value = serde_json::json!({
            "issue": issue,
            "number": record.number,
            "language": record.language,
            "published": record.published,
            "counts": counts,
            "deliveries": deliveries,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "issue {issue} ({}, {}): {} deliveries: {} sent, {} waiting, {} in flight, {} deferred, {} refused, {} skipped",
            record.language,
            if record.published { "published" } else { "draft" },
            counts.total(),
            counts.sent,
            counts.pending,
            counts.in_flight,
            counts.deferred,
            counts.failed,
            counts.skipped
        );
    }
    Ok(ExitCode::SUCCESS)
}
