"""Turns the raw outputs of bench/run.sh (bench/out/) into the markdown tables of docs/benchmarks.md.

Usage: /usr/bin/python3 bench/report.py bench/out SECONDS WARMUP LATENCY_SECONDS
Only reads files; every number printed comes from a file under bench/out/.
"""
import json
import os
import re
import sys

OUT, SECONDS, WARMUP, LAT_SECONDS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
TP = os.path.join(OUT, "throughput")

TOOLS = [
    ("loadtest", "**loadtest** (this engine)"),
    ("wrk", "wrk (`-t1`)"),
    ("hey", "hey"),
    ("locust", "Locust FastHttpUser"),
    ("gatling", "Gatling"),
    ("jdk-httpclient", "JDK HttpClient, 50 virtual threads (default executor)"),
    ("jdk-httpclient-vt", "JDK HttpClient, 50 virtual threads (virtual-thread executor)"),
]


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


def kv(path):
    text = read(path) or ""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def num(s):
    return int(s.replace(",", ""))


def count_requests(name):
    """(completed requests, failed requests) as the tool itself reports them."""
    # Locust logs its final summary to stderr; the others print to stdout.
    out = (read(os.path.join(TP, name + ".out")) or "") + (read(os.path.join(TP, name + ".err")) or "")
    if name == "wrk":
        m = re.search(r"^\s*(\d+) requests in", out, re.M)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        failed = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, errs.groups())) if errs else 0)
        return (int(m.group(1)), failed) if m else None
    if name == "hey":
        codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)
        if not codes:
            return None
        ok = sum(int(n) for c, n in codes if c == "200")
        bad = sum(int(n) for c, n in codes if c != "200")
        tail = out.split("Error distribution:", 1)
        errors = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]\s", tail[1], re.M)) if len(tail) > 1 else 0
        return ok + bad, bad + errors
    if name == "locust":
        m = re.search(r"^\s+Aggregated\s+(\d+)\s+(\d+)\(", out, re.M)
        return (int(m.group(1)), int(m.group(2))) if m else None
    if name == "gatling":
        rows = re.findall(r"^> Global\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)", out, re.M)
        return (num(rows[-1][0]), num(rows[-1][2])) if rows else None
    if name.startswith("jdk-httpclient"):
        m = re.search(r"requests=(\d+) failed=(\d+)", out)
        return (int(m.group(1)) + int(m.group(2)), int(m.group(2))) if m else None
    if name == "loadtest":
        s = read(os.path.join(TP, "loadtest-results", "summary.json"))
        if not s:
            return None
        j = json.loads(s)["metrics"]
        return j["http_reqs"]["count"], j["http_req_failed"]["passes"]
    return None


def cpu_seconds(name):
    t = read(os.path.join(TP, name + ".time"))
    if not t:
        return None
    u, s, e, m = t.strip().splitlines()[-1].split()
    return float(u), float(s), float(e), int(m)


rows = {}
for name, label in TOOLS:
    skipped = read(os.path.join(TP, name + ".skipped"))
    if skipped is not None or read(os.path.join(TP, name + ".out")) is None:
        rows[name] = {"label": label, "skipped": (skipped or "not run").strip()}
        continue
    r = {"label": label}
    c = count_requests(name)
    t = cpu_seconds(name)
    w = kv(os.path.join(TP, name + ".window"))
    if c is None or t is None:
        r["skipped"] = "no result (see bench/out/throughput/%s.out and .err)" % name
        rows[name] = r
        continue
    r["requests"], r["failed"] = c
    r["user"], r["sys"], r["elapsed"], r["maxrss_kb"] = t
    r["cpu"] = r["user"] + r["sys"]
    # Whole-run CPU per request divides by the requests nginx answered during the tool's run (one
    # method for every tool; tools differ in whether they count the requests in flight at the end).
    r["nginx_total"] = int(w["nginx_requests_total"]) if w.get("nginx_requests_total", "").isdigit() else None
    denominator = r["nginx_total"] or r["requests"]
    r["us_per_req"] = r["cpu"] * 1e6 / denominator if denominator else float("nan")
    if w.get("window") == "ok" and int(w["window_requests"]) > 0:
        r["w_s"] = float(w["window_s"])
        r["w_cpu"] = float(w["window_cpu_s"])
        r["w_req"] = int(w["window_requests"])
        r["w_rps"] = r["w_req"] / r["w_s"]
        r["w_us"] = r["w_cpu"] * 1e6 / r["w_req"]
        r["w_core1_other"] = max(0.0, float(w["window_core1_busy_s"]) - r["w_cpu"]) / r["w_s"]
        r["w_core0"] = float(w["window_core0_busy_s"]) / r["w_s"]
        r["connections"] = w.get("connections", "?")
        r["started_after"] = w.get("load_started_after_launch_s", "?")
    r["exit"] = w.get("exit_status", "?")
    r["attempts"] = w.get("attempts", "1")
    rows[name] = r


