// Follow a background export: poll its JSON status and move the progress bar
// until the file is ready, then show the download link. No library needed.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("export-voortgang");
  if (!box) {
    return;
  }
  var bar = document.getElementById("export-balk");
  var text = document.getElementById("export-tekst");
  var download = document.getElementById("export-download");
  var link = document.getElementById("export-link");
  var url = box.getAttribute("data-status-url");

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    text.textContent = state.label + ": " + state.done + " van " + state.total;
    if (state.download) {
      link.setAttribute("href", state.download);
      download.hidden = false;
    }
    return state.status === "klaar" || state.status === "mislukt";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (state && !show(state)) {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  poll();
});
