// The appeal page, enhanced: filter the list of bodies as you type; while the appeal is being
// sent, poll its progress every 2 s and update the bar in place; hide Cancel once the undo window
// has closed. Without this file the page shows the same numbers and a link to refresh it.
(function () {
  const search = document.getElementById("body-search");
  const select = document.getElementById("id_public_bodies");
  if (search && select) {
    const options = Array.from(select.options);
    search.addEventListener("input", () => {
      const words = search.value.toLowerCase().replace(/ё/g, "е").split(/\s+/).filter(Boolean);
      options.forEach((option) => {
        const text = option.text.toLowerCase().replace(/ё/g, "е");
        option.hidden = words.length > 0 && !words.every((word) => text.includes(word));
      });
    });
  }

  const undo = document.getElementById("undo-window");
  if (undo) {
    const closesAt = Date.parse(undo.dataset.closesAt);
    const wait = closesAt - Date.now();
    if (!Number.isNaN(closesAt)) setTimeout(() => { undo.hidden = true; }, Math.max(wait, 0));
  }

  const section = document.getElementById("appeal-progress-section");
  const url = section && section.dataset.progressUrl;
  if (!url) return;
  const bar = document.getElementById("appeal-progress");
  const field = (name) => document.getElementById(`progress-${name}`);
  async function poll() {
    let result;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return setTimeout(poll, 2000);
      result = await response.json();
    } catch (error) {
      return setTimeout(poll, 2000);  // a network hiccup: try again
    }
    bar.max = result.total;
    bar.value = result.done;
    bar.textContent = `${result.percent}%`;
    field("done").textContent = result.done;
    field("total").textContent = result.total;
    field("percent").textContent = result.percent;
    if (result.state === "scheduled" || result.state === "sending") {
      setTimeout(poll, 2000);
    } else {
      // Sent (or cancelled elsewhere): the page now has the dashboard, or the draft's forms.
      setTimeout(() => window.location.reload(), 1000);
    }
  }
  setTimeout(poll, 2000);
})();
