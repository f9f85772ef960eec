#!/usr/bin/env python3
"""Looks at a `tollgate report` folder in headless Chromium, as a person would.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON
messages separated by NUL bytes on file descriptors 3 and 4), so nothing beyond Python's
standard library and Debian's `chromium` package is needed, and no port is opened.

For the portfolio page and each project page it checks, from the rendered DOM and the browser's
own events:
  - every request the page made stayed in the report folder (file:// only);
  - nothing was logged as an error (console errors, exceptions, blocked loads);
  - the portfolio links every project, and each link opens;
  - every KPI chart has a drawn threshold line and a non-empty data series, its marks inside
    the plot, and a table beside it; each expected (KPI, gate) has a chart;
  - in print, navigation is hidden and charts fit the page.
It writes screenshots of the portfolio and of one project page.

Exit status: 0 when every check passed, 1 when one failed (each failure is printed), 2 when the
browser could not be driven.
"""

import argparse
import base64
import fcntl
import json
import os
import pathlib
import queue
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 60.0
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]

# Facts about the rendered page, gathered in the page (no script is part of the report; this
# one is evaluated by the test through the protocol).
FACTS = r"""
(() => {
  const box = (e) => { const b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height}; };
  const figures = [...document.querySelectorAll('figure.kpi-trend')].map((f) => {
    const svg = f.querySelector('svg.chart');
    const threshold = svg && svg.querySelector('path.threshold');
    const points = svg ? [...svg.querySelectorAll('g.series .point')] : [];
    const vb = svg ? svg.viewBox.baseVal : null;
    return {
      kpi: f.dataset.kpi, gate: f.dataset.gate,
      svg: !!svg,
      rendered: svg ? svg.getBoundingClientRect().width : 0,
      threshold: threshold ? {d: threshold.getAttribute('d'), box: box(threshold),
        stroke: getComputedStyle(threshold).stroke} : null,
      points: points.map((p) => ({value: p.dataset.value, box: box(p)})),
      viewBox: vb ? {w: vb.width, h: vb.height} : null,
      title: svg && svg.querySelector('title') ? svg.querySelector('title').textContent : '',
      tableRows: f.querySelectorAll('table tbody tr').length,
    };
  });
  return {
    title: document.title,
    h1: (document.querySelector('h1') || {}).textContent,
    figures,
    kpiTable: [...document.querySelectorAll('#kpis tbody tr code')].map((c) => c.textContent),
    gate: (document.querySelector('#kpis h2') || {}).textContent,
    projectLinks: [...document.querySelectorAll('#projects tbody a')].map((a) => a.href),
    scripts: document.querySelectorAll('script').length,
    statuses: [...document.querySelectorAll('#projects .status')].map((s) => s.textContent),
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  };
})()
"""

PRINT_FACTS = r"""
(() => {
  const nav = document.querySelector('nav');
  const body = document.querySelector('figure.kpi-trend .body');
  const svg = document.querySelector('svg.chart');
  return {
    navHidden: !nav || getComputedStyle(nav).display === 'none',
    columns: body ? getComputedStyle(body).gridTemplateColumns.split(' ').length : 1,
    chartWidth: svg ? svg.getBoundingClientRect().width : 0,
    pageWidth: document.documentElement.clientWidth,
  };
})()
"""