def f(x, fmt="%.1f"):
    return "n/a" if x is None else fmt % x


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


wrk = rows.get("wrk", {})
print("## Throughput and CPU per request")
print()
print(
    "nginx (1 worker, core 0) serving 100 bytes; each tool alone on core 1, %d keep-alive connections,"
    " %d s, no think time. *Whole run*: CPU (user+sys) of the whole process, startup and JIT warm-up"
    " included, divided by the requests nginx answered during the tool's run. *Steady state*: CPU from /proc/PID/stat and"
    " requests counted by nginx, from %d s after the first requests to 3 s before the end." % (50, SECONDS, WARMUP)
)
print()
print(
    "| tool | requests (tool's count) | requests (nginx's count) | failed | req/s (steady) | CPU s (user+sys) |"
    " CPU µs/req, whole run | × wrk | CPU µs/req, steady state | × wrk | connections |"
)
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, label in TOOLS:
    r = rows[name]
    if "skipped" in r:
        print("| %s | not run: %s | | | | | | | | | |" % (label, r["skipped"].replace("|", "/").replace("\n", " ")))
        continue
    print(
        "| %s | %d | %s | %d | %s | %.2f (%.2f + %.2f) | %.1f | %s | %s | %s | %s |"
        % (
            label,
            r["requests"],
            f(r["nginx_total"], "%d"),
            r["failed"],
            f(r.get("w_rps"), "%.0f"),
            r["cpu"],
            r["user"],
            r["sys"],
            r["us_per_req"],
            f(ratio(r["us_per_req"], wrk.get("us_per_req")), "%.2f"),
            f(r.get("w_us")),
            f(ratio(r.get("w_us"), wrk.get("w_us")), "%.2f"),
            r.get("connections", "?"),
        )
    )
print()
print("Measurement conditions (same run):")
print()
print(
    "| tool | load began after launch (s) | steady window (s) | core 1 busy with other processes in the window"
    " | core 0 busy (nginx + others) in the window | tool's wall time (s) | tool's max RSS (MB) | exit status | attempts |"
)
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, label in TOOLS:
    r = rows[name]
    if "skipped" in r:
        continue
    print(
        "| %s | %s | %s | %s | %s | %.1f | %.0f | %s | %s |"
        % (
            label,
            r.get("started_after", "?"),
            f(r.get("w_s")),
            f(None if r.get("w_core1_other") is None else 100 * r["w_core1_other"], "%.1f %%"),
            f(None if r.get("w_core0") is None else 100 * r["w_core0"], "%.0f %%"),
            r["elapsed"],
            r["maxrss_kb"] / 1024,
            r["exit"],
            r["attempts"],
        )
    )
print()
busy = [rows[n]["label"] for n, _ in TOOLS if rows[n].get("w_core1_other", 0) > 0.10]
if busy:
    print("**Warning:** other processes used more than 10 %% of core 1 during the steady window of: %s."
          " Their numbers are less reliable (this machine is shared)." % ", ".join(busy))
    print()

# ---------------------------------------------------------------------------------------------
LAT = os.path.join(OUT, "latency")


def wrk_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v)
    if not m:
        return None
    x = float(m.group(1))
    return x / 1000 if m.group(2) == "us" else x if m.group(2) == "ms" else x * 1000


