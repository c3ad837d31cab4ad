// Light, dark or following the system; remembered in localStorage and applied to <html data-theme>.

export type ThemeChoice = "system" | "light" | "dark";
const KEY = "knowledge-cafe.theme";
const ORDER: readonly ThemeChoice[] = ["system", "light", "dark"];

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

const query = typeof window !== "undefined" ? window.matchMedia("(prefers-color-scheme: dark)") : null;

class Theme {
  choice: ThemeChoice = $state(stored());
  systemDark: boolean = $state(query?.matches ?? false);
  resolved: "light" | "dark" = $derived(this.choice === "system" ? (this.systemDark ? "dark" : "light") : this.choice);

  constructor() {
    query?.addEventListener("change", (e) => {
      this.systemDark = e.matches;
      this.apply();
    });
    this.apply();
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      if (choice === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // storage unavailable: the choice lasts for this session
    }
    this.apply();
  }

  /** light → dark → system → light … starting from what is in force. */
  next(): void {
    const i = ORDER.indexOf(this.choice);
    this.set(ORDER[(i + 1) % ORDER.length] ?? "system");
  }

  apply(): void {
    if (typeof document === "undefined") return;
    const root = document.documentElement;
    root.dataset.theme = this.resolved;
    root.dataset.themeChoice = this.choice;
    root.style.colorScheme = this.resolved;
  }
}

export const theme = new Theme();
