"""The self-study site's watchdog: a small script the lab page loads before JupyterLite's own code.

When Python cannot start in the browser (no WebAssembly, a file of static/pyodide/ missing or served wrongly,
the kernel's worker failing), JupyterLite itself only leaves the cells at [*]. The script watches the Pyodide
kernel's worker (its first answer is the one to `initialize`), checks as the worker starts that the runtime's
own files are there (Pyodide does not report a missing `pyodide.asm.wasm`: it waits forever), and shows a
plain banner at the top of the page
saying what failed and what to do; it also speaks up when the kernel is still not ready after STALL_S seconds.
It sends nothing anywhere and changes nothing else.
"""

from __future__ import annotations

STALL_S = 180

JS = r"""// course lite watchdog (course/lite_watchdog.py): says plainly when Python cannot start in this tab.
(function () {
  "use strict";
  var STALL_MS = @STALL_S@ * 1000;
  var WHAT_TO_DO = "What to do: reload the page. Use a current Chrome, Edge, Firefox or Safari " +
    "(not a private window of an old browser). If you published this site: check that the folder " +
    "static/pyodide/ was uploaded in full and that .wasm files are served as application/wasm " +
    "(docs/SELF-STUDY.md, 'Publish it').";
  function banner(what, lead) {
    var show = function () {
      var el = document.getElementById("course-lite-problem");
      if (!el) {
        el = document.createElement("div");
        el.id = "course-lite-problem";
        el.setAttribute("role", "alert");
        el.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:100000;padding:10px 16px;" +
          "background:#fff3f3;color:#600;border-bottom:3px solid #c00;font:14px/1.4 sans-serif";
        document.body.appendChild(el);
      }
      el.textContent = (lead || "Python could not start in this browser tab: ") + what + " " + WHAT_TO_DO;
    };
    if (document.body) { show(); } else { document.addEventListener("DOMContentLoaded", show); }
  }
  window.courseLiteProblem = banner;
  if (typeof WebAssembly !== "object") {
    banner("this browser has no WebAssembly, which Python in the browser needs.");
    return;
  }
  var ROOT = new URL(".", (document.currentScript && document.currentScript.src) || location.href);
  var CORE = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
  function preflight() {
    CORE.forEach(function (f) {
      var where = "static/pyodide/" + f;
      fetch(new URL(where, ROOT), { method: "HEAD", cache: "no-cache" }).then(function (r) {
        if (!r.ok) { banner("its file " + where + " could not be loaded (HTTP " + r.status + ")."); }
      }, function (e) {
        banner("its file " + where + " could not be loaded (" + e + ").");
      });
    });
  }
  var Native = window.Worker;
  if (!Native) { return; }
  function Watched(url, options) {
    var w = new Native(url, options);
    var answered = false;
    preflight();
    var timer = setTimeout(function () {
      if (!answered) {
        banner("after " + (STALL_MS / 1000) + " seconds it is still loading. A first visit downloads about " +
          "40 MB: on a slow connection, wait a little longer; if nothing changes, reload the page.",
          "Python is still starting in this browser tab: ");
      }
    }, STALL_MS);
    w.addEventListener("message", function (ev) {
      var d = ev.data;
      if (answered || !d || typeof d !== "object" || !d.id || !d.type) { return; }
      answered = true;  // the worker's first answer is the one to `initialize`
      clearTimeout(timer);
      if (d.type === "HANDLER" && d.name === "throw") {
        var err = (d.value && d.value.value) || {};
        banner((err.message || String(err)) + ".");
      }
      var el = document.getElementById("course-lite-problem");
      if (el && d.type === "RAW") { el.remove(); }
    });
    w.addEventListener("error", function (ev) {
      answered = true;
      clearTimeout(timer);
      banner("the kernel's worker failed to load (" + (ev.message || "a script of the site is missing") + ").");
    });
    return w;
  }
  Watched.prototype = Native.prototype;
  window.Worker = Watched;
})();
""".replace("@STALL_S@", str(STALL_S))