class Browser:
    """One Chromium process and one page, over the DevTools pipe."""

    def __init__(self, chromium, profile):
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()

        def fds():
            a = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(out_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=fds,
            close_fds=False,
        )
        os.close(cmd_r)
        os.close(out_w)
        self.out = os.fdopen(cmd_w, "wb")
        self.inbox = queue.Queue()
        self.events = []
        self.next_id = 0
        self.session = None
        threading.Thread(target=self._read, args=(out_r,), daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        self.stderr = self.proc.stderr.read()

    def _read(self, fd):
        buf = b""
        with os.fdopen(fd, "rb") as f:
            while True:
                chunk = f.read1(1 << 16)
                if not chunk:
                    self.inbox.put(None)
                    return
                buf += chunk
                while b"\0" in buf:
                    msg, buf = buf.split(b"\0", 1)
                    self.inbox.put(json.loads(msg))

    def call(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.out.write(json.dumps(msg).encode() + b"\0")
        self.out.flush()
        deadline = time.time() + TIMEOUT
        while True:
            m = self._next(deadline, method)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name):
        for i, m in enumerate(self.events):
            if m.get("method") == name:
                del self.events[i]
                return m
        deadline = time.time() + TIMEOUT
        while True:
            m = self._next(deadline, name)
            if m.get("method") == name:
                return m
            self.events.append(m)

    def _next(self, deadline, what):
        left = deadline - time.time()
        if left <= 0:
            raise RuntimeError(f"timed out waiting for {what}")
        try:
            m = self.inbox.get(timeout=left)
        except queue.Empty:
            raise RuntimeError(f"timed out waiting for {what}") from None
        if m is None:
            raise RuntimeError(f"the browser closed the pipe while waiting for {what}")
        return m

    def open_page(self, width, height):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=False,
        )
        self.session = attached["sessionId"]
        for domain in ["Page", "Runtime", "Log", "Network"]:
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def goto(self, url):
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluation failed: {r['exceptionDetails']}")
        return r["result"]["value"]

    def screenshot(self, path, max_height):
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics["cssContentSize"]
        clip = {
            "x": 0,
            "y": 0,
            "width": size["width"],
            "height": min(size["height"], max_height),
            "scale": 1,
        }
        shot = self.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )
        pathlib.Path(path).write_bytes(base64.b64decode(shot["data"]))

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def problems_logged(events):
    """Console errors, exceptions and failed or blocked loads among the page's events."""
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            out.append(f"exception: {p['exceptionDetails'].get('text')}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            out.append(f"console {p['type']}: {[a.get('value') for a in p.get('args', [])]}")
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            out.append(f"log {p['entry']['level']}: {p['entry']['text']}")
        elif m == "Network.loadingFailed":
            out.append(f"load failed: {p.get('errorText')} {p.get('blockedReason', '')}")
    return out


def requests_made(events):
    return [
        e["params"]["request"]["url"]
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report", type=pathlib.Path, help="the folder `tollgate report` wrote")
    ap.add_argument("--shots", type=pathlib.Path, required=True, help="where to write screenshots")
    ap.add_argument("--project", required=True, help="the project whose page is photographed")
    ap.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="PROJECT:KPI@GATE",
        help="a chart that must be there (repeatable)",
    )
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    args = ap.parse_args()

    report = args.report.resolve()
    base = report.as_uri()
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    args.shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        try:
            b = Browser(args.chromium, profile)
            b.open_page(1200, 900)
        except (OSError, RuntimeError) as e:
            print(f"error: cannot start {args.chromium}: {e}", file=sys.stderr)
            return 2
        try:
            b.events.clear()
            b.goto(f"{base}/index.html")
            facts = b.evaluate(FACTS)
            b.screenshot(args.shots / "report-portfolio.png", 1000)
            pages = [("portfolio", facts, list(b.events))]
            check(len(facts["projectLinks"]) > 0, f"portfolio links {len(facts['projectLinks'])} projects")
            expected = {e.split(":", 1)[0] for e in args.expect} | {args.project}
            linked = {pathlib.Path(u).stem for u in facts["projectLinks"]}
            check(expected <= linked, f"portfolio links every expected project ({sorted(expected)})")
            check(facts["statuses"] != [], f"portfolio shows gate statuses {facts['statuses']}")

            for url in facts["projectLinks"]:
                name = pathlib.Path(url).stem
                b.events.clear()
                b.goto(url)
                f = b.evaluate(FACTS)
                pages.append((name, f, list(b.events)))
                if name == args.project:
                    b.screenshot(args.shots / "report-project.png", 1800)
                    b.call("Emulation.setEmulatedMedia", {"media": "print"})
                    pf = b.evaluate(PRINT_FACTS)
                    pdf = b.call("Page.printToPDF", {"printBackground": True})
                    b.call("Emulation.setEmulatedMedia", {"media": ""})
                    check(pf["navHidden"], f"{name}: navigation hidden in print")
                    check(pf["columns"] == 1, f"{name}: chart and table one above the other in print")
                    check(
                        0 < pf["chartWidth"] <= pf["pageWidth"],
                        f"{name}: chart fits the printed page ({pf['chartWidth']:.0f} of {pf['pageWidth']} px)",
                    )
                    check(len(base64.b64decode(pdf["data"])) > 10_000, f"{name}: prints to PDF")
        except RuntimeError as e:
            print(f"error: {e}", file=sys.stderr)
            b.close()
            print(getattr(b, "stderr", b"").decode(errors="replace")[-2000:], file=sys.stderr)
            return 2
        b.close()

    for name, f, events in pages:
        requests = requests_made(events)
        outside = [u for u in requests if not u.startswith(base + "/")]
        check(requests != [] and outside == [], f"{name}: {len(requests)} request(s), none outside the report {outside}")
        logged = problems_logged(events)
        check(logged == [], f"{name}: no console errors {logged}")
        check(f["scripts"] == 0, f"{name}: no script element")
        check(f["width"] <= 1200, f"{name}: no horizontal overflow ({f['width']} px)")
        if name == "portfolio":
            continue
        for fig in f["figures"]:
            label = f"{name}: chart {fig['kpi']}@{fig['gate']}"
            t = fig["threshold"]
            check(fig["svg"] and fig["rendered"] > 200, f"{label} is drawn ({fig['rendered']:.0f} px wide)")
            check(
                t is not None and t["d"] and t["box"]["w"] > 0,
                f"{label} has a threshold line ({t and t['d']})",
            )
            pts = fig["points"]
            check(len(pts) > 0, f"{label} has a data series ({[p['value'] for p in pts]})")
            vb = fig["viewBox"] or {"w": 0, "h": 0}
            inside = all(
                0 <= p["box"]["x"] and p["box"]["x"] + p["box"]["w"] <= vb["w"]
                and 0 <= p["box"]["y"] and p["box"]["y"] + p["box"]["h"] <= vb["h"]
                for p in pts
            )
            check(inside, f"{label}: every mark inside the chart")
            check(
                fig["tableRows"] == min(len(pts), 10),
                f"{label} has a table of its latest values ({fig['tableRows']} rows)",
            )
            check(fig["title"] != "", f"{label} has a text alternative")
        charted = {(fig["kpi"], fig["gate"]) for fig in f["figures"]}
        gate = (f["gate"] or "").split(" ")[-2].lower() if f["gate"] else ""
        for kpi in f["kpiTable"]:
            check((kpi, gate) in charted, f"{name}: KPI {kpi} at the {gate} gate has a chart")
        for e in args.expect:
            project, rest = e.split(":", 1)
            kpi, gate = rest.split("@", 1)
            if project == name:
                check((kpi, gate) in charted, f"{name}: expected chart {kpi}@{gate}")
    print(f"screenshots: {args.shots / 'report-portfolio.png'}, {args.shots / 'report-project.png'}")
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
