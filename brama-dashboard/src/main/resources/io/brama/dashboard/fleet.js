'use strict';
/*
 * The fleet panel (only when the dashboard was started with a FleetPanel): the instances attached
 * to the Redis namespace, and per shared connection its fleet state, the instance that holds the
 * probe lease and the instances that disagree. Polls api/fleet, which answers from the server's
 * latest read.
 */
window.BramaFleet = (function () {
  const { el, byId, getJson, formatTime, STATE_LABELS } = window.Brama;
  const POLL_MS = 2000;

  function start() {
    byId('fleet-panel').hidden = false;
    load();
    setInterval(load, POLL_MS);
  }

  async function load() {
    let fleet;
    try {
      fleet = await getJson('api/fleet');
    } catch (e) {
      byId('fleet-note').textContent = 'Could not load the fleet: ' + e.message;
      return;
    }
    render(fleet);
  }

  function render(fleet) {
    byId('fleet-namespace').textContent = fleet.namespace;
    byId('fleet-note').textContent = fleet.error ? 'Redis: ' + fleet.error
        : fleet.pending ? 'reading…' : 'read at ' + formatTime(fleet.readAt);
    byId('fleet-note').dataset.kind = fleet.error ? 'error' : '';

    const instances = byId('fleet-instances');
    instances.replaceChildren(...fleet.instances.map((i) => {
      const item = el('li', 'instance');
      item.dataset.id = i.id;
      item.append(el('span', 'name', i.id));
      if (i.id === fleet.self) item.append(el('span', 'self', '(this instance)'));
      item.append(el('span', 'when', i.connections + ' connections · seen ' + formatTime(i.lastSeen)));
      return item;
    }));

    const body = byId('fleet-connections');
    body.replaceChildren(...fleet.connections.map((c) => {
      const tr = el('tr', 'fleet-connection');
      tr.dataset.id = c.id;
      tr.dataset.state = c.state;
      const badge = el('span', 'badge', STATE_LABELS[c.state] || c.state);
      badge.dataset.state = c.state;
      const stateCell = el('td');
      stateCell.append(badge);
      const disagree = el('td', 'disagreeing', c.disagreeing.length ? c.disagreeing.join(', ') : '—');
      if (c.disagreeing.length) disagree.dataset.kind = 'error';
      tr.append(el('td', 'id', c.id), stateCell, el('td', 'holder', c.probeHolder || '—'),
          el('td', 'until', c.openUntil ? formatTime(c.openUntil) : '—'), disagree);
      return tr;
    }));
    byId('fleet-empty').hidden = fleet.connections.length > 0;
  }

  return { start };
})();
