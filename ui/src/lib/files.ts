// Pure helpers for files the app saves: a title made safe as a file name, and the name of a saved file.

/** `title` without the characters file systems refuse (`\ / : * ? " < > |`), or `fallback` when nothing is left. */
export function safeFileName(title: string, fallback: string): string {
  return title.replace(/[\\/:*?"<>|]+/g, " ").replace(/\s+/g, " ").trim() || fallback;
}

/** The last part of a path ("/home/kim/summary.pdf" → "summary.pdf"), for messages. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
