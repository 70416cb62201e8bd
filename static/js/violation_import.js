// The import form, enhanced: while the check runs, show how many rows it has read. The form
// carries the progress address (with KEY for the key made here) and the translated message.
(function () {
  const form = document.getElementById("import-form");
  if (!form) return;
  const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  document.getElementById("progress-key").value = key;
  const output = document.getElementById("import-progress");
  const url = form.dataset.progressUrl.replace("KEY", key);
  const checked = form.dataset.checkedMessage;
  form.addEventListener("submit", () => {
    setInterval(async () => {
      const response = await fetch(url, { credentials: "same-origin" });
      const { done, total } = await response.json();
      if (total) output.textContent = checked.replace("%(done)s", done).replace("%(total)s", total);
    }, 1000);
  });
})();
