//! The request budget of each table's token: a token bucket that holds [`BURST`] requests and refills at
//! [`PER_SECOND`]. A few hosts typing at one table stay far below it; a script hammering the server with a stolen
//! link gets `429 Too Many Requests` with a `Retry-After`. Only valid tokens get a bucket (a wrong token is refused
//! before), so the table of buckets cannot grow without bound. Time is passed in, so the rules are tested without
//! waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Requests a token may make at once.
pub const BURST: f64 = 40.0;
/// Requests a token may make per second over time.
pub const PER_SECOND: f64 = 10.0;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets, one per table.
#[derive(Debug)]
pub struct Limiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<Uuid, Bucket>>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new(BURST, PER_SECOND)
    }
}

impl Limiter {
    pub fn new(burst: f64, per_second: f64) -> Limiter {
        Limiter {
            burst,
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `table`'s budget at `now`, or says how long until one is available.
    pub fn take(&self, table: Uuid, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(table).or_insert(Bucket {
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
    fn says_how_long_to_wait() {
        let limiter = Limiter::new(1.0, 4.0);
        let table = Uuid::now_v7();
        let t0 = Instant::now();
        assert!(limiter.take(table, t0).is_ok());
        let wait = limiter.take(table, t0).unwrap_err();
        assert_eq!(wait, Duration::from_millis(250));
    }
}
