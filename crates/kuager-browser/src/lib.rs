//! Test support for Kuager's end-to-end tests: a real headless Chromium, driven
//! through chromedriver (WebDriver), with page JavaScript switched off.
//!
//! The web app must work without JavaScript, so the browser used to test it
//! runs with scripting disabled. Every helper here uses only WebDriver
//! commands that keep working when the page cannot run scripts (see the
//! crate's README for which ones those are).
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use kuager_browser::{Browser, Viewport};
//! let browser = Browser::start(Viewport::Desktop).await?;
//! browser.goto("http://127.0.0.1:8080/").await?;
//! browser.fill("input[name=q]", "Бекижан").await?;
//! browser.click("button[type=submit]").await?; // waits for the next page
//! assert!(browser.page_text().await?.contains("Бекижан"));
//! browser.screenshot("search-results").await?;
//! browser.close().await?;
//! # Ok(()) }
//! ```

use std::ffi::OsString;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map, Value};

pub use fantoccini;

/// How long [`Browser::click`] and [`Browser::wait_for`] wait.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a page may take to load before `goto` or a click fails.
const PAGE_LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// How long any one WebDriver command may take before we give up on it.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(45);

/// How long chromedriver may take to start listening.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);

/// How often to try another port when chromedriver cannot listen on one.
const PORT_ATTEMPTS: usize = 5;

/// Pause between two polls while waiting.
const POLL: Duration = Duration::from_millis(50);

const INSTALL_HINT: &str = "run scripts/install-browser.sh (Debian packages `chromium` and \
     `chromium-driver`), or point KUAGER_CHROMIUM / KUAGER_CHROMEDRIVER at the binaries";

/// Size (and kind) of the browser window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewport {
    /// A laptop-sized window, 1280 × 900 CSS pixels.
    Desktop,
    /// A phone: 412 × 915 CSS pixels with mobile emulation (a phone's user
    /// agent, `<meta name=viewport>` honoured). Touch emulation stays off:
    /// with it, chromedriver 156 crashed on element clicks.
    Phone,
}

impl Viewport {
    /// Width and height in CSS pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Viewport::Desktop => (1280, 900),
            Viewport::Phone => (412, 915),
        }
    }

    /// A short lowercase name, handy in screenshot names.
    pub fn name(self) -> &'static str {
        match self {
            Viewport::Desktop => "desktop",
            Viewport::Phone => "phone",
        }
    }
}

/// Options for [`Browser::start_with`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Window size.
    pub viewport: Viewport,
    /// Browser UI language, sent as `Accept-Language` (Chromium's `--lang`).
    pub lang: String,
    /// Chromium binary; overrides `KUAGER_CHROMIUM` and `PATH`.
    pub chromium: Option<PathBuf>,
    /// chromedriver binary; overrides `KUAGER_CHROMEDRIVER` and `PATH`.
    pub chromedriver: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            viewport: Viewport::Desktop,
            lang: "en-US".to_owned(),
            chromium: None,
            chromedriver: None,
        }
    }
}

/// A headless Chromium with JavaScript disabled, driven through its own
/// chromedriver process.
///
/// Dropping it kills chromedriver and the Chromium it started (the whole
/// process group) and removes the throwaway profile. Should the test process
/// itself be killed, a tiny watchdog that waits on a pipe from this process
/// does the same. Prefer [`Browser::close`] at the end of a test: it ends the
/// WebDriver session cleanly first.
pub struct Browser {
    client: Client,
    viewport: Viewport,
    // Field order matters: the driver (and with it Chromium) must be gone
    // before the profile directory is removed.
    driver: Driver,
    _scratch: tempfile::TempDir,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("viewport", &self.viewport)
            .field("chromedriver_pid", &self.driver.pid)
            .field("port", &self.driver.port)
            .finish()
    }
}

impl Browser {
    /// Starts chromedriver on a free port of 127.0.0.1 and opens a new
    /// headless Chromium session with JavaScript disabled.
    ///
    /// The binaries come from `KUAGER_CHROMIUM` and `KUAGER_CHROMEDRIVER`, or
    /// else `chromium` and `chromedriver` on `PATH`.
    pub async fn start(viewport: Viewport) -> Result<Browser> {
        Browser::start_with(Options {
            viewport,
            ..Options::default()
        })
        .await
    }

