// A Svelte action for a textarea that grows with its text (up to 320 pixels, then it scrolls), so that a thread's
// synthesis is read whole where it is written. Its parameter is the text shown, so that a value set from outside
// (a live refresh) fits too: `use:autogrow={value}`.
import type { Action } from "svelte/action";

const MAX_HEIGHT = 320;

export const autogrow: Action<HTMLTextAreaElement, string> = (node) => {
  const fit = () => {
    // Not laid out (not on screen): nothing to measure yet.
    if (node.offsetParent === null) return;
    node.style.height = "auto";
    node.style.height = `${Math.min(node.scrollHeight + 2, MAX_HEIGHT)}px`;
  };
  fit();
  node.addEventListener("input", fit);
  // A narrower card wraps the text onto more lines: fit again when the width changes.
  let width = node.clientWidth;
  const resized = new ResizeObserver(() => {
    if (node.clientWidth !== width) {
      width = node.clientWidth;
      fit();
    }
  });
  resized.observe(node);
  return {
    update() {
      // After the new value is in the element.
      queueMicrotask(fit);
    },
    destroy() {
      node.removeEventListener("input", fit);
      resized.disconnect();
    },
  };
};
