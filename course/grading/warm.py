"""The kernel manager of `course grade`: the sandbox's, with kernels forked warm from the run's zygote.

`WarmKernelManager` is course.grading.sandbox.SandboxKernelManager (same scratch folder, submission copy,
environment, uid, limits and tmpfs sizes) with one difference: when `zygote` names the socket of a running
zygote (course.grading.zygote) and the kernel would be a bubblewrap kernel with a uid of its own (grading as
root), jupyter_client starts the zygote's shim instead of bubblewrap, and the kernel is forked, already
imported, into namespaces of its own. In every other case (no zygote, `--sandbox none`, grading as another
user, a kernel that is not ipykernel) it starts the cold kernel exactly as SandboxKernelManager does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jupyter_client.asynchronous.client import AsyncKernelClient
from traitlets import DottedObjectName, Type, Unicode

from course.grading.sandbox import HOME, SandboxKernelManager
from course.grading.sandbox import kernel_environment as sandbox_environment

LAUNCHER = "course.grading.kernel_launcher"
SHIM = str(Path(__file__).with_name("zygote_shim.py"))


def kernel_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a bubblewrap kernel (as SandboxKernelManager gives it): the zygote imports with it,
    so that what a module reads from the environment at import time is what a cold kernel would read."""
    return sandbox_environment(os.environ if base is None else base, HOME, "/tmp")


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's kernel client, except that waiting for a new kernel polls its IOPub channel every 20 ms
    instead of every 200 ms (jupyter_client also waits 200 ms of silence to flush it): a warm kernel is ready in
    a tenth of a second, and those waits would cost more than its start."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        import asyncio
        import time
        from queue import Empty

        end = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.02)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > end:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            await asyncio.sleep(0)
        while True:  # flush what the kernel said while starting
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready


class WarmKernelManager(SandboxKernelManager):
    """SandboxKernelManager whose bubblewrap kernels are forked by the run's zygote when there is one."""

    client_class = DottedObjectName("course.grading.warm.PromptKernelClient")
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    zygote = Unicode("", help="unix socket of the run's zygote (course.grading.zygote); '' = cold kernels"
                     ).tag(config=True)

    @property
    def warm(self) -> bool:
        """Whether this kernel is forked by the zygote (bwrap mode with a uid of its own, zygote listening)."""
        return bool(self.zygote) and self._mode == "bwrap" and self._uid >= 0 and os.path.exists(self.zygote)

    async def _async_pre_start_kernel(self, **kw):
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if not self.warm or LAUNCHER not in cmd:
            return cmd, kw
        at = cmd.index(LAUNCHER)
        cut = cmd.index("--", at)
        kernel_cmd = cmd[cut + 1:]
        if kernel_cmd[1:3] != ["-m", "ipykernel_launcher"]:
            return cmd, kw
        shim = [sys.executable, "-I", "-S", SHIM, "--socket", self.zygote,
                "--scratch", self._scratch, "--src", os.path.join(self._scratch, "src"), "--home", HOME,
                "--uid", str(self._uid), "--gid", str(self._uid),
                "--memory-mb", str(self.memory_mb), "--cpu-seconds", str(self.cpu_seconds),
                "--file-mb", str(self.file_mb), "--nproc", str(self.nproc),
                "--home-mb", str(self.home_mb), "--tmp-mb", str(self.tmp_mb), "--shm-mb", str(self.shm_mb),
                "--", *kernel_cmd]
        return shim, kw

    async def _async_post_start_kernel(self, **kw) -> None:
        await self._until_bound()
        await super()._async_post_start_kernel(**kw)

    async def _until_bound(self, limit: float = 30.0) -> None:
        """Wait until the kernel has bound its sockets (ipc files appear) or died, so that the first connection
        attempts succeed instead of waiting for ZeroMQ's reconnect interval and the client's retry timeouts."""
        import asyncio
        import time

        if self.transport != "ipc":
            return
        ports = [self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port]
        paths = [f"{self.ip}-{port}" for port in ports if port]
        end = time.monotonic() + limit
        while time.monotonic() < end and not all(os.path.exists(p) for p in paths):
            if self.provisioner is not None and await self.provisioner.poll() is not None:
                return  # it died: jupyter_client reports that as usual
            await asyncio.sleep(0.005)