    /// Like [`Browser::start`], with more options.
    pub async fn start_with(options: Options) -> Result<Browser> {
        let chromium = find_binary(options.chromium.as_deref(), "KUAGER_CHROMIUM", "chromium")?;
        let chromedriver = find_binary(
            options.chromedriver.as_deref(),
            "KUAGER_CHROMEDRIVER",
            "chromedriver",
        )?;
        let scratch = tempfile::Builder::new()
            .prefix("kuager-browser.")
            .tempdir()
            .context("creating a temporary directory for the browser profile")?;
        let profile = scratch.path().join("profile");
        fs::create_dir(&profile).context("creating the browser profile directory")?;

        let mut last_error = None;
        for attempt in 1..=PORT_ATTEMPTS {
            let log = scratch.path().join(format!("chromedriver-{attempt}.log"));
            let driver = match Driver::spawn(&chromedriver, &log, scratch.path()) {
                Ok(driver) => driver,
                Err(e) => {
                    last_error = Some(e);
                    continue;
                }
            };
            if let Err(e) = driver.wait_until_listening(&log).await {
                last_error = Some(e);
                continue; // dropping `driver` kills it
            }
            let caps = capabilities(&chromium, &profile, &options);
            let url = format!("http://127.0.0.1:{}", driver.port);
            let mut builder = ClientBuilder::new(HttpConnector::new());
            builder.capabilities(caps);
            let client = match tokio::time::timeout(COMMAND_TIMEOUT, builder.connect(&url)).await {
                Ok(Ok(client)) => client,
                failed => {
                    let why = match failed {
                        Ok(Err(e)) => e.to_string(),
                        _ => format!("no answer within {COMMAND_TIMEOUT:?}"),
                    };
                    bail!(
                        "chromedriver {} could not start {}: {why}; its output:\n{}",
                        chromedriver.display(),
                        chromium.display(),
                        log_tail(&log)
                    );
                }
            };
            let browser = Browser {
                client,
                viewport: options.viewport,
                driver,
                _scratch: scratch,
            };
            browser.set_timeouts().await?;
            return Ok(browser);
        }
        Err(last_error
            .unwrap_or_else(|| anyhow!("no attempt made"))
            .context(format!(
                "chromedriver did not start after {PORT_ATTEMPTS} attempts"
            )))
    }

