// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

// The language switcher submits itself when changed.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
