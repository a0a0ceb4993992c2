//! The throttle on failed sign-ins per client address: at most 20 in a quarter of an hour, kept
//! in this process's memory in a bounded map (a restart forgets it; each server counts its own).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Failed sign-ins an address may have in one window; an attempt still running counts as one.
pub const MAX_FAILURES: u32 = 20;
/// The window starts at an address's first failure.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Addresses tracked at once; past this the quietest are forgotten first.
pub const MAX_ADDRESSES: usize = 10_000;

/// The throttle of this process, for both sign-in routes.
pub static FAILED_SIGN_INS: LazyLock<Throttle> =
    LazyLock::new(|| Throttle::new(MAX_FAILURES, WINDOW, MAX_ADDRESSES));

#[derive(Clone, Copy, Debug)]
struct Tally {
    /// When the window of `failures` began.
    started: Instant,
    failures: u32,
    in_flight: u32,
}

impl Tally {
    /// Forgets the failures of a window that has passed.
    fn refresh(&mut self, now: Instant, window: Duration) {
        if self.failures > 0 && now.saturating_duration_since(self.started) >= window {
            self.failures = 0;
        }
    }

    fn idle(&self) -> bool {
        self.failures == 0 && self.in_flight == 0
    }
}

#[derive(Debug)]
pub struct Throttle {
    limit: u32,
    window: Duration,
    capacity: usize,
    tallies: Mutex<HashMap<IpAddr, Tally>>,
}

impl Throttle {
    pub fn new(limit: u32, window: Duration, capacity: usize) -> Self {
        Self { limit, window, capacity, tallies: Mutex::new(HashMap::new()) }
    }

    /// Lets a sign-in attempt from `client` go ahead, or `None` when the address is over its
    /// limit. The attempt counts as a failure until it is settled otherwise.
    pub fn admit(&self, client: IpAddr) -> Option<Attempt<'_>> {
        self.admit_at(client, Instant::now())
    }

    fn admit_at(&self, client: IpAddr, now: Instant) -> Option<Attempt<'_>> {
        let key = address_key(client);
        let mut tallies = self.tallies();
        if !tallies.contains_key(&key) && tallies.len() >= self.capacity {
            self.make_room(&mut tallies, now);
            if tallies.len() >= self.capacity {
                return None;
            }
        }
        let tally = tallies.entry(key).or_insert(Tally { started: now, failures: 0, in_flight: 0 });
        tally.refresh(now, self.window);
        if tally.failures + tally.in_flight >= self.limit {
            return None;
        }
        tally.in_flight += 1;
        Some(Attempt { throttle: self, key, settled: false })
    }

    fn settle(&self, key: IpAddr, failed: bool, now: Instant) {
        let mut tallies = self.tallies();
        let Some(tally) = tallies.get_mut(&key) else { return };
        tally.in_flight = tally.in_flight.saturating_sub(1);
        if failed {
            tally.refresh(now, self.window);
            if tally.failures == 0 {
                tally.started = now;
            }
            tally.failures += 1;
        }
        if tally.idle() {
            tallies.remove(&key);
        }
    }

    /// Drops the addresses whose window has passed, then the one with the oldest window.
    fn make_room(&self, tallies: &mut HashMap<IpAddr, Tally>, now: Instant) {
        for tally in tallies.values_mut() {
            tally.refresh(now, self.window);
        }
        tallies.retain(|_, tally| !tally.idle());
        if tallies.len() < self.capacity {
            return;
        }
        let oldest = tallies.iter().filter(|(_, t)| t.in_flight == 0).min_by_key(|(_, t)| t.started);
        if let Some(key) = oldest.map(|(key, _)| *key) {
            tallies.remove(&key);
        }
    }

    fn tallies(&self) -> MutexGuard<'_, HashMap<IpAddr, Tally>> {
        self.tallies.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One admitted sign-in attempt. Dropped without `settle` (the client went away halfway) it
/// counts as a failure.
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    key: IpAddr,
    settled: bool,
}

impl Attempt<'_> {
    /// Ends the attempt; `failed` when it counts against the address (a wrong password, a
    /// locked account, input too long), not for a success or a fault of the server.
    pub fn settle(mut self, failed: bool) {
        self.settled = true;
        self.throttle.settle(self.key, failed, Instant::now());
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.throttle.settle(self.key, true, Instant::now());
        }
    }
}

/// An IPv4 address counts on its own; an IPv6 address by its /64, the block one subscriber
/// usually holds whole.
fn address_key(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn an_address_is_stopped_after_its_failures_and_others_go_on() {
        let throttle = Throttle::new(3, WINDOW, 100);
        for _ in 0..3 {
            throttle.admit(ip("192.0.2.1")).expect("under the limit").settle(true);
        }
        assert!(throttle.admit(ip("192.0.2.1")).is_none());
        assert!(throttle.admit(ip("192.0.2.2")).is_some());
    }

    #[test]
    fn successes_do_not_count_but_attempts_still_running_and_abandoned_do() {
        let throttle = Throttle::new(3, WINDOW, 100);
        for _ in 0..10 {
            throttle.admit(ip("192.0.2.1")).expect("successes do not count").settle(false);
        }
        let running: Vec<_> = (0..3).filter_map(|_| throttle.admit(ip("192.0.2.1"))).collect();
        assert_eq!(running.len(), 3);
        assert!(throttle.admit(ip("192.0.2.1")).is_none(), "three still running fill the limit");
        drop(running);
        assert!(throttle.admit(ip("192.0.2.1")).is_none(), "abandoned attempts count as failures");
    }

    #[test]
    fn the_window_passes() {
        let throttle = Throttle::new(2, WINDOW, 100);
        for _ in 0..2 {
            throttle.admit(ip("192.0.2.1")).expect("under the limit").settle(true);
        }
        let later = Instant::now() + WINDOW + Duration::from_secs(1);
        assert!(throttle.admit_at(ip("192.0.2.1"), Instant::now()).is_none());
        assert!(throttle.admit_at(ip("192.0.2.1"), later).is_some());
    }

    #[test]
    fn ipv6_counts_per_64_block_and_mapped_ipv4_as_ipv4() {
        let throttle = Throttle::new(1, WINDOW, 100);
        throttle.admit(ip("2001:db8:1:2::1")).expect("first").settle(true);
        assert!(throttle.admit(ip("2001:db8:1:2:ffff::9")).is_none(), "same /64");
        assert!(throttle.admit(ip("2001:db8:1:3::1")).is_some(), "another /64");
        throttle.admit(ip("::ffff:192.0.2.7")).expect("first").settle(true);
        assert!(throttle.admit(ip("192.0.2.7")).is_none());
    }

    #[test]
    fn the_map_stays_bounded() {
        let throttle = Throttle::new(5, WINDOW, 10);
        for n in 0..50u8 {
            throttle.admit(IpAddr::from([198, 51, 100, n])).expect("room is made").settle(true);
        }
        assert!(throttle.tallies().len() <= 10);
        let full = Throttle::new(5, WINDOW, 2);
        let _a = full.admit(ip("192.0.2.1")).expect("first");
        let _b = full.admit(ip("192.0.2.2")).expect("second");
        assert!(full.admit(ip("192.0.2.3")).is_none(), "no room while both are running");
    }
}
