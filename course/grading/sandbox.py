"""Run each trainee's kernel where it cannot reach the gradebook, the hidden tests or other trainees.

`SandboxKernelManager` is a jupyter_client kernel manager that nbgrader's Execute preprocessor uses instead of
the default one (`Execute.kernel_manager_class`). For every notebook it makes a private scratch folder (a copy
of the notebook's working folder, the connection file and the kernel's unix sockets) and starts the kernel

* `bwrap` mode (Linux with bubblewrap): as uid `nobody` in fresh user/pid/net/ipc namespaces, with the whole
  file system read-only, /tmp and every course folder that holds grades or other trainees' work hidden
  behind empty tmpfs mounts, and only the scratch folder writable;
* `uid` mode (root without bubblewrap): as uid `nobody`, in the scratch folder; the gradebook and other
  folders are protected only by file permissions, and other trainees' files stay readable;
* `none` mode: as the grading user, in the scratch folder; nothing but the resource limits applies.

In every mode the kernel gets rlimits (address space, CPU seconds, file size, processes) and dies with the
grading worker. docs/INSTRUCTORS.md ("Threat model") says what each mode does and does not stop.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Int, List, Unicode

MODES = ("auto", "bwrap", "uid", "none")
NOBODY = 65534


@functools.cache
def bwrap_works() -> bool:
    """True if bubblewrap is installed and can make the namespaces we need on this machine."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    cmd = [exe, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
           "--proc", "/proc", "--tmpfs", "/tmp", "true"]
    pre = _drop_to_nobody if os.geteuid() == 0 and nobody_can_run_python() else None
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=20, preexec_fn=pre)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _needed_paths() -> list[str]:
    """What a kernel must be able to read: the interpreter, the virtualenv, the course package, the data."""
    paths = [sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable)),
             str(Path(__file__).resolve().parents[2])]
    if os.environ.get("COURSE_DATA_DIR"):
        paths.append(os.environ["COURSE_DATA_DIR"])
    return sorted({os.path.realpath(p) for p in paths if p and os.path.exists(p)})


@functools.cache
def nobody_can_run_python() -> bool:
    """True if every folder above the interpreter, the virtualenv and the package is open to other users,
    so a kernel switched to `nobody` can still start (false e.g. for a pyenv Python under /root)."""
    return all(_open_to_others(path) for path in _needed_paths())


def _open_to_others(path: str) -> bool:
    """True if users other than the owner can reach `path` (every folder on the way has the o+x bit)."""
    p = Path(path)
    try:
        return all(os.stat(d).st_mode & 0o001 for d in [p, *p.parents])
    except OSError:
        return False


def _drop_to_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def resolve_mode(requested: str = "auto") -> tuple[str, str]:
    """The sandbox mode to use and a warning ('' when the isolation is complete)."""
    if requested not in MODES:
        raise ValueError(f"unknown sandbox mode {requested!r}: choose one of {', '.join(MODES)}")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if requested == "auto":
        if sys.platform.startswith("linux") and bwrap_works():
            requested = "bwrap"
        elif is_root and nobody_can_run_python():
            requested = "uid"
        else:
            requested = "none"
    if requested == "bwrap" and not bwrap_works():
        raise RuntimeError("sandbox 'bwrap' requested but bubblewrap is missing or cannot create namespaces "
                           "here: install it (apt-get install bubblewrap) or pass --sandbox uid/none")
    if requested == "uid" and not (is_root and nobody_can_run_python()):
        raise RuntimeError("sandbox 'uid' needs root (to switch the kernel to the user nobody) and a Python "
                           "that other users can run (not under a private home folder)")
    warning = {
        "bwrap": "",
        "uid": ("bubblewrap is not available: kernels run as 'nobody' with resource limits, but can still "
                "READ other trainees' files and the hidden tests. Install bubblewrap for full isolation."),
        "none": ("no sandbox (bubblewrap not available and not root): trainees' code runs with YOUR "
                 "permissions, limited only by rlimits. Install bubblewrap for isolation."),
    }[requested]
    return requested, warning


