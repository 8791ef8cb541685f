/// The UI's only script, served at /assets/app.js: re-fetches each live region every 2 s (the HTMX
/// pattern without the download), flashes values that changed, keeps table sort and filter across
/// refreshes, and shows a chart's value and time under the pointer. Fragments are server-rendered and
/// escaped; the script never builds markup from data (the hover text is set with textContent).
enum Script {
    static let js = """
        (function () {
          'use strict';
          var sorts = {};
          var filter = '';
          function cells(region) { return region.querySelectorAll('[data-k], .big, td.num, dd'); }
          function applyFilter(root) {
            root.querySelectorAll('table.sortable tbody tr').forEach(function (row) {
              row.hidden = filter !== '' && row.textContent.toLowerCase().indexOf(filter) < 0;
            });
          }
          function sortTable(table, index, column, direction) {
            var body = table.tBodies[0];
            if (!body) { return; }
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[column], y = b.cells[column];
              if (!x || !y) { return 0; }
              var p = parseFloat(x.dataset.sort), q = parseFloat(y.dataset.sort);
              var order = (!isNaN(p) && !isNaN(q)) ? p - q : x.textContent.localeCompare(y.textContent, undefined, { numeric: true });
              return direction === 'asc' ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
              th.classList.toggle('asc', i === column && direction === 'asc');
              th.classList.toggle('desc', i === column && direction === 'desc');
            });
          }
          function applySorts(root) {
            document.querySelectorAll('table.sortable').forEach(function (table, index) {
              var sort = sorts[index];
              if (sort) { sortTable(table, index, sort.column, sort.direction); }
            });
            applyFilter(root);
          }
          document.addEventListener('click', function (event) {
            var th = event.target.closest('table.sortable th');
            if (!th) { return; }
            var table = th.closest('table');
            var index = Array.prototype.indexOf.call(document.querySelectorAll('table.sortable'), table);
            var previous = sorts[index];
            var direction = previous && previous.column === th.cellIndex && previous.direction === 'desc' ? 'asc' : 'desc';
            sorts[index] = { column: th.cellIndex, direction: direction };
            sortTable(table, index, th.cellIndex, direction);
          });
          document.addEventListener('input', function (event) {
            if (!event.target.matches('input.filter')) { return; }
            filter = event.target.value.trim().toLowerCase();
            applyFilter(document);
          });
          function refresh(region) {
            fetch(region.dataset.live, { cache: 'no-store', headers: { 'X-Requested-With': 'podwatch' } })
              .then(function (response) {
                // A login that expired: the page itself goes to the login form and back.
                if (response.status === 401) { window.location.reload(); }
                if (!response.ok) { throw new Error(String(response.status)); }
                return response.text();
              })
              .then(function (html) {
                var before = Array.prototype.map.call(cells(region), function (el) { return el.textContent; });
                var template = document.createElement('template');
                template.innerHTML = html;
                region.replaceChildren(template.content);
                Array.prototype.forEach.call(cells(region), function (el, i) {
                  if (before[i] !== undefined && before[i] !== el.textContent) { el.classList.add('changed'); }
                });
                region.classList.remove('offline');
                applySorts(region);
                reselect();
                // A finished profile's status region asks for the page with its result.
                if (region.querySelector('[data-reload]')) { window.location.reload(); }
              })
              .catch(function () { region.classList.add('offline'); });
          }
          var tip = null;
          function two(n) { return n < 10 ? '0' + n : String(n); }
          document.addEventListener('mousemove', function (event) {
            var chart = event.target.closest && event.target.closest('svg.spark[data-values]');
            if (!chart) { if (tip) { tip.hidden = true; } return; }
            var values = chart.dataset.values.split('|');
            var box = chart.getBoundingClientRect();
            var index = Math.round((event.clientX - box.left) / Math.max(box.width, 1) * (values.length - 1));
            index = Math.max(0, Math.min(values.length - 1, index));
            var text = values[index];
            if (chart.dataset.end) {
              var at = new Date(Number(chart.dataset.end) - (values.length - 1 - index) * Number(chart.dataset.step) * 1000);
              text += ' at ' + two(at.getUTCHours()) + ':' + two(at.getUTCMinutes()) + ':' + two(at.getUTCSeconds()) + ' UTC';
            }
            if (!tip) { tip = document.createElement('div'); tip.className = 'spark-tip'; document.body.appendChild(tip); }
            tip.textContent = text;
            tip.hidden = false;
            tip.style.left = (event.pageX + 12) + 'px';
            tip.style.top = (event.pageY - 28) + 'px';
          });
          // Keyboard, as in k9s and GitHub: '/' focuses the search box, j/k move through table rows, Enter opens
          // the selected row (kept selected across refreshes by its link).
          var selected = null;
          function rows() {
            return Array.prototype.filter.call(document.querySelectorAll('table.rows tbody tr[data-href]'), function (row) { return !row.hidden; });
          }
          function reselect() {
            if (selected === null) { return; }
            rows().forEach(function (row) { row.classList.toggle('selected', row.dataset.href === selected); });
          }
          document.addEventListener('keydown', function (event) {
            var target = event.target;
            if (target.closest && target.closest('input, textarea, select, [contenteditable]')) {
              if (event.key === 'Escape') { target.blur(); }
              return;
            }
            if (event.ctrlKey || event.metaKey || event.altKey) { return; }
            if (event.key === '/') {
              var box = document.querySelector('main [data-search]') || document.querySelector('[data-search]');
              if (box) { event.preventDefault(); box.focus(); box.select(); }
              return;
            }
            if (event.key !== 'j' && event.key !== 'k' && event.key !== 'Enter') { return; }
            var list = rows();
            if (list.length === 0) { return; }
            var current = -1;
            list.forEach(function (row, i) { if (row.classList.contains('selected')) { current = i; } });
            if (event.key === 'Enter') {
              if (current >= 0) { window.location.href = list[current].dataset.href; }
              return;
            }
            var next = event.key === 'j' ? Math.min(list.length - 1, current + 1) : Math.max(0, current - 1);
            list.forEach(function (row) { row.classList.remove('selected'); });
            list[next].classList.add('selected');
            list[next].scrollIntoView({ block: 'nearest' });
            selected = list[next].dataset.href;
          });
          setInterval(function () { document.querySelectorAll('[data-live]').forEach(refresh); }, 2000);
        })();
        """
}
