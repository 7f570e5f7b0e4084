import fs from "node:fs";

/** What a command read from a file, or why it could not, in the words every command prints after the path. */
export type FileRead<T> = { ok: true; value: T } | { ok: false; message: string };

export function readTextFile(file: string): FileRead<string> {
  try {
    return { ok: true, value: fs.readFileSync(file, "utf8") };
  } catch (err) {
    return { ok: false, message: `${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

export function readJsonFile(file: string): FileRead<unknown> {
  const text = readTextFile(file);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) };
  } catch (err) {
    return { ok: false, message: `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}
