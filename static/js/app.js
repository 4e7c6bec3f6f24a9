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

// An export link (data-export) downloads in the page: its button shows a spinner and ignores
// further clicks until the file has arrived, so a slow export is visibly under way and a second
// click never starts a second one. A page instead of a file (an error) is shown as it came.
function exportFilename(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const encoded = header.match(/filename\*=UTF-8''([^;]+)/i);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = header.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-export]");
  if (!link || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  if (link.getAttribute("aria-busy") === "true") return;
  const label = link.innerHTML;
  link.setAttribute("aria-busy", "true");
  link.classList.add("disabled");
  link.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> 正在导出…';
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || type.startsWith("text/html")) {
      window.location.assign(response.url || link.href);
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement("a");
    save.href = url;
    save.download = exportFilename(response, "导出.xlsx");
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    window.alert("导出失败，请检查网络后重试。");
  } finally {
    link.innerHTML = label;
    link.classList.remove("disabled");
    link.removeAttribute("aria-busy");
  }
});

// A page's own print button (the CSP forbids inline handlers): prints the page as it is.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A long list of requirements (the self-assessment page): counts, a filter and a jump list,
// kept true after every htmx swap of a card.
(() => {
  const bar = document.querySelector("[data-item-filter]");
  if (!bar) return;
  const cards = () => [...document.querySelectorAll("#items .campaign-item")];
  const tests = {
    all: () => true,
    unassessed: (card) => card.dataset.assessed !== "1",
    "needs-evidence": (card) => card.dataset.needsEvidence === "1",
    rectifying: (card) => card.dataset.state === "rectifying",
  };
  let current = "all";
  const refresh = () => {
    const all = cards();
    const done = all.filter((card) => card.dataset.assessed === "1").length;
    bar.querySelector("[data-progress]").textContent = `已自评 ${done} / ${all.length} 项`;
    for (const button of bar.querySelectorAll("[data-filter]")) {
      const key = button.dataset.filter;
      const count = all.filter(tests[key]).length;
      button.textContent = `${button.textContent.replace(/（\d+）$/, "")}（${count}）`;
      button.classList.toggle("active", key === current);
    }
    for (const card of all) card.hidden = !tests[current](card);
  };
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("[data-filter]");
    if (!button) return;
    current = button.dataset.filter;
    refresh();
  });
  const jump = bar.querySelector("[data-jump]");
  for (const heading of document.querySelectorAll("#items .item-heading[data-depth='0']")) {
    jump.append(new Option(heading.textContent.trim(), heading.id));
  }
  jump.addEventListener("change", () => {
    const target = document.getElementById(jump.value);
    if (target) target.scrollIntoView({ behavior: "smooth", block: "start" });
  });
  document.body.addEventListener("htmx:afterSwap", refresh);
  refresh();
})();
