"""Prometheus metrics (``prometheus_client``): requests and latencies per route, index sizes,
model and taxonomy versions, served at ``/metrics``.

Each app gets its own registry (several apps in one test process must not share counters).
Routes are labelled by their template (``/v1/profiles/{profile_id}``), never by a concrete path,
so no record id ends up in a metric.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "skillmatch_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "skillmatch_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.index_size = Gauge(
            "skillmatch_index_records", "Records in a pool index", ["pool"], registry=self.registry
        )
        self.model = Info(
            "skillmatch_model", "Embedding model and taxonomy", registry=self.registry
        )

    def install(self, app: FastAPI, refresh: Callable[[ServiceMetrics], None]) -> None:
        app.add_middleware(_CountRequests, metrics=self)

        @app.get("/metrics", include_in_schema=False)
        def metrics() -> Response:
            refresh(self)
            return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class _CountRequests:
    """Counts and times each HTTP request by method, route template and status (plain ASGI: a
    ``BaseHTTPMiddleware`` costs a task and a response copy per request)."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def remember_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            template = getattr(scope.get("route"), "path", "(unmatched)")
            method = scope["method"]
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - start)
