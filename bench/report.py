#!/usr/bin/env python3
"""Turns the suite's JMH JSON (and the heap-delta JSON) into the markdown results table.

Usage: report.py RESULTS.json [HEAP.json] [--command "..."] [--load "..."] > RESULTS.md

Times are ns/op: the median of the measurement iterations, and JMH's score (mean) with its 99.9 %
error. B/op is JMH's gc.alloc.rate.norm (every thread's allocation, divided by operations). The
floors of issue 6 are evaluated on ratios of medians measured in the same run.
"""
import json
import os
import platform
import subprocess
import sys

PKG = "io.brama.benchmarks."
ZERO_BYTES = 0.5  # B/op below this is "0" (JMH prints ~0.001 for an allocation-free path)

CLOSED = [
    ("HotPathBenchmark.direct", "direct call (baseline)"),
    ("HotPathBenchmark.counterFloor", "one bare `LongAdder.increment()` (the counters' floor)"),
    ("HotPathBenchmark.limit", "limit: minimal `ConcurrentHashMap` breaker, `available`+`success`"),
    ("HotPathBenchmark.call", "Brama `brama.call(id, action)`"),
    ("HotPathBenchmark.circuitCall", "Brama `circuit.call(action)`"),
    ("HotPathBenchmark.availableSuccess", "Brama `available(id)` + `success(id)`"),
    ("HotPathBenchmark.tryAcquireSuccess", "Brama `tryAcquire(id)` + `permit.success()`"),
    ("HotPathBenchmark.callCounted", "Brama `brama.call`, call counters on"),
    ("HotPathBenchmark.circuitCallCounted", "Brama `circuit.call`, call counters on"),
    ("HotPathBenchmark.availableSuccessCounted", "Brama `available` + `success`, call counters on"),
    ("HotPathBenchmark.tryAcquireSuccessCounted", "Brama `tryAcquire` + `success`, call counters on"),
    ("DecoratorBenchmark.proxy", "Brama `@CircuitBreaker` proxy (`int next(int)`)"),
    ("DecoratorBenchmark.proxyPassThrough", "JDK proxy, unannotated method (proxy's own cost)"),
    ("DecoratorBenchmark.bramaCall", "Brama `brama.call` with a capturing lambda"),
    ("DecoratorBenchmark.direct", "target called directly (proxy baseline)"),
    ("HotPathBenchmark.countRateCall", "Brama `circuit.call`, rate policy, last 100 calls"),
    ("HotPathBenchmark.timedRateCall", "Brama `circuit.call`, rate policy, last 10 s"),
    ("PeerBenchmark.r4jExecute", "Resilience4j `executeSupplier`"),
    ("PeerBenchmark.r4jRegistryExecute", "Resilience4j `registry.circuitBreaker(name).executeSupplier`"),
    ("PeerBenchmark.r4jPermit", "Resilience4j `tryAcquirePermission` + `onSuccess`"),
    ("PeerBenchmark.failsafeWithGet", "Failsafe `Failsafe.with(cb).get`"),
    ("PeerBenchmark.failsafeExecutorGet", "Failsafe `executor.get`"),
    ("PeerBenchmark.failsafePermit", "Failsafe `tryAcquirePermit` + `recordSuccess`"),
]
OPEN = [
    ("OpenCircuitBenchmark.bramaCall", "Brama `call`: `CircuitOpenException`"),
    ("OpenCircuitBenchmark.bramaTryAcquire", "Brama `tryAcquire`: refused permit"),
    ("OpenCircuitBenchmark.r4jExecute", "Resilience4j `executeSupplier`: `CallNotPermittedException`"),
    ("OpenCircuitBenchmark.r4jPermit", "Resilience4j `tryAcquirePermission`: false"),
    ("OpenCircuitBenchmark.failsafeGet", "Failsafe `executor.get`: `CircuitBreakerOpenException`"),
    ("OpenCircuitBenchmark.failsafePermit", "Failsafe `tryAcquirePermit`: false"),
]
MIX = [
    ("FailureMixBenchmark.bramaCall", "Brama `brama.call`"),
    ("FailureMixBenchmark.bramaPermit", "Brama `tryAcquire` + `success`/`failure`"),
    ("FailureMixBenchmark.bramaAvailable", "Brama `available` + `success`/`failure`"),
    ("FailureMixBenchmark.r4jExecute", "Resilience4j `executeSupplier`"),
    ("FailureMixBenchmark.r4jPermit", "Resilience4j `tryAcquirePermission` + `onSuccess`/`onError`"),
    ("FailureMixBenchmark.failsafeGet", "Failsafe `executor.get`"),
    ("FailureMixBenchmark.failsafePermit", "Failsafe `tryAcquirePermit` + `recordSuccess`/`recordFailure`"),
]
FLAP = [
    ("FlappingBenchmark.brama", "Brama `brama.call`"),
    ("FlappingBenchmark.bramaWatched", "Brama `brama.call`, a STATE_CHANGE subscriber (timer on)"),
    ("FlappingBenchmark.r4j", "Resilience4j `executeSupplier`"),
    ("FlappingBenchmark.failsafe", "Failsafe `executor.get`"),
]
EVENTS = [
    ("EventsBenchmark.call subscriber=none", "healthy `brama.call`, no subscriber"),
    ("EventsBenchmark.call subscriber=stateChange", "healthy `brama.call`, 1 STATE_CHANGE subscriber"),
    ("EventsBenchmark.call subscriber=all", "healthy `brama.call`, 1 all-events subscriber (full queue)"),
    ("EventsBenchmark.failureMix subscriber=none", "10 % failures, no subscriber"),
    ("EventsBenchmark.failureMix subscriber=stateChange", "10 % failures, 1 STATE_CHANGE subscriber"),
    ("EventsBenchmark.failureMix subscriber=all", "10 % failures, 1 all-events subscriber (full queue)"),
]
SCALE = [(f"ScaleBenchmark.{m} size={n}", f"{label}, {int(n):,} ids")
         for n in ("10", "10000", "1000000")
         for m, label in (("available", "Brama `available(id)`"),
                          ("mapGet", "bare `ConcurrentHashMap.get`"),
                          ("minimalAvailable", "minimal reference `available(id)`"))]