    async fn set_timeouts(&self) -> Result<()> {
        let timeouts = fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(10)),
            Some(PAGE_LOAD_TIMEOUT),
            Some(Duration::ZERO),
        );
        run(
            "setting WebDriver timeouts".into(),
            self.client.update_timeouts(timeouts),
        )
        .await
    }

    /// The underlying WebDriver client, for anything the helpers lack.
    ///
    /// Beware: `execute` still runs scripts (chromedriver evaluates them
    /// through DevTools, past the page's setting), which would hide a page
    /// that needs JavaScript. Tests of the app should not use it.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The process group of chromedriver and the Chromium it started (for
    /// tests that check nothing is left running).
    pub fn process_group(&self) -> u32 {
        self.driver.pid
    }

    /// The window size this browser was started with.
    pub fn viewport(&self) -> Viewport {
        self.viewport
    }

    /// Loads `url` (absolute) and waits for the page to load.
    pub async fn goto(&self, url: &str) -> Result<()> {
        run(format!("loading {url}"), self.client.goto(url)).await
    }

    /// The first element matching `css`, or an error naming the selector
    /// and the current page.
    pub async fn find(&self, css: &str) -> Result<Element> {
        match run(
            format!("finding `{css}`"),
            self.client.find(Locator::Css(css)),
        )
        .await
        {
            Ok(el) => Ok(el),
            Err(e) => {
                let page = self.current_path().await.unwrap_or_default();
                Err(e.context(format!("no element matches `{css}` on {page}")))
            }
        }
    }

    /// All elements matching `css` (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        run(
            format!("looking for `{css}`"),
            self.client.find_all(Locator::Css(css)),
        )
        .await
    }

    /// Replaces the contents of the `<input>` or `<textarea>` matching `css`
    /// with `text` (clears it, then types).
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let el = self.find(css).await?;
        run(format!("clearing `{css}`"), el.clear()).await?;
        if !text.is_empty() {
            run(format!("typing into `{css}`"), el.send_keys(text)).await?;
        }
        Ok(())
    }

    /// Chooses the `<option>` with the given `value` in the `<select>`
    /// matching `css`.
    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        let select = self.find(css).await?;
        let options = run(
            format!("listing the options of `{css}`"),
            select.find_all(Locator::Css("option")),
        )
        .await?;
        for option in options {
            let this = run(
                format!("reading an option of `{css}`"),
                option.attr("value"),
            )
            .await?;
            if this.as_deref() == Some(value) {
                return run(format!("choosing {value:?} in `{css}`"), option.click()).await;
            }
        }
        bail!("`{css}` has no <option value={value:?}>")
    }

    /// Clicks the element matching `css` (a link or a submit button) and
    /// waits until the browser shows a new document (at most
    /// [`WAIT_TIMEOUT`]). Fails if no new page arrives: use
    /// [`Browser::click_in_place`] for clicks that stay on the page.
    ///
    /// A new document is recognised by chromedriver's reference to the root
    /// element, which is tied to one document; this also notices a form that
    /// re-renders at the same URL.
    pub async fn click(&self, css: &str) -> Result<()> {
        let el = self.find(css).await?;
        let before = self.document_id().await?;
        run(format!("clicking `{css}`"), el.click()).await?;
        let deadline = Instant::now() + WAIT_TIMEOUT;
        loop {
            match self.document_id().await {
                Ok(now) if now != before => return Ok(()),
                Ok(_) => {}
                // The old document is going away while we look: try again.
                Err(_) if Instant::now() < deadline => {}
                Err(e) => return Err(e),
            }
            if Instant::now() >= deadline {
                let page = self.current_path().await.unwrap_or_default();
                bail!(
                    "clicking `{css}` did not lead to a new page within {WAIT_TIMEOUT:?} \
                     (still on {page})"
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks the element matching `css` without waiting for a navigation:
    /// checkboxes, radio buttons, `<summary>`, labels.
    pub async fn click_in_place(&self, css: &str) -> Result<()> {
        let el = self.find(css).await?;
        run(format!("clicking `{css}`"), el.click()).await
    }

    /// Sets the file of the `<input type=file>` matching `css` to `path`.
    pub async fn attach_file(&self, css: &str, path: &Path) -> Result<()> {
        let path = path
            .canonicalize()
            .with_context(|| format!("file to upload: {}", path.display()))?;
        let path = path
            .to_str()
            .ok_or_else(|| anyhow!("file path is not UTF-8: {}", path.display()))?;
        let el = self.find(css).await?;
        run(format!("attaching {path} to `{css}`"), el.send_keys(path)).await
    }

    /// The rendered text of the first element matching `css`, as a person
    /// sees it (hidden elements give "").
    pub async fn text(&self, css: &str) -> Result<String> {
        let el = self.find(css).await?;
        run(format!("reading the text of `{css}`"), el.text()).await
    }

    /// The rendered text of the whole page (`<body>`).
    pub async fn page_text(&self) -> Result<String> {
        self.text("body").await
    }

    /// The page's HTML as the browser holds it now.
    pub async fn html(&self) -> Result<String> {
        run("reading the page source".into(), self.client.source()).await
    }

    /// The value of attribute `name` on the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>> {
        let el = self.find(css).await?;
        run(
            format!("reading attribute {name} of `{css}`"),
            el.attr(name),
        )
        .await
    }

    /// The current form value of the input, textarea or select matching `css`.
    pub async fn value(&self, css: &str) -> Result<String> {
        let el = self.find(css).await?;
        let value = run(format!("reading the value of `{css}`"), el.prop("value")).await?;
        Ok(value.unwrap_or_default())
    }

    /// Whether the checkbox, radio button or option matching `css` is
    /// selected.
    pub async fn is_checked(&self, css: &str) -> Result<bool> {
        let el = self.find(css).await?;
        run(format!("reading the state of `{css}`"), el.is_selected()).await
    }

    /// Path and query of the current URL, e.g. `/cases?page=2`.
    pub async fn current_path(&self) -> Result<String> {
        let url = run("reading the current URL".into(), self.client.current_url()).await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// The full current URL.
    pub async fn current_url(&self) -> Result<String> {
        let url = run("reading the current URL".into(), self.client.current_url()).await?;
        Ok(url.to_string())
    }

    /// The page title.
    pub async fn title(&self) -> Result<String> {
        run("reading the page title".into(), self.client.title()).await
    }

    /// Whether any element matches `css`.
    pub async fn exists(&self, css: &str) -> Result<bool> {
        Ok(!self.find_all(css).await?.is_empty())
    }

    /// Waits (at most [`WAIT_TIMEOUT`]) for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        while !self.exists(css).await.unwrap_or(false) {
            if Instant::now() >= deadline {
                let page = self.current_path().await.unwrap_or_default();
                bail!("`{css}` did not appear on {page} within {WAIT_TIMEOUT:?}");
            }
            tokio::time::sleep(POLL).await;
        }
        Ok(())
    }

    /// Saves a PNG of the viewport as `<name>.png` in [`artifacts_dir`] and
    /// returns its path. Characters other than ASCII letters, digits, `-`,
    /// `_` and `.` in `name` become `_`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = run("taking a screenshot".into(), self.client.screenshot()).await?;
        let dir = artifacts_dir();
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(format!("{}.png", file_stem(name)));
        fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }

    /// Ends the WebDriver session (Chromium quits), then stops chromedriver.
    pub async fn close(self) -> Result<()> {
        let Browser { client, driver, .. } = self;
        let result = run("closing the browser session".into(), client.close()).await;
        drop(driver);
        result
    }

    /// Something that changes whenever a new document is loaded in the
    /// window: chromedriver's reference to the root element, which belongs
    /// to one document only. Finding an element works without page
    /// JavaScript, so this does too.
    async fn document_id(&self) -> Result<String> {
        let root = run(
            "finding the document's root element".into(),
            self.client.find(Locator::Css(":root")),
        )
        .await?;
        Ok(root.element_id().to_string())
    }
}