def hidden_paths_for(coursedir) -> list[str]:
    """The course folders a trainee's kernel must not see: gradebook, sources with hidden tests, every
    submission, autograded copy and feedback (nbgrader CourseDirectory in, absolute paths out)."""
    root = Path(coursedir.root)
    paths = []
    for sub in (coursedir.source_directory, coursedir.submitted_directory, coursedir.autograded_directory,
                coursedir.feedback_directory, coursedir.solution_directory):
        top = Path(sub).parts[0] if Path(sub).parts else sub
        paths.append(root / top)
    db_url = coursedir.db_url
    if db_url.startswith("sqlite:///"):
        paths.append(Path(db_url[len("sqlite:///"):].split("?")[0]).parent)
    keep = [sys.prefix, str(Path(__file__).resolve().parents[2])]  # the interpreter and the course package
    out: list[str] = []
    for p in sorted({str(Path(p).resolve()) for p in paths}):
        if any(_inside(k, p) for k in keep):
            continue  # hiding this would hide Python itself (e.g. sources at the repo root): skip
        if not any(_inside(p, o) for o in out):
            out.append(p)
    return out


def _inside(path: str, parent: str) -> bool:
    path, parent = os.path.abspath(path), os.path.abspath(parent)
    return path == parent or path.startswith(parent.rstrip(os.sep) + os.sep)


def bwrap_command(scratch: str, workdir: str, hide: list[str], as_root: bool) -> list[str]:
    """bubblewrap arguments: read-only system, hidden course folders and home, only `scratch` writable.

    `as_root`: bwrap itself runs as root (the interpreter is not readable by `nobody`); the kernel then
    still gets uid `nobody` inside a user namespace and no capabilities."""
    # no --new-session: nbclient interrupts a looping cell by signalling the process group
    cmd = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent"]
    if as_root:
        cmd += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY), "--cap-drop", "ALL"]
    cmd += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm"]
    if not as_root and hasattr(os, "geteuid") and os.geteuid() == 0:
        # bwrap runs as `nobody`: it cannot even reach a folder closed to other users (e.g. /root, 0700),
        # and need not hide it (the kernel cannot reach it either)
        def usable(p: str) -> bool:
            return os.path.isdir(p) and _open_to_others(p)
    else:
        usable = os.path.isdir
    home = os.path.realpath(os.path.expanduser("~"))
    generic: list[str] = []  # temp folders (other kernels' files) and home (keys, tokens)
    for p in sorted({"/tmp", "/var/tmp", os.path.realpath(tempfile.gettempdir())}) + [home]:
        if p != "/" and usable(p) and not any(_inside(p, g) for g in generic):
            generic.append(p)
    course = sorted({os.path.realpath(h) for h in hide})
    mounts: list[str] = []
    for p in generic:
        cmd += ["--tmpfs", p]
        mounts.append(p)
    # what the kernel needs back from inside them (e.g. a pyenv Python under /root, a venv in a home folder)
    rebound = [p for p in _needed_paths()
               if any(_inside(p, g) for g in generic) and not any(_inside(p, h) for h in course)]
    rebound = [p for p in rebound if not any(_inside(p, q) and p != q for q in rebound)]
    for p in rebound:
        cmd += ["--ro-bind", p, p]
    # the course folders last, so that a folder bound back above cannot show them again
    for p in course:
        hidden_already = any(_inside(p, g) for g in generic) and not any(_inside(p, r) for r in rebound)
        if usable(p) and not hidden_already and not any(_inside(p, m) for m in mounts[len(generic):]):
            cmd += ["--tmpfs", p]
            mounts.append(p)
    cmd += ["--bind", scratch, scratch]
    for p in mounts:  # the empty stand-ins are read-only too: nothing written there even seems to work
        cmd += ["--remount-ro", p]
    cmd += ["--chdir", workdir, "--"]
    return cmd


def _copy_font_cache(dest: str) -> None:
    """Give the kernel a writable matplotlib folder holding our font cache (else each kernel that imports
    matplotlib spends seconds rebuilding it, and warns on stderr)."""
    try:
        from matplotlib import get_cachedir

        src = get_cachedir()
    except Exception:  # matplotlib missing or unusable: nothing to copy
        return
    for name in os.listdir(src) if os.path.isdir(src) else []:
        if name.startswith("fontlist") and name.endswith(".json"):
            shutil.copy(os.path.join(src, name), os.path.join(dest, name))


