import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import "./lib/theme.svelte";

// Errors the page meets are kept in `window.__cafeErrors`, so that the end-to-end tests (WebKitWebDriver exposes
// no console log) can check that a session produced none.
declare global {
  interface Window {
    __cafeErrors?: string[];
  }
}
const errors: string[] = (window.__cafeErrors = []);
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  errors.push(args.map(String).join(" "));
  consoleError(...args);
};
window.addEventListener("error", (e) => errors.push(`${e.message} (${e.filename}:${e.lineno})`));
window.addEventListener("securitypolicyviolation", (e) =>
  errors.push(`blocked by the content security policy: ${e.violatedDirective} ${e.blockedURI}`),
);
window.addEventListener("unhandledrejection", (e) => errors.push(`unhandled rejection: ${String(e.reason)}`));

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

export default mount(App, { target });
