"""Connections leave a process that has more requests in flight than its share."""

from __future__ import annotations

import asyncio

import httpx

from api.balance import ShedConnectionsWhenBusy
from api.settings import Settings
from tests.api.conftest import toy_app


def _app_with_a_slow_path(release: asyncio.Event):
    async def app(scope, receive, send):
        if scope["path"] == "/slow":
            await release.wait()
        headers = [(b"content-type", b"text/plain"), (b"connection", b"keep-alive")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


def test_a_response_closes_its_connection_only_while_the_process_is_over_its_limit():
    async def scenario() -> tuple[list[str], int]:
        release = asyncio.Event()
        shed = ShedConnectionsWhenBusy(_app_with_a_slow_path(release), limit=1)
        transport = httpx.ASGITransport(app=shed)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            alone = await client.get("/fast")
            slow = asyncio.create_task(client.get("/slow"))
            while shed.in_flight < 1:
                await asyncio.sleep(0)
            busy = await client.get("/fast")  # two in flight: over the limit of one
            release.set()
            await slow
            after = await client.get("/fast")
        seen = [r.headers.get_list("connection") for r in (alone, busy, after)]
        return [",".join(values) for values in seen], shed.in_flight

    connection, in_flight = asyncio.run(scenario())
    assert connection == ["keep-alive", "close", "keep-alive"]  # one header, never two
    assert in_flight == 0


def test_only_a_process_among_several_sheds_connections(toy_taxonomy, tmp_path):
    def installed(workers: int) -> bool:
        settings = Settings(
            cache_dir=tmp_path / "cache", data_dir=tmp_path / "data", workers=workers
        )
        app = toy_app(settings, toy_taxonomy)
        return any(m.cls is ShedConnectionsWhenBusy for m in app.user_middleware)

    assert not installed(1)
    assert installed(2)
