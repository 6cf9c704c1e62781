//! What `/metrics` reports, in Prometheus text format: requests by hall and status, latency,
//! cases refused, cases that ran long and instances in use.

use std::sync::atomic::AtomicI64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    hall: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HallLabels {
    hall: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RefusalLabels {
    hall: String,
    reason: String,
}

/// The service's counters, shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<HallLabels, Histogram>,
    refused: Family<RefusalLabels, Counter>,
    instances: Gauge<i64, AtomicI64>,
    ran_long: Family<HallLabels, Counter>,
}

/// Latency buckets from 100 µs to about 3 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("hall");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<HallLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> Histogram);
        let refused = Family::<RefusalLabels, Counter>::default();
        let instances = Gauge::<i64, AtomicI64>::default();
        let ran_long = Family::<HallLabels, Counter>::default();
        registry.register(
            "requests",
            "Evaluation requests by hall and HTTP status",
            requests.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time from a request's case read to its answer",
            latency.clone(),
        );
        registry.register("cases_refused", "Cases refused, by reason code", refused.clone());
        registry.register(
            "instances_in_use",
            "Component instances evaluating now",
            instances.clone(),
        );
        registry.register(
            "cases_ran_long",
            "Cases that ran past the time a case may take on its connection's thread, and were evaluated again on a blocking thread",
            ran_long.clone(),
        );
        Metrics {
            registry,
            requests,
            latency: latency.clone(),
            refused,
            instances,
            ran_long,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, hall: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                hall: hall.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&HallLabels { hall: hall.to_string() })
            .observe(seconds);
    }

    /// Counts one refused case (a batch counts each refused line).
    pub fn refused(&self, hall: &str, reason: &str) {
        self.refused
            .get_or_create(&RefusalLabels {
                hall: hall.to_string(),
                reason: reason.to_string(),
            })
            .inc();
    }

    /// Marks an instance taken (`1`) or given back (`-1`).
    pub fn instances(&self, change: i64) {
        self.instances.inc_by(change);
    }

    /// Counts a case moved off its connection's thread.
    pub fn ran_long(&self, hall: &str) {
        self.ran_long
            .get_or_create(&HallLabels { hall: hall.to_string() })
            .inc();
    }

    /// The text exposition format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}