lat = {}
s = read(os.path.join(LAT, "loadtest-results", "summary.json"))
if s:
    m = json.loads(s)["metrics"]
    d = m["http_req_duration"]
    lat["loadtest"] = dict(n=m["http_reqs"]["count"], failed=m["http_req_failed"]["passes"], p50=d["med"],
                           p90=d["p(90)"], p99=d["p(99)"], avg=d["avg"], max=d["max"])
w = read(os.path.join(LAT, "wrk.out"))
if w:
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", w, re.M))
    n = re.search(r"^\s*(\d+) requests in", w, re.M)
    avg = re.search(r"^\s+Latency\s+(\S+)\s+\S+\s+(\S+)", w, re.M)
    if pct and n:
        lat["wrk"] = dict(n=int(n.group(1)), failed=0, p50=wrk_ms(pct["50"]), p90=wrk_ms(pct["90"]),
                          p99=wrk_ms(pct["99"]), avg=wrk_ms(avg.group(1)) if avg else None,
                          max=wrk_ms(avg.group(2)) if avg else None)
print("## Latency accuracy (endpoint answering after exactly 50 ms)")
print()
print("Demo target on core 0 (`--fixed-latency-ms 50`), POST /api/query `{\"q\":\"x\"}`, 10 connections, %d s, client on core 1." % LAT_SECONDS)
print()
print("| tool | requests | p50 (ms) | p90 (ms) | p99 (ms) | avg (ms) | max (ms) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, label in [("loadtest", "**loadtest**"), ("wrk", "wrk `--latency`")]:
    x = lat.get(name)
    if not x:
        print("| %s | not run / no result | | | | | |" % label)
        continue
    print("| %s | %d | %.2f | %.2f | %.2f | %s | %s |" % (label, x["n"], x["p50"], x["p90"], x["p99"],
                                                        f(x["avg"], "%.2f"), f(x["max"], "%.2f")))
print()

# ---------------------------------------------------------------------------------------------
IDLE = os.path.join(OUT, "idle")
CASES = [
    ("10k-keepalive", "base-keepalive", "10,000", "one request done, parked in think time, **holding its keep-alive connection**"),
    ("10k-close", "base-close", "10,000", "one request done (server sent `Connection: close`), parked in think time, no socket"),
    ("100k-close", "base-close", "100,000", "one request done (server sent `Connection: close`), parked in think time, no socket"),
]


def histogram(label):
    text = read(os.path.join(IDLE, label + ".histogram")) or ""
    h = {}
    for line in text.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            h[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return h


print("## Idle virtual users (heap per user)")
print()
print(
    "Live heap = total of `jcmd PID GC.class_histogram` (taken after the full GC it triggers), minus the"
    " same for a 10-user run of the same scenario; divided by the extra users."
)
print()
print("| users | what \"idle\" means | open file descriptors in the engine | live heap (MB) | baseline (MB) | **heap per idle user** | RSS (MB) | requests ok / failed |")
print("|---:|---|---:|---:|---:|---:|---:|---|")
idle = {}
for label, base, users, meaning in CASES:
    skipped = read(os.path.join(IDLE, label + ".skipped"))
    a, b = kv(os.path.join(IDLE, label + ".txt")), kv(os.path.join(IDLE, base + ".txt"))
    if skipped or "histogram_total_bytes" not in a or "histogram_total_bytes" not in b:
        print("| %s | %s | not run: %s | | | | | |" % (users, meaning, (skipped or "no result").strip()))
        continue
    problem = read(os.path.join(IDLE, label + ".problem"))
    n, n0 = int(a["users"]), int(b["users"])
    per = (int(a["histogram_total_bytes"]) - int(b["histogram_total_bytes"])) / (n - n0)
    idle[label] = per
    sj = read(os.path.join(IDLE, label + "-results", "summary.json"))
    okfail = "?"
    if sj:
        mm = json.loads(sj)["metrics"]
        okfail = "%d / %d" % (mm["http_req_failed"]["fails"], mm["http_req_failed"]["passes"])
    print(
        "| %s | %s%s | %s | %.1f | %.1f | **%.0f bytes** | %.0f | %s |"
        % (users, meaning, (" (" + problem.strip() + ")") if problem else "", a.get("engine_open_fds", "?"),
           int(a["histogram_total_bytes"]) / 1e6, int(b["histogram_total_bytes"]) / 1e6, per,
           int(a["rss_kb"]) / 1024, okfail)
    )
print()
if os.path.exists(os.path.join(IDLE, "100k-close.histogram")):
    h, h0 = histogram("100k-close"), histogram("base-close")
    n = int(kv(os.path.join(IDLE, "100k-close.txt"))["users"]) - int(kv(os.path.join(IDLE, "base-close.txt"))["users"])
    diffs = sorted(((v[1] - h0.get(k, (0, 0))[1], k) for k, v in h.items()), reverse=True)[:12]
    print("Where an idle user's heap goes (100,000 users minus the 10-user baseline, top classes):")
    print()
    print("| class | bytes per user |")
    print("|---|---:|")
    for d, k in diffs:
        print("| `%s` | %.0f |" % (k, d / n))
    print()
if os.path.exists(os.path.join(IDLE, "10k-keepalive.histogram")) and os.path.exists(os.path.join(IDLE, "10k-close.histogram")):
    h, h0 = histogram("10k-keepalive"), histogram("10k-close")
    diffs = sorted(((v[1] - h0.get(k, (0, 0))[1], k) for k, v in h.items()), reverse=True)[:8]
    print("What holding the keep-alive connection adds (10,000 keep-alive minus 10,000 closed, top classes):")
    print()
    print("| class | bytes per user |")
    print("|---|---:|")
    for d, k in diffs:
        print("| `%s` | %.0f |" % (k, d / 10000))
    print()

# ---------------------------------------------------------------------------------------------
print("## Goals")
print()
lt = rows.get("loadtest", {})


def goal(text, ok, detail):
    print("| %s | %s | %s |" % (text, "n/a" if ok is None else ("**met**" if ok else "**not met**"), detail))


print("| goal | result | numbers |")
print("|---|---|---|")
for key, what in [("us_per_req", "whole run"), ("w_us", "steady state")]:
    rw = ratio(lt.get(key), wrk.get(key))
    goal("CPU/request ≤ 1.5 × wrk (%s)" % what, None if rw is None else rw <= 1.5,
         "%s vs %s µs → %s ×" % (f(lt.get(key)), f(wrk.get(key)), f(rw, "%.2f")))
    lo = rows.get("locust", {})
    rl = ratio(lt.get(key), lo.get(key))
    goal("CPU/request ≤ 1/10 of Locust FastHttpUser (%s)" % what, None if rl is None else rl <= 0.1,
         "%s vs %s µs → %s of Locust" % (f(lt.get(key)), f(lo.get(key)), f(rl, "%.3f")))
    ga = rows.get("gatling", {})
    rg = ratio(lt.get(key), ga.get(key))
    goal("CPU/request below Gatling (%s)" % what, None if rg is None else rg < 1,
         "%s vs %s µs → %s of Gatling" % (f(lt.get(key)), f(ga.get(key)), f(rg, "%.3f")))
for label, _, users, _ in CASES:
    if label in idle:
        goal("< 5 KB per idle user (%s users, %s)" % (users, "keep-alive connection held" if "keepalive" in label else "no socket"),
             idle[label] < 5000, "%.0f bytes" % idle[label])
if "loadtest" in lat and "wrk" in lat:
    dp = lat["loadtest"]["p50"] - lat["wrk"]["p50"]
    goal("p50 of a 50 ms endpoint within 1 ms of wrk's", abs(dp) <= 1.0,
         "%.2f ms vs %.2f ms (difference %+.2f ms)" % (lat["loadtest"]["p50"], lat["wrk"]["p50"], dp))
print()
print("Machine and versions (bench/out/machine.txt):")
print()
print("```")
print((read(os.path.join(OUT, "machine.txt")) or "").strip())
print("```")