/// Runs one WebDriver command with a deadline of our own, so that a stuck
/// chromedriver fails the test instead of hanging it.
async fn run<T>(
    what: String,
    command: impl std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
) -> Result<T> {
    match tokio::time::timeout(COMMAND_TIMEOUT, command).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(anyhow!(e).context(what)),
        Err(_) => bail!("{what}: chromedriver did not answer within {COMMAND_TIMEOUT:?}"),
    }
}

/// Where screenshots and other test artifacts go: `$KUAGER_ARTIFACTS` if set,
/// else `e2e-artifacts` in Cargo's target directory (`$CARGO_TARGET_DIR`, or
/// the `target` directory the running test binary was built in, or the
/// workspace's `target`). Created if missing.
pub fn artifacts_dir() -> PathBuf {
    let dir = match std::env::var_os("KUAGER_ARTIFACTS").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => target_dir().join("e2e-artifacts"),
    };
    let _ = fs::create_dir_all(&dir);
    dir
}

fn workspace_root() -> PathBuf {
    // crates/kuager-browser -> the workspace
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            workspace_root().join(dir)
        };
    }
    // A test binary lives in <target>/[<triple>/]<profile>/deps; Cargo
    // marks <target> with CACHEDIR.TAG.
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe
            .ancestors()
            .skip(1)
            .find(|d| d.join("CACHEDIR.TAG").is_file())
        {
            return dir.to_path_buf();
        }
    }
    workspace_root().join("target")
}

fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        format!("screenshot{stem}")
    } else {
        stem
    }
}

/// `explicit` if given, else `$var` if set, else `name` on `PATH`.
fn find_binary(explicit: Option<&Path>, var: &str, name: &str) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if is_executable(path) {
            return Ok(path.to_path_buf());
        }
        bail!(
            "{} is not an executable file; {INSTALL_HINT}",
            path.display()
        );
    }
    if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&value);
        if is_executable(&path) {
            return Ok(path);
        }
        if let Some(found) = search_path(&value) {
            return Ok(found);
        }
        bail!(
            "{var}={} does not name a program; {INSTALL_HINT}",
            path.display()
        );
    }
    search_path(&OsString::from(name))
        .ok_or_else(|| anyhow!("`{name}` not found on PATH and {var} is not set; {INSTALL_HINT}"))
}

