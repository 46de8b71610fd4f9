"""A loopback TCP proxy between minutebook and a database server, for tests and benchmarks.

It can delay each direction by a fixed time (a server far away over a VPN), count the
round trips, and freeze: keep every connection open and accept what is sent, but pass
nothing on, as a server that has stopped answering does (its kernel still acknowledges
every packet, so no TCP timeout fires).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections.abc import Iterator


class LoopbackProxy:
    """Listens on 127.0.0.1:`port` and forwards to `target`; `delay` seconds each way."""

    def __init__(self, target: tuple[str, int], *, delay: float = 0.0) -> None:
        self.target = target
        self.delay = delay
        self.round_trips = 0
        self._frozen = threading.Event()
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._start(self._accept)

    def url(self, server_url: str) -> str:
        """`server_url` (host and port of the target) pointed at this proxy instead."""
        import sqlalchemy as sa

        url = sa.engine.make_url(server_url)
        return url.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def freeze(self) -> None:
        self._frozen.set()

    def thaw(self) -> None:
        self._frozen.clear()

    def close(self) -> None:
        self._stopped.set()
        self._listener.close()

    def _start(self, target, *args) -> None:  # type: ignore[no-untyped-def]
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for source, sink, counts in ((client, server, True), (server, client, False)):
                self._start(self._pipe, source, sink, counts)

    def _pipe(self, source: socket.socket, sink: socket.socket, counts: bool) -> None:
        with contextlib.suppress(OSError), selectors.DefaultSelector() as selector:
            selector.register(source, selectors.EVENT_READ)
            while not self._stopped.is_set():
                if not selector.select(0.1):
                    continue
                data = source.recv(65536)
                if not data:
                    break
                while self._frozen.is_set() and not self._stopped.is_set():
                    time.sleep(0.05)
                if self.delay:
                    time.sleep(self.delay)
                if counts:
                    self.round_trips += 1
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def proxy_to(server_url: str, *, delay: float = 0.0) -> Iterator[LoopbackProxy]:
    import sqlalchemy as sa

    url = sa.engine.make_url(server_url)
    proxy = LoopbackProxy((url.host or "127.0.0.1", url.port or 5432), delay=delay)
    try:
        yield proxy
    finally:
        proxy.close()
