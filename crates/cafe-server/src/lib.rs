//! The LAN server for table hosts' phones (LAN mode). It serves exactly two things: the phone page (`/join`, with
//! its script and style sheet) and the phone API under `/api/tables/{token}` — a table's view, its notes, and a
//! stream of updates. Never a facilitator command: what a phone may do is `cafe_api::phone`, reached only through
//! a table's secret join token.
//!
//! The rules of the road, each tested in `tests/server.rs`: a token opens its own table of the café being served,
//! nothing else (401 for a missing, wrong or replaced token, 403 for another table's note); request bodies are at
//! most [`MAX_BODY_BYTES`]; each table's token has a request budget ([`limit`]); a request's headers must arrive
//! within [`HEADER_TIMEOUT`], a body within [`BODY_TIMEOUT`] (read only once the token was checked), and at most
//! [`MAX_CONNECTIONS`] connections are open at once, [`MAX_CONNECTIONS_PER_ADDRESS`] from one address — so a client
//! that opens connections and sends nothing, or a trickle, cannot hold the server; every response carries a strict
//! Content-Security-Policy and no caching; the server stops when LAN mode is switched off or the app closes.
//!
//! The desktop shell runs it through [`PhoneServer`] (cafe-api's `LanSwitch`), the CLI through [`serve`].

mod events;
pub mod limit;
pub mod openapi;
mod routes;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use cafe_api::lan::{LanSwitch, lan_change};
use cafe_api::{Api, ApiError, ErrorCode, Store};
use cafe_store::Change;
use hyper::body::Incoming;
use tokio::sync::{broadcast, watch};
use tower::ServiceExt as _;
use uuid::Uuid;

pub use events::{MAX_STREAMS, MAX_STREAMS_PER_TABLE};
pub use routes::{BODY_TIMEOUT, MAX_BODY_BYTES, router};

/// Committed changes of the store, fanned out to the phones' update streams.
pub type Changes = broadcast::Sender<Arc<[Change]>>;

/// Subscribes to `store` once and returns the sender that update streams listen to.
pub fn changes_of(store: &Store) -> Changes {
    let (sender, _) = broadcast::channel(1024);
    let tx = sender.clone();
    store.subscribe(move |changes| {
        let _ = tx.send(changes.into());
    });
    sender
}

/// This computer's IPv4 addresses that other devices on the network can reach: no loopback, no link-local;
/// private (home, venue) networks first.
pub fn lan_addresses() -> Vec<IpAddr> {
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) if !v4.is_link_local() && !v4.is_unspecified() => Some(IpAddr::V4(v4)),
            _ => None,
        })
        .collect();
    found.sort_by_key(|ip| match ip {
        IpAddr::V4(v4) => (!v4.is_private(), v4.octets()),
        IpAddr::V6(_) => (true, [255; 4]),
    });
    found.dedup();
    found
}

/// Binds `addr`, saying plainly why not (port taken, address not here).
pub fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ApiError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        let message = match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "Port {} is already in use on {} (maybe by another program, or a second Knowledge Café) — choose another port.",
                addr.port(),
                addr.ip()
            ),
            std::io::ErrorKind::AddrNotAvailable => {
                format!("{} is not an address of this computer (any more).", addr.ip())
            }
            std::io::ErrorKind::PermissionDenied => format!(
                "This computer does not allow listening on port {} — choose a port from 1024 on.",
                addr.port()
            ),
            _ => format!("Cannot listen on {addr}: {e}."),
        };
        ApiError {
            field: Some("port".into()),
            ..ApiError::new(ErrorCode::Conflict, message)
        }
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot listen: {e}")))?;
    Ok(listener)
}

/// The most connections the server holds open at once: room for every update stream ([`MAX_STREAMS`]) and the
/// requests of a large café's phones beside them. Past it, new connections wait until one closes.
pub const MAX_CONNECTIONS: usize = 512;
/// The most connections one address may hold at once (a phone's browser opens a handful); more are closed as
/// they come, so no single device can take the server's connections.
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 32;
/// A request's headers must arrive within this long, and an idle kept-alive connection is closed after it: a
/// client that opens connections and sends nothing (or a header line now and then) cannot hold them.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The most a connection buffers of an unfinished request (headers; bodies are limited to [`MAX_BODY_BYTES`]).
const MAX_BUFFER_BYTES: usize = 32 * 1024;
/// After the server is told to stop, open connections get this long to finish; then they are cut.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// The connection limits of [`serve_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once.
    pub connections: usize,
    /// Connections open at once from one address.
    pub per_address: usize,
    /// Time for a request's headers to arrive.
    pub header_timeout: Duration,
    /// Time for a request's body to arrive after its headers ([`routes::BODY_TIMEOUT`]).
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: MAX_CONNECTIONS,
            per_address: MAX_CONNECTIONS_PER_ADDRESS,
            header_timeout: HEADER_TIMEOUT,
            body_timeout: routes::BODY_TIMEOUT,
        }
    }
}

/// Serves `cafe_id`'s phones on `listener` until `stop` turns true; then update streams end and the server
/// returns once open requests are answered (or after [`SHUTDOWN_GRACE`]).
pub async fn serve(
    api: Api,
    cafe_id: Uuid,
    listener: std::net::TcpListener,
    changes: Changes,
    stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    serve_with(api, cafe_id, listener, changes, stop, Limits::default()).await
}

