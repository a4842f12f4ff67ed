// Follow an inzage request: poll its JSON status and move the progress bar until the
// zip is ready, then show the download link. No library needed.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("inzage-voortgang");
  if (!box) {
    return;
  }
  var bar = document.getElementById("inzage-balk");
  var text = document.getElementById("inzage-tekst");
  var download = document.getElementById("inzage-download");
  var link = document.getElementById("inzage-link");
  var url = box.getAttribute("data-status-url");

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    text.textContent = state.label + " (" + state.percent + "%)";
    if (state.download) {
      link.setAttribute("href", state.download);
      download.hidden = false;
    }
    return state.status !== "in_wachtrij" && state.status !== "bezig";
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