class SandboxKernelManager(AsyncKernelManager):
    """Kernel manager that starts each kernel in its own scratch folder, sandboxed and resource-limited."""

    sandbox = Unicode("auto", help="auto, bwrap, uid or none (see course.grading.sandbox)").tag(config=True)
    scratch_root = Unicode("", help="folder for the per-kernel scratch folders (default: temp dir)").tag(
        config=True)
    hide = List(Unicode(), help="absolute folders the kernel must not see (bwrap mode)").tag(config=True)
    memory_mb = Int(4096, help="address-space limit of the kernel, MB (0 = none)").tag(config=True)
    cpu_seconds = Int(600, help="CPU-time limit of the kernel, s (0 = none)").tag(config=True)
    file_mb = Int(200, help="largest file the kernel may write, MB (0 = none)").tag(config=True)
    nproc = Int(1024, help="process/thread limit (counted per uid; 0 = none)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._mode, warning = resolve_mode(self.sandbox)
        if warning:
            warnings.warn(warning, stacklevel=2)
        base = self.scratch_root or None
        if base:
            os.makedirs(base, exist_ok=True)
        self._scratch = tempfile.mkdtemp(prefix="kernel-", dir=base)
        self.connection_file = os.path.join(self._scratch, "kernel.json")
        self.transport = "ipc"
        self.ip = os.path.join(self._scratch, "ipc")

    @property
    def drops_uid(self) -> bool:
        """The launcher switches to `nobody` before starting bwrap or the kernel."""
        return self._mode in ("bwrap", "uid") and os.geteuid() == 0 and nobody_can_run_python()

    async def _async_pre_start_kernel(self, **kw):
        # bwrap puts the kernel in its own pid namespace where a SIGINT to the launcher's process group may
        # not reach it: interrupt through the control channel instead (ipykernel signals itself).
        if self._mode == "bwrap" and self.kernel_spec is not None:
            self.kernel_spec.interrupt_mode = "message"
        cwd = kw.get("cwd") or os.getcwd()
        work = os.path.join(self._scratch, "work")
        if not os.path.exists(work):
            shutil.copytree(cwd, work, symlinks=True,
                            ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
        for sub in ("ipython", "tmp", "matplotlib"):
            os.makedirs(os.path.join(self._scratch, sub), exist_ok=True)
        _copy_font_cache(os.path.join(self._scratch, "matplotlib"))
        kw["cwd"] = work
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        env = dict(kw.get("env") or os.environ)
        env.update({
            "IPYTHONDIR": os.path.join(self._scratch, "ipython"),
            "TMPDIR": os.path.join(self._scratch, "tmp"),
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": os.path.join(self._scratch, "matplotlib"),
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        env.pop("COURSE_NBGRADER_ROOT", None)
        kw["env"] = env
        # the kernel's own chatter goes to a log in the scratch folder, not to the instructor's terminal
        self._log = open(os.path.join(self._scratch, "kernel.log"), "ab")  # noqa: SIM115 (closed below)
        kw["stdout"] = subprocess.DEVNULL
        kw["stderr"] = self._log
        if self.drops_uid:
            for dirpath, dirnames, filenames in os.walk(self._scratch):
                for name in [dirpath, *(os.path.join(dirpath, f) for f in dirnames + filenames)]:
                    os.lchown(name, NOBODY, NOBODY)
        launcher = [sys.executable, "-m", "course.grading.kernel_launcher",
                    "--memory-mb", str(self.memory_mb), "--cpu-seconds", str(self.cpu_seconds),
                    "--file-mb", str(self.file_mb), "--nproc", str(self.nproc)]
        if self.drops_uid:
            launcher += ["--uid", str(NOBODY), "--gid", str(NOBODY)]
        launcher.append("--")
        if self._mode == "bwrap":
            as_root = os.geteuid() == 0 and not self.drops_uid
            launcher += bwrap_command(self._scratch, work, list(self.hide), as_root=as_root)
        return launcher + list(kernel_cmd), kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            log = getattr(self, "_log", None)
            if log is not None:
                log.close()
            shutil.rmtree(self._scratch, ignore_errors=True)
