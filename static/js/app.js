// Ask before destructive actions marked with data-confirm.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// A post's form: choosing an existing person greys out the fields for a new one.
function syncNewPerson() {
  const picker = document.getElementById("id_person");
  const card = document.querySelector(".new-person");
  if (!picker || !card) return;
  const picked = picker.value !== "";
  card.classList.toggle("opacity-50", picked);
  card.querySelectorAll("input, select, textarea").forEach((field) => {
    field.disabled = picked;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.id === "id_person") syncNewPerson();
});
document.addEventListener("DOMContentLoaded", syncNewPerson);

// A button with data-remove-closest removes its enclosing element (e.g. a work-plan step row);
// a delegated handler instead of an inline one, so the Content Security Policy needs no eval.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-closest]");
  if (!button) return;
  const row = button.closest(button.dataset.removeClosest);
  if (row) row.remove();
});

// A search box with data-filter-list hides the list's rows (data-filter-text) that do not match.
document.addEventListener("input", (event) => {
  const box = event.target.closest("[data-filter-list]");
  if (!box) return;
  const needle = box.value.trim();
  document.querySelectorAll(`${box.dataset.filterList} [data-filter-text]`).forEach((row) => {
    row.hidden = needle !== "" && !row.dataset.filterText.includes(needle);
  });
});

// A fieldset with data-enabled-by is usable only while that radio is checked (the launch form's
// society list belongs to "逐个选择").
function syncEnabledBy() {
  document.querySelectorAll("fieldset[data-enabled-by]").forEach((set) => {
    const radio = document.getElementById(set.dataset.enabledBy);
    if (radio) set.disabled = !radio.checked;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.type === "radio") syncEnabledBy();
});
document.addEventListener("DOMContentLoaded", syncEnabledBy);
