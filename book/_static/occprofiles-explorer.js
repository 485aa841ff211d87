/* Occupation explorer: DataTables (occ-datatables.js, from the itables package) on the page's plain HTML
   table. Numbers sort by their data-order value; an empty one (not published) sorts last either way.
   Filters: text (DataTables' search), major group, typical entry education, median annual wage range. */
(function () {
  "use strict";
  function nullsLast(a, b, dir) {
    var ea = a === "" || a === null || a === undefined, eb = b === "" || b === null || b === undefined;
    if (ea && eb) return 0;
    if (ea) return 1;
    if (eb) return -1;
    return dir * (parseFloat(a) - parseFloat(b));
  }
  function start() {
    var table = document.getElementById("occ-explorer");
    if (!table || !window.occDataTables) return;
    performance.mark("occ-explorer-init");
    var DataTable = window.occDataTables.DataTable;
    DataTable.ext.type.order["occ-num-asc"] = function (a, b) { return nullsLast(a, b, 1); };
    DataTable.ext.type.order["occ-num-desc"] = function (a, b) { return nullsLast(a, b, -1); };
    var numeric = [], text = [];
    table.querySelectorAll("thead th").forEach(function (th, i) {
      (th.dataset.numeric === "1" ? numeric : text).push(i);
    });
    var $ = function (id) { return document.getElementById(id); };
    var major = $("occ-filter-major"), education = $("occ-filter-education");
    var wageMin = $("occ-filter-wage-min"), wageMax = $("occ-filter-wage-max"), count = $("occ-filter-count");
    DataTable.ext.search.push(function (settings, data, index) {
      if (settings.nTable !== table) return true;
      var tr = settings.aoData[index].nTr;
      if (major.value && tr.dataset.major !== major.value) return false;
      if (education.value && data[7] !== education.value) return false;
      var lo = wageMin.value === "" ? null : Number(wageMin.value);
      var hi = wageMax.value === "" ? null : Number(wageMax.value);
      if (lo === null && hi === null) return true;
      if (tr.dataset.wage === undefined) return false;
      var w = Number(tr.dataset.wage);
      return (lo === null || w >= lo) && (hi === null || w <= hi);
    });
    var dt = new DataTable(table, {
      order: [],
      pageLength: 50,
      lengthMenu: [[25, 50, 100, -1], [25, 50, 100, "All"]],
      autoWidth: false,
      columnDefs: [
        { targets: numeric, type: "occ-num", className: "dt-right" },
        { targets: text, type: "string" }
      ],
      layout: { topStart: "pageLength", topEnd: null, bottomStart: "info", bottomEnd: "paging" },
      language: { info: "Rows _START_ to _END_ of _TOTAL_", infoFiltered: "(of _MAX_ occupations)" }
    });
    function showCount() {
      var info = dt.page.info();
      count.textContent = info.recordsDisplay.toLocaleString("en-US") + " of " +
        info.recordsTotal.toLocaleString("en-US") + " occupations";
    }
    dt.on("draw", showCount);
    $("occ-filter-text").addEventListener("input", function (e) { dt.search(e.target.value).draw(); });
    [major, education, wageMin, wageMax].forEach(function (el) {
      el.addEventListener("input", function () { dt.draw(); });
    });
    showCount();
    table.dataset.ready = "1";
    performance.mark("occ-explorer-ready");
  }
  // The script follows the table in the page: start at once, before the theme's deferred scripts run.
  if (document.getElementById("occ-explorer")) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
