// The filing form, enhanced: filter the list of bodies as you type, and show the deadline each
// chosen law gives (from the deadline calculator API) for a request received today.
(function () {
  const search = document.getElementById("body-search");
  const select = document.getElementById("id_public_body");
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
  const preview = document.getElementById("deadline-preview");
  const boxes = document.querySelectorAll("input[name=legal_rules]");
  const today = new Date().toISOString().slice(0, 10);
  async function show() {
    const lines = [];
    for (const box of boxes) {
      if (!box.checked) continue;
      const response = await fetch(`/api/v1/deadlines/calculate/?rule=${encodeURIComponent(box.value)}&received=${today}`);
      if (!response.ok) continue;
      const result = await response.json();
      lines.push(`${result.period}: ${result.due_date.split("-").reverse().join(".")}`);
    }
    preview.textContent = lines.join(" · ");
  }
  boxes.forEach((box) => box.addEventListener("change", show));
})();
