// Run notebooks' code cells on the self-study site's own Python runtime, in Node, with the network cut.
//
//   node tests/lite/harness.mjs SITE PLAN.json RESULT.json
//
// SITE is a built site (course lite). PLAN.json: {"packages": [...], "notebooks": [{"name", "cwd", "cells":
// [{"id", "source"}]}], "prelude"}: the packages to load from SITE/static/pyodide (by the site's own lockfile,
// which checks every file's sha256), the code the site's install cell runs after loading them, and per notebook
// the cells to run in order with the working directory `cwd` inside the site's files (copied to /drive, where
// the browser kernel sees them). One Pyodide runs all notebooks, each in a fresh IPython namespace (the kernel's
// start-up is not what is tested here, and would cost seconds per notebook). RESULT.json gets, per notebook,
// each cell's status, error and output text.
//
// No request may leave the machine: globalThis.fetch refuses every URL that is not a file of SITE, and any
// attempt is recorded in the result (`refused`). The pytest wrapper also runs this under `unshare -n` when it can.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const [site, planPath, resultPath] = process.argv.slice(2);
if (!site || !planPath || !resultPath) {
  console.error("usage: node harness.mjs SITE PLAN.json RESULT.json");
  process.exit(2);
}
const siteDir = path.resolve(site);
const pyodideDir = path.join(siteDir, "static", "pyodide") + path.sep;
const plan = JSON.parse(fs.readFileSync(planPath, "utf-8"));
const refused = [];

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input.url ?? String(input);
  let local = null;
  if (url.startsWith("file:")) local = fileURLToPath(url);
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) local = path.resolve(url);
  if (local !== null && path.resolve(local).startsWith(siteDir + path.sep)) {
    return realFetch ? realFetch(pathToFileURL(local), init) : undefined;
  }
  refused.push(url);
  throw new TypeError(`network refused by the harness: ${url}`);
};

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const DRIVER = `
import sys, traceback, json
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance(colors="NoColor")
shell.showtraceback_orig = shell.showtraceback
_last = {}

def _record(*a, **k):
    etype, value, tb = sys.exc_info()
    _last["ename"] = etype.__name__ if etype else "Error"
    _last["evalue"] = str(value)
    _last["traceback"] = "".join(traceback.format_exception(etype, value, tb))[-4000:]
    shell.showtraceback_orig(*a, **k)

shell.showtraceback = _record
shell.showsyntaxerror = lambda *a, **k: _record()

def start_notebook(cwd):
    """A fresh namespace in cwd for the next notebook (the runtime and its imported modules are kept)."""
    import os
    shell.reset(new_session=True)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    os.chdir(cwd)

async def run_cell(src):
    _last.clear()
    try:
        transformed, exc = shell.transform_cell(src), None
    except Exception:
        transformed, exc = src, sys.exc_info()
    res = await shell.run_cell_async(src, store_history=True, transformed_cell=transformed,
                                     preprocessing_exc_tuple=exc)
    ok = res.error_before_exec is None and res.error_in_exec is None
    if not ok and not _last:
        err = res.error_before_exec or res.error_in_exec
        _last.update(ename=type(err).__name__, evalue=str(err), traceback="")
    return json.dumps({"ok": ok, **_last})
`;

function copyTree(FS, from, to) {
  FS.mkdirTree(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    if (entry.isDirectory()) copyTree(FS, src, to + "/" + entry.name);
    else FS.writeFile(to + "/" + entry.name, fs.readFileSync(src));
  }
}

const results = [];
const t0 = performance.now();
let buffer = [];
const py = await loadPyodide({
  indexURL: pyodideDir,
  env: { HOME: "/home/pyodide", MPLBACKEND: "module://matplotlib_inline.backend_inline" },
  stdout: (s) => buffer.push(s),
  stderr: (s) => buffer.push("[stderr] " + s),
});
await py.loadPackage(plan.packages, { messageCallback: () => {}, errorCallback: (e) => buffer.push("[load] " + e) });
copyTree(py.FS, path.join(siteDir, "files"), "/drive");  // a copy: cells never write into the site
await py.runPythonAsync(DRIVER + "\n" + (plan.prelude || ""));
const startNotebook = py.globals.get("start_notebook");
const runCell = py.globals.get("run_cell");
const startup = (performance.now() - t0) / 1000;
console.log(`runtime and packages loaded in ${startup.toFixed(1)} s: ${buffer.join(" ").slice(0, 500)}`);
for (const nb of plan.notebooks) {
  const n0 = performance.now();
  const out = { name: nb.name, cells: [], error: null };
  results.push(out);
  try {
    startNotebook("/drive/" + (nb.cwd || ""));
    for (const cell of nb.cells) {
      buffer = [];
      const c0 = performance.now();
      const res = JSON.parse(await runCell(cell.source));
      out.cells.push({ id: cell.id, check: !!cell.check, ...res, seconds: (performance.now() - c0) / 1000,
                       output: buffer.join("\n").slice(-3000) });
    }
  } catch (e) {
    out.error = String((e && e.stack) || e).slice(-4000);
  }
  out.seconds = (performance.now() - n0) / 1000;
  const failed = out.cells.filter((c) => !c.ok).length;
  console.log(`${nb.name}: ${out.cells.length} cells, ${failed} failed, ${out.seconds.toFixed(1)} s` +
              (out.error ? ` (${out.error.split("\n")[0]})` : ""));
}
fs.writeFileSync(resultPath, JSON.stringify({ refused, startup_s: startup, notebooks: results }, null, 1));
