"""`ngoreg serve`: uvicorn, with one correction for several workers.

With `--workers` > 1 uvicorn binds the listening socket itself, as `socket.socket(family)`, whose protocol
number is 0; asyncio only sets TCP_NODELAY on connections whose socket says IPPROTO_TCP, so every connection
then keeps Nagle's algorithm. A response written in two parts (headers, then body) waits for the client's
delayed ACK, about 40 ms on Linux, on every keep-alive request. Re-opening the same descriptor lets the
kernel report the protocol, and the workers set TCP_NODELAY as a single-process server does."""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess


def serve(app: str, *, host: str, port: int, workers: int = 1, factory: bool = True) -> None:
    config = uvicorn.Config(app, factory=factory, host=host, port=port, workers=workers)
    if config.workers <= 1:
        uvicorn.Server(config).run()
        return
    bound = config.bind_socket()
    sock = socket.socket(fileno=bound.detach())  # family, type and protocol read from the descriptor
    assert sock.proto == socket.IPPROTO_TCP or sock.family == socket.AF_UNIX
    Multiprocess(config, sockets=[sock]).run()
