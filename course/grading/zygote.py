"""Warm, isolated kernels: one sandboxed process that has imported the kernel, pandas and the course forks a
fresh kernel process for every submission, each in namespaces, tmpfs and a uid of its own.

Why: most of a submission's grading time is spent starting Python, ipykernel and pandas inside bubblewrap, not
running the trainee's cells. The zygote pays those imports once per run; a fork then starts a kernel with all
of it already in memory (copy-on-write), so each trainee still gets a fresh process that no other trainee's
code has ever run in.

How (grading as root, `--sandbox bwrap`; anything else keeps cold kernels, see course.grading.warm):

* `Zygote` (the grading process) starts `python -m course.grading.zygote serve` inside bubblewrap with exactly
  the file system a cold kernel gets (course.grading.sandbox.bwrap_command: an empty root, the interpreter,
  virtualenv, course package and data read-only, nothing of the course folders), with the run's scratch folder
  (the "spool", which holds every kernel's scratch folder) bound in. It imports `IMPORTS` and never runs trainee
  code: it only listens on a unix socket in a root-only folder of the spool.
* For each kernel, jupyter_client starts a small stdlib-only "shim" (`... zygote shim ...`) in place of the
  kernel. The shim hands the zygote the kernel's command line, environment, limits, uid and its own stdin,
  stdout and stderr (SCM_RIGHTS), then waits: it exits with the kernel's exit status, and if it is killed (by
  jupyter_client, or because the grading worker died) the zygote kills that kernel's whole process tree.
* The zygote forks; the child unshares new mount, pid, network, IPC, UTS (and cgroup) namespaces, makes every
  mount private, detaches the spool (so only its own scratch folder is left, moved back to its path), mounts
  fresh size-capped tmpfs on home, /tmp and /dev/shm, and forks the namespace's init (pid 1, which mounts a
  fresh /proc, drops to `nobody` and only reaps). Init forks the kernel, which copies the submission into its
  home, takes the environment it was given, drops to the trainee's own uid (no groups), asks to die with init,
  sets the rlimits, reseeds the random generators and runs ipykernel in-process. When the kernel exits, init
  exits with its status, and the kernel's namespace dies with everything a trainee may have left running.

What two trainees share is only what every cold kernel shares too: the read-only interpreter, packages and
data. A trainee's monkeypatches, globals, files in home, /tmp or /dev/shm, background processes, SysV IPC and
abstract sockets die with their namespaces; the zygote's own memory is the state before any trainee ran.
tests/grading/test_warm_kernels.py grades a trainee who tampers with all of these, then another on the same
worker, whose marks must be untouched.
"""

from __future__ import annotations

import argparse
import ctypes
import itertools
import os
import select
import signal
import socket
import subprocess
import sys
import time

from course.grading.zygote_shim import receive_message, send_message

# what a kernel of the course imports before and while it runs a submission's setup cells (the cost to beat)
IMPORTS = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.comm", "ipykernel.debugger",
    "ipykernel.eventloops", "tornado.platform.asyncio", "faulthandler", "jupyter_client.session", "comm",
    "IPython", "IPython.core.interactiveshell", "IPython.core.debugger", "IPython.display", "IPython.extensions",
    "sqlite3", "pdb", "pydoc", "numpy", "pandas", "matplotlib", "matplotlib.pyplot",
    "course", "course.i18n", "course.datasets", "course.checks", "course.hints",
)
NOBODY = 65534
CONTROL = ".zygote"  # root-only folder of the spool with the zygote's socket (never inside a kernel's view)
SOCKET = "zygote.sock"
READY = "ready"

CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS = 0x00020000, 0x02000000, 0x04000000
CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = 0x08000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 8192, 16384, 1 << 18
MNT_DETACH = 2

