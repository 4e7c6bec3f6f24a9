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

  // The browser's PDF viewer takes the keyboard focus when an evidence frame finishes loading,
  // and frames load lazily, so mid-review. Focus may enter a frame only when the reader takes it
  // there: with Tab or with the pointer on the frame; otherwise it goes back where it was.
  let lastFocus = null;
  let tabbing = false;
  let pointedFrame = null;
  document.addEventListener("focusin", (event) => {
    if (!event.target.matches("iframe")) lastFocus = event.target;
  });
  document.addEventListener("keydown", (event) => { tabbing = event.key === "Tab"; }, true);
  document.addEventListener("mouseover", (event) => {
    pointedFrame = event.target.closest?.("iframe.evidence-pdf") || null;
  });
  const keepFocus = () => {
    const frame = document.activeElement;
    if (!frame?.matches("iframe.evidence-pdf") || tabbing || pointedFrame === frame) return;
    if (lastFocus?.isConnected) {
      lastFocus.focus({ preventScroll: true });
    } else {
      frame.blur();
      window.focus();
    }
  };
  window.addEventListener("blur", () => setTimeout(keepFocus));

  // After a saved 通过 the next requirement takes the focus.
  document.body.addEventListener("htmx:afterSwap", () => {
    if (advanceFrom !== null) {
      focusAt(advanceFrom + 1);
      advanceFrom = null;
    }
  });
})();
