/*
 * memberlist live view. Plain JavaScript, no build step. Everything arrives on one Server-Sent Events stream
 * (ui/stream): "snapshot" on every (re)connect, then "member", "removed", "timeline" and a "tick" per second.
 * The page never polls; EventSource reconnects by itself, and this script reopens the stream when the server
 * answered with an error (e.g. while the application restarts), which EventSource alone would not retry.
 */
(function () {
  'use strict';
  var STATES = ['ALIVE', 'SUSPECT', 'DEAD', 'LEFT'];
  var TIMELINE_MAX = 200;
  var state = { local: null, members: {}, timeline: [], traffic: [], health: [], skew: 0 };
  var $ = function (id) { return document.getElementById(id); };

  // ---- formatting -------------------------------------------------------------------------------------------
  function duration(ms) {
    if (ms < 0) { ms = 0; }
    var s = Math.floor(ms / 1000);
    if (s < 60) { return s + 's'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + 'm ' + (s % 60) + 's'; }
    var h = Math.floor(m / 60);
    if (h < 48) { return h + 'h ' + (m % 60) + 'm'; }
    return Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
  }
  function isoDuration(text) { // "PT2.5S", "PT1M3S" -> "2.5s", "1m 3s"
    if (!text) { return '–'; }
    var m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(text);
    if (!m) { return text; }
    var ms = ((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0)) * 1000;
    return ms < 60000 ? (Math.round(ms / 100) / 10) + 's' : duration(ms);
  }
  function rate(v) {
    if (v == null) { return '–'; }
    if (v >= 1e6) { return (v / 1e6).toFixed(1) + 'M'; }
    if (v >= 1e3) { return (v / 1e3).toFixed(1) + 'k'; }
    return v >= 10 || v === 0 ? Math.round(v).toString() : v.toFixed(1);
  }
  function clock(ms) {
    var d = new Date(ms), p = function (n) { return (n < 10 ? '0' : '') + n; };
    return p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function now() { return Date.now() + state.skew; } // server time, so "in state" does not depend on this clock

  // ---- members table ----------------------------------------------------------------------------------------
  function serviceOf(meta) { return meta && meta['service-id'] ? meta['service-id'] : ''; }
  function renderRow(row) {
    var m = row.member, meta = m.meta || {};
    var tr = el('tr');
    tr.dataset.name = m.name;
    tr.dataset.state = m.state;
    var st = el('td'); st.appendChild(el('span', 'pill ' + m.state, m.state)); tr.appendChild(st);
    var name = el('td', 'name', m.name);
    if (m.name === state.local) { name.appendChild(el('span', 'you', 'this node')); }
    tr.appendChild(name);
    tr.appendChild(el('td', 'name', m.address + ':' + m.port));
    tr.appendChild(el('td', null, serviceOf(meta)));
    tr.appendChild(el('td', meta.status ? 'status-' + meta.status : null, meta.status || ''));
    tr.appendChild(el('td', null, meta.zone || ''));
    tr.appendChild(el('td', 'num', String(m.incarnation)));
    var since = el('td', 'num since', duration(now() - row.since)); since.dataset.since = row.since;
    tr.appendChild(since);
    tr.appendChild(el('td', 'num rtt', row.rttMillis == null ? '–' : row.rttMillis.toFixed(1) + ' ms'));
    var md = el('td');
    var user = meta.metadata || {};
    Object.keys(user).sort().forEach(function (k) {
      var chip = el('span', 'chip'); chip.appendChild(el('i', null, k + '=')); chip.appendChild(document.createTextNode(user[k]));
      md.appendChild(chip);
    });
    if (meta.raw) { md.appendChild(el('span', 'chip', 'raw ' + meta.raw.length + ' b64')); }
    tr.appendChild(md);
    return tr;
  }
  function renderMembers() {
    var body = $('members');
    var names = Object.keys(state.members).sort();
    body.replaceChildren.apply(body, names.map(function (n) { return state.members[n].tr; }));
    if (!names.length) { var tr = el('tr'); tr.appendChild(el('td', 'empty', 'no members')); body.appendChild(tr); }
  }
  function upsert(row, flash) {
    var old = state.members[row.member.name];
    var tr = renderRow(row);
    if (flash && old && old.row.member.state !== row.member.state) { tr.classList.add('flash'); }
    state.members[row.member.name] = { row: row, tr: tr };
  }
  function tickSince() {
    document.querySelectorAll('td.since').forEach(function (td) { td.textContent = duration(now() - (+td.dataset.since)); });
  }

  // ---- cluster ring -----------------------------------------------------------------------------------------
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) { e.textContent = text; }
    return e;
  }
  function renderRing() {
    var ring = $('ring');
    var names = Object.keys(state.members).sort();
    var live = names.filter(function (n) { var s = state.members[n].row.member.state; return s === 'ALIVE' || s === 'SUSPECT'; });
    var parts = [svg('circle', { cx: 150, cy: 150, r: 105, 'class': 'track' })];
    var n = names.length, r = n > 40 ? 4 : n > 16 ? 7 : 11;
    names.forEach(function (name, i) {
      var m = state.members[name].row.member;
      var a = -Math.PI / 2 + 2 * Math.PI * i / Math.max(n, 1);
      var x = 150 + 105 * Math.cos(a), y = 150 + 105 * Math.sin(a);
      var g = svg('g', { 'data-name': name, 'data-state': m.state });
      var c = svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: r, 'class': 'node', fill: 'var(--' + m.state.toLowerCase() + ')' });
      c.appendChild(svg('title', {}, name + ' · ' + m.state + ' · ' + m.address + ':' + m.port));
      g.appendChild(c);
      if (name === state.local) { g.appendChild(svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: r + 4, 'class': 'self' })); }
      if (n <= 16) {
        var lx = 150 + 132 * Math.cos(a), ly = 150 + 132 * Math.sin(a) + 3;
        var anchor = Math.abs(Math.cos(a)) < 0.3 ? 'middle' : (Math.cos(a) > 0 ? 'start' : 'end');
        var label = name.length > 16 ? '…' + name.slice(-15) : name;
        g.appendChild(svg('text', { x: lx.toFixed(1), y: ly.toFixed(1), 'text-anchor': anchor }, label));
      }
      parts.push(g);
    });
    parts.push(svg('text', { x: 150, y: 150, 'text-anchor': 'middle', 'class': 'center' }, String(live.length)));
    parts.push(svg('text', { x: 150, y: 170, 'text-anchor': 'middle', 'class': 'center-sub' }, live.length === 1 ? 'member' : 'members'));
    ring.replaceChildren.apply(ring, parts);
  }
  function renderCounts(counts) {
    var box = $('counts');
    box.replaceChildren.apply(box, STATES.map(function (s) {
      var span = el('span'); span.appendChild(el('span', 'dot ' + s.toLowerCase()));
      span.appendChild(document.createTextNode(' ' + s.toLowerCase() + ' '));
      span.appendChild(el('b', null, String(counts && counts[s] || 0)));
      return span;
    }));
  }

  // ---- charts (canvas; a charting library would outweigh these few lines) ---------------------------------
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function chart(id, series, data) {
    var canvas = $(id), dpr = window.devicePixelRatio || 1;
    var w = canvas.clientWidth, h = canvas.clientHeight;
    if (!w || !h) { return; }
    canvas.width = w * dpr; canvas.height = h * dpr;
    var g = canvas.getContext('2d');
    g.scale(dpr, dpr);
    g.clearRect(0, 0, w, h);
    var max = 0;
    data.forEach(function (d) { series.forEach(function (s) { max = Math.max(max, s.value(d) || 0); }); });
    var top = max;
    max = max <= 0 ? 1 : max * 1.15;
    g.strokeStyle = css('--grid'); g.lineWidth = 1;
    [0.5].forEach(function (f) { g.beginPath(); g.moveTo(0, Math.round(h * f) + 0.5); g.lineTo(w, Math.round(h * f) + 0.5); g.stroke(); });
    g.fillStyle = css('--muted'); g.font = '10px system-ui, sans-serif';
    if (top > 0) { g.fillText(rate(top), 2, 10); }
    var slots = 120, step = w / (slots - 1), offset = slots - data.length;
    series.forEach(function (s) {
      g.strokeStyle = css(s.color); g.lineWidth = 1.6; g.lineJoin = 'round'; g.beginPath();
      data.forEach(function (d, i) {
        var x = (offset + i) * step, y = h - 2 - (h - 14) * (s.value(d) || 0) / max;
        if (i === 0) { g.moveTo(x, y); } else { g.lineTo(x, y); }
      });
      g.stroke();
    });
  }
  function renderCharts() {
    var t = state.traffic, last = t[t.length - 1];
    chart('chart-packets', [{ color: '--in', value: function (d) { return d.packetsIn; } },
      { color: '--out', value: function (d) { return d.packetsOut; } }], t);
    chart('chart-bytes', [{ color: '--in', value: function (d) { return d.bytesIn; } },
      { color: '--out', value: function (d) { return d.bytesOut; } }], t);
    chart('chart-drops', [{ color: '--malformed', value: function (d) { return d.droppedMalformed; } },
      { color: '--label', value: function (d) { return d.droppedLabel; } },
      { color: '--decrypt', value: function (d) { return d.droppedDecrypt; } },
      { color: '--overload', value: function (d) { return d.droppedOverload; } }], t);
    chart('chart-health', [{ color: '--suspect', value: function (d) { return d.score; } }], state.health);
    if (last) {
      $('now-packets').textContent = rate(last.packetsIn) + ' / ' + rate(last.packetsOut);
      $('now-bytes').textContent = rate(last.bytesIn) + 'B / ' + rate(last.bytesOut) + 'B';
      $('now-drops').textContent = rate(last.droppedMalformed + last.droppedLabel + last.droppedDecrypt + last.droppedOverload);
    }
  }
  function pushTraffic(sample) {
    if (!sample) { return; }
    state.traffic.push(sample);
    if (state.traffic.length > 120) { state.traffic.shift(); }
  }
  function pushHealth(score) {
    state.health.push({ score: score });
    if (state.health.length > 120) { state.health.shift(); }
    $('now-health').textContent = String(score);
  }

  // ---- header and timeline ----------------------------------------------------------------------------------
  function renderHeader(d) {
    $('cluster-size').textContent = d.clusterSize;
    $('membership-version').textContent = d.membershipVersion;
    $('health-score').textContent = d.healthScore;
    $('health').className = 'stat' + (d.healthScore >= 4 ? ' bad' : d.healthScore > 0 ? ' warn' : '');
    if (d.counts) { renderCounts(d.counts); }
    forecastPanel.clusterSize(d.clusterSize);
  }
  function timelineItem(e) {
    var li = el('li'); li.dataset.kind = e.kind; li.dataset.name = e.name;
    var t = el('time', null, clock(e.at)); t.dateTime = new Date(e.at).toISOString();
    li.appendChild(t);
    li.appendChild(el('span', 'kind ' + e.kind, e.kind));
    var who = el('span', 'who', e.name + '  '); who.title = e.name + ' · incarnation ' + e.incarnation;
    who.appendChild(el('span', 'muted', 'inc ' + e.incarnation));
    li.appendChild(who);
    return li;
  }
  function renderTimeline() {
    var list = $('timeline');
    if (!state.timeline.length) { list.replaceChildren(el('li', 'empty', 'no membership changes yet')); return; }
    list.replaceChildren.apply(list, state.timeline.map(timelineItem));
  }

  // The Forecast panel (ui/forecast.js) shares these helpers; it fetches on every (re)connect.
  var forecastPanel = window.memberlistForecast({ $: $, el: el, css: css, rate: rate });

  // ---- stream -----------------------------------------------------------------------------------------------
  var handlers = {
    snapshot: function (d) {
      state.skew = d.serverTime - Date.now();
      state.local = d.localNode;
      $('local-node').textContent = d.localNode;
      document.title = d.localNode + ' · memberlist';
      state.members = {};
      d.members.forEach(function (row) { upsert(row, false); });
      state.timeline = d.timeline.slice(0, TIMELINE_MAX);
      state.traffic = d.traffic.slice(-120);
      if (d.failureDetection) {
        $('detect-expected').textContent = isoDuration(d.failureDetection.expected);
        $('detect-worst').textContent = isoDuration(d.failureDetection.worstCase);
      }
      renderHeader(d); pushHealth(d.healthScore); renderMembers(); renderRing(); renderTimeline(); renderCharts();
      forecastPanel.load();
    },
    member: function (d) {
      upsert(d.row, true);
      renderMembers(); renderRing();
      $('membership-version').textContent = d.membershipVersion;
      renderCounts(d.counts);
    },
    removed: function (d) { delete state.members[d.name]; renderMembers(); renderRing(); },
    timeline: function (e) {
      state.timeline.unshift(e);
      if (state.timeline.length > TIMELINE_MAX) { state.timeline.pop(); }
      renderTimeline();
    },
    tick: function (d) {
      state.skew = d.serverTime - Date.now();
      renderHeader(d);
      Object.keys(d.rtt || {}).forEach(function (name) {
        var m = state.members[name];
        if (m) { m.row.rttMillis = d.rtt[name]; var td = m.tr.querySelector('td.rtt'); td.textContent = d.rtt[name].toFixed(1) + ' ms'; }
      });
      pushTraffic(d.traffic); pushHealth(d.healthScore); renderCharts(); tickSince();
    }
  };

  var source = null, retryTimer = null;
  function setConn(status, text) {
    $('conn').dataset.status = status; $('conn-text').textContent = text;
    document.body.classList.toggle('stale', status !== 'live');
  }
  function connect() {
    if (source) { source.close(); }
    source = new EventSource('ui/stream');
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (ev) {
        try { handlers[name](JSON.parse(ev.data)); } catch (err) { console.error('live view: bad ' + name + ' message', err); }
        if (name === 'snapshot') { setConn('live', 'live'); }
      });
    });
    source.onerror = function () {
      setConn('reconnecting', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED && !retryTimer) { // the server answered with an error
        retryTimer = setTimeout(function () { retryTimer = null; connect(); }, 2000);
      }
    };
  }
  window.addEventListener('resize', function () { renderCharts(); forecastPanel.resize(); });
  renderCounts({}); renderTimeline();
  connect();
})();
