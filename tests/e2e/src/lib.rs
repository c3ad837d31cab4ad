//! A harness for driving the real desktop app: starts a private Xvfb display and tauri-driver (which starts
//! WebKitWebDriver), opens WebDriver sessions that launch the built `knowledge-cafe` binary on a given database,
//! and offers the few waiting helpers the tests need. Everything it starts it stops again — tauri-driver with
//! SIGTERM, so that it takes WebKitWebDriver down with it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// Held by each test while it runs the app: one app at a time on this 2-core machine.
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long a test waits for something to appear.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The built desktop app: `$CAFE_APP_BINARY`, else `knowledge-cafe` next to the test's own target folder.
pub fn app_binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CAFE_APP_BINARY") {
        return Ok(PathBuf::from(p));
    }
    // target/debug/deps/desktop-… → target/debug/knowledge-cafe
    let exe = std::env::current_exe()?;
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .context("unexpected test binary location")?;
    let bin = dir.join("knowledge-cafe");
    if !bin.exists() {
        bail!(
            "{} is missing: build the app first (make test does: cargo build -p knowledge-cafe)",
            bin.display()
        );
    }
    Ok(bin)
}

fn tauri_driver() -> Result<PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("tauri-driver"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver")));
    for c in candidates {
        if c.is_file() {
            return Ok(c);
        }
    }
    bail!(
        "tauri-driver is not installed: run `cargo install tauri-driver --locked` (make test does)"
    )
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Some(status) = child.try_wait()? {
            bail!("{what} exited early with {status}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("{what} did not listen on port {port} within {TIMEOUT:?}")
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether X display `number` may be taken: no X server holds its lock. A lock left by a server that is gone (one
/// killed before it could clean up) is removed, with its socket, which would otherwise look like a started server.
fn display_is_free(number: u32) -> bool {
    let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    if lock.exists() {
        let alive = std::fs::read_to_string(&lock).is_ok_and(|text| {
            text.trim()
                .parse::<u32>()
                .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists())
        });
        if alive || std::fs::remove_file(&lock).is_err() {
            return false;
        }
    }
    // No server holds the display: a socket left there is stale.
    let _ = std::fs::remove_file(&socket);
    true
}

/// A private X display and a tauri-driver on it, with the app's database chosen by `KNOWLEDGE_CAFE_DB`.
pub struct Desktop {
    xvfb: Child,
    driver: Child,
    port: u16,
    app: PathBuf,
    pub display: String,
}

impl Desktop {
    /// Starts Xvfb (1920×1080) and tauri-driver; every app started through this desktop uses `database`, and
    /// keeps its web storage (theme choice, …) under `home` rather than the user's own folders.
    pub fn start(database: &Path, home: &Path) -> Result<Desktop> {
        let app = app_binary()?;
        let driver_bin = tauri_driver()?;
        let number = (100..400)
            .map(|n| n + std::process::id() % 300)
            .find(|&n| display_is_free(n))
            .context("no free X display number")?;
        let display = format!(":{number}");
        let mut xvfb = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1920x1080x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Xvfb (apt-get install xvfb)")?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let deadline = Instant::now() + TIMEOUT;
        while !socket.exists() {
            if Instant::now() > deadline || xvfb.try_wait()?.is_some() {
                terminate(&mut xvfb);
                bail!("Xvfb did not start on {display}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let port = free_port()?;
        let native = free_port()?;
        let mut driver = Command::new(driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("KNOWLEDGE_CAFE_DB", database)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start tauri-driver")?;
        if let Err(e) = wait_for_port(port, &mut driver, "tauri-driver") {
            terminate(&mut driver);
            terminate(&mut xvfb);
            return Err(e);
        }
        Ok(Desktop {
            xvfb,
            driver,
            port,
            app,
            display,
        })
    }

    /// Starts the app in a new WebDriver session.
    pub async fn launch(&self) -> Result<App> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": self.app }),
        );
        let client = ClientBuilder::rustls()?
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("cannot start a WebDriver session with the app")?;
        let app = App { client };
        app.wait_for("nav-cafes").await?;
        Ok(app)
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        // SIGTERM, so that Xvfb removes its lock and socket (a killed one leaves them behind).
        terminate(&mut self.xvfb);
    }
}

/// A running app in a WebDriver session.
pub struct App {
    pub client: Client,
}

fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl App {
    /// Waits until an element with `data-testid` = `id` is displayed, and returns it.
    pub async fn wait_for(&self, id: &str) -> Result<Element> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(e) = self.client.find(Locator::Css(&testid(id))).await
                && e.is_displayed().await.unwrap_or(false)
            {
                return Ok(e);
            }
            if Instant::now() > deadline {
                bail!("nothing with data-testid \"{id}\" appeared within {TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element `id` shows a text containing `needle`.
    pub async fn wait_for_text(&self, id: &str, needle: &str) -> Result<String> {
        let deadline = Instant::now() + TIMEOUT;
        let mut last = String::new();
        loop {
            if let Ok(e) = self.client.find(Locator::Css(&testid(id))).await {
                last = e.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return Ok(last);
                }
            }
            if Instant::now() > deadline {
                bail!("\"{id}\" never showed \"{needle}\"; last text: {last:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// All elements with `data-testid` = `id`.
    pub async fn all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&testid(id))).await?)
    }

    /// Waits until there are exactly `n` elements `id`.
    pub async fn wait_for_count(&self, id: &str, n: usize) -> Result<Vec<Element>> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let found = self.all(id).await?;
            if found.len() == n {
                return Ok(found);
            }
            if Instant::now() > deadline {
                bail!("expected {n} \"{id}\", found {}", found.len());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text content of every element `id` (also of parts scrolled out of view or cut off with an ellipsis,
    /// which WebDriver's visible text leaves out).
    pub async fn texts(&self, id: &str) -> Result<Vec<String>> {
        let v = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.replace(/\\s+/g, ' ').trim());",
                vec![serde_json::Value::String(testid(id))],
            )
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Clicks the element `id` once it is displayed and can take the click (a dialog may still be opening).
    pub async fn click(&self, id: &str) -> Result<()> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let result = match self.wait_for(id).await {
                Ok(e) => e.click().await.map_err(anyhow::Error::from),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() > deadline => {
                    return Err(e.context(format!("clicking {id}")));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// Clicks the element matching `css`, finding it again when the page re-rendered it in between (a stale
    /// element) or something still covered it.
    pub async fn click_css(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let result = match self.client.find(Locator::Css(css)).await {
                Ok(e) => e.click().await.map_err(anyhow::Error::from),
                Err(e) => Err(e.into()),
            };
            match result {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() > deadline => {
                    return Err(e.context(format!("clicking {css}")));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// Sets an input's or textarea's value as typing would, and tells the page (an `input` event).
    pub async fn fill(&self, id: &str, value: &str) -> Result<()> {
        let e = self.wait_for(id).await?;
        self.client
            .execute(
                "const el = arguments[0]; el.focus(); el.value = arguments[1];
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![
                    serde_json::to_value(&e)?,
                    serde_json::Value::String(value.to_owned()),
                ],
            )
            .await?;
        Ok(())
    }

    /// Types into an element through WebDriver's keyboard.
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let e = self.wait_for(id).await?;
        e.clear().await?;
        e.send_keys(text).await?;
        Ok(())
    }

    /// Presses Enter in the element `id` (through the keyboard, as a person would).
    pub async fn press_enter_in(&self, id: &str) -> Result<()> {
        self.wait_for(id).await?.send_keys("\u{E007}").await?;
        Ok(())
    }

    /// Saves a screenshot of the window as a PNG under `tests/e2e/artifacts/`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Messages the page wrote to its console at level error (WebKit keeps none for WebDriver, so the UI records
    /// them in `window.__cafeErrors`).
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        let v = self
            .client
            .execute("return (window.__cafeErrors || []).map(String);", vec![])
            .await?;
        Ok(serde_json::from_value(v).unwrap_or_default())
    }

    /// The value of `<html data-…>` attribute `name` (e.g. `theme`).
    pub async fn root_data(&self, name: &str) -> Result<String> {
        let v = self
            .client
            .execute(
                "return document.documentElement.dataset[arguments[0]] || '';",
                vec![name.into()],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Presses and releases one key on the keyboard (through WebDriver actions, as a person would type it).
    pub async fn press(&self, key: char) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Ends the session, which closes the app.
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

impl App {
    /// Runs `script` (a function body that gets `arguments`) until it returns something other than null, false, 0
    /// or "", and returns that; `what` names the awaited state in the error.
    pub async fn wait_until(
        &self,
        what: &str,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        use serde_json::Value;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self.client.execute(script, args.clone()).await?;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return Ok(v);
            }
            if Instant::now() > deadline {
                bail!("{what}: not so within {TIMEOUT:?} (last answer {v})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` once and returns what it returns.
    pub async fn eval(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        Ok(self.client.execute(script, args).await?)
    }
}

/// The seconds of the first countdown ("mm:ss" or "h:mm:ss") in `text`, e.g. 1259 for "Round 1 20:59".
pub fn countdown_seconds(text: &str) -> Option<u64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .filter(|w| w.contains(':'))
        .find_map(|w| {
            let parts: Vec<u64> = w
                .split(':')
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            match parts.as_slice() {
                [m, s] => Some(m * 60 + s),
                [h, m, s] => Some(h * 3600 + m * 60 + s),
                _ => None,
            }
        })
}

/// The built `cafe` command-line binary, next to the desktop app.
pub fn cli_binary() -> Result<PathBuf> {
    let app = app_binary()?;
    let bin = app.with_file_name("cafe");
    if !bin.exists() {
        bail!(
            "{} is missing: build it first (make test does: cargo build -p cafe-cli)",
            bin.display()
        );
    }
    Ok(bin)
}

/// Headless Chromium through ChromeDriver, for the phone page (a phone-sized window, a fresh profile).
pub struct Browser {
    driver: Child,
    port: u16,
    profile: PathBuf,
}

impl Browser {
    /// Starts ChromeDriver; `profile` is an empty folder for Chromium's user data.
    pub fn start(profile: &Path) -> Result<Browser> {
        let port = free_port()?;
        let mut driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver (apt-get install chromium-driver)")?;
        wait_for_port(port, &mut driver, "chromedriver")?;
        Ok(Browser {
            driver,
            port,
            profile: profile.to_owned(),
        })
    }

    /// Opens `url` in a new headless Chromium of `width`×`height` CSS pixels, in English.
    pub async fn open(&self, url: &str, width: u32, height: u32) -> Result<App> {
        self.open_in(url, width, height, "en-US").await
    }

    /// [`Browser::open`] in a browser whose language is `language` (`de-DE`, `fr`).
    pub async fn open_in(&self, url: &str, width: u32, height: u32, language: &str) -> Result<App> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", self.profile.display()),
                    format!("--window-size={width},{height}"),
                    format!("--lang={language}"),
                    format!("--accept-lang={language}"),
                ],
                "prefs": {"intl.accept_languages": language}
            }),
        );
        let client = ClientBuilder::rustls()?
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("cannot start a WebDriver session with Chromium")?;
        client.goto(url).await?;
        Ok(App { client })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        terminate(&mut self.driver);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_is_free_unless_a_live_server_holds_its_lock() {
        let number = 9000 + std::process::id() % 500;
        let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let _ = std::fs::remove_file(&lock);
        assert!(display_is_free(number));
        // A lock of a live process (this test's) holds the display.
        std::fs::write(&lock, format!("{:>10}\n", std::process::id())).unwrap();
        assert!(!display_is_free(number));
        assert!(lock.exists());
        // A lock left by a server that is gone is taken over, with its stale socket.
        std::fs::write(&lock, format!("{:>10}\n", u32::MAX - 1)).unwrap();
        if Path::new("/tmp/.X11-unix").is_dir() {
            std::fs::write(&socket, "").unwrap();
        }
        assert!(display_is_free(number));
        assert!(!lock.exists());
        assert!(!socket.exists());
    }
}
