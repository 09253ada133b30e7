// Drag and drop on top of the plain file input (the form works without this script).
// Served from this server, no inline code: allowed by the page's CSP (script-src 'self').
(function () {
  "use strict";
  var zone = document.getElementById("drop");
  var plan = document.getElementById("plan");
  var reports = document.getElementById("attachments");
  if (!zone || !plan || !window.DataTransfer) { return; }
  var hint = zone.querySelector(".drop-hint");
  if (hint) { hint.hidden = false; }
  function stop(event) { event.preventDefault(); event.stopPropagation(); }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { stop(event); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { stop(event); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    var files = Array.prototype.slice.call(event.dataTransfer.files || []);
    var isReport = function (f) { return /\.(ya?ml|json)$/i.test(f.name) && /\d{4}-\d{2}|decisions|waivers/i.test(f.name); };
    var main = files.filter(function (f) { return !isReport(f); });
    var rest = files.filter(isReport);
    if (main.length === 0 && rest.length > 0) { main = [rest.shift()]; }
    var first = new DataTransfer();
    if (main.length > 0) { first.items.add(main[0]); plan.files = first.files; }
    if (rest.length > 0 && reports) {
      var others = new DataTransfer();
      rest.forEach(function (f) { others.items.add(f); });
      reports.files = others.files;
    }
  });
})();
