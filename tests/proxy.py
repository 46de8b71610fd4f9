"""A loopback TCP proxy between minutebook and a database server, for tests and benchmarks.

It can delay each direction by a fixed time (a server far away over a VPN: latency, so
what is sent close together arrives close together), count the round trips (each time
the client speaks again after the server has answered), and freeze: keep every
connection open and accept what is sent, but pass nothing on, as a server that has
stopped answering does (its kernel still acknowledges every packet, so no TCP timeout
fires).
"""

from __future__ import annotations

import contextlib
import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterator


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

    def _start(self, target: Callable[..., None], *args: object) -> None:
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
            turn = _Turn()
            for source, sink, upstream in ((client, server, True), (server, client, False)):
                sending: queue.Queue[tuple[float, bytes]] = queue.Queue()
                self._start(self._receive, source, sending, turn, upstream)
                self._start(self._send, sink, sending)

    def _receive(
        self,
        source: socket.socket,
        sending: queue.Queue[tuple[float, bytes]],
        turn: _Turn,
        upstream: bool,
    ) -> None:
        """Read what one end sends, stamped with when it may arrive at the other: latency,
        not a bottleneck, so chunks sent close together arrive close together."""
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
                if upstream and turn.answered:
                    self.round_trips += 1  # the client speaks again after an answer
                turn.answered = not upstream
                sending.put((time.monotonic() + self.delay, data))
        sending.put((0.0, b""))

    def _send(self, sink: socket.socket, sending: queue.Queue[tuple[float, bytes]]) -> None:
        with contextlib.suppress(OSError):
            while True:
                due, data = sending.get()
                if not data:
                    break
                time.sleep(max(0.0, due - time.monotonic()))
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)


class _Turn:
    """Whose turn it was last on one connection: a round trip is counted each time the
    client sends after the server has answered (and for its first message)."""

    answered = True


@contextlib.contextmanager
def proxy_to(server_url: str, *, delay: float = 0.0) -> Iterator[LoopbackProxy]:
    import sqlalchemy as sa

    url = sa.engine.make_url(server_url)
    proxy = LoopbackProxy((url.host or "127.0.0.1", url.port or 5432), delay=delay)
    try:
        yield proxy
    finally:
        proxy.close()
