//! `cafe serve`: the LAN server for hosts' phones without the desktop app, and `cafe bench lan`: many simulated
//! phones posting notes at once over loopback, counting what was lost or saved twice and how long writes took.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use cafe_api::dto::{AddTable, ById, NoParams, TableInput};
use cafe_api::{Api, Store};
use tokio::sync::watch;
use uuid::Uuid;

/// Serves café `id` on `bind` until Ctrl-C or SIGTERM, after printing each table's join link.
pub fn serve(api: Api, id: &str, bind: Option<SocketAddr>) -> Result<()> {
    let cafe_id =
        Uuid::parse_str(id.trim()).map_err(|_| anyhow::anyhow!("\"{id}\" is not a café id"))?;
    api.get_cafe(ById { id: id.to_owned() })
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let bind = bind.unwrap_or_else(|| {
        let ip = cafe_server::lan_addresses()
            .first()
            .copied()
            .unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
        SocketAddr::new(ip, cafe_api::lan::DEFAULT_PORT)
    });
    let listener = cafe_server::bind(bind).map_err(|e| anyhow::anyhow!(e.message))?;
    let addr = listener.local_addr()?;
    // Phones need an address they can reach: a wildcard bind gets the computer's LAN address in the links.
    let shown = if addr.ip().is_unspecified() {
        let ip = cafe_server::lan_addresses()
            .first()
            .copied()
            .unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
        SocketAddr::new(ip, addr.port())
    } else {
        addr
    };
    let links = api
        .table_links(cafe_id, &cafe_api::lan::base_url(shown))
        .map_err(|e| anyhow::anyhow!(e.message))?;
    if links.is_empty() {
        bail!("this café has no tables yet — add them first");
    }
    for link in &links {
        println!("{}\t{}", link.name, link.url);
    }
    eprintln!("Serving {} tables on {addr}; Ctrl-C stops.", links.len());
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let changes = cafe_server::changes_of(api.store());
        let (stop, stopped) = watch::channel(false);
        tokio::spawn(async move {
            wait_for_signal().await;
            let _ = stop.send(true);
        });
        cafe_server::serve(api, cafe_id, listener, changes, stopped).await
    })?;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// 60 phones (by default) at 20 tables, each posting a note a second for `seconds`, one in ten sent twice as a
