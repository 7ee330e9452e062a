// The SPARQL page: YASGUI on /sparql, with the project's prefixes and its example queries.
// Configuration comes from the JSON block the server writes; nothing is fetched from elsewhere.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var container = document.getElementById("yasgui");
  if (!window.Yasgui || !container) { return; }
  document.body.classList.add("js-ready");

  var endpoint = new URL(config.endpoint, window.location.href).href;
  function shareLink(query) {
    return endpoint + "?query=" + encodeURIComponent(query);
  }
  function prologue() {
    return Object.keys(config.prefixes).map(function (p) {
      return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
    }).join("\n") + "\n\n";
  }
  var start = config.query || prologue() + "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 10";

  var yasgui = new window.Yasgui(container, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    yasqe: {
      value: start,
      // "class" and "property" would ask lov.linkeddata.es; prefixes are bundled in the script.
      autocompleters: ["prefixes", "variables"],
      createShareableLink: function (yasqe) { return shareLink(yasqe.getValue()); }
    }
  });

  var link = document.getElementById("share-link");
  function current() { return yasgui.getTab().getYasqe(); }
  function update() { if (link) { link.href = shareLink(current().getValue()); } }
  current().setValue(start);
  current().on("change", update);
  yasgui.on("tabSelect", function () { window.setTimeout(update, 0); });
  update();

  // Example links open in the editor (they stay plain links without JavaScript).
  document.querySelectorAll("[data-example]").forEach(function (anchor) {
    var example = config.examples.find(function (e) { return e.name === anchor.dataset.example; });
    if (!example) { return; }
    anchor.addEventListener("click", function (event) {
      event.preventDefault();
      var tab = yasgui.addTab(true, { name: example.title });
      tab.setQuery(example.query);
      window.history.replaceState(null, "", shareLink(example.query));
      update();
    });
  });
})();
