'use strict';
/* Helpers shared by the page's scripts: elements, text, times. Loaded first. */
window.Brama = (function () {
  const pad = (n, width) => String(n).padStart(width || 2, '0');

  return {
    STATE_LABELS: { CLOSED: 'CLOSED', OPEN: 'OPEN', HALF_OPEN: 'HALF-OPEN' },

    byId: (id) => document.getElementById(id),

    el(tag, className, text) {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    },

    /** Sets a node's text only when it changes: a thousand rows are redrawn several times a second. */
    setText(node, text) {
      if (node.textContent !== text) node.textContent = text;
    },

    pad: pad,

    /** Local time of an instant (ISO string or epoch ms), with the date when it is not today. */
    formatTime(instant) {
      const d = new Date(instant);
      if (isNaN(d.getTime())) return String(instant);
      const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds())
          + '.' + pad(d.getMilliseconds(), 3);
      const today = new Date();
      return d.toDateString() === today.toDateString()
          ? time : d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time;
    },

    formatRemaining(ms) {
      const s = ms / 1000;
      if (s < 60) return s.toFixed(1) + ' s';
      const total = Math.floor(s);
      if (total < 3600) return Math.floor(total / 60) + ' min ' + pad(total % 60) + ' s';
      return Math.floor(total / 3600) + ' h ' + pad(Math.floor(total / 60) % 60) + ' min';
    },

    /** GET a JSON resource; throws on a non-2xx answer. */
    async getJson(path) {
      const response = await fetch(path, { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    },
  };
})();
