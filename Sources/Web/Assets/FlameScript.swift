/// The flame graph page's script, served at /assets/flamegraph.js: click a frame to zoom (its ancestors stay,
/// dimmed, across the full width), hover for samples and percentages, search by regular expression with the
/// share of samples matched, reset. It only changes attributes and text of the server-rendered SVG; it never
/// builds markup from data.
enum FlameScript {
    static let js = """
        (function () {
          'use strict';
          var svg = document.querySelector('svg.flamegraph');
          if (!svg) { return; }
          var width = 1200;
          var total = parseFloat(svg.getAttribute('data-total')) || 1;
          var frames = Array.prototype.map.call(svg.querySelectorAll('g.f'), function (g) {
            return {
              g: g, x: +g.getAttribute('data-x'), w: +g.getAttribute('data-w'), d: +g.getAttribute('data-d'),
              n: g.getAttribute('data-n'), rect: g.querySelector('rect'), text: g.querySelector('text')
            };
          });
          var details = document.getElementById('flame-details');
          var match = document.getElementById('flame-match');
          var search = document.getElementById('flame-search');
          var focus = frames[0];
          function fit(name, w) {
            var n = Math.floor((w - 6) / 7);
            if (n < 3) { return ''; }
            return name.length <= n ? name : name.slice(0, n - 2) + '..';
          }
          function percent(value, of) { return (value / of * 100).toFixed(2) + '%'; }
          function layout() {
            var x0 = focus.x, w0 = focus.w;
            frames.forEach(function (f) {
              var inside = f.d >= focus.d && f.x >= x0 && f.x + f.w <= x0 + w0;
              var ancestor = f.d < focus.d && f.x <= x0 && f.x + f.w >= x0 + w0;
              if (!inside && !ancestor) { f.g.style.display = 'none'; return; }
              f.g.style.display = '';
              var x = ancestor ? 0 : (f.x - x0) / w0 * width;
              var w = ancestor ? width : f.w / w0 * width;
              f.rect.setAttribute('x', x.toFixed(2));
              f.rect.setAttribute('width', Math.max(w, 0.1).toFixed(2));
              f.text.setAttribute('x', (x + 3).toFixed(2));
              f.text.textContent = fit(f.n, w);
              f.g.classList.toggle('dim', ancestor && f !== focus);
            });
          }
          function frameOf(target) {
            var g = target.closest ? target.closest('g.f') : null;
            if (!g) { return null; }
            for (var i = 0; i < frames.length; i++) { if (frames[i].g === g) { return frames[i]; } }
            return null;
          }
          svg.addEventListener('click', function (event) {
            var f = frameOf(event.target);
            if (f) { focus = f; layout(); }
          });
          svg.addEventListener('mousemove', function (event) {
            var f = frameOf(event.target);
            if (!f || !details) { return; }
            details.textContent = f.n + ' — ' + f.w + ' samples, ' + percent(f.w, total) + ' of all' +
              (focus.d > 0 ? ', ' + percent(f.w, focus.w) + ' of the zoomed frame' : '');
          });
          var reset = document.getElementById('flame-reset');
          if (reset) { reset.addEventListener('click', function () { focus = frames[0]; layout(); }); }
          if (search) {
            search.addEventListener('input', function () {
              var pattern = null;
              try { pattern = search.value ? new RegExp(search.value) : null; } catch (e) { pattern = null; }
              var matched = [];
              frames.forEach(function (f) {
                var hit = pattern !== null && f.d > 0 && pattern.test(f.n);
                f.g.classList.toggle('match', hit);
                if (hit) { matched.push(f); }
              });
              // Samples under a matched frame count once, however many matched frames are above them.
              matched.sort(function (a, b) { return a.d - b.d; });
              var counted = [], samples = 0;
              matched.forEach(function (f) {
                var covered = counted.some(function (c) { return f.x >= c.x && f.x + f.w <= c.x + c.w; });
                if (!covered) { counted.push(f); samples += f.w; }
              });
              if (match) {
                match.textContent = search.value === '' ? '' :
                  (pattern === null ? 'not a regular expression' : 'matched: ' + percent(samples, total) + ' of samples');
              }
            });
          }
          layout();
        })();
        """
}