RATE = [
    ("RateWindowBenchmark.bramaCountCall", "Brama last 100 calls, `circuit.call`"),
    ("RateWindowBenchmark.bramaCountPermit", "Brama last 100 calls, `tryAcquire`+`success`"),
    ("RateWindowBenchmark.r4jCountExecute", "Resilience4j COUNT_BASED 100, `executeSupplier`"),
    ("RateWindowBenchmark.r4jCountPermit", "Resilience4j COUNT_BASED 100, `tryAcquirePermission`+`onSuccess`"),
    ("RateWindowBenchmark.bramaTimedCall", "Brama last 10 s, `circuit.call`"),
    ("RateWindowBenchmark.r4jTimedExecute", "Resilience4j TIME_BASED 10 s, `executeSupplier`"),
]
REACTOR = [
    ("ReactorBenchmark.bareMono", "`Mono.just(x)`, no operator (baseline)"),
    ("ReactorBenchmark.bramaMono", "`Mono.just(x)`, Brama `BramaOperator`"),
    ("ReactorBenchmark.r4jMono", "`Mono.just(x)`, Resilience4j `CircuitBreakerOperator`"),
    ("ReactorBenchmark.bareFlux", "`Flux.range(0, 100)`, no operator (baseline)"),
    ("ReactorBenchmark.bramaFlux", "`Flux.range(0, 100)`, Brama `BramaOperator`"),
    ("ReactorBenchmark.r4jFlux", "`Flux.range(0, 100)`, Resilience4j `CircuitBreakerOperator`"),
]
JFR = [
    (f"JfrBenchmark.{m} jfr={j}", f"{label}, {'no recording' if j == 'off' else 'recording both events'}")
    for m, label in (("closedCall", "closed `brama.call`"),
                     ("closedTryAcquireSuccess", "closed `tryAcquire`+`success`"),
                     ("openTryAcquire", "open `tryAcquire` (refused)"),
                     ("openCall", "open `brama.call` (rejected)"))
    for j in ("off", "recording")
]
HTTP = [
    ("HttpClientBenchmark.bareSend", "JDK `HttpClient.send`, GET on loopback (baseline)"),
    ("HttpClientBenchmark.bramaSend", "`BramaHttpClient.wrap(client, brama).send`"),
    ("HttpClientBenchmark.bareSendAsync", "JDK `HttpClient.sendAsync(...).join()` (baseline)"),
    ("HttpClientBenchmark.bramaSendAsync", "`BramaHttpClient.wrap(client, brama).sendAsync(...).join()`"),
]


