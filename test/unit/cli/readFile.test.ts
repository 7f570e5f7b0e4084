import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonFile, readTextFile } from "../../../server/cli/readFile";

describe("the commands' file reader", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-read-"));

  it("names the file and what is wrong with it", () => {
    const missing = path.join(dir, "nope.json");
    expect(readTextFile(missing)).toEqual({ ok: false, message: `${missing}: cannot read the file (ENOENT)` });
    expect(readJsonFile(dir)).toEqual({ ok: false, message: `${dir}: cannot read the file (EISDIR)` });
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{ nope");
    const r = readJsonFile(broken);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON \\(`));
  });

  it("returns the parsed value", () => {
    const good = path.join(dir, "good.json");
    fs.writeFileSync(good, '{"a":[1,2]}');
    expect(readJsonFile(good)).toEqual({ ok: true, value: { a: [1, 2] } });
  });
});
