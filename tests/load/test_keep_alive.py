"""A kept-alive connection to ``hozen serve`` with two workers is answered at once: the worker's end of
the connection has ``TCP_NODELAY``, so the body of an answer never waits for the client's delayed ACK
of its headers (about 40 ms each, see docs/performance.md). The option is read on the server's own
socket, not inferred from timings."""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from tests.load.conftest import Server

PIDFD_GETFD = 438  # the system call's number on every Linux architecture (Linux 5.6 or newer)


def _server_processes(server: Server) -> list[int]:
    """The server's process and its workers: all in the session of their own that the server starts."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):  # a process that ended meanwhile
            _state, _parent, _group, session = stat.read_text().rpartition(")")[2].split()[:4]
            if int(session) == server.process.pid:
                pids.append(int(stat.parent.name))
    return pids


def _server_end(server: Server, client_address: tuple[str, int]) -> socket.socket:
    """A copy of the server's end of the connection from ``client_address``, taken from the process
    that holds it (``pidfd_getfd``)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for pid in _server_processes(server):
        try:
            links = list(Path(f"/proc/{pid}/fd").iterdir())
            pidfd = os.pidfd_open(pid)
        except OSError:  # the process ended meanwhile
            continue
        try:
            for link in links:
                with contextlib.suppress(OSError):
                    if not os.readlink(link).startswith("socket:"):
                        continue
                    fd = libc.syscall(PIDFD_GETFD, pidfd, int(link.name), 0)
                    if fd < 0:
                        raise AssertionError(f"pidfd_getfd: {os.strerror(ctypes.get_errno())}")
                    copy = socket.socket(fileno=fd)
                    with contextlib.suppress(OSError):  # not connected (the listening socket)
                        if copy.getpeername() == client_address:
                            return copy
                    copy.close()
        finally:
            os.close(pidfd)
    raise AssertionError(f"no server process holds the connection from {client_address}")


def _status(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def test_two_answers_on_one_kept_alive_connection_leave_without_delay(server: Server) -> None:
    address = urlsplit(server.url)
    assert address.hostname is not None and address.port is not None
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        assert _status(connection, "/login") == 200
        first = connection.sock
        assert _status(connection, "/login") == 200
        assert connection.sock is first  # the second answer came on the same connection
        with _server_end(server, connection.sock.getsockname()) as served:
            assert served.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        connection.close()