/// retry, while the facilitator's subscription and one table's update stream are open.
pub fn bench(phones: usize, seconds: u64) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path: PathBuf = dir.path().join("bench.sqlite3");
    let store = Arc::new(Store::open(&path)?);
    let api = Api::new(store.clone());
    let cafe = api
        .create_demo_cafe(NoParams {})
        .map_err(|e| anyhow::anyhow!(e.message))?;
    for i in cafe.tables.len()..20 {
        api.add_table(AddTable {
            cafe_id: cafe.id.clone(),
            table: TableInput {
                name: format!("Bench table {}", i + 1),
                capacity: 8,
                topic: None,
                host_id: None,
            },
        })
        .map_err(|e| anyhow::anyhow!(e.message))?;
    }
    let cafe_id = Uuid::parse_str(&cafe.id)?;
    let tokens: Vec<String> = api
        .table_links(cafe_id, "http://x")
        .map_err(|e| anyhow::anyhow!(e.message))?
        .into_iter()
        .filter_map(|l| l.url.split_once('#').map(|(_, t)| t.to_owned()))
        .collect();
    // The facilitator's subscription: what the desktop window hears.
    let heard = Arc::new(AtomicUsize::new(0));
    let heard_by_listener = heard.clone();
    store.subscribe(move |changes| {
        let notes = changes
            .iter()
            .filter(|c| c.entity == cafe_store::Entity::Note)
            .count();
        heard_by_listener.fetch_add(notes, Ordering::Relaxed);
    });
    let listener =
        cafe_server::bind("127.0.0.1:0".parse()?).map_err(|e| anyhow::anyhow!(e.message))?;
    let base = format!("http://{}", listener.local_addr()?);
    let runtime = tokio::runtime::Runtime::new()?;
    let (latencies, sent, retries, stream_events) = runtime.block_on(async {
        let changes = cafe_server::changes_of(&store);
        let (stop, stopped) = watch::channel(false);
        let server = tokio::spawn(cafe_server::serve(
            api.clone(),
            cafe_id,
            listener,
            changes,
            stopped,
        ));
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(phones)
            .build()?;
        // One table's update stream, counting the views it receives.
        let stream_events = Arc::new(AtomicUsize::new(0));
        let counted = stream_events.clone();
        let stream_url = format!("{base}/api/tables/{}/events", tokens[0]);
        let stream_client = client.clone();
        let watcher = tokio::spawn(async move {
            use futures_util::StreamExt;
            if let Ok(response) = stream_client.get(&stream_url).send().await {
                let mut body = response.bytes_stream();
                while let Some(Ok(chunk)) = body.next().await {
                    let text = String::from_utf8_lossy(&chunk).into_owned();
                    counted.fetch_add(text.matches("event: view").count(), Ordering::Relaxed);
                }
            }
        });
        let mut tasks = Vec::new();
        for phone in 0..phones {
            let client = client.clone();
            let url = format!("{base}/api/tables/{}/notes", tokens[phone % tokens.len()]);
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let (mut sent, mut retries) = (0usize, 0usize);
                // Spread the phones over the first second.
                tokio::time::sleep(Duration::from_millis((phone as u64 * 1000) / phones as u64)).await;
                let mut tick = tokio::time::interval(Duration::from_secs(1));
                for n in 0..seconds {
                    tick.tick().await;
                    let client_id = format!("bench-{phone:03}-{n:05}-{}", "x".repeat(8));
                    let body = serde_json::json!({
                        "client_id": client_id,
                        "text": format!("Phone {phone} note {n}: community spaces and opening hours"),
                        "author": null
                    });
                    let copies = if n % 10 == 9 { 2 } else { 1 };
                    for copy in 0..copies {
                        let started = Instant::now();
                        let response = client.post(&url).json(&body).send().await;
                        let ok = matches!(&response, Ok(r) if r.status().is_success());
                        if !ok {
                            eprintln!("phone {phone}: note {n} failed: {response:?}");
                        }
                        latencies.push(started.elapsed());
                        if copy == 0 {
                            sent += 1;
                        } else {
                            retries += 1;
                        }
                    }
                }
                (latencies, sent, retries)
            }));
        }
        let mut latencies = Vec::new();
        let (mut sent, mut retries) = (0, 0);
        for task in tasks {
            let (l, s, r) = task.await?;
            latencies.extend(l);
            sent += s;
            retries += r;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let _ = stop.send(true);
        let _ = server.await;
        watcher.abort();
        anyhow::Ok((latencies, sent, retries, stream_events.load(Ordering::Relaxed)))
    })?;
    let notes = api
        .list_notes(ById { id: cafe.id })
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let unique: HashSet<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    let lost = sent.saturating_sub(unique.len());
    let duplicated = notes.len() - unique.len();
    let mut ms: Vec<f64> = latencies.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let pick = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    println!(
        "{phones} phones × {seconds} s: {sent} notes sent (+{retries} retried copies), {} stored; lost {lost}, duplicated {duplicated}",
        notes.len()
    );
    println!(
        "write latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} requests)",
        pick(0.5),
        pick(0.99),
        ms.last().copied().unwrap_or(0.0),
        ms.len()
    );
    println!(
        "facilitator subscription heard {} note changes; table 1's update stream sent {stream_events} views",
        heard.load(Ordering::Relaxed)
    );
    if let Some(kb) = peak_memory_kb() {
        println!("peak memory {:.1} MB", kb as f64 / 1024.0);
    }
    if lost > 0 || duplicated > 0 {
        bail!("{lost} lost and {duplicated} duplicated notes");
    }
    Ok(())
}

fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
