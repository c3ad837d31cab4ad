// Languages offered in the café's language select; any other language code can be typed in.
export const LANGUAGES: ReadonlyArray<{ code: string; name: string }> = [
  { code: "en", name: "English" },
  { code: "de", name: "Deutsch" },
  { code: "fr", name: "Français" },
  { code: "es", name: "Español" },
  { code: "sv", name: "Svenska" },
  { code: "pt", name: "Português" },
  { code: "it", name: "Italiano" },
  { code: "nl", name: "Nederlands" },
  { code: "ru", name: "Русский" },
  { code: "ar", name: "العربية" },
  { code: "zh", name: "中文" },
  { code: "ja", name: "日本語" },
];

export const OTHER_LANGUAGE = "__other__";

export function isListedLanguage(code: string): boolean {
  return LANGUAGES.some((l) => l.code === code);
}
