"""Run each trainee's kernel where it sees only the submission and the course data, as an unprivileged user.

`SandboxKernelManager` is a jupyter_client kernel manager that nbgrader's Execute preprocessor uses instead of
the default one (`Execute.kernel_manager_class`). For every notebook it makes a private scratch folder (a copy
of the notebook's working folder, the connection file and the kernel's unix sockets) and starts the kernel

* `bwrap` mode (Linux with bubblewrap), the default: in fresh pid/net/ipc/uts namespaces on an EMPTY root file
  system into which only the interpreter, the virtualenv, the `course` package folder and the data folder are
  bound read-only; the submission is copied into a size-capped tmpfs home, /tmp and /dev/shm are size-capped
  tmpfs too. No repository, `.git`, tests, solutions, gradebook or other trainee is there to read. When grading
  as root the kernel drops to a fresh unprivileged uid of its own (a real uid, not root in a user namespace).
* `none` mode, only when asked for by name: as the grading user, in the scratch folder; nothing but the
  resource limits applies (the trusted evaluation still keeps marks honest, but trainee code can read and
  write what the grading user can).

`auto` means bwrap, and refuses (SandboxUnavailable, with the fix) where bubblewrap cannot run. In every mode
the kernel gets rlimits (address space, CPU seconds, file size, processes) and dies with the grading worker.
docs/INSTRUCTORS.md ("Threat model") says what each mode does and does not stop.
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

MODES = ("auto", "bwrap", "none")
NOBODY = 65534
UID_BASE = 200_000  # kernels graded as root get a uid of their own from here (no account needs to exist)
HOME = "/home/trainee"  # the kernel's home and working folder inside the sandbox
SUBMISSION = "/submission"  # where the copy of the submission folder is bound, read-only, to be copied home
NONE_WARNING = ("--sandbox none: trainee code runs with YOUR permissions: a submission can read your files "
                "(solutions, .git, other trainees), write where you can (the gradebook and other trainees' "
                "grades included) and use the network. Use it only for notebooks you trust.")


class SandboxUnavailable(RuntimeError):
    """No sandbox can run here and none was waived: grading refuses rather than run trainee code unprotected."""


@functools.cache
def bwrap_works() -> bool:
    """True if bubblewrap is installed and can make the namespaces we need on this machine."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    cmd = [exe, *_namespaces(), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
           "true"]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _namespaces() -> list[str]:
    """Fresh namespaces for the kernel. As root, no user namespace: root maps to itself there, so the kernel
    drops to a real unprivileged uid instead; as another user bwrap needs one and maps that user to itself."""
    ns = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
          "--die-with-parent"]
    return ns if _is_root() else ["--unshare-user", *ns]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _needed_paths() -> list[str]:
    """What a kernel must be able to read: the interpreter, the virtualenv, the course package, the data."""
    from course.paths import data_dir

    paths = [sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable)),
             str(Path(__file__).resolve().parents[1]), str(data_dir())]
    paths = sorted({os.path.realpath(p) for p in paths if p and os.path.exists(p)})
    return [p for p in paths if not any(_inside(p, q) and p != q for q in paths)]


def resolve_mode(requested: str = "auto") -> tuple[str, str]:
    """The sandbox mode to use and a warning ('' when the isolation is complete).

    `auto` is bwrap, or SandboxUnavailable naming the fix: trainee code never runs unsandboxed by default."""
    if requested not in MODES:
        raise ValueError(f"unknown sandbox mode {requested!r}: choose one of {', '.join(MODES)}")
    if requested in ("auto", "bwrap") and not (sys.platform.startswith("linux") and bwrap_works()):
        raise SandboxUnavailable(
            "no sandbox: bubblewrap is missing or cannot create namespaces here, so trainee code would run "
            "with your permissions. Install it (Debian/Ubuntu: apt-get install bubblewrap), or pass "
            "--sandbox none to grade without one, knowingly.")
    if requested == "auto":
        requested = "bwrap"
    return requested, (NONE_WARNING if requested == "none" else "")


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


def _parents(path: str) -> list[str]:
    parts = Path(path).parts
    return [str(Path(*parts[:i])) for i in range(2, len(parts))]


