"""`ngoreg serve`: uvicorn, with a listening socket of its own for each worker.

uvicorn's several workers share one listening socket, and each worker's event loop accepts every connection
waiting when it wakes: the connections a client opens at once (a browser's six, a load test's sixteen) can
all land on one worker while the others idle. Here each worker binds the port itself with `SO_REUSEPORT`,
and the kernel spreads new connections over the workers evenly.

Each socket is made here, not by uvicorn, for a second reason: uvicorn binds as `socket.socket(family)`,
whose protocol number is 0, and asyncio sets TCP_NODELAY only on sockets that say IPPROTO_TCP — a
response written in two parts would then wait for the client's delayed ACK (about 40 ms on Linux) on every
keep-alive request.

uvicorn's reading of X-Forwarded-For and X-Forwarded-Proto is off: it believes them from any loopback peer,
so a client on the same host could choose its address. The app reads them from the proxies the configuration
names (`ngoreg.web.proxies`)."""

from __future__ import annotations

import signal
import socket
from types import FrameType
from typing import Any

import uvicorn
from uvicorn._subprocess import get_subprocess


def uvicorn_config(app: Any, *, host: str, port: int, workers: int = 1, factory: bool = True) -> uvicorn.Config:
    return uvicorn.Config(app, factory=factory, host=host, port=port, workers=workers, proxy_headers=False)


def serve(app: str, *, host: str, port: int, workers: int = 1, factory: bool = True) -> None:
    cfg = uvicorn_config(app, host=host, port=port, workers=workers, factory=factory)
    if cfg.workers <= 1:
        uvicorn.Server(cfg).run()
        return
    processes = [get_subprocess(cfg, target=uvicorn.Server(cfg).run, sockets=[_listening(host, port)])
                 for _ in range(cfg.workers)]  # fmt: skip

    def stop(_signum: int, _frame: FrameType | None) -> None:
        for p in processes:
            p.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for p in processes:
        p.start()
    for p in processes:
        p.join()


def _listening(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
