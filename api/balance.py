"""Spread keep-alive connections over the service processes by their load.

With ``--workers N`` every process accepts from one shared listening socket, and whichever
process's event loop wakes first takes every connection waiting (asyncio accepts in a loop). A
client that opens its connections at once, or keeps them open, may so land most of them on one
process: with 8 connections on 2 processes we saw 6/2 and 8/0, one process queueing while the
other idles. :class:`ShedConnectionsWhenBusy` ends a connection (``Connection: close`` on the
response, which HTTP/1.1 clients follow by reconnecting) when its process has more requests in
flight than ``limit``. The reconnection is accepted by an idle process first: a busy process's
event loop waits for the interpreter lock its request threads hold.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ShedConnectionsWhenBusy:
    """Plain ASGI middleware: ``Connection: close`` while more than ``limit`` requests of this
    process are in flight (counting the one answered)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def maybe_close(message: Message) -> None:
            if message["type"] == "http.response.start" and self.in_flight > self.limit:
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        self.in_flight += 1  # one event loop per process: no lock needed
        try:
            await self.app(scope, receive, maybe_close)
        finally:
            self.in_flight -= 1