def bwrap_command(scratch: str, src: str, hide: list[str] | None = None, *, shm_mb: int = 64, tmp_mb: int = 256,
                  home_mb: int = 256) -> list[str]:
    """bubblewrap arguments: an empty root with only what a kernel needs bound read-only, the submission copy
    `src` at SUBMISSION, size-capped tmpfs for home, /tmp and /dev/shm, and `scratch` (connection file and
    sockets) writable. A needed path inside a `hide` folder is refused rather than shown."""
    needed = _needed_paths()
    for p in needed:
        for h in hide or []:
            if _inside(p, os.path.realpath(h)):
                raise SandboxUnavailable(f"the kernel would need {p}, which is inside {h} (a folder trainees "
                                         "must not see): install the kit outside the course folders")
    cmd = [shutil.which("bwrap") or "bwrap", *_namespaces(), "--tmpfs", "/", "--dev", "/dev", "--proc", "/proc",
           "--size", str(shm_mb << 20), "--perms", "1777", "--tmpfs", "/dev/shm",
           "--size", str(tmp_mb << 20), "--perms", "1777", "--tmpfs", "/tmp"]
    # folders on the way to each mount point, open to the kernel's uid (bwrap would make them 0700); after the
    # /tmp mount, so that a scratch folder under /tmp is reachable too
    dirs: list[str] = []
    for p in [*needed, scratch, HOME, SUBMISSION, "/etc/x"]:
        dirs += [d for d in _parents(p) if d not in dirs]
    for d in sorted(dirs, key=len):
        cmd += ["--perms", "0755", "--dir", d]
    for sysdir in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(sysdir):
            cmd += ["--symlink", os.readlink(sysdir), sysdir]
        elif os.path.isdir(sysdir):
            cmd += ["--ro-bind", sysdir, sysdir]
    for f in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/ssl/certs/ca-certificates.crt"):
        cmd += ["--ro-bind-try", f, f]
    for p in needed:
        cmd += ["--ro-bind", p, p]
    cmd += ["--size", str(home_mb << 20), "--perms", "0755", "--tmpfs", HOME,
            "--ro-bind", src, SUBMISSION,
            "--bind", scratch, scratch,
            "--chdir", "/", "--"]
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


def mount_scratch(path: str, size_mb: int) -> bool:
    """As root, put a size-capped tmpfs on the kernel's scratch folder, so that the one folder the kernel may
    write to on the host (its sockets, connection file and log) cannot fill the disk. False if not possible."""
    if not _is_root() or size_mb <= 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755,nosuid,nodev", "tmpfs", path],
                          capture_output=True)
    return done.returncode == 0


def unmount_scratch(path: str) -> None:
    """Undo mount_scratch (lazily: a dying kernel may still hold a file open)."""
    subprocess.run(["umount", "-l", path], capture_output=True)


