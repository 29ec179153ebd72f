"""The stand-in for a warm kernel's process (course.grading.zygote): stdlib only, run as `python -I -S FILE`, so
that it starts in a few milliseconds.

    python -I -S zygote_shim.py --socket S --scratch DIR --src DIR --home DIR --uid N [--gid N] [limits] -- CMD

jupyter_client starts it where it would start the kernel. It hands the zygote the kernel's command line, its own
environment (the kernel's), the limits, the uid and its stdin, stdout and stderr (SCM_RIGHTS), then waits and
exits with the kernel's exit status. Killed, or when its parent (the grading worker) dies, it goes, the zygote
sees the connection close and kills the kernel's whole namespace.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import socket
import struct
import sys

PR_SET_PDEATHSIG = 1


def send_message(sock: socket.socket, payload: dict, fds: list[int] | None = None) -> None:
    """One length-prefixed JSON message, with file descriptors if given."""
    data = json.dumps(payload).encode()
    frame = struct.pack("!I", len(data)) + data
    if fds:
        sent = socket.send_fds(sock, [frame], fds)
        if sent < len(frame):
            sock.sendall(frame[sent:])
    else:
        sock.sendall(frame)


def receive_message(sock: socket.socket, max_fds: int = 0) -> tuple[dict | None, list[int]]:
    """One framed JSON message (None at the end of the stream) and the file descriptors that came with it."""
    fds: list[int] = []
    buf = b""
    while len(buf) < 4 or len(buf) < 4 + struct.unpack("!I", buf[:4])[0]:
        if max_fds and not fds:
            chunk, got, _flags, _addr = socket.recv_fds(sock, 1 << 16, max_fds)
            fds += got
        else:
            chunk = sock.recv(1 << 16)
        if not chunk:
            for fd in fds:
                os.close(fd)
            return None, []
        buf += chunk
    size = struct.unpack("!I", buf[:4])[0]
    return json.loads(buf[4:4 + size]), fds


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cut = argv.index("--")
    p = argparse.ArgumentParser(prog="zygote_shim")
    p.add_argument("--socket", required=True)
    p.add_argument("--scratch", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--home", required=True)
    p.add_argument("--uid", type=int, required=True)
    p.add_argument("--gid", type=int, default=-1)
    for name in ("memory-mb", "cpu-seconds", "file-mb", "nproc", "home-mb", "tmp-mb", "shm-mb"):
        p.add_argument(f"--{name}", type=int, default=0)
    opts = p.parse_args(argv[:cut])
    _die_with_parent()
    env = {k: v for k, v in os.environ.items() if k != "JPY_PARENT_PID"}
    request = {"argv": argv[cut + 1:], "env": env, "scratch": opts.scratch, "src": opts.src, "home": opts.home,
               "uid": opts.uid, "gid": opts.gid if opts.gid >= 0 else opts.uid,
               "limits": {"memory_mb": opts.memory_mb, "cpu_seconds": opts.cpu_seconds, "file_mb": opts.file_mb,
                          "nproc": opts.nproc},
               "sizes": {"home_mb": opts.home_mb, "tmp_mb": opts.tmp_mb, "shm_mb": opts.shm_mb}}
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(opts.socket)
    except OSError as exc:
        print(f"course sandbox: the warm-kernel zygote is not there ({exc})", file=sys.stderr)
        return 1

    def stop(signum, _frame):  # the zygote sees the connection close and kills the kernel's namespace
        os._exit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    send_message(sock, request, [0, 1, 2])
    while True:
        msg, _ = receive_message(sock)
        if msg is None:
            print("course sandbox: the warm-kernel zygote went away", file=sys.stderr)
            return 1
        if "exit" in msg:
            return int(msg["exit"])


if __name__ == "__main__":
    sys.exit(main())
