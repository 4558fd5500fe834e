"""Prometheus metrics for `/metrics`."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "jht_http_requests_total",
    "HTTP requests by route template, method and status",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "jht_http_request_seconds",
    "HTTP request latency by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
JOBS_DONE = Counter(
    "jht_jobs_total", "Jobs run by kind and outcome", ["kind", "outcome"], registry=REGISTRY
)
JOBS_DUE = Gauge("jht_jobs_due", "Jobs due and not yet run at the last sweep", registry=REGISTRY)
WECHAT_CALLS = Counter(
    "jht_wechat_calls_total",
    "Calls to WeChat by API and result",
    ["api", "result"],
    registry=REGISTRY,
)

# -- operations (docs/operations.md): the queues, read from the database at scrape time ------
# The api replicas serve /metrics and workers serve none, so a gauge kept by a worker's sweep
# would be invisible; the /metrics handler reads these with a few bounded, indexed queries
# (jinghutong.ops.queues) just before it renders.
JOBS_PENDING = Gauge(
    "jht_jobs_pending",
    "Jobs whose due time has come and that no worker has finished yet, by kind "
    "(capped at jinghutong.ops.queues.COUNT_CAP; future-scheduled jobs are not counted)",
    ["kind"],
    registry=REGISTRY,
)
JOBS_OLDEST_PENDING = Gauge(
    "jht_jobs_oldest_pending_seconds",
    "Seconds the oldest due, unfinished job has waited past its due time (0: none waiting)",
    registry=REGISTRY,
)
DELIVERIES_PENDING = Gauge(
    "jht_deliveries_pending",
    "Bulletin deliveries pending and due (capped at jinghutong.ops.queues.COUNT_CAP)",
    registry=REGISTRY,
)
DELIVERIES_OLDEST_PENDING = Gauge(
    "jht_deliveries_oldest_pending_seconds",
    "Seconds the oldest due, pending bulletin delivery has waited past its due time",
    registry=REGISTRY,
)
DELIVERIES = Counter(
    "jht_deliveries_total",
    "Bulletin delivery outcomes recorded by this process, by channel and status "
    "(sent, refused, retry, failed, no_quota, waiting_for_quota, feed_only)",
    ["channel", "status"],
    registry=REGISTRY,
)
WECHAT_QUOTA_LEFT = Gauge(
    "jht_wechat_quota_left",
    "Subscribe messages the day's budget still allows (wechat.daily_quota less what every "
    "worker spent today, the station's day), by the priority that may still spend it",
    ["priority"],
    registry=REGISTRY,
)