def kernel_environment(base, home: str, tmpdir: str) -> dict[str, str]:
    """A kernel's whole environment: the locale, PATH and course language of `base`, nothing else of yours."""
    from course.paths import data_dir

    env = {k: v for k, v in base.items()
           if k in ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONHASHSEED", "COURSE_LANG")}
    env.update({
        "HOME": home, "USER": "trainee", "LOGNAME": "trainee",
        "IPYTHONDIR": os.path.join(home, ".ipython"),
        "TMPDIR": tmpdir,
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
        "COURSE_DATA_DIR": str(data_dir()),
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
    })
    return env


class SandboxKernelManager(AsyncKernelManager):
    """Kernel manager that starts each kernel in its own scratch folder, sandboxed and resource-limited."""

    sandbox = Unicode("auto", help="auto, bwrap or none (see course.grading.sandbox)").tag(config=True)
    scratch_root = Unicode("", help="folder for the per-kernel scratch folders (default: temp dir)").tag(
        config=True)
    hide = List(Unicode(), help="absolute folders the kernel must never see (checked against what is bound)"
                ).tag(config=True)
    memory_mb = Int(4096, help="address-space limit of the kernel, MB (0 = none)").tag(config=True)
    cpu_seconds = Int(600, help="CPU-time limit of the kernel, s (0 = none)").tag(config=True)
    file_mb = Int(64, help="largest file the kernel may write, MB (0 = none)").tag(config=True)
    nproc = Int(64, help="processes/threads of the kernel's own uid when graded as root (0 = none)").tag(
        config=True)
    shm_mb = Int(64, help="size of the kernel's /dev/shm, MB (bwrap mode)").tag(config=True)
    tmp_mb = Int(256, help="size of the kernel's /tmp, MB (bwrap mode)").tag(config=True)
    home_mb = Int(256, help="size of the kernel's home and working folder, MB (bwrap mode)").tag(config=True)
    scratch_mb = Int(128, help="size of the scratch folder on the host (sockets, connection file, log), MB; "
                     "a tmpfs when grading as root (0 = plain folder)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._mode, warning = resolve_mode(self.sandbox)
        if warning:
            warnings.warn(warning, stacklevel=2)
        base = self.scratch_root or None
        if base:
            os.makedirs(base, exist_ok=True)
        self._scratch = tempfile.mkdtemp(prefix="kernel-", dir=base)
        self._mounted = self._mode == "bwrap" and mount_scratch(self._scratch, self.scratch_mb)
        os.chmod(self._scratch, 0o755)
        self.connection_file = os.path.join(self._scratch, "kernel.json")
        self.transport = "ipc"
        self.ip = os.path.join(self._scratch, "ipc")
        # a uid of this kernel's own, so its process limit and files are its alone (root grading only)
        self._uid = (UID_BASE + int.from_bytes(os.urandom(3), "big") % 800_000
                     if _is_root() and self._mode == "bwrap" else -1)

    async def _async_pre_start_kernel(self, **kw):
        # bwrap puts the kernel in its own pid namespace where a SIGINT to the launcher's process group may
        # not reach it: interrupt through the control channel instead (ipykernel signals itself).
        if self.kernel_spec is not None:
            self.kernel_spec.interrupt_mode = "message"
        cwd = kw.get("cwd") or os.getcwd()
        src = os.path.join(self._scratch, "src")
        if not os.path.exists(src):
            # no links: a link in a submission could point anywhere on the grading machine
            shutil.copytree(cwd, src, symlinks=True, ignore=shutil.ignore_patterns(
                "*.ipynb", ".ipynb_checkpoints", "__pycache__"))
            for dirpath, dirnames, filenames in os.walk(src):
                for name in dirnames + filenames:
                    full = os.path.join(dirpath, name)
                    if os.path.islink(full):
                        os.unlink(full)
        home = HOME if self._mode == "bwrap" else os.path.join(self._scratch, "work")
        os.makedirs(os.path.join(src, ".matplotlib"), exist_ok=True)
        _copy_font_cache(os.path.join(src, ".matplotlib"))
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        kw["env"] = kernel_environment(kw.get("env") or os.environ, home,
                                       "/tmp" if self._mode == "bwrap" else os.path.join(self._scratch, "tmp"))
        kw["cwd"] = "/" if self._mode == "bwrap" else self._scratch
        # the kernel's own chatter goes to a log in the scratch folder, not to the instructor's terminal
        self._log = open(os.path.join(self._scratch, "kernel.log"), "ab")  # noqa: SIM115 (closed below)
        kw["stdout"] = subprocess.DEVNULL
        kw["stderr"] = self._log
        if self._uid >= 0:
            for dirpath, dirnames, filenames in os.walk(self._scratch):
                for name in [dirpath, *(os.path.join(dirpath, f) for f in dirnames + filenames)]:
                    os.lchown(name, self._uid, self._uid)
        limits = ["--memory-mb", str(self.memory_mb), "--cpu-seconds", str(self.cpu_seconds),
                  "--file-mb", str(self.file_mb), "--nproc", str(self.nproc if self._uid >= 0 else 0),
                  "--copy-from", src if self._mode != "bwrap" else SUBMISSION, "--home", home]
        if self._uid >= 0:
            limits += ["--uid", str(self._uid), "--gid", str(self._uid)]
        launcher = [sys.executable, "-m", "course.grading.kernel_launcher", *limits, "--"]
        if self._mode == "bwrap":
            # bwrap first, then (inside it, still privileged) the launcher: it copies the submission home,
            # drops to the kernel's uid, sets the limits and becomes the kernel
            cmd = bwrap_command(self._scratch, src, list(self.hide), shm_mb=self.shm_mb, tmp_mb=self.tmp_mb,
                                home_mb=self.home_mb)
            return cmd + launcher + list(kernel_cmd), kw
        return launcher + list(kernel_cmd), kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            log = getattr(self, "_log", None)
            if log is not None:
                log.close()
            if getattr(self, "_mounted", False):
                unmount_scratch(self._scratch)
            shutil.rmtree(self._scratch, ignore_errors=True)
