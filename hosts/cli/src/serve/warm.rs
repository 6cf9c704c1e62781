//! Instances kept warm between a hall's requests. A fresh instance per request was most of what
//! held the service below its throughput bar (BENCHMARKS.md, "hall serve"), so an instance is
//! kept after a call that finished and reused by the next request of the same portal (the same
//! token; every request when the service takes none). One portal's request never runs in an
//! instance that held another portal's case. An instance that trapped is never kept, nor one a
//! large case grew.

use std::sync::{Mutex, PoisonError};

use crate::component_host::{ComponentHost, HostError, Session};

/// Linear memory above which an instance is let go rather than kept: the evaluator and an
/// ordinary case fit well within it.
pub const KEEP_BELOW_BYTES: usize = 32 << 20;

/// A hall's idle instances, each with the portal whose requests it served.
pub struct WarmInstances {
    idle: Mutex<Vec<(Option<String>, Session)>>,
    keep_below_bytes: usize,
}

impl Default for WarmInstances {
    fn default() -> WarmInstances {
        WarmInstances::keeping_below(KEEP_BELOW_BYTES)
    }
}

impl WarmInstances {
    /// Keeps instances whose memory stayed below `bytes`.
    pub fn keeping_below(bytes: usize) -> WarmInstances {
        WarmInstances {
            idle: Mutex::default(),
            keep_below_bytes: bytes,
        }
    }

    /// An instance that served `portal` before, or a fresh one. On a miss an idle instance of
    /// another portal is let go first, so that idle and running instances together never
    /// outnumber the service's workers, and never exceed the pool's slots.
    pub fn take(&self, host: &ComponentHost, portal: Option<&str>) -> Result<Session, HostError> {
        let other = {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(at) = idle.iter().rposition(|(owner, _)| owner.as_deref() == portal) {
                return Ok(idle.swap_remove(at).1);
            }
            (!idle.is_empty()).then(|| idle.remove(0))
        };
        drop(other);
        host.session()
    }

    /// Keeps an instance whose calls all finished, for `portal`'s next request.
    pub fn give_back(&self, portal: Option<String>, session: Session) {
        if session.memory_bytes() < self.keep_below_bytes {
            self.idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((portal, session));
        }
    }

    /// How many instances wait idle.
    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;
    use crate::component_host::Limits;

    const CASE: &str =
        r#"{"kind":"咨询","subject":"c","as_of":"2026-06-01T10:00:00+08:00","facts":{"渠道":"来访"},"events":[]}"#;

    fn host() -> ComponentHost {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policy/baicheng-004.hall");
        let policy = hallpolicy_compiler::compile(&std::fs::read_to_string(path).unwrap()).unwrap();
        let bytes = crate::build_component::cached_component_bytes(&policy).unwrap();
        ComponentHost::new(&bytes, Limits::default()).unwrap()
    }

    fn served(warm: &WarmInstances, host: &ComponentHost, portal: Option<&str>) -> u64 {
        let mut session = warm.take(host, portal).unwrap();
        let calls_before = session.calls();
        session
            .evaluate_json_bytes_in(CASE.as_bytes(), None, Some("zh"))
            .unwrap()
            .unwrap();
        warm.give_back(portal.map(str::to_string), session);
        calls_before
    }

    #[test]
    fn a_portal_gets_back_its_own_instance_and_never_another_portals() {
        let host = host();
        let warm = WarmInstances::default();
        assert_eq!(served(&warm, &host, Some("甲")), 0, "the first request makes one");
        assert_eq!(served(&warm, &host, Some("甲")), 1, "the same portal's next reuses it");
        assert_eq!(warm.idle(), 1);
        assert_eq!(served(&warm, &host, Some("乙")), 0, "another portal gets a fresh one");
        assert_eq!(
            warm.idle(),
            1,
            "甲's was let go, so idle and running never pass the workers"
        );
        assert_eq!(served(&warm, &host, Some("甲")), 0);
        assert_eq!(
            served(&warm, &host, None),
            0,
            "a request without a token is a portal of its own"
        );
    }

    #[test]
    fn an_instance_grown_past_the_threshold_is_not_kept() {
        let host = host();
        let small = WarmInstances::keeping_below(1);
        served(&small, &host, None);
        assert_eq!(small.idle(), 0, "every instance holds more than a byte");
        assert_eq!(served(&small, &host, None), 0);
    }
}
