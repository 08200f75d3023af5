'use strict';
/*
 * The event log, fed by the Server-Sent Events stream api/events. The stream starts with the events
 * the server kept (up to its last 500, or those after the last id this page saw), then a "live"
 * event, then each new event; ids ("<boot>.<n>") let a reconnection resume without gaps or doubles.
 */
window.BramaEvents = (function () {
  const { el, byId, formatTime, STATE_LABELS } = window.Brama;
  const LOG_LIMIT = 200;
  const RECONNECT_MS = 3000;
  let lastEventId = null; // the newest event id seen
  let replaying = false; // the stream is replaying kept events
  let handlers = null;
  let pending = []; // log items not shown yet: added once per frame, however fast events come
  let frame = 0;

  function describe(e) {
    switch (e.type) {
      case 'STATE_CHANGE': return (STATE_LABELS[e.previousState] || e.previousState) + ' → '
          + (STATE_LABELS[e.newState] || e.newState);
      case 'REGISTERED': return 'registered';
      case 'UNREGISTERED': return 'unregistered';
      case 'CONFIGURED': return 'configured';
      case 'SHARED_STATE': return 'shared state';
      case 'GAP': return '…';
      default: return String(e.type).toLowerCase();
    }
  }

  function addLog(e, past) {
    const item = el('li');
    if (past) item.dataset.past = 'true'; // kept by the server from before this stream opened
    item.dataset.type = e.type;
    item.dataset.connection = e.connection;
    const what = el('span', 'what', describe(e));
    if (e.type === 'STATE_CHANGE') what.dataset.state = e.newState;
    item.append(el('span', 'time', formatTime(e.timestamp)), el('span', 'conn', e.connection), what);
    if (e.reason != null) item.append(el('span', 'reason', e.reason));
    pending.push(item);
    if (pending.length > LOG_LIMIT) pending = pending.slice(-LOG_LIMIT);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function flush() {
    frame = 0;
    const log = byId('event-log');
    const batch = document.createDocumentFragment();
    for (let i = pending.length - 1; i >= 0; i--) batch.append(pending[i]); // newest first
    pending = [];
    log.prepend(batch);
    while (log.children.length > LOG_LIMIT) log.lastElementChild.remove();
  }

  /** Whether {@code id} is not newer than the last id seen: a replayed duplicate. */
  function seen(id) {
    if (!id || !lastEventId) return false;
    const [boot, n] = id.split('.');
    const [lastBoot, lastN] = lastEventId.split('.');
    return boot === lastBoot && Number(n) <= Number(lastN);
  }

  function onMessage(e, id) {
    if (seen(id)) return;
    if (id) lastEventId = id;
    addLog(e, replaying);
    handlers.onEvent(e);
    if (!replaying) handlers.onLiveEvent(e);
  }

  function setStream(state, text) {
    const indicator = byId('stream-status');
    indicator.dataset.state = state;
    indicator.textContent = text;
  }

  function open() {
    setStream('connecting', 'connecting…');
    // a stream the browser reopens itself sends Last-Event-ID; one made here says it in the query
    const source = new EventSource('api/events'
        + (lastEventId ? '?after=' + encodeURIComponent(lastEventId) : ''));
    replaying = true;
    source.onopen = () => {
      replaying = true;
      setStream('live', 'live');
      handlers.onOpen();
    };
    source.addEventListener('live', (message) => {
      replaying = false;
      let live = {};
      try {
        live = JSON.parse(message.data);
      } catch (e) {
        // keep the defaults
      }
      if (live.gap) addLog({ type: 'GAP', connection: '', timestamp: Date.now(),
        reason: 'some events were missed: the server keeps only the latest' }, true);
    });
    source.onmessage = (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      onMessage(event, message.lastEventId);
    };
    source.onerror = () => {
      setStream('reconnecting', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        // refused (e.g. 503): the browser will not retry by itself
        source.close();
        setTimeout(open, RECONNECT_MS);
      }
    };
  }

  /**
   * Opens the stream. {@code h.onOpen()} runs on each (re)connection, {@code h.onEvent(e)} for every
   * event, replayed or live, {@code h.onLiveEvent(e)} only for live ones.
   */
  function connect(h) {
    handlers = h;
    open();
  }

  return { connect };
})();
