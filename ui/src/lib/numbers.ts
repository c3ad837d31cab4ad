/** A whole, non-negative number typed into a field (`"12"` → 12); null when the text is not one. */
export function parseCount(text: string | number | null | undefined): number | null {
  if (typeof text === "number") return Number.isSafeInteger(text) && text >= 0 ? text : null;
  if (text === null || text === undefined) return null;
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  return Number(t);
}
