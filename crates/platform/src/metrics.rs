//! Operational metrics in the Prometheus (OpenMetrics) text format: HTTP requests and
//! their latency per route, jobs per kind and outcome. Areas record; `/metrics` reads.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    kind: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: String,
}

/// How a job run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    Retried,
    GaveUp,
}

impl JobOutcome {
    fn label(self) -> &'static str {
        match self {
            JobOutcome::Done => "done",
            JobOutcome::Retried => "retried",
            JobOutcome::GaveUp => "gave_up",
        }
    }
}

type LatencyFamily<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The process's metrics registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: LatencyFamily<RouteLabels>,
    jobs: Family<JobLabels, Counter>,
    job_seconds: LatencyFamily<KindLabels>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("soporte");
        let requests = Family::<RequestLabels, Counter>::default();
        let request_seconds: LatencyFamily<RouteLabels> =
            Family::new_with_constructor(latency_histogram);
        let jobs = Family::<JobLabels, Counter>::default();
        let job_seconds: LatencyFamily<KindLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            request_seconds.clone(),
        );
        registry.register("jobs", "Background job runs by outcome", jobs.clone());
        registry.register(
            "job_duration_seconds",
            "Time to run a background job",
            job_seconds.clone(),
        );
        Metrics {
            registry,
            requests,
            request_seconds,
            jobs,
            job_seconds,
        }
    }
}

impl Metrics {
    /// Records one answered request. `route` is the route pattern (`/static/{file}`),
    /// never the raw path, so the number of series stays bounded.
    pub fn record_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    pub fn record_job(&self, kind: &str, outcome: JobOutcome, elapsed: Duration) {
        self.jobs
            .get_or_create(&JobLabels {
                kind: kind.to_owned(),
                outcome: outcome.label(),
            })
            .inc();
        self.job_seconds
            .get_or_create(&KindLabels {
                kind: kind.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The whole registry in the OpenMetrics text format.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_values_appear_in_the_text() -> Result<(), std::fmt::Error> {
        let metrics = Metrics::default();
        metrics.record_request("GET", "/", 200, Duration::from_millis(3));
        metrics.record_job("mail.send", JobOutcome::Retried, Duration::from_millis(40));
        let text = metrics.render()?;
        assert!(
            text.contains(r#"soporte_http_requests_total{method="GET",route="/",status="200"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"soporte_jobs_total{kind="mail.send",outcome="retried"} 1"#),
            "{text}"
        );
        assert!(
            text.contains("soporte_http_request_duration_seconds_bucket"),
            "{text}"
        );
        assert!(text.trim_end().ends_with("# EOF"));
        Ok(())
    }
}
