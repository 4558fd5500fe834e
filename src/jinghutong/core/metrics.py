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
