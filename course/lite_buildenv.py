"""The venv that builds the self-study site, apart from the desktop's .venv.

The site needs jupyterlite-core 0.6.4 and jupyterlite-pyodide-kernel 0.6.1 (the kernel for Pyodide 0.27.7);
the desktop's JupyterLab wants newer ones. So `course lite` builds in a venv of its own, made once in the cache
(`<cache>/buildenv/py3X-<key>/`) with every version pinned, and reused: `make start`/`make test`'s .venv keeps
its versions. The build tools' wheels are checked against the sha256 below before they are installed; their
dependencies are pinned by version (pip checks them against the index).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

from course.lite_runtime import Pin, PinError, fetch

BUILD_TOOLS = (
    Pin("jupyterlite_core-0.6.4-py3-none-any.whl",
        "0e20c1e32a26a6ca7d80df2094d69acfcb58b54c109c66865bbe8513c3502c01", "jupyterlite-core==0.6.4"),
    Pin("jupyterlite_pyodide_kernel-0.6.1-py3-none-any.whl",
        "d16f2e44dedd60d7a5578cd901a4de1ac34d30c80671abba7ec1ac70a65e2972", "jupyterlite-pyodide-kernel==0.6.1"),
    # The widget manager of the site: keep it in step with ipywidgets in course/lite_runtime.py. 3.0.15 is the
    # last one built for JupyterLab 4.4 (the lab of jupyterlite-core 0.6.4); 3.0.16 wants @jupyterlab/* ^4.4.6.
    Pin("jupyterlab_widgets-3.0.15-py3-none-any.whl",
        "d59023d7d7ef71400d51e6fee9a88867f6e65e10a4201605d2d7f3e8f012a31c", "jupyterlab_widgets==3.0.15"),
    # jupyterlite-core indexes the contents with jupyter-server's contents manager.
    Pin("jupyter_server-2.21.1-py3-none-any.whl",
        "2a6467606af7dbae2e7e31640030025969e15db6a649eae334af90415dc71dca", "jupyter-server==2.21.1"),
)
# Everything else the build venv holds, by version (what pip resolved for the tools above).
CONSTRAINTS = """
anyio==4.16.0
argon2-cffi==25.1.0
argon2-cffi-bindings==26.2.0
arrow==1.4.0
attrs==26.1.0
beautifulsoup4==4.15.0
bleach==6.4.0
cffi==2.1.1
defusedxml==0.7.1
doit==0.37.0
fastjsonschema==2.22.3
fqdn==1.6.0
idna==3.20
isoduration==20.11.0
Jinja2==3.1.6
jsonpointer==3.12
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
jupyter-events==0.12.1
jupyter_client==8.10.0
jupyter_core==5.9.1
jupyter_server_terminals==0.5.4
jupyterlab_pygments==0.3.0
lark==1.3.1
MarkupSafe==3.0.4
mistune==3.4.0
nbclient==0.11.0
nbconvert==7.17.2
nbformat==5.11.1
overrides==7.7.0
packaging==26.4
pandocfilters==1.5.1
pkginfo==2.0
platformdirs==4.14.9
prometheus_client==0.26.0
ptyprocess==0.7.0
pycparser==3.12
Pygments==2.21.0
python-dateutil==4.0.0
python-json-logger==4.2.0
PyYAML==6.0.4
pyzmq==27.3.0
referencing==0.37.0
rfc3339-validator==0.1.4
rfc3986-validator==0.1.1
rfc3987-syntax==1.1.0
rpds-py==2026.9.1
Send2Trash==2.2.0
six==1.17.0
soupsieve==4.1.3
terminado==0.18.1
tinycss2==1.5.1
tornado==6.6.1
traitlets==5.16.1
typing_extensions==4.16.0
tzdata==2026.6
uri-template==1.3.0
webcolors==25.10.0
webencodings==0.6.1
websocket-client==1.9.2
""".strip()


def env_key() -> str:
    """What the build venv is made of: the tools' pins, the constraints and this Python's version."""
    text = "\n".join([sys.version.split()[0], *(f"{p.file} {p.sha256}" for p in BUILD_TOOLS), CONSTRAINTS])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def env_dir(cache: Path) -> Path:
    return cache / "buildenv" / f"py{sys.version_info[0]}{sys.version_info[1]}-{env_key()}"


def _python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def build_python(cache: Path) -> Path:
    """The Python of the build venv, made now if the cache has none for these pins."""
    env = env_dir(cache)
    done = env / ".complete"
    if done.is_file() and _python(env).is_file():
        return _python(env)
    wheels = [fetch(p, cache) for p in BUILD_TOOLS]
    print(f"course lite: making the site's build venv in {env} (once)", flush=True)
    shutil.rmtree(env, ignore_errors=True)
    env.parent.mkdir(parents=True, exist_ok=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
        constraints = env / "constraints.txt"
        constraints.write_text(CONSTRAINTS + "\n", encoding="utf-8")
        cmd = [str(_python(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "-c", str(constraints), *map(str, wheels)]
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if res.returncode:
            print(res.stdout[-6000:], file=sys.stderr)
            raise PinError(f"installing the site's build tools into {env} failed (exit {res.returncode}); its "
                           "output is above. This needs PyPI once; later builds reuse the venv.")
    except BaseException:
        shutil.rmtree(env, ignore_errors=True)
        raise
    done.write_text(env_key() + "\n", encoding="utf-8")
    return _python(env)
