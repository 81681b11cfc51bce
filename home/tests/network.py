"""Loopback networking for the tests that start real servers (S3, Redis, gunicorn): a free port,
waiting for a server to listen, and a TCP proxy a test can cut, as when the network to a server
fails. No Django here: resilience/ and smoke/ import it before any settings exist.
"""

import contextlib
import socket
import threading
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, seconds=30, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


class TcpProxy:
    """Forwards a loopback port to another; `cut()` is the network failing, `restore()` its return.
    With `answer_limit` (bytes), each connection is dropped once it has carried that much of the
    server's answers: a transfer cut off part-way."""

    def __init__(self, upstream_port, answer_limit=None):
        self.upstream_port = upstream_port
        self.answer_limit = answer_limit
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets = []
        self.listener = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        # shutdown() first: on Linux a bare close() leaves a thread blocked in accept() listening.
        close(self.listener)
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            close(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                close(client)
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for source, target, limited in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pipe, args=(source, target, limited), daemon=True).start()

    def _pipe(self, source, target, limited):
        carried = 0
        try:
            while data := source.recv(65536):
                if limited and self.answer_limit is not None:
                    data = data[: self.answer_limit - carried]
                target.sendall(data)
                carried += len(data)
                if limited and self.answer_limit is not None and carried >= self.answer_limit:
                    break
        except OSError:
            pass
        finally:
            close(source)
            close(target)


def close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
