'use strict';
/*
 * Per connection: a sparkline of calls, failures and rejections per second over 5 minutes (from
 * api/samples, sampled by the server every second), and a strip of its states over 15 minutes (from
 * api/timelines). Only rows on screen are drawn, and only when their data changed, so that a
 * thousand connections cost what the visible ones cost.
 */
window.BramaPlots = (function () {
  const { el, getJson, formatTime, STATE_LABELS } = window.Brama;
  const SLOTS = 300;
  const COLOURS = { calls: '#0969da', failures: '#cf222e', rejected: '#bf8700' };
  const STATE_COLOURS = { CLOSED: '#1a7f37', OPEN: '#cf222e', HALF_OPEN: '#bf8700' };

  const plots = new Map(); // connection id -> { td, spark, off, strip, visible, dirty, made }
  const samples = new Map(); // connection id -> { calls: [], failures: [], rejected: [] }
  let samplesEnd = null; // the epoch second of the newest slot
  let strips = new Map(); // connection id -> { base, since, changes }
  let stripsNow = 0;
  let stripsWindow = 15 * 60 * 1000;
  let countsCalls = true;
  let frame = 0;
  const visibility = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const plot = entry.target.plot;
      if (entry.isIntersecting && !plot.made) make(plot);
      plot.visible = entry.isIntersecting;
      if (plot.visible && plot.dirty) schedule();
    }
  }) : null;

  /**
   * The cell of one row: a sparkline over a state strip, or "counters off". Its canvases are made
   * when the row first comes on screen: a thousand rows make only the few dozen that are seen.
   */
  function cell(id) {
    const td = el('td', 'activity');
    const plot = { id: id, td: td, visible: false, dirty: true, made: false };
    td.plot = plot;
    plots.set(id, plot);
    if (visibility) visibility.observe(td); else make(plot);
    return td;
  }

  function make(plot) {
    plot.made = true;
    plot.visible = true;
    plot.spark = el('canvas', 'spark');
    plot.spark.width = 150;
    plot.spark.height = 26;
    plot.off = el('span', 'counters-off', 'counters off');
    plot.off.title = 'The Brama does not count calls: build it with countCalls(true)';
    plot.strip = el('canvas', 'strip');
    plot.strip.width = 150;
    plot.strip.height = 8;
    // the pointer's place is kept so a redraw under a still pointer keeps its tooltip
    plot.strip.addEventListener('mousemove', (event) => {
      plot.pointerX = event.clientX;
      describeHovered(plot);
    });
    plot.strip.addEventListener('mouseleave', () => {
      plot.pointerX = null;
      describeHovered(plot);
    });
    plot.td.append(plot.spark, plot.off, plot.strip);
    showCounters(plot);
  }

  function forget(id) {
    const plot = plots.get(id);
    if (plot && visibility) visibility.unobserve(plot.td);
    plots.delete(id);
  }

  function showCounters(plot) {
    if (!plot.made) return;
    plot.spark.hidden = !countsCalls;
    plot.off.hidden = countsCalls;
  }

  function setCountsCalls(on) {
    countsCalls = on;
    plots.forEach(showCounters);
  }

  function markAll() {
    plots.forEach((plot) => { plot.dirty = true; });
    schedule();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function draw() {
    frame = 0;
    for (const plot of plots.values()) {
      if (plot.dirty && plot.visible && plot.made) {
        plot.dirty = false;
        if (countsCalls) drawSpark(plot);
        drawStrip(plot);
      }
    }
  }

  // ---- samples ----

  async function loadSamples() {
    if (!countsCalls) return;
    const after = samplesEnd == null ? 0 : samplesEnd - 2; // the newest second may have grown
    const data = await getJson('api/samples?after=' + after);
    const started = performance.now();
    try {
      merge(data);
    } finally {
      const stats = window.bramaStats;
      if (stats) stats.maxSamplesMs = Math.max(stats.maxSamplesMs || 0, performance.now() - started);
    }
  }

  function merge(data) {
    if (data.countsCalls === false) {
      setCountsCalls(false);
      return;
    }
    const shift = samplesEnd == null ? SLOTS : Math.min(SLOTS, Math.max(0, data.end - samplesEnd));
    samplesEnd = data.end;
    for (const [id, series] of Object.entries(data.connections)) {
      let kept = samples.get(id);
      if (!kept) {
        kept = { calls: new Array(SLOTS).fill(null), failures: new Array(SLOTS).fill(null),
          rejected: new Array(SLOTS).fill(null) };
        samples.set(id, kept);
      }
      for (const name of ['calls', 'failures', 'rejected']) {
        const values = kept[name];
        if (shift > 0) values.splice(0, shift);
        while (values.length < SLOTS) values.push(null);
        const incoming = series[name];
        for (let i = 0; i < incoming.length; i++) values[SLOTS - incoming.length + i] = incoming[i];
      }
      const plot = plots.get(id);
      if (plot) plot.dirty = true;
    }
    for (const id of samples.keys()) {
      if (!(id in data.connections)) samples.delete(id);
    }
    schedule();
  }

  function drawSpark(plot) {
    const canvas = plot.spark;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const s = samples.get(plot.id);
    let calls = 0;
    let failures = 0;
    let rejected = 0;
    if (s) {
      let max = 1;
      for (let i = 0; i < SLOTS; i++) {
        max = Math.max(max, (s.calls[i] || 0) + (s.rejected[i] || 0));
        calls += s.calls[i] || 0;
        failures += s.failures[i] || 0;
        rejected += s.rejected[i] || 0;
      }
      for (const name of ['calls', 'rejected', 'failures']) line(g, canvas, s[name], max, COLOURS[name]);
    }
    canvas.dataset.calls = calls;
    canvas.dataset.failures = failures;
    canvas.dataset.rejected = rejected;
    canvas.title = 'Last 5 minutes: ' + calls + ' calls, ' + failures + ' failures, ' + rejected
        + ' rejected (per second: blue calls, red failures, amber rejections)';
  }

  function line(g, canvas, values, max, colour) {
    const step = canvas.width / (SLOTS - 1);
    const h = canvas.height - 2;
    g.strokeStyle = colour;
    g.lineWidth = 1;
    g.beginPath();
    let drawing = false;
    for (let i = 0; i < SLOTS; i++) {
      const v = values[i];
      if (v == null) {
        drawing = false;
        continue;
      }
      const x = i * step;
      const y = 1 + h - (v / max) * h;
      if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
      drawing = true;
    }
    g.stroke();
  }

  // ---- state strips ----

  async function loadStrips() {
    const data = await getJson('api/timelines');
    stripsNow = data.now;
    stripsWindow = data.windowMillis;
    strips = new Map(data.connections.map((c) => [c.id, c]));
    markAll();
  }

  /** The spans of one strip, oldest first: { from, to, state, reason }. */
  function spans(strip) {
    const start = stripsNow - stripsWindow;
    const out = [];
    let from = Math.max(strip.since, start);
    let state = strip.base;
    let reason = null;
    for (const change of strip.changes) {
      if (change.at > from) out.push({ from: from, to: change.at, state: state, reason: reason });
      from = Math.max(change.at, start);
      state = change.state;
      reason = change.reason;
    }
    out.push({ from: from, to: stripsNow, state: state, reason: reason });
    return out;
  }

  function drawStrip(plot) {
    const canvas = plot.strip;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const strip = strips.get(plot.id);
    if (!strip) {
      plot.spans = [];
      canvas.dataset.states = '';
      return;
    }
    const start = stripsNow - stripsWindow;
    const x = (t) => ((t - start) / stripsWindow) * canvas.width;
    plot.spans = spans(strip);
    for (const span of plot.spans) {
      g.fillStyle = STATE_COLOURS[span.state] || '#8c959f';
      g.fillRect(x(span.from), 0, Math.max(1, x(span.to) - x(span.from)), canvas.height);
    }
    canvas.dataset.states = plot.spans.map((span) => span.state).join(',');
    describeHovered(plot);
  }

  function describeHovered(plot) {
    if (plot.pointerX == null || !plot.spans || plot.spans.length === 0) {
      plot.strip.title = 'Last 15 minutes of states; hover for the reasons';
      return;
    }
    const rect = plot.strip.getBoundingClientRect();
    const t = stripsNow - stripsWindow + ((plot.pointerX - rect.left) / rect.width) * stripsWindow;
    // before the first span (the connection was not registered yet): the first one
    const span = plot.spans.find((s) => t <= s.to) || plot.spans[plot.spans.length - 1];
    plot.strip.title = (STATE_LABELS[span.state] || span.state) + ' from ' + formatTime(span.from)
        + ' to ' + formatTime(span.to) + (span.reason ? ': ' + span.reason : '');
  }

  return { cell, forget, setCountsCalls, loadSamples, loadStrips, markAll };
})();
