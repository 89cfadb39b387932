// Soporte · errores: while a report's title is typed, list the reports that may be the
// same. The form works the same without this script (its second step lists them too).
(function () {
  "use strict";
  var title = document.getElementById("report-title");
  var box = document.getElementById("posibles-duplicados");
  if (!title || !box) {
    return;
  }
  var timer = null;
  var asked = "";
  function load() {
    var text = title.value.trim();
    if (text === asked) {
      return;
    }
    asked = text;
    fetch("/errores/sugerencias?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok && !response.redirected ? response.text() : "";
      })
      .then(function (html) {
        if (text === asked) {
          box.innerHTML = html;
        }
      })
      .catch(function () {});
  }
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  });
})();