fn search_path(name: &std::ffi::OsStr) -> Option<PathBuf> {
    if Path::new(name).components().count() > 1 {
        return None;
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Command-line switches for Chromium: headless, no JavaScript, and no
/// traffic to anything but loopback.
fn chromium_args(profile: &Path, options: &Options) -> Vec<String> {
    let (w, h) = options.viewport.size();
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--force-device-scale-factor=1",
        // Scripting off at the Blink level too, in case the profile's
        // content setting is not applied.
        "--blink-settings=scriptEnabled=false",
        // Quiet: nothing of Chromium's own talks to the network.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--metrics-recording-only",
        "--no-pings",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-service-autorun",
        "--password-store=basic",
        "--safebrowsing-disable-auto-update",
        "--disable-features=Translate,OptimizationHints,OptimizationGuideModelDownloading,\
         MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,\
         CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,\
         SafeBrowsingEnhancedProtection,PrivacySandboxSettings4,NetworkTimeServiceQuerying",
        // Belt and braces: names other than localhost do not resolve, and
        // anything not on loopback goes to a proxy that is not there
        // (Chromium always sends loopback addresses direct).
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.push(format!("--window-size={w},{h}"));
    args.push(format!("--lang={}", options.lang));
    args.push(format!("--user-data-dir={}", profile.display()));
    args
}

fn capabilities(chromium: &Path, profile: &Path, options: &Options) -> Map<String, Value> {
    let mut chrome = json!({
        "binary": chromium.to_string_lossy(),
        "args": chromium_args(profile, options),
        "prefs": {
            "profile.managed_default_content_settings.javascript": 2,
            "webkit.webprefs.javascript_enabled": false,
            "intl.accept_languages": options.lang,
        },
    });
    // The window size includes (invisible) browser UI, so the page's
    // viewport is set exactly through device metrics instead.
    let (w, h) = options.viewport.size();
    chrome["mobileEmulation"] = match options.viewport {
        Viewport::Desktop => json!({
            "deviceMetrics": { "width": w, "height": h, "pixelRatio": 1.0, "touch": false, "mobile": false },
        }),
        Viewport::Phone => json!({
            "deviceMetrics": { "width": w, "height": h, "pixelRatio": 1.0, "touch": false, "mobile": true },
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 \
                          (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
        }),
    };
    let mut caps = Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("pageLoadStrategy".into(), json!("normal"));
    caps.insert(
        "timeouts".into(),
        json!({ "implicit": 0, "pageLoad": PAGE_LOAD_TIMEOUT.as_millis() as u64, "script": 10_000 }),
    );
    caps.insert("goog:chromeOptions".into(), chrome);
    caps
}

/// A running chromedriver in its own process group, with a watchdog.
struct Driver {
    child: Child,
    pid: u32,
    port: u16,
    /// While this pipe is open the watchdog sleeps; when it closes (we drop
    /// it, or this process dies) the watchdog kills the whole group.
    watchdog: Option<ChildStdin>,
}

/// Run by `sh` as `sh -c WRAPPER chromedriver ARGS...`: start a watchdog
/// that reads our stdin, then become chromedriver (same pid, which leads the
/// new process group). When the watchdog reads end-of-file (the `Browser`
/// was dropped, or the test process died in any way) it kills the whole group
/// and, as it runs outside the group, then removes the scratch directory.
const WRAPPER: &str = r#"exec 3<&0
if command -v setsid >/dev/null 2>&1; then
  setsid sh -c 'read -r _; kill -s KILL -- "-$1"; sleep 1; rm -rf -- "$2"' \
    kuager-watchdog "$$" "$KUAGER_BROWSER_SCRATCH" <&3 >/dev/null 2>&1 &
else
  { read -r _ <&3; kill -s KILL 0; } &
fi
exec "$0" "$@" </dev/null 3<&-"#;

impl Driver {
    fn spawn(chromedriver: &Path, log: &Path, scratch: &Path) -> Result<Driver> {
        use std::os::unix::process::CommandExt;
        let port = free_port()?;
        let out = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let err = out.try_clone()?;
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(WRAPPER)
            .arg(chromedriver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .env("KUAGER_BROWSER_SCRATCH", scratch)
            .stdin(Stdio::piped())
            .stdout(out)
            .stderr(err)
            .process_group(0);
        let mut child = cmd
            .spawn()
            .with_context(|| format!("starting {}; {INSTALL_HINT}", chromedriver.display()))?;
        let watchdog = child.stdin.take();
        let pid = child.id();
        Ok(Driver {
            child,
            pid,
            port,
            watchdog,
        })
    }

    async fn wait_until_listening(&self, log: &Path) -> Result<()> {
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        let child_alive = || -> Result<()> {
            // `try_wait` needs `&mut`; poll through /proc instead.
            let stat = fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_default();
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|s| s.split_whitespace().next());
            match state {
                Some("Z") | Some("X") | None => bail!(
                    "chromedriver exited while starting on port {}; its output:\n{}",
                    self.port,
                    log_tail(log)
                ),
                _ => Ok(()),
            }
        };
        loop {
            child_alive()?;
            let text = fs::read_to_string(log).unwrap_or_default();
            if text.contains("started successfully") {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "chromedriver did not start listening on port {} within {DRIVER_START_TIMEOUT:?}; \
                     its output:\n{}",
                    self.port,
                    log_tail(log)
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Kill the group now rather than leaving it to the watchdog, so that
        // Chromium is gone before its profile directory is removed.
        if let Some(group) = rustix::process::Pid::from_raw(self.pid as i32) {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        drop(self.watchdog.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 that was free a moment ago. Another process may take
/// it before chromedriver does; the caller then tries again.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(20);
    lines[start..].join("\n")
}
