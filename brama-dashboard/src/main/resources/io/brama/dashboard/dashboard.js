'use strict';
/*
 * The Brama dashboard page. Statuses come from GET api/connections (at start, after every event,
 * and every 2 s for the per-call counts); events from the Server-Sent Events stream api/events.
 * Every text that comes from a connection is set with textContent, never parsed as HTML.
 */
(function () {
  const POLL_MS = 2000;
  const TICK_MS = 200;
  const LOG_LIMIT = 200;
  const RECONNECT_MS = 3000;
  const NO_SCOPE = '(no scope)';
  const STATE_LABELS = { CLOSED: 'CLOSED', OPEN: 'OPEN', HALF_OPEN: 'HALF-OPEN' };

  const rows = new Map();   // connection id -> row (see createRow)
  const groups = new Map(); // scope key -> { key, section, tbody }
  let writeEnabled = false;
  let refreshing = false;
  let refreshAgain = false;
  let refreshTimer = 0;
  let loadFailed = false;

  const byId = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showMessage(text, kind) {
    const message = byId('message');
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = false;
  }

  function pad(n, width) {
    return String(n).padStart(width || 2, '0');
  }

  /** Local time of an ISO instant, with the date when it is not today. */
  function formatTime(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds())
        + '.' + pad(d.getMilliseconds(), 3);
    const today = new Date();
    return d.toDateString() === today.toDateString()
        ? time : d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time;
  }

  function formatRemaining(ms) {
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    const total = Math.floor(s);
    if (total < 3600) return Math.floor(total / 60) + ' min ' + pad(total % 60) + ' s';
    return Math.floor(total / 3600) + ' h ' + pad(Math.floor(total / 60) % 60) + ' min';
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
      render(await response.json(), Date.now());
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
    row.tr.append(idCell, stateCell, row.failures, row.countdown, row.opens, reasonCell, actions);
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
    row.typeText.textContent = s.type == null ? '' : s.type;
    row.failures.textContent = failures(s);
    row.opens.textContent = String(s.consecutiveOpens);
    row.reason.textContent = s.lastFailureReason == null ? '—' : s.lastFailureReason;
    row.when.textContent = s.lastFailureAt == null ? '' : formatTime(s.lastFailureAt);
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
          'Last failure', '']) {
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
    for (const s of statuses) {
      let row = rows.get(s.id);
      if (!row) {
        row = createRow(s.id);
        rows.set(s.id, row);
      }
      updateRow(row, s, now);
      const key = scopeKey(s.scope);
      if (!byScope.has(key)) byScope.set(key, { scope: s.scope, rows: [] });
      byScope.get(key).rows.push(row);
    }
    for (const [id, row] of rows) {
      if (!statuses.some((s) => s.id === id)) {
        row.tr.remove();
        rows.delete(id);
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

  function summarize(statuses) {
    const count = (state) => statuses.filter((s) => s.state === state).length;
    const open = count('OPEN');
    const halfOpen = count('HALF_OPEN');
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
          row.countdown.textContent = '…';
        } else if (row.deadline > now) {
          row.countdown.textContent = formatRemaining(row.deadline - now);
        } else {
          row.countdown.textContent = 'due';
          if (row.dueKey !== row.deadlineKey) {
            row.dueKey = row.deadlineKey;
            scheduleRefresh();
          }
        }
      } else if (state === 'HALF_OPEN') {
        row.countdown.textContent = row.status && row.status.activeTrials > 0 ? 'trial running' : 'now';
      } else {
        row.countdown.textContent = '—';
      }
    }
  }

  // ---- events ----

  function describe(e) {
    switch (e.type) {
      case 'STATE_CHANGE': return (STATE_LABELS[e.previousState] || e.previousState) + ' → '
          + (STATE_LABELS[e.newState] || e.newState);
      case 'REGISTERED': return 'registered';
      case 'UNREGISTERED': return 'unregistered';
      case 'CONFIGURED': return 'configured';
      default: return String(e.type).toLowerCase();
    }
  }

  function addLog(e) {
    const log = byId('event-log');
    const item = el('li');
    item.dataset.type = e.type;
    item.dataset.connection = e.connection;
    const what = el('span', 'what', describe(e));
    if (e.type === 'STATE_CHANGE') what.dataset.state = e.newState;
    item.append(el('span', 'time', formatTime(e.timestamp)), el('span', 'conn', e.connection), what);
    if (e.reason != null) item.append(el('span', 'reason', e.reason));
    log.prepend(item);
    while (log.children.length > LOG_LIMIT) log.lastElementChild.remove();
  }

  function onEvent(e) {
    addLog(e);
    if (e.type === 'STATE_CHANGE') {
      const row = rows.get(e.connection);
      if (row) {
        applyState(row, e.newState);
        row.deadline = null;
        row.deadlineKey = null;
        tick();
      }
    }
    scheduleRefresh();
  }

  function setStream(state, text) {
    const indicator = byId('stream-status');
    indicator.dataset.state = state;
    indicator.textContent = text;
  }

  function connect() {
    setStream('connecting', 'connecting…');
    const source = new EventSource('api/events');
    source.onopen = () => {
      setStream('live', 'live');
      refresh(); // whatever happened while the stream was down
    };
    source.onmessage = (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      onEvent(event);
    };
    source.onerror = () => {
      setStream('reconnecting', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        // refused (e.g. 503): the browser will not retry by itself
        source.close();
        setTimeout(connect, RECONNECT_MS);
      }
    };
  }

  // ---- manual operations ----

  async function loadSettings() {
    try {
      const response = await fetch('api/settings', { cache: 'no-store' });
      if (response.ok) writeEnabled = (await response.json()).writeEnabled === true;
    } catch (e) {
      writeEnabled = false;
    }
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

  loadSettings();
  refresh();
  connect();
  setInterval(refresh, POLL_MS);
  setInterval(tick, TICK_MS);
})();