def key_of(entry):
    name = entry["benchmark"]
    if name.startswith(PKG):
        name = name[len(PKG):]
    params = entry.get("params") or {}
    if params:
        name += " " + " ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return name


def load(path):
    with open(path) as f:
        data = json.load(f)
    results = {}
    for e in data:
        pm = e["primaryMetric"]
        raw = [x for fork in pm.get("rawData", []) for x in fork]
        median = pm.get("scorePercentiles", {}).get("50.0", pm["score"])
        alloc = e.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        results[(key_of(e), e["threads"])] = {
            "median": float(median),
            "score": float(pm["score"]),
            "error": float(pm["scoreError"]),  # "NaN" with fewer than 2 iterations
            "n": len(raw),
            "alloc": float(alloc["score"]) if alloc else None,
        }
    return results


def fmt_ns(v):
    if v is None:
        return "–"
    if v != v:  # NaN error (a single iteration)
        return "n/a"
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def fmt_b(v):
    if v is None:
        return "–"
    if v < ZERO_BYTES:
        return "0"
    return f"{v:,.0f}"


def cell(r):
    if r is None:
        return "–", "–"
    return fmt_ns(r["median"]), f"{fmt_ns(r['score'])} ± {fmt_ns(r['error'])}"


def table(results, rows, title, threads):
    out = [f"### {title}", ""]
    head = "| path |"
    sep = "|---|"
    for t in threads:
        head += f" {t} thr median | {t} thr score ± err |"
        sep += "---:|---:|"
    head += " B/op " + " / ".join(f"{t} thr" for t in threads) + " |"
    sep += "---:|"
    out += [head, sep]
    any_row = False
    for key, label in rows:
        rs = [results.get((key, t)) for t in threads]
        if all(r is None for r in rs):
            continue
        any_row = True
        line = f"| {label} |"
        for r in rs:
            m, s = cell(r)
            line += f" {m} | {s} |"
        line += " " + " / ".join(fmt_b(r["alloc"]) if r else "–" for r in rs) + " |"
        out.append(line)
    out.append("")
    return out if any_row else []


def ratio(results, a, b, t):
    ra, rb = results.get((a, t)), results.get((b, t))
    if ra is None or rb is None or rb["median"] == 0:
        return None
    return ra["median"] / rb["median"]


def alloc(results, key, t):
    r = results.get((key, t))
    return None if r is None else r["alloc"]


def mark(ok, measured=True):
    if not measured:
        return "not measured in this run"
    return "**met**" if ok else "**not met**"


def measured(results, *prefixes):
    """Whether this run has a row of any of these benchmarks (a subset run leaves floors out)."""
    return any(key.startswith(p) for key, _ in results for p in prefixes)


