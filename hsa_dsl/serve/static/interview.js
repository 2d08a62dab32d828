// Keeps what is typed while the page is redrawn: htmx sends the form when an answer changes and
// puts the server's page in place of this one; an answer typed after the form was sent (in the
// next field, while the answer came) keeps its newer value in the new page; a part opened to be
// read or corrected (a day of the time card) stays open.
(function () {
  "use strict";
  var sent = {};
  var typed = {};
  var opened = [];
  function answers() {
    var form = document.getElementById("interview");
    var out = {};
    if (!form) { return out; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.type !== "checkbox" && field.type !== "submit" && field.type !== "hidden") {
        out[field.name] = field.value;
      }
    });
    return out;
  }
  document.addEventListener("htmx:beforeRequest", function () { sent = answers(); });
  document.addEventListener("htmx:beforeSwap", function () {
    opened = Array.prototype.map.call(document.querySelectorAll("details[open][id]"), function (d) { return d.id; });
    var now = answers();
    typed = {};
    Object.keys(now).forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(sent, name) && now[name] !== sent[name]) { typed[name] = now[name]; }
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    var form = document.getElementById("interview");
    if (!form) { return; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (Object.prototype.hasOwnProperty.call(typed, field.name)) { field.value = typed[field.name]; }
    });
    typed = {};
    opened.forEach(function (id) {
      var part = document.getElementById(id);
      if (part) { part.open = true; }
    });
  });
})();
