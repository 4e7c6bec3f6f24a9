// Keyboard review: J/K move between requirements, 1 passes (and saves), 2 and 3 choose
// 需整改 / 不通过 and put the cursor in the comment; Ctrl+Enter saves from the comment.
(() => {
  const items = () => Array.from(document.querySelectorAll(".review-item"));
  const current = () => document.activeElement?.closest(".review-item") || null;
  const focusAt = (index) => {
    const list = items();
    const target = list[Math.max(0, Math.min(index, list.length - 1))];
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "nearest" });
    }
  };
  const move = (step) => {
    const here = current();
    focusAt(here ? items().indexOf(here) + step : 0);
  };
  let advanceFrom = null;

  document.addEventListener("keydown", (event) => {
    if (event.target.matches("textarea, input[type=text], input[type=date]")) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        event.target.form?.requestSubmit();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "arrowdown") { event.preventDefault(); move(1); return; }
    if (key === "k" || key === "arrowup") { event.preventDefault(); move(-1); return; }
    const item = current();
    const form = item?.querySelector(".verdict-form");
    if (!form || !["1", "2", "3"].includes(key)) return;
    event.preventDefault();
    const radios = form.querySelectorAll("input[name=verdict]");
    radios[Number(key) - 1].checked = true;
    if (key === "1") {
      advanceFrom = items().indexOf(item);
      form.requestSubmit();
    } else {
      form.querySelector("textarea").focus();
    }
  });

  // After a saved 通过 the next requirement takes the focus.
  document.body.addEventListener("htmx:afterSwap", () => {
    if (advanceFrom !== null) {
      focusAt(advanceFrom + 1);
      advanceFrom = null;
    }
  });
})();
