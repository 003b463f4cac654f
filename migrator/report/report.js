"use strict";
// Sorting and filtering of the wrappers table. Reads only the DOM the page was written
// with; numeric columns sort by the data-sort value of their cells (empty = no value,
// always last), text columns by the cell text. Ties keep their current order (stable).
(function () {
  var table = document.getElementById("wrappers");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function sortKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!numeric) { return cell.textContent; }
    var raw = cell.getAttribute("data-sort");
    var value = raw === null || raw === "" ? NaN : Number(raw);
    return isNaN(value) ? null : value;
  }

  function sortBy(header) {
    var index = headers.indexOf(header);
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var entries = Array.prototype.map.call(body.rows, function (row, position) {
      return { row: row, position: position, key: sortKey(row, index, numeric) };
    });
    entries.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) { return a.position - b.position; }
        return a.key === null ? 1 : -1;
      }
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (ascending ? order : -order) || a.position - b.position;
    });
    var fragment = document.createDocumentFragment();
    entries.forEach(function (entry) { fragment.appendChild(entry.row); });
    body.appendChild(fragment);
    headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  headers.forEach(function (header) {
    header.addEventListener("click", function () { sortBy(header); });
  });

  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  function applyFilter() {
    var words = filter.value.toLowerCase();
    var visible = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var match = row.textContent.toLowerCase().indexOf(words) !== -1;
      row.hidden = !match;
      visible += match ? 1 : 0;
    });
    shown.textContent = visible + " of " + body.rows.length + " shown";
  }
  if (filter && shown) { filter.addEventListener("input", applyFilter); }
})();
