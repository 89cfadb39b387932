// Soporte · comunidad: while a question's title is typed, show what already answers
// it. The form works the same without this script (its preview step searches too).
(function () {
  "use strict";
  var title = document.getElementById("ask-title");
  var box = document.getElementById("sugerencias");
  if (!title || !box) {
    return;
  }
  var flow = document.querySelector("input[name=flujo]");
  var timer = null;
  var asked = "";
  function load() {
    var text = title.value.trim();
    if (text === asked) {
      return;
    }
    asked = text;
    var url = "/comunidad/sugerencias?q=" + encodeURIComponent(text);
    if (flow && flow.value) {
      url += "&flujo=" + encodeURIComponent(flow.value);
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        // A session that ended answers with the sign-in page: show nothing then.
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
