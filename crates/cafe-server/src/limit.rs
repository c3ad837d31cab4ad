//! Request budgets as token buckets. Each table's token holds [`BURST`] requests and refills at [`PER_SECOND`]: a
//! few hosts typing at one table stay far below it; a script hammering the server with a stolen link gets
//! `429 Too Many Requests` with a `Retry-After`. Wrong tokens cost their sender's address from a smaller budget
//! ([`FAILED_BURST`], [`FAILED_PER_SECOND`]), checked before the token is even looked up, so guessing floods are
//! cut off cheaply. Buckets exist only for valid tokens and for addresses on the network, so the tables stay
//! small. Time is passed in, so the rules are tested without waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Requests a token may make at once.
pub const BURST: f64 = 40.0;
/// Requests a token may make per second over time.
pub const PER_SECOND: f64 = 10.0;
/// Wrong tokens an address may send at once.
pub const FAILED_BURST: f64 = 20.0;
/// Wrong tokens an address may send per second over time.
pub const FAILED_PER_SECOND: f64 = 0.5;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets, one per key (a table, an address).
#[derive(Debug)]
pub struct Limiter<K = Uuid> {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl Default for Limiter<Uuid> {
    fn default() -> Self {
        Limiter::new(BURST, PER_SECOND)
    }
}

impl<K: std::hash::Hash + Eq + Copy> Limiter<K> {
    pub fn new(burst: f64, per_second: f64) -> Limiter<K> {
        Limiter {
            burst,
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// How long until `key` may make a request again, if its budget is spent at `now` (nothing is taken).
    pub fn spent(&self, key: K, now: Instant) -> Option<Duration> {
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.get(&key)?;
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        let tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        (tokens < 1.0).then(|| Duration::from_secs_f64((1.0 - tokens) / self.per_second))
    }

    /// Takes one request from `key`'s budget at `now`, or says how long until one is available.
    pub fn take(&self, key: K, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / self.per_second,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_refill_rate() {
        let limiter = Limiter::new(3.0, 2.0);
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let t0 = Instant::now();
        let check = |table, at_ms: u64, ok: bool| {
            let r = limiter.take(table, t0 + Duration::from_millis(at_ms));
            assert_eq!(r.is_ok(), ok, "table request at {at_ms} ms: {r:?}");
        };
        check(a, 0, true);
        check(a, 0, true);
        check(a, 0, true);
        check(a, 0, false);
        // Another table has its own budget.
        check(b, 0, true);
        // Half a second refills one request at 2 per second.
        check(a, 500, true);
        check(a, 500, false);
        // A long pause refills to the burst, not beyond.
        for _ in 0..3 {
            check(a, 60_000, true);
        }
        check(a, 60_000, false);
    }

    #[test]
    fn spent_looks_without_taking() {
        let limiter: Limiter<u8> = Limiter::new(2.0, 1.0);
        let t0 = Instant::now();
        assert_eq!(limiter.spent(7, t0), None, "no bucket yet");
        limiter.take(7, t0).unwrap();
        assert_eq!(limiter.spent(7, t0), None);
        limiter.take(7, t0).unwrap();
        assert_eq!(limiter.spent(7, t0), Some(Duration::from_secs(1)));
        assert_eq!(
            limiter.spent(7, t0),
            Some(Duration::from_secs(1)),
            "looking takes nothing"
        );
        assert_eq!(limiter.spent(7, t0 + Duration::from_secs(1)), None);
    }

    #[test]
    fn says_how_long_to_wait() {
        let limiter = Limiter::new(1.0, 4.0);
        let table = Uuid::now_v7();
        let t0 = Instant::now();
        assert!(limiter.take(table, t0).is_ok());
        let wait = limiter.take(table, t0).unwrap_err();
        assert_eq!(wait, Duration::from_millis(250));
    }
}