_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def enc(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    _check(_c().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def _umount(target: str) -> None:
    _c().umount2(target.encode(), MNT_DETACH)  # absent or not a mount point: nothing to hide there


# ------------------------------------------------------------------------------------------- host side
class Zygote:
    """The grading process's handle on one zygote: `start()` (returns at once), `wait_ready()`, `stop()`.

    `spool` is the run's scratch folder (every kernel's scratch folder is created inside it); `hide` the
    folders no kernel may see (checked as for cold kernels); `env` the kernels' environment."""

    def __init__(self, spool: str, hide: list[str], env: dict[str, str], *, shm_mb: int = 64, tmp_mb: int = 256,
                 home_mb: int = 256, imports: tuple[str, ...] = IMPORTS) -> None:
        self.spool = os.path.realpath(spool)
        self.hide = list(hide)
        self.env = dict(env)
        self.sizes = {"shm_mb": shm_mb, "tmp_mb": tmp_mb, "home_mb": home_mb}
        self.imports = imports
        self.control = os.path.join(self.spool, CONTROL)
        self.socket = os.path.join(self.control, SOCKET)
        self.proc: subprocess.Popen | None = None
        self.error = ""
        self._ready = False
        self._shared = False

    def start(self) -> Zygote:
        from course.grading.sandbox import bwrap_command

        os.makedirs(self.control, mode=0o700, exist_ok=True)
        os.chmod(self.control, 0o700)
        seed = os.path.join(self.control, "seed")  # what the zygote's own home starts with: the font cache
        os.makedirs(os.path.join(seed, ".matplotlib"), exist_ok=True)
        from course.grading.sandbox import _copy_font_cache

        _copy_font_cache(os.path.join(seed, ".matplotlib"))
        # kernels' scratch folders are tmpfs mounted after the zygote started: a shared spool carries them in
        self._shared = _make_shared(self.spool)
        cmd = bwrap_command(self.spool, seed, self.hide, **self.sizes)
        home = self.env.get("HOME", "/home/trainee")
        cmd += [sys.executable, "-m", "course.grading.zygote", "serve", "--socket", self.socket,
                "--spool", self.spool, "--seed", "/submission", "--home", home,
                "--imports", ",".join(self.imports)]
        self._log = open(os.path.join(self.control, "zygote.log"), "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(cmd, env=self.env, cwd="/", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._log, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 120) -> bool:
        """True once the zygote has imported everything and listens; False (self.error says why) if it died,
        could not make the namespaces it needs, or took longer than `timeout` seconds."""
        if self._ready or self.proc is None:
            return self._ready
        end = time.monotonic() + timeout
        line = b""
        while time.monotonic() < end:
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0.0, end - time.monotonic()))
            if not ready:
                break
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                break
            line += chunk
            if b"\n" in line:
                break
        text = line.decode(errors="replace").strip()
        if text == READY:
            self._ready = True
            return True
        self.error = text or self._log_tail() or f"no answer within {timeout:.0f} s"
        self.stop()
        return False

    def _log_tail(self) -> str:
        try:
            with open(os.path.join(self.control, "zygote.log"), "rb") as fh:
                lines = fh.read().decode(errors="replace").strip().splitlines()
            return lines[-1][:300] if lines else ""
        except OSError:
            return ""

    @property
    def ready(self) -> bool:
        return self._ready and self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """End the zygote (closing its stdin is enough; it kills any kernel still alive) and unmount the spool."""
        proc, self.proc = self.proc, None
        self._ready = False
        if proc is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        log = getattr(self, "_log", None)
        if log is not None:
            log.close()
            self._log = None
        if self._shared:
            subprocess.run(["umount", "-l", self.spool], capture_output=True)
            self._shared = False


def _make_shared(path: str) -> bool:
    """Make `path` a mount point of its own with shared propagation (root only), so that tmpfs mounted below it
    later (each kernel's capped scratch folder) also appear in the zygote's view of it."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    done = subprocess.run(["mount", "--bind", path, path], capture_output=True)
    if done.returncode != 0:
        return False
    done = subprocess.run(["mount", "--make-shared", path], capture_output=True)
    if done.returncode != 0:
        subprocess.run(["umount", "-l", path], capture_output=True)
        return False
    return True


# ------------------------------------------------------------------------------------------- zygote
def _preload(imports: list[str]) -> None:
    import importlib

    for name in imports:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a missing optional module only makes kernels slower, never different
            print(f"zygote: could not preload {name}: {exc}", file=sys.stderr)


def _status(code: int) -> int:
    if os.WIFEXITED(code):
        return os.WEXITSTATUS(code)
    if os.WIFSIGNALED(code):
        return 128 + os.WTERMSIG(code)
    return 1


def serve(argv: list[str]) -> int:
    """The zygote's loop (inside bubblewrap, as root): preload, self-test, then fork a kernel per request."""
    p = argparse.ArgumentParser(prog="course.grading.zygote serve")
    p.add_argument("--socket", required=True)
    p.add_argument("--spool", required=True)
    p.add_argument("--seed", default="")
    p.add_argument("--home", required=True)
    p.add_argument("--imports", default=",".join(IMPORTS))
    opts = p.parse_args(argv)
    from course.grading.kernel_launcher import die_with_parent, make_home

    die_with_parent()
    os.umask(0o077)
    make_home(opts.seed, opts.home, -1)
    os.chdir(opts.home)
    _preload([m for m in opts.imports.split(",") if m])
    import threading

    if threading.active_count() != 1:  # forking a threaded process could copy a held lock into a kernel
        print(f"zygote: {threading.active_count()} threads after the imports; refusing to fork", flush=True)
        return 3
    problem = _self_test(opts.spool, opts.home)
    if problem:
        print(f"zygote: cannot isolate kernels here: {problem}", flush=True)
        return 3
    try:
        os.unlink(opts.socket)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(opts.socket)
    os.chmod(opts.socket, 0o600)
    listener.listen(128)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    kernels: dict[int, socket.socket] = {}  # pid of a kernel's first child -> the shim's connection
    print(READY, flush=True)
    try:
        while True:
            watched = [sys.stdin, listener, wake_r, *kernels.values()]
            try:
                ready, _, _ = select.select(watched, [], [], 5.0)
            except InterruptedError:
                ready = []
            if sys.stdin in ready and not os.read(sys.stdin.fileno(), 4096):
                return 0  # the grading process closed our stdin, or died
            if wake_r in ready:
                os.read(wake_r, 4096)
            if listener in ready:
                conn, _ = listener.accept()
                try:
                    request, fds = receive_message(conn, max_fds=3)
                except (OSError, ValueError):
                    request, fds = None, []
                if request is None or len(fds) != 3:
                    for fd in fds:
                        os.close(fd)
                    conn.close()
                else:
                    pid = os.fork()
                    if pid == 0:
                        _kernel_tree(request, fds, opts.spool)  # never returns
                    for fd in fds:
                        os.close(fd)
                    kernels[pid] = conn
            for pid, conn in list(kernels.items()):
                if conn in ready:  # the shim went away (killed by jupyter_client, or its worker died)
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            while kernels:
                try:
                    pid, code = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                conn = kernels.pop(pid, None)
                if conn is not None:
                    try:
                        send_message(conn, {"exit": _status(code)})
                    except OSError:
                        pass
                    conn.close()
    finally:
        for pid in kernels:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _self_test(spool: str, home: str) -> str:
    """Fork once through the whole isolation (namespaces, mounts, a new /proc) and report what failed, if
    anything: a zygote that cannot isolate kernels must not serve any."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            _isolate({"scratch": "", "home": home, "sizes": {"home_mb": 1, "tmp_mb": 1, "shm_mb": 1}}, spool)
            init = os.fork()
            if init == 0:
                _mount_proc()
                os._exit(0 if os.getpid() == 1 else 4)
            _, code = os.waitpid(init, 0)
            os.write(w, b"" if _status(code) == 0 else b"the new pid namespace or /proc did not work")
            os._exit(0)
        except BaseException as exc:  # noqa: BLE001 (reported to the parent)
            os.write(w, f"{type(exc).__name__}: {exc}".encode()[:500])
            os._exit(1)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        msg = fh.read().decode(errors="replace")
    os.waitpid(pid, 0)
    return msg


def _isolate(request: dict, spool: str) -> None:
    """In a fork of the zygote: new namespaces, private mounts, only this kernel's scratch folder left of the
    spool, fresh capped tmpfs on home, /tmp and /dev/shm (what bubblewrap had bound below them, e.g. a data
    folder under /tmp, bound again on top, as for a cold kernel)."""
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    _check(_c().unshare(flags), "unshare")
    _c().unshare(CLONE_NEWCGROUP)  # where the kernel supports it, like bwrap's --unshare-cgroup-try
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _loopback_up()  # as bubblewrap does in a new network namespace
    scratch = request["scratch"]
    parked = _park([scratch]) if scratch else []
    _umount(spool)  # every other kernel's scratch folder and the zygote's socket, gone from this view
    sizes = request["sizes"]
    for path, size, mode in ((request["home"], sizes["home_mb"], "0755"), ("/tmp", sizes["tmp_mb"], "1777"),
                             ("/dev/shm", sizes["shm_mb"], "1777")):
        below = _park(_mounts_below(path))
        _umount(path)
        _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={max(1, size)}m,mode={mode}")
        _unpark(below)
    _unpark(parked)


def _loopback_up() -> None:
    import fcntl
    import struct

    iff_up, siocsifflags = 0x1, 0x8914
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH14x", b"lo", iff_up))


def _mounts_below(path: str) -> list[str]:
    """The mount points strictly below `path` (outermost only), from /proc/self/mountinfo."""
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as fh:
        for line in fh:
            point = line.split()[4]
            point = point.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
            if point.startswith(path.rstrip("/") + "/"):
                found.append(point)
    found.sort(key=len)
    return [p for i, p in enumerate(found) if not any(p.startswith(q.rstrip("/") + "/") for q in found[:i])]


_PARKED = itertools.count()


def _park(points: list[str]) -> list[tuple[str, str]]:
    """Bind each mount point (with what is below it) aside, under the root, to be moved back by _unpark."""
    parked = []
    for point in points:
        aside = f"/.park-{os.getpid()}-{next(_PARKED)}"
        os.mkdir(aside, 0o700)
        _mount(point, aside, None, MS_BIND | MS_REC)
        parked.append((point, aside))
    return parked


def _unpark(parked: list[tuple[str, str]]) -> None:
    old = os.umask(0o022)
    try:
        for point, aside in parked:
            os.makedirs(point, exist_ok=True)
            _mount(aside, point, None, MS_MOVE)
            os.rmdir(aside)
    finally:
        os.umask(old)


def _mount_proc() -> None:
    _umount("/proc")
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _say(text: str) -> None:
    """Write to the kernel's stderr (its log in the scratch folder), if it is still open."""
    try:
        os.write(2, text.encode())
    except OSError:
        pass


def _kernel_tree(request: dict, fds: list[int], spool: str) -> None:
    """The zygote's child for one kernel: isolate, then the namespace's init, which forks the kernel."""
    code = 70
    try:
        os.setsid()
        for i, fd in enumerate(fds):
            os.dup2(fd, i)
        os.closerange(3, 65536)  # the listener, other shims' connections, the wake-up pipe
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        from course.grading.kernel_launcher import die_with_parent

        die_with_parent()
        _isolate(request, spool)
        init = os.fork()
        if init == 0:
            _init(request)  # never returns
        _, status = os.waitpid(init, 0)
        code = _status(status)
    except BaseException as exc:  # noqa: BLE001 (the kernel's log says why, the shim reports the exit)
        _say(f"course sandbox: could not start a warm kernel: {type(exc).__name__}: {exc}\n")
    finally:
        os._exit(code)


def _init(request: dict) -> None:
    """pid 1 of the kernel's namespace: a fresh /proc, then the kernel; drops to nobody and reaps until the
    kernel exits (then the namespace, and whatever the trainee left running in it, dies)."""
    code = 71
    try:
        from course.grading.kernel_launcher import die_with_parent

        _mount_proc()
        kernel = os.fork()
        if kernel == 0:
            _kernel(request)  # never returns
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        die_with_parent()  # changing credentials cleared it
        while True:
            pid, status = os.wait()
            if pid == kernel:
                code = _status(status)
                break
    except BaseException as exc:  # noqa: BLE001
        _say(f"course sandbox: warm kernel init failed: {type(exc).__name__}: {exc}\n")
    finally:
        os._exit(code)


def _kernel(request: dict) -> None:
    """Become the trainee's kernel: own home copy, own environment and uid, rlimits, then ipykernel."""
    code = 72
    try:
        from course.grading.kernel_launcher import die_with_parent, drop_privileges, make_home, set_limits

        os.setsid()
        uid, gid = int(request["uid"]), int(request["gid"])
        make_home(request["src"], request["home"], uid)
        os.chdir(request["home"])
        os.environ.clear()
        os.environ.update({k: v for k, v in request["env"].items() if k != "JPY_PARENT_PID"})
        os.umask(0o077)
        drop_privileges(uid, gid)
        die_with_parent()  # after the uid change: changing credentials clears the parent-death signal
        lim = request["limits"]
        set_limits(lim["memory_mb"], lim["cpu_seconds"], lim["file_mb"], lim["nproc"])
        _fresh_randomness()
        argv = list(request["argv"])
        # `python -m ipykernel_launcher ARGS`: the same entry point, already imported
        if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"]:
            raise ValueError(f"not an ipykernel command line: {argv[:3]}")
        sys.argv = ["ipykernel_launcher", *argv[3:]]
        sys.path[0] = os.getcwd()  # as `python -m` sets it
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # noqa: BLE001
        _say(f"course sandbox: warm kernel failed: {type(exc).__name__}: {exc}\n")
    finally:
        os._exit(code)


def _fresh_randomness() -> None:
    """What a fresh interpreter would have: unseeded generators drawn anew (a fork copies the zygote's)."""
    import random

    random.seed()
    np = sys.modules.get("numpy")
    if np is not None:
        try:
            np.random.seed()
        except Exception:  # noqa: BLE001
            pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":
        return serve(argv[1:])
    print("usage: python -m course.grading.zygote serve ...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
