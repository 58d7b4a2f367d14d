"""``ncen serve``: the mutual-TLS server of an office or of a headquarters relay.

Threads, not asyncio: every step of a connection (TLS, spooling with fsync, importing into
the database through peewee) is blocking code, and a connection per thread keeps each one
a plain sequential conversation. The number of threads is bounded by
:attr:`~.limits.NetworkLimits.max_connections`.

A connection goes: TLS 1.3 handshake with a required client certificate (see
:mod:`.trust`), the certificate's pin names the peer office, the per-office limit is
checked, the server says ``HELLO``, the client's ``HELLO`` must choose a version the server
speaks and name the office its certificate belongs to, ``READY``, then requests handled by
the :class:`Handler` (an office receiving packages, or a relay mailbox) until ``BYE``.
Every refusal is an ``ERROR`` frame with a code, then the connection is closed.

:meth:`NetworkServer.reload_keyring` installs a new keyring without a restart: new
connections use a context trusting only the new set of offices, and open connections of
offices no longer trusted (revoked, or their certificate rotated) are cut at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from ncen_core.errors import NcenError
from ncen_core.timeutil import utcnow

from ..keyring import Keyring, KeyringOffice, KeyringStatus
from ..keys import OfficeKeys
from .frames import (
    PROTOCOL,
    VERSIONS,
    FrameType,
    PeerClosed,
    ProtocolError,
    expect,
    read_frame,
    send_error,
    send_json,
)
from .limits import DEFAULT_NETWORK_LIMITS, NetworkLimits
from .replies import Replies
from .timed_socket import TimedSocket
from .trust import certificate_pin, server_context, trusted_offices

log = logging.getLogger("ncen.network")
FLUSH_THREADS = 32
"""Flushes to disk that may run at once: the filesystem commits concurrent flushes
together, so the more run at once the fewer commits (threads waiting on the disk cost no
processor)."""
_ACCEPT_POLL = 0.2
"""Seconds between checks for :meth:`NetworkServer.close` while waiting for connections."""


@dataclass
class Conversation:
    """One authenticated connection, as a handler sees it.

    Handlers answer through ``replies`` (never by writing to ``sock`` directly while
    answers are held back), so answers keep the order of the requests.
    """

    sock: TimedSocket
    peer: KeyringOffice
    limits: NetworkLimits
    keyring: Keyring
    replies: Replies


class Handler(Protocol):
    """What a server does with the requests of authenticated offices."""

    role: str

    def handle(self, conversation: Conversation, frame_type: FrameType,
               payload: dict) -> None:
        """Answer one request frame (``PUT``, ``PULL``, ``CONFIRM``); may read more frames."""


@dataclass
class ConnectionStatus:
    """An open connection, for the status screens."""

    office: str
    address: str
    since: dt.datetime
    pin: str = field(repr=False, default="")


class NetworkServer:
    """Accepts connections on ``address`` and serves them with ``handler``."""

    def __init__(self, keys: OfficeKeys, keyring: Keyring, handler: Handler, *,
                 address: tuple[str, int] = ("0.0.0.0", 4443),
                 limits: NetworkLimits = DEFAULT_NETWORK_LIMITS):
        self._keys = keys
        self._handler = handler
        self._limits = limits
        self._lock = threading.Lock()
        self._open: dict[ssl.SSLSocket, ConnectionStatus] = {}
        self._slots = threading.BoundedSemaphore(limits.max_connections)
        self._flushes = ThreadPoolExecutor(max_workers=FLUSH_THREADS,
                                           thread_name_prefix="ncen-flush")
        self._stopping = threading.Event()
        self._threads: set[threading.Thread] = set()
        self._install(keyring)
        self._listener = socket.create_server(address, reuse_port=False)
        self._listener.settimeout(_ACCEPT_POLL)
        self._accepting: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        """The address actually bound (the port is chosen by the system when 0 was asked)."""
        host, port = self._listener.getsockname()[:2]
        return host, port

    def start(self) -> None:
        """Accept connections in a background thread."""
        self._accepting = threading.Thread(target=self.serve_forever, name="ncen-accept",
                                           daemon=True)
        self._accepting.start()

    def serve_forever(self) -> None:
        """Accept connections until :meth:`close`."""
        while not self._stopping.is_set():
            try:
                raw, peer_address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._stopping.is_set():
                    return
                raise
            if not self._slots.acquire(blocking=False):
                log.warning("refused %s: %d connections already open", peer_address,
                            self._limits.max_connections)
                raw.close()
                continue
            thread = threading.Thread(target=self._serve_connection, args=(raw, peer_address),
                                      name=f"ncen-conn-{peer_address[1]}", daemon=True)
            with self._lock:
                self._threads.add(thread)
            thread.start()

    def close(self) -> None:
        """Stop accepting, cut every open connection and wait for their threads."""
        self._stopping.set()
        self._listener.close()
        with self._lock:
            open_sockets, threads = list(self._open), list(self._threads)
        for sock in open_sockets:
            _cut(sock)
        for thread in threads:
            thread.join(timeout=10)
        if self._accepting is not None:
            self._accepting.join(timeout=10)
        self._flushes.shutdown(wait=True)

    def reload_keyring(self, keyring: Keyring) -> list[str]:
        """Trust ``keyring`` from now on; returns the offices whose connections were cut."""
        self._install(keyring)
        with self._lock:
            doomed = [(sock, status) for sock, status in self._open.items()
                      if self._trusted.get(status.pin) is None
                      or self._trusted[status.pin].code != status.office]
        for sock, status in doomed:
            log.warning("keyring serial %d: cutting the connection of %s (no longer trusted)",
                        keyring.serial, status.office)
            _cut(sock)
        return [status.office for _, status in doomed]

    def connections(self) -> list[ConnectionStatus]:
        """The open, authenticated connections."""
        with self._lock:
            return list(self._open.values())

    def _install(self, keyring: Keyring) -> None:
        context = server_context(self._keys, keyring)
        with self._lock:
            self._keyring, self._trusted, self._context = keyring, trusted_offices(keyring), context

    def _serve_connection(self, raw: socket.socket, peer_address: tuple) -> None:
        where = f"{peer_address[0]}:{peer_address[1]}"
        try:
            raw.settimeout(self._limits.idle_timeout)
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                context = self._context
            try:
                tls = context.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError) as error:
                log.info("refused %s at the TLS handshake: %s", where, error)
                return
            with tls:
                self._converse(tls, where)
        finally:
            raw.close()
            self._slots.release()
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _converse(self, tls: ssl.SSLSocket, where: str) -> None:
        timed = TimedSocket(tls, self._limits.idle_timeout, self._limits.overall_timeout)
        pin = certificate_pin(tls.getpeercert(binary_form=True) or b"")
        try:
            peer, keyring = self._admit(tls, pin, where)
            try:
                self._hello(timed, peer)
                conversation = Conversation(timed, peer, self._limits, keyring,
                                            Replies(timed, self._flushes))
                self._requests(conversation)
            finally:
                with self._lock:
                    self._open.pop(tls, None)
        except PeerClosed:
            log.info("%s closed the connection", where)
        except ProtocolError as error:
            log.info("refused %s: %s (%s)", where, error, error.code)
            self._refuse(tls, error.code, str(error))
        except (ssl.SSLError, OSError) as error:
            log.info("connection with %s lost: %s", where, error)
        except NcenError as error:
            log.error("request of %s not served: %s", where, error)
            self._refuse(tls, "unavailable", f"this server cannot take it now: {error}")

    def _refuse(self, tls: ssl.SSLSocket, code: str, message: str) -> None:
        """Send the ``ERROR`` frame, within the idle timeout even past the overall one."""
        tls.settimeout(self._limits.idle_timeout)
        send_error(tls, code, message)

    def _admit(self, tls: ssl.SSLSocket, pin: str, where: str) -> tuple[KeyringOffice, Keyring]:
        """The office behind the certificate, within its connection limit."""
        with self._lock:
            if self._keyring.status(utcnow()) is KeyringStatus.EXPIRED:
                raise ProtocolError("keyring-expired", "this server's keyring has expired; "
                                    "it accepts nothing until a newer one is imported")
            peer = self._trusted.get(pin)
            if peer is None:
                raise ProtocolError("not-trusted", "this certificate is not trusted by the "
                                    "current keyring")
            count = sum(1 for status in self._open.values() if status.office == peer.code)
            if count >= self._limits.connections_per_office:
                raise ProtocolError(
                    "too-many-connections",
                    f"office {peer.code} already has {count} connections open (the limit)")
            self._open[tls] = ConnectionStatus(peer.code, where, utcnow(), pin)
            return peer, self._keyring

    def _hello(self, sock: TimedSocket, peer: KeyringOffice) -> None:
        send_json(sock, FrameType.HELLO, {"protocol": PROTOCOL, "versions": list(VERSIONS),
                                          "office": self._keys.office,
                                          "role": self._handler.role})
        hello = expect(read_frame(sock, self._limits.max_frame), FrameType.HELLO).json()
        if hello.get("version") not in VERSIONS:
            raise ProtocolError("version", f"protocol version {hello.get('version')!r} is not "
                                f"spoken here (versions {list(VERSIONS)})")
        if hello.get("office") != peer.code:
            raise ProtocolError("office-mismatch",
                                f"the handshake names office {hello.get('office')!r} but the "
                                f"certificate is that of {peer.code}")
        send_json(sock, FrameType.READY, {"version": VERSIONS[-1],
                                          "max_frame": self._limits.max_frame,
                                          "max_package": self._limits.max_package})

    def _requests(self, conversation: Conversation) -> None:
        while True:
            conversation.replies.before_read()
            frame = read_frame(conversation.sock, self._limits.max_frame)
            if frame.type is FrameType.BYE:
                return
            expect(frame, FrameType.PUT, FrameType.PULL, FrameType.CONFIRM)
            self._handler.handle(conversation, frame.type, frame.json())


def _cut(sock: ssl.SSLSocket) -> None:
    """Shut a connection down under its thread (which is then woken from its read)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass
