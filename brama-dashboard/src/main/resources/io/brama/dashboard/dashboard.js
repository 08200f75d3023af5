'use strict';
/*
 * The Brama dashboard page. Statuses come from GET api/connections (at start, after every event,
 * and every 2 s for the per-call counts); events from the Server-Sent Events stream api/events,
 * which starts with the events the server kept (the recent past) and then goes on live; the plots
 * from plots.js, the fleet panel from fleet.js. Every text that comes from a connection is set with
 * textContent, never parsed as HTML.
 */
(function () {
  const { el, byId, setText, formatTime, formatRemaining, STATE_LABELS } = window.Brama;
  const plots = window.BramaPlots;
  const POLL_MS = 2000;
  const SAMPLE_MS = 1000;
  const STRIP_MS = 5000;
  const TICK_MS = 200;
  const NO_SCOPE = '(no scope)';

  const rows = new Map();   // connection id -> row (see createRow)
  const groups = new Map(); // scope key -> { key, section, tbody }
  let writeEnabled = false;
  let refreshing = false;
  let refreshAgain = false;
  let refreshTimer = 0;
  let loadFailed = false;
  let stripsDue = 0;
  let tickFrame = 0;
  let plotsStarted = false;

  function showMessage(text, kind) {
    const message = byId('message');
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = false;
  }

  // ---- connections ----

  function scheduleRefresh() {
    if (!refreshTimer) {
      refreshTimer = setTimeout(() => { refreshTimer = 0; refresh(); }, 50);
    }
  }

  async function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    try {
      const response = await fetch('api/connections', { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const statuses = await response.json();
      const started = performance.now();
      render(statuses, Date.now());
      measured(statuses.length, performance.now() - started);
      if (loadFailed) {
        loadFailed = false;
        byId('message').hidden = true;
      }
    } catch (e) {
      loadFailed = true;
      showMessage('Could not load the connections: ' + e.message, 'error');
    } finally {
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        refresh();
      }
    }
  }

  function createRow(id) {
    const row = { id: id, status: null, deadline: null, deadlineKey: null, dueKey: null };
    row.tr = el('tr', 'connection');
    row.tr.dataset.id = id;
    const idCell = el('td');
    row.idText = el('div', 'id', id);
    row.typeText = el('div', 'type');
    idCell.append(row.idText, row.typeText);
    const stateCell = el('td');
    row.badge = el('span', 'badge');
    stateCell.append(row.badge);
    row.failures = el('td', 'failures');
    row.countdown = el('td', 'countdown');
    row.opens = el('td', 'opens');
    const reasonCell = el('td');
    row.reason = el('div', 'reason');
    row.when = el('div', 'when');
    reasonCell.append(row.reason, row.when);
    const actions = el('td', 'actions');
    row.openButton = el('button', 'open', 'Open');
    row.resetButton = el('button', 'reset', 'Reset');
    for (const [button, action] of [[row.openButton, 'open'], [row.resetButton, 'reset']]) {
      button.type = 'button';
      button.addEventListener('click', () => operate(id, action));
      actions.append(button);
    }
    row.tr.append(idCell, stateCell, row.failures, row.countdown, row.opens, reasonCell,
        plots.cell(id), actions);
    updateButtons(row);
    return row;
  }

  function updateButtons(row) {
    for (const button of [row.openButton, row.resetButton]) {
      button.disabled = !writeEnabled;
      button.title = writeEnabled ? '' : 'Read-only: start the dashboard with a token';
    }
  }

  function applyState(row, state) {
    row.tr.dataset.state = state;
    row.badge.dataset.state = state;
    row.badge.textContent = STATE_LABELS[state] || state;
  }

  function updateRow(row, s, now) {
    row.status = s;
    applyState(row, s.state);
    setText(row.typeText, s.type == null ? '' : s.type);
    setText(row.failures, failures(s));
    setText(row.opens, String(s.consecutiveOpens));
    setText(row.reason, s.lastFailureReason == null ? '—' : s.lastFailureReason);
    setText(row.when, s.lastFailureAt == null ? '' : formatTime(s.lastFailureAt));
    if (s.state === 'OPEN') {
      // One open period has one deadline: keep the first estimate, whatever later polls say.
      const key = s.openedAt + '|' + s.halfOpensAt;
      if (row.deadlineKey !== key) {
        row.deadlineKey = key;
        row.deadline = now + s.retryAfterMillis;
      }
    } else {
      row.deadlineKey = null;
      row.deadline = null;
    }
  }

  /** "2 / 5" under the consecutive policy; "3 of 20 (15 %)" under a rate policy's window. */
  function failures(s) {
    if (s.window != null) {
      return s.window.failures + ' of ' + s.window.calls
          + ' (' + Math.round(s.window.failureRatePercent) + ' %)';
    }
    return s.maxAttempts > 0 ? s.failureCount + ' / ' + s.maxAttempts : String(s.failureCount);
  }

  function scopeKey(scope) {
    return scope == null ? '' : 's:' + scope;
  }

  function groupFor(key, scope) {
    let group = groups.get(key);
    if (!group) {
      const section = el('section', 'scope');
      section.dataset.scope = scope == null ? '' : scope;
      section.append(el('h2', null, scope == null ? NO_SCOPE : scope));
      const table = el('table');
      const head = el('tr');
      for (const title of ['Connection', 'State', 'Failures', 'Half-open in', 'Opens',
          'Last failure', 'Calls/s (5 min) · states (15 min)', '']) {
        head.append(el('th', null, title));
      }
      table.append(el('thead'), el('tbody'));
      table.tHead.append(head);
      group = { key: key, section: section, tbody: table.tBodies[0] };
      section.append(table);
      groups.set(key, group);
    }
    return group;
  }

  /** Puts {@code nodes} into {@code parent} in this order, moving only what is out of place. */
  function placeInOrder(parent, nodes) {
    nodes.forEach((node, i) => {
      if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null);
    });
  }

  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  function render(statuses, now) {
    const byScope = new Map();
    const present = new Set();
    for (const s of statuses) {
      let row = rows.get(s.id);
      if (!row) {
        row = createRow(s.id);
        rows.set(s.id, row);
      }
      present.add(s.id);
      updateRow(row, s, now);
      const key = scopeKey(s.scope);
      if (!byScope.has(key)) byScope.set(key, { scope: s.scope, rows: [] });
      byScope.get(key).rows.push(row);
    }
    for (const [id, row] of rows) {
      if (!present.has(id)) {
        row.tr.remove();
        rows.delete(id);
        plots.forget(id);
      }
    }
    for (const [key, group] of groups) {
      if (!byScope.has(key)) {
        group.section.remove();
        groups.delete(key);
      }
    }
    // scopes by name, connections without a scope last; connections by id
    const keys = [...byScope.keys()].sort((a, b) => (a === '') - (b === '') || compare(a, b));
    placeInOrder(byId('groups'), keys.map((key) => groupFor(key, byScope.get(key).scope).section));
    for (const key of keys) {
      const sorted = byScope.get(key).rows.sort((a, b) => compare(a.id, b.id));
      placeInOrder(groups.get(key).tbody, sorted.map((row) => row.tr));
    }
    byId('empty').hidden = statuses.length > 0;
    summarize(statuses);
    tick();
  }

  /** Render times, for the 1,000-connection measurement (window.bramaStats). */
  const stats = window.bramaStats = { renders: 0, lastRenderMs: 0, maxRenderMs: 0, firstRenderAt: 0 };

  function measured(count, ms) {
    stats.renders++;
    stats.lastRenderMs = ms;
    stats.maxRenderMs = Math.max(stats.maxRenderMs, ms);
    if (!stats.firstRenderAt && count > 0) {
      stats.firstRenderAt = performance.now(); // since navigation start
      performance.mark('brama:first-render');
    }
  }

  function summarize(statuses) {
    let open = 0;
    let halfOpen = 0;
    for (const s of statuses) {
      if (s.state === 'OPEN') open++;
      else if (s.state === 'HALF_OPEN') halfOpen++;
    }
    byId('summary').textContent = statuses.length + (statuses.length === 1 ? ' connection' : ' connections')
        + ' · ' + open + ' open · ' + halfOpen + ' half-open';
    document.title = (open > 0 ? '(' + open + ' open) ' : '') + 'Brama dashboard';
  }

  /** Redraws the countdowns; asks for fresh statuses when one runs out. */
  function tick() {
    const now = Date.now();
    for (const row of rows.values()) {
      const state = row.tr.dataset.state;
      if (state === 'OPEN') {
        if (row.deadline == null) {
          setText(row.countdown, '…');
        } else if (row.deadline > now) {
          setText(row.countdown, formatRemaining(row.deadline - now));
        } else {
          setText(row.countdown, 'due');
          if (row.dueKey !== row.deadlineKey) {
            row.dueKey = row.deadlineKey;
            scheduleRefresh();
          }
        }
      } else if (state === 'HALF_OPEN') {
        setText(row.countdown, row.status && row.status.activeTrials > 0 ? 'trial running' : 'now');
      } else {
        setText(row.countdown, '—');
      }
    }
  }

  // ---- events ----

  /** A live event (the replayed past only fills the log: the statuses loaded on open are newer). */
  function onLiveEvent(e) {
    if (e.type === 'STATE_CHANGE') {
      const row = rows.get(e.connection);
      if (row) {
        applyState(row, e.newState);
        row.deadline = null;
        row.deadlineKey = null;
        scheduleTick();
      }
    }
    scheduleRefresh();
  }

  /** Redraws the countdowns in the next frame: once however many events came meanwhile. */
  function scheduleTick() {
    if (!tickFrame) tickFrame = requestAnimationFrame(() => { tickFrame = 0; tick(); });
  }

  // ---- manual operations ----

  async function loadSettings() {
    let settings = {};
    try {
      settings = await window.Brama.getJson('api/settings');
    } catch (e) {
      settings = {};
    }
    writeEnabled = settings.writeEnabled === true;
    plots.setCountsCalls(settings.countsCalls !== false);
    countsCalls = settings.countsCalls !== false;
    if (settings.fleet === true) window.BramaFleet.start();
    byId('token-label').hidden = !writeEnabled;
    byId('write-note').textContent = writeEnabled ? '' : 'Read-only: no token configured';
    for (const row of rows.values()) updateButtons(row);
  }

  async function operate(id, action) {
    const token = byId('token').value.trim();
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const done = action === 'open' ? 'Opened ' : 'Reset ';
    try {
      const response = await fetch('api/connections/' + encodeURIComponent(id) + '/' + action,
          { method: 'POST', headers: headers, cache: 'no-store' });
      if (response.ok) {
        showMessage(done + id, 'info');
      } else if (response.status === 401) {
        showMessage(token ? 'The token was rejected (401).' : 'Enter the token first (401).', 'error');
      } else {
        let detail = 'HTTP ' + response.status;
        try {
          detail = (await response.json()).error || detail;
        } catch (e) {
          // keep the status
        }
        showMessage(action + ' ' + id + ' failed: ' + detail, 'error');
      }
    } catch (e) {
      showMessage(action + ' ' + id + ' failed: ' + e.message, 'error');
    }
    scheduleRefresh();
  }

  // ---- plots ----

  /** Runs a loader; a failure shows in the page's message line, the next run tries again. */
  async function quietly(load) {
    try {
      await load();
    } catch (e) {
      showMessage('Could not load the plots: ' + e.message, 'error');
    }
  }

  /** Reloads the state strips soon: after a state change, at most every 200 ms. */
  function scheduleStrips() {
    if (!stripsDue) {
      stripsDue = setTimeout(() => { stripsDue = 0; quietly(plots.loadStrips); }, 200);
    }
  }

  let countsCalls = true;

  /** After the first render: five minutes of samples are the largest answer, so they come second. */
  async function startPlots() {
    if (plotsStarted) return;
    plotsStarted = true;
    await settingsLoaded;
    quietly(plots.loadStrips);
    setInterval(() => quietly(plots.loadStrips), STRIP_MS);
    if (countsCalls) {
      quietly(plots.loadSamples);
      setInterval(() => quietly(plots.loadSamples), SAMPLE_MS);
    }
  }

  const settingsLoaded = loadSettings();
  refresh().then(startPlots);
  window.BramaEvents.connect({
    onOpen: refresh, // whatever happened while the stream was down
    onEvent: (e) => {
      if (e.type === 'STATE_CHANGE' || e.type === 'REGISTERED') scheduleStrips();
    },
    onLiveEvent: onLiveEvent,
  });
  setInterval(refresh, POLL_MS);
  setInterval(tick, TICK_MS);
})();