def floors(results, heap, threads):
    out = ["## Floors (issue 6), ratios of medians from this run", ""]
    out += ["| # | floor | measured | verdict |", "|---|---|---|---|"]

    def rfmt(x):
        return "–" if x is None else f"{x:.3g}"

    # 1
    parts, ok = [], True
    for t in threads:
        r = ratio(results, "HotPathBenchmark.call", "PeerBenchmark.r4jExecute", t)
        b = alloc(results, "HotPathBenchmark.call", t)
        parts.append(f"{t} thr: {rfmt(r)}x R4j, {fmt_b(b)} B/op")
        ok &= r is not None and r <= 0.1 and b is not None and b < ZERO_BYTES
    out.append(f"| 1 | `brama.call` ≤ 1/10 of Resilience4j `executeSupplier`, 0 B/op, 1 and 2 threads"
               f" | {'; '.join(parts)} | {mark(ok, measured(results, 'HotPathBenchmark.call'))} |")
    # 2
    parts, ok = [], True
    for t in threads:
        r = ratio(results, "HotPathBenchmark.availableSuccess", "HotPathBenchmark.limit", t)
        b = alloc(results, "HotPathBenchmark.availableSuccess", t)
        parts.append(f"{t} thr: {rfmt(r)}x limit, {fmt_b(b)} B/op")
        ok &= r is not None and r <= 2 and b is not None and b < ZERO_BYTES
    out.append(f"| 2 | `available`+`success` ≤ 2x the minimal reference, 0 B/op | {'; '.join(parts)}"
               f" | {mark(ok, measured(results, 'HotPathBenchmark.availableSuccess'))} |")
    # 3
    parts, ok = [], True
    for t in threads:
        r = ratio(results, "OpenCircuitBenchmark.bramaCall", "OpenCircuitBenchmark.bramaTryAcquire", t)
        b = alloc(results, "OpenCircuitBenchmark.bramaTryAcquire", t)
        parts.append(f"{t} thr: `call` {rfmt(r)}x `tryAcquire`, `tryAcquire` {fmt_b(b)} B/op")
        ok &= r is not None and r <= 10 and b is not None and b < ZERO_BYTES
    out.append(f"| 3 | open circuit: `tryAcquire` 0 B/op, rejection by exception ≤ 10x no-throw"
               f" | {'; '.join(parts)} | {mark(ok, measured(results, 'OpenCircuitBenchmark.'))} |")
    # 4
    parts, ok = [], True
    for n in ("10", "10000", "1000000"):
        for t in threads:
            r = ratio(results, f"ScaleBenchmark.available size={n}",
                      f"ScaleBenchmark.mapGet size={n}", t)
            parts.append(f"{int(n):,} ids {t} thr: {rfmt(r)}x")
            ok &= r is not None and r <= 1.5
    out.append(f"| 4 | `available(id)` ≤ 1.5x a bare `ConcurrentHashMap.get`, same ids and size"
               f" | {'; '.join(parts)} | {mark(ok, measured(results, 'ScaleBenchmark.'))} |")
    # 5
    if heap:
        by = {r["name"]: r["bytesPerConnection"] for r in heap["results"]}
        b = by.get("Brama")
        fs = by.get("Failsafe")
        ok = b is not None and b <= 512
        aim = "" if b is None or fs is None else (
            f" (aim below Failsafe's {fs:.0f} B: {'reached' if b < fs else 'not reached'})")
        out.append(f"| 5 | retained heap per connection ≤ 512 B | Brama {b:.0f} B{aim} | {mark(ok)} |")
    else:
        out.append("| 5 | retained heap per connection ≤ 512 B | not measured | **not met** |")
    # 6
    if len(threads) >= 2:
        t1, t2 = threads[0], threads[1]
        parts, ok = [], True
        for key, label in (("HotPathBenchmark.call", "`brama.call`"),
                           ("HotPathBenchmark.circuitCall", "`circuit.call`"),
                           ("HotPathBenchmark.availableSuccess", "`available`+`success`"),
                           ("HotPathBenchmark.tryAcquireSuccess", "`tryAcquire`+`success`")):
            ra, rb = results.get((key, t2)), results.get((key, t1))
            r = None if ra is None or rb is None else ra["median"] / rb["median"]
            parts.append(f"{label} {rfmt(r)}x")
            ok &= r is not None and r <= 1.5
        out.append(f"| 6 | closed path: {t2}-thread time/op ≤ 1.5x the {t1}-thread time/op"
                   f" | {'; '.join(parts)} | {mark(ok, measured(results, 'HotPathBenchmark.'))} |")
    # issue 7: call counters may add at most 5 ns per call
    parts, ok, seen = [], True, False
    for t in threads:
        for key in ("call", "circuitCall", "availableSuccess", "tryAcquireSuccess"):
            on = results.get(("HotPathBenchmark." + key + "Counted", t))
            off = results.get(("HotPathBenchmark." + key, t))
            if on is None or off is None:
                continue
            seen = True
            d = on["median"] - off["median"]
            parts.append(f"{key} {t} thr +{d:.2f} ns")
            ok &= d <= 5
    floors = [f"{t} thr {results[('HotPathBenchmark.counterFloor', t)]['median']:.2f} ns"
              for t in threads if ("HotPathBenchmark.counterFloor", t) in results]
    if floors:
        parts.append("floor (one bare `LongAdder.increment()`): " + ", ".join(floors))
    if seen:
        out.append(f"| 7 | (issue 7) call counters on: at most +5 ns per call | {'; '.join(parts)}"
                   f" | {mark(ok)} |")
    # issue 18: the reactive operator's overhead over the bare pipeline, beside Resilience4j's
    parts, ok, seen = [], True, False
    for kind in ("Mono", "Flux"):
        for t in threads:
            bare = results.get((f"ReactorBenchmark.bare{kind}", t))
            ours = results.get((f"ReactorBenchmark.brama{kind}", t))
            theirs = results.get((f"ReactorBenchmark.r4j{kind}", t))
            if bare is None or ours is None or theirs is None:
                continue
            seen = True
            d_ours, d_theirs = ours["median"] - bare["median"], theirs["median"] - bare["median"]
            r = d_ours / d_theirs if d_theirs > 0 else None
            parts.append(f"{kind} {t} thr: +{d_ours:.0f} ns vs +{d_theirs:.0f} ns ({rfmt(r)}x),"
                         f" {fmt_b(ours['alloc'])} vs {fmt_b(theirs['alloc'])} B/op")
            ok &= (r is not None and r <= 0.5 and ours["alloc"] is not None
                   and theirs["alloc"] is not None and ours["alloc"] <= theirs["alloc"])
    if seen:
        out.append(f"| 8 | (issue 18) operator overhead over the bare pipeline ≤ 1/2 of Resilience4j's,"
                   f" B/op ≤ Resilience4j's | {'; '.join(parts)} | {mark(ok)} |")
    out.append("")
    return out


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
        java = java.strip().splitlines()[-1]
    except OSError:
        java = "?"
    return (f"{os.cpu_count()} vCPU ({cpu}), {mem} RAM, {platform.system()} {platform.release()}, "
            f"{java}")


