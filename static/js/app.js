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
