"use strict";
// The query page of kg serve: YASGUI pointed at this server's /sparql, the named queries as
// example buttons. Every text shown comes in through textContent.
(function () {
  const endpoint = new URL("/sparql", window.location.href).href;
  document.getElementById("endpoint").textContent = endpoint;
  const Yasgui = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
  });
  window.kgYasgui = yasgui;  // for the browser test and the console

  fetch("/queries.json")
    .then(function (response) { return response.json(); })
    .then(function (queries) {
      const nav = document.getElementById("examples");
      queries.forEach(function (q) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = q.name;
        button.title = q.description;
        button.addEventListener("click", function () {
          const tab = yasgui.getTab();
          tab.setQuery(q.sparql);
          tab.query();
        });
        nav.appendChild(button);
      });
    });
})();