/// Waits until `stop` turns true (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Connections open per address; a [`Slot`] counts one and gives it back when dropped.
#[derive(Debug, Default)]
struct Addresses(Mutex<HashMap<IpAddr, usize>>);

struct Slot {
    addresses: Arc<Addresses>,
    ip: IpAddr,
}

impl Addresses {
    /// A slot for one more connection from `ip`, unless it holds `most` already.
    fn take(self: &Arc<Self>, ip: IpAddr, most: usize) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_default();
        if *n >= most {
            return None;
        }
        *n += 1;
        Some(Slot {
            addresses: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.addresses.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// [`serve`] with other connection limits. Each connection is HTTP/1.1 with a deadline for its headers
/// ([`Limits::header_timeout`]) and for a body once the request's token was checked ([`Limits::body_timeout`]);
/// at most [`Limits::connections`] are open at once, [`Limits::per_address`] from one address.
pub async fn serve_with(
    api: Api,
    cafe_id: Uuid,
    listener: std::net::TcpListener,
    changes: Changes,
    mut stop: watch::Receiver<bool>,
    limits: Limits,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let app = routes::router_with(api, cafe_id, changes, stop.clone(), limits.body_timeout);
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.connections.max(1)));
    let addresses = Arc::new(Addresses::default());
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = stopped(&mut stop) => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // A connection that failed before it was accepted, or no file descriptors left: go on, after a
                // pause in the second case so the loop does not spin.
                Err(e) => {
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
            () = stopped(&mut stop) => break,
        };
        // Over its address's share: closed at once (dropping the stream), the permit given back.
        let Some(slot) = addresses.take(remote.ip(), limits.per_address.max(1)) else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut stop = stop.clone();
        connections.spawn(async move {
            let _held = (permit, slot);
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(remote));
                app.clone().oneshot(request)
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_buf_size(MAX_BUFFER_BYTES);
            let connection =
                builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            let stopping = tokio::select! {
                _ = connection.as_mut() => false,
                () = stopped(&mut stop) => true,
            };
            if stopping {
                // Answer what is in flight (update streams end on the same signal), then close.
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        });
        // Forget connections that have ended.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        // A client that stopped reading (or sending) mid-request does not keep the server up.
        connections.shutdown().await;
    }
    Ok(())
}

struct Running {
    cafe_id: Uuid,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// LAN mode in the desktop app: starts and stops [`serve`] on the app's runtime.
pub struct PhoneServer {
    runtime: tokio::runtime::Handle,
    changes: Changes,
    running: Mutex<Option<Running>>,
}

impl std::fmt::Debug for PhoneServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhoneServer")
            .field("running", &self.running().map(|r| r.1))
            .finish_non_exhaustive()
    }
}

impl PhoneServer {
    /// A switched-off server over `store`, to run on `runtime`.
    pub fn new(store: &Store, runtime: tokio::runtime::Handle) -> PhoneServer {
        PhoneServer {
            runtime,
            changes: changes_of(store),
            running: Mutex::new(None),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Running>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl LanSwitch for PhoneServer {
    fn addresses(&self) -> Vec<IpAddr> {
        lan_addresses()
    }

    fn start(&self, api: Api, cafe_id: Uuid, bind_to: SocketAddr) -> Result<SocketAddr, ApiError> {
        // One start at a time, from stopping the old server to recording the new one: two overlapping starts can
        // never leave a server running that nothing knows of.
        let mut slot = self.lock();
        let was_running = slot.is_some();
        if let Some(old) = slot.take() {
            self.retire(old);
        }
        let mut listener = bind(bind_to);
        // The server just stopped may still hold the port for a moment.
        for _ in 0..40 {
            if !was_running || listener.is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
            listener = bind(bind_to);
        }
        let listener = listener?;
        let addr = listener
            .local_addr()
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot listen: {e}")))?;
        let (stop, stopped) = watch::channel(false);
        let changes = self.changes.clone();
        let store = api.store().clone();
        let task = self.runtime.spawn(async move {
            if let Err(e) = serve(api, cafe_id, listener, changes, stopped).await {
                eprintln!("knowledge-cafe: the LAN server stopped: {e}");
                store.notify(&[lan_change(cafe_id)]);
            }
        });
        *slot = Some(Running {
            cafe_id,
            addr,
            stop,
            task,
        });
        Ok(addr)
    }

    fn stop(&self) {
        let old = self.lock().take();
        if let Some(running) = old {
            self.retire(running);
        }
    }

    fn running(&self) -> Option<(Uuid, SocketAddr)> {
        self.lock()
            .as_ref()
            .filter(|r| !r.task.is_finished())
            .map(|r| (r.cafe_id, r.addr))
    }
}

impl PhoneServer {
    /// Tells a server to stop; open requests get a moment to finish, then it is gone whatever they do.
    fn retire(&self, running: Running) {
        let _ = running.stop.send(true);
        let task = running.task;
        self.runtime.spawn(async move {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        });
    }
}

impl Drop for PhoneServer {
    fn drop(&mut self) {
        if let Some(running) = self.lock().take() {
            let _ = running.stop.send(true);
            running.task.abort();
        }
    }
}
