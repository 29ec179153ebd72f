"""Start a trainee's kernel under resource limits (stdlib only, so the launch stays fast).

`python -m course.grading.kernel_launcher [--copy-from SRC --home DIR] [--uid N] [--memory-mb M]
[--cpu-seconds S] [--file-mb F] [--nproc P] -- CMD ...` copies the submission into the kernel's home, drops to
an unprivileged uid (when started as root), sets the limits, asks the kernel to die with the grading worker,
then replaces itself with CMD (the kernel). Inside bubblewrap it runs first, still privileged.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent (the grading worker) dies; no-op elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        pass


def set_limits(memory_mb: int, cpu_seconds: int, file_mb: int, nproc: int) -> None:
    """Apply the rlimits (0 = leave that one alone); hard limits too, so the kernel cannot raise them."""
    wanted = [
        (resource.RLIMIT_AS, memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, file_mb * 1024 * 1024),
        (resource.RLIMIT_NPROC, nproc),
        (resource.RLIMIT_CORE, 0),
    ]
    for which, value in wanted:
        if value <= 0 and which != resource.RLIMIT_CORE:
            continue
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError) as exc:  # e.g. a hard limit already lower
            print(f"course sandbox: could not set limit {which}: {exc}", file=sys.stderr)


def drop_privileges(uid: int, gid: int) -> None:
    """Become uid/gid (normally `nobody`), with no supplementary groups."""
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def make_home(src: str, home: str, uid: int) -> None:
    """Copy the submission folder `src` (no links) into the kernel's home and give it to `uid`."""
    import shutil

    os.makedirs(home, exist_ok=True)
    if src and os.path.isdir(src) and os.path.realpath(src) != os.path.realpath(home):
        shutil.copytree(src, home, symlinks=True, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in names if os.path.islink(os.path.join(d, n))])
    if uid >= 0:
        for dirpath, dirnames, filenames in os.walk(home):
            for name in [dirpath, *(os.path.join(dirpath, f) for f in dirnames + filenames)]:
                os.lchown(name, uid, uid)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        print("usage: kernel_launcher [options] -- CMD ...", file=sys.stderr)
        return 2
    cut = argv.index("--")
    parser = argparse.ArgumentParser(prog="course.grading.kernel_launcher")
    parser.add_argument("--uid", type=int, default=-1)
    parser.add_argument("--gid", type=int, default=-1)
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--cpu-seconds", type=int, default=0)
    parser.add_argument("--file-mb", type=int, default=0)
    parser.add_argument("--nproc", type=int, default=0)
    parser.add_argument("--copy-from", default="")
    parser.add_argument("--home", default="")
    opts = parser.parse_args(argv[:cut])
    cmd = argv[cut + 1:]
    if not cmd:
        print("kernel_launcher: no command after --", file=sys.stderr)
        return 2
    os.umask(0o077)
    # jupyter_client tells the kernel its parent's pid; inside a pid namespace the kernel would see pid 1 as
    # its parent and shut itself down. The parent-death signal below does that job instead.
    os.environ.pop("JPY_PARENT_PID", None)
    if opts.home:
        make_home(opts.copy_from, opts.home, opts.uid if os.geteuid() == 0 else -1)
        os.chdir(opts.home)
    if opts.uid >= 0 and os.geteuid() == 0:
        drop_privileges(opts.uid, opts.gid if opts.gid >= 0 else opts.uid)
    # after the uid change: changing credentials clears the parent-death signal
    die_with_parent()
    set_limits(opts.memory_mb, opts.cpu_seconds, opts.file_mb, opts.nproc)
    os.execvp(cmd[0], cmd)
    return 127  # pragma: no cover (execvp does not return)


if __name__ == "__main__":
    sys.exit(main())
