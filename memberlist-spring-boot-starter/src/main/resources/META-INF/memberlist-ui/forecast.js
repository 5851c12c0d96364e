/*
 * memberlist live view: the Forecast panel. What the simulator (io.memberlist.sim) predicts for the serving node's
 * settings, from the memberlistforecast actuator endpoint; a what-if form asks it again (GET only). When the
 * endpoint is not exposed the panel says how to expose it. Loaded before app.js, which calls
 * window.memberlistForecast(helpers) once, then load() on every (re)connect and clusterSize(n) on every tick.
 */
window.memberlistForecast = function (ui) {
  'use strict';
  var $ = ui.$, el = ui.el, css = ui.css, rate = ui.rate;

  // Fetched on every (re)connect and on each what-if; the server caches forecasts, so a reload costs nothing.
  // ../memberlistforecast is relative to <base>/memberlist/ui, i.e. <base>/memberlistforecast.
  var FORECAST_URL = '../memberlistforecast';
  var BUSY_RETRY_MS = 3000, BUSY_RETRIES = 10;
  var SIZE_SETTLE_MS = 2000;
  var forecast = { data: null, asked: null, loading: false, again: false, busyRetries: 0, retryTimer: null, size: null, sizeTimer: null };
  function seconds(v) {
    if (v == null) { return 'n/a'; } // some members never saw the event within the forecast's horizon
    return v < 10 ? v.toFixed(2) + 's' : v.toFixed(1) + 's';
  }
  function perHour(v) { return v === 0 ? '0' : v < 0.01 ? v.toExponential(1) : v.toFixed(2); }
  function forecastStatus(status, text) {
    $('forecast').dataset.status = status;
    var p = $('forecast-status');
    p.replaceChildren();
    if (text != null) { p.append(text); }
    return p;
  }
  function whatIfQuery() {
    var q = [], nodes = $('whatif-nodes').value, loss = $('whatif-loss').value, latency = $('whatif-latency').value;
    if (nodes !== '') { q.push('nodes=' + encodeURIComponent(nodes)); }
    if (loss !== '') { q.push('loss=' + encodeURIComponent(+loss / 100)); }
    if (latency !== '') { q.push('latency=' + encodeURIComponent(latency)); }
    return q.length ? '?' + q.join('&') : '';
  }
  function loadForecast() {
    if (forecast.loading) { forecast.again = true; return; } // asked while one is in flight: ask once more after
    clearTimeout(forecast.retryTimer);
    forecast.loading = true;
    forecast.asked = { loss: $('whatif-loss').value, latency: $('whatif-latency').value };
    if (!forecast.data) { forecastStatus('loading', 'running the simulator…'); }
    else { $('forecast').dataset.status = 'loading'; }
    fetch(FORECAST_URL + whatIfQuery(), { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) {
        return r.text().then(function (body) {
          var json = null;
          try { json = body ? JSON.parse(body) : null; } catch (e) { json = null; }
          return { status: r.status, json: json };
        });
      })
      .then(function (res) { done(); forecastAnswer(res.status, res.json); })
      .catch(function () { done(); forecastStatus('error', 'the forecast could not be fetched'); });
  }
  function done() {
    forecast.loading = false;
    if (forecast.again) { forecast.again = false; setTimeout(loadForecast, 0); }
  }
  function forecastAnswer(status, json) {
    var message = json && json.message;
    if (status === 200 && json && json.crash) {
      forecast.busyRetries = 0; forecast.data = json;
      forecastStatus('ready', null); renderForecast(json);
    } else if (status === 404) {
      var p = forecastStatus('unexposed', 'The forecast endpoint is not exposed. Add ');
      p.appendChild(el('code', null, 'memberlistforecast'));
      p.append(' to ');
      p.appendChild(el('code', null, 'management.endpoints.web.exposure.include'));
      p.append(' to see what the simulator predicts for this node\u2019s settings.');
      $('forecast-body').hidden = true;
    } else if (status === 429 || status === 503) {
      forecastStatus('busy', (message || 'the forecast is busy') + (forecast.busyRetries < BUSY_RETRIES ? ' (retrying)' : ''));
      if (forecast.busyRetries++ < BUSY_RETRIES) { forecast.retryTimer = setTimeout(loadForecast, BUSY_RETRY_MS); }
    } else {
      forecastStatus('error', message || ('the forecast failed: HTTP ' + status));
    }
  }
  function timesRow(label, hint, d) {
    var tr = el('tr'); tr.title = hint;
    tr.appendChild(el('td', null, label));
    ['p50', 'p99', 'max'].forEach(function (k) {
      tr.appendChild(el('td', 'num', d ? seconds(d[k]) : '–'));
    });
    return tr;
  }
  function tile(id, value, label, hint) {
    var t = el('div', 'tile'); t.title = hint;
    var b = el('b', null, value); b.id = id;
    t.appendChild(b); t.appendChild(el('span', 'muted', label));
    return t;
  }
  function renderForecast(f) {
    var c = f.crash, asked = forecast.asked || {};
    $('forecast-scope').textContent = f.nodes + ' nodes, ' + (asked.loss ? asked.loss + ' % loss' : 'no loss') + ', '
      + (asked.latency || '1') + ' ms latency · simulated with this node\u2019s settings';
    var rows = [
      timesRow('crash → first suspicion', 'From a crash to the first member suspecting it (' + c.trials + ' crashes simulated)', c.firstSuspicion),
      timesRow('crash → dead everywhere', 'From a crash to each member being told it is dead', c.deadEverywhere),
      timesRow('leave → seen everywhere', 'From a graceful leave to each member seeing it', f.leave.left),
      timesRow('join → seen everywhere', 'From a join to each member seeing the new node alive', f.join)
    ];
    rows[1].id = 'forecast-dead';
    $('forecast-times').replaceChildren.apply($('forecast-times'), rows);
    $('forecast-tiles').replaceChildren(
      tile('forecast-bytes', rate(f.traffic.bytesPerNodePerS) + 'B', 'sent per member per second', 'Bytes each member sends, as framed on the wire'),
      tile('forecast-packets', rate(f.traffic.packetsPerNodePerS), 'packets sent per member per second', 'Packets and streams each member sends'),
      tile('forecast-suspicions', perHour(f.falseAlarms.suspicionsPerNodeHour), 'false suspicions per member-hour',
        f.falseAlarms.suspicions + ' suspicions of healthy members in ' + f.falseAlarms.nodeHours.toFixed(1) + ' simulated member-hours'),
      tile('forecast-deaths', perHour(f.falseAlarms.deathsPerNodeHour), 'false deaths per member-hour',
        f.falseAlarms.deaths + ' healthy members declared dead in ' + f.falseAlarms.nodeHours.toFixed(1) + ' simulated member-hours'));
    $('forecast-note').textContent = c.trials + (c.trials === 1 ? ' crash' : ' crashes') + ' and leaves simulated, '
      + f.falseAlarms.nodeHours.toFixed(1) + ' member-hours of steady traffic; the forecast took '
      + f.cost.wallSeconds.toFixed(1) + ' s';
    $('forecast-body').hidden = false;
    histogram(c.deadAfterS, c.deadEverywhere);
  }
  // How many members learnt of the crash in each slice of time, with p50 and p99 marked.
  function histogram(values, dist) {
    var canvas = $('chart-forecast'), dpr = window.devicePixelRatio || 1;
    var w = canvas.clientWidth, h = canvas.clientHeight;
    if (!w || !h || !values || !values.length) { return; }
    canvas.width = w * dpr; canvas.height = h * dpr;
    var g = canvas.getContext('2d');
    g.scale(dpr, dpr);
    g.clearRect(0, 0, w, h);
    // Narrow bins of equal time from 0: the gap before the first bar is the suspicion timeout at work.
    var hi = Math.max(values[values.length - 1], 0.001) * 1.1, bins = Math.max(8, Math.min(40, Math.floor(w / 12)));
    var counts = new Array(bins).fill(0), top = 0, axis = 14, plot = h - axis - 30; // a band above for the markers
    values.forEach(function (v) { counts[Math.min(bins - 1, Math.floor(v / hi * bins))]++; });
    counts.forEach(function (n) { top = Math.max(top, n); });
    var bw = w / bins;
    g.fillStyle = css('--dead');
    counts.forEach(function (n, i) {
      if (!n) { return; }
      var bh = Math.max(1, plot * n / top);
      g.fillRect(i * bw + 1, h - axis - bh, Math.max(1, bw - 2), bh);
    });
    g.strokeStyle = css('--line'); g.lineWidth = 1;
    g.beginPath(); g.moveTo(0, h - axis + 0.5); g.lineTo(w, h - axis + 0.5); g.stroke();
    g.font = '10px system-ui, sans-serif'; g.fillStyle = css('--muted');
    g.textAlign = 'left'; g.fillText('0s', 1, h - 2);
    g.textAlign = 'right'; g.fillText(seconds(hi), w - 1, h - 2);
    g.textAlign = 'left'; g.fillText(top + (top === 1 ? ' member' : ' members'), 2, h - axis - plot - 3);
    [['p50', dist && dist.p50], ['p99', dist && dist.p99]].forEach(function (m, i) {
      if (m[1] == null) { return; }
      var x = Math.round(m[1] / hi * w) + 0.5;
      g.strokeStyle = css('--fg'); g.setLineDash([3, 3]);
      g.beginPath(); g.moveTo(x, 4 + i * 13); g.lineTo(x, h - axis); g.stroke(); g.setLineDash([]);
      g.fillStyle = css('--fg'); g.textAlign = x > w - 70 ? 'right' : 'left';
      g.fillText(m[0] + ' ' + seconds(m[1]), x + (x > w - 70 ? -4 : 4), 12 + i * 13);
    });
  }

  $('forecast-form').addEventListener('submit', function (ev) {
    ev.preventDefault(); forecast.busyRetries = 0; loadForecast();
  });
  // Without a "nodes" what-if the forecast is for the current size: ask again once a change has settled.
  function clusterSize(n) {
    if (forecast.size !== null && n !== forecast.size && $('whatif-nodes').value === '') {
      clearTimeout(forecast.sizeTimer);
      forecast.sizeTimer = setTimeout(loadForecast, SIZE_SETTLE_MS);
    }
    forecast.size = n;
  }
  return {
    load: loadForecast,
    clusterSize: clusterSize,
    resize: function () { if (forecast.data) { histogram(forecast.data.crash.deadAfterS, forecast.data.crash.deadEverywhere); } }
  };
};