def main(argv):
    args, opts = [], {}
    i = 0
    while i < len(argv):
        if argv[i].startswith("--"):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    results = load(args[0])
    heap = None
    if len(args) > 1 and os.path.exists(args[1]):
        with open(args[1]) as f:
            heap = json.load(f)
    threads = sorted({t for (_, t) in results})
    out = ["# Brama performance: side by side with Resilience4j 2.4.0 and Failsafe 3.3.2", ""]
    out.append(f"Machine: {machine()}. ")
    if "load" in opts:
        out.append(f"Load average before / after the run: {opts['load']}. ")
    out.append("The machine is shared and noisy: compare rows of one run (ratios), not runs. ")
    if "command" in opts:
        out.append(f"Command: `{opts['command']}`.")
    out += ["", "ns/op: median of the measurement iterations, and JMH's score (mean) ± its 99.9 % "
            "error. B/op: JMH `gc.alloc.rate.norm` (all threads' allocation per operation; "
            f"below {ZERO_BYTES} shown as 0). One breaker shared by all threads.", ""]
    out += floors(results, heap, threads)
    out += table(results, CLOSED, "Closed circuit, trivial action", threads)
    out += table(results, OPEN, "Open circuit: the rejection", threads)
    out += table(results, MIX, "Failure-heavy mix: 10 % failures, threshold never reached", threads)
    out += table(results, FLAP,
                 "Flapping: per op one failing call (opens), a clock step, one successful call "
                 "(half-open trial closes)", threads)
    out += table(results, EVENTS, "Subscribers (Brama)", threads)
    out += table(results, SCALE, "Registry scale: random ids", threads)
    out += table(results, RATE, "Rate windows, healthy traffic", threads)
    out += table(results, REACTOR,
                 "Reactive, closed circuit: one subscription per op, blocked for the result", threads)
    out += table(results, HTTP,
                 "JDK HttpClient, closed circuit: one GET of a loopback HttpServer per op", threads)
    out += table(results, JFR, "JFR events: without and with a recording", threads)
    known = {k for rows in (CLOSED, OPEN, MIX, FLAP, EVENTS, SCALE, RATE, REACTOR, HTTP, JFR)
             for k, _ in rows}
    other = sorted({k for (k, _) in results} - known)
    out += table(results, [(k, f"`{k}`") for k in other], "Other", threads)
    if heap:
        out += [f"### Retained heap per registered connection ({heap['connections']:,} connections, "
                f"median of {heap['runs']})", "", "| library | B/connection | runs | what |",
                "|---|---:|---|---|"]
        for r in heap["results"]:
            out.append(f"| {r['name']} | {r['bytesPerConnection']:.0f} | "
                       f"{', '.join(str(x) for x in r['runs'])} | {r['notes']} |")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
