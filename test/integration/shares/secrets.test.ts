import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellRunResult } from "../../../lib/schemas/cellRun";
import { Rng } from "../../../lib/stats/rng";
import { exportNotebook, serializeNotebookFile } from "../../../server/notebooks/files";
import { storeOutputs } from "../../../server/shares/outputs";
import { assertNoSecrets, redactSecrets, SecretLeakError } from "../../../server/shares/secrets";
import { scoreCell, syntheticScoreRun } from "../../fixtures/shares/syntheticRun";
import { withServices } from "../../helpers/services";

const KEY = "sk-live-0123456789abcdef";
const SHORT = "k3y";

/** A result that leaks keys everywhere a careless adapter might: headers, URL, body, error text. */
function leakyRun(cell: ReturnType<typeof scoreCell>): CellRunResult {
  const run = syntheticScoreRun(cell, new Rng(9));
  const ex = run.a.exchanges[0];
  if (!ex) throw new Error("fixture has no exchange");
  const leaked = {
    ...ex,
    request: {
      ...ex.request,
      url: `http://127.0.0.1:1/generate?api_key=${KEY}`,
      headers: { ...ex.request.headers, authorization: `Bearer ${KEY}`, "X-Api-Key": SHORT },
      body: JSON.stringify({ text: "hi", api_key: KEY }),
    },
  };
  return {
    ...run,
    a: { ...run.a, exchanges: [leaked, ...run.a.exchanges.slice(1)] },
    b: { ...run.b, ok: false, error: { kind: "unauthorized", message: `401: key ${KEY} was refused`, status: 401, body: null } },
  };
}

describe("share snapshots never contain API keys", () => {
  let t: Awaited<ReturnType<typeof withServices>>;
  beforeAll(async () => {
    t = await withServices();
    await t.services.backends.create({ name: "torch", dialect: "sglang", baseUrl: "http://127.0.0.1:1", apiKey: KEY });
    await t.services.backends.create({ name: "jax", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:2", apiKey: SHORT });
  });
  afterAll(async () => t.close());

  it("strips keys from every place a result could hold one", async () => {
    const cell = scoreCell("s1");
    const nb = await t.caller.notebooks.create({ title: `Notebook`, doc: { settings: { backendA: null, backendB: null }, cells: [cell] } });
    await storeOutputs(t.services.db, nb.id, [cell], { s1: leakyRun(cell) });

    const share = await t.caller.shares.create({ notebookId: nb.id });
    const stored = (await t.services.db.share.findUniqueOrThrow({ where: { id: share.id } })).snapshot;
    const served = JSON.stringify(await t.caller.shares.get({ id: share.id }));
    for (const text of [stored, served]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(`"${SHORT}"`);
    }
    const ex = (await t.caller.shares.get({ id: share.id })).snapshot.notebook.outputs?.s1?.a.exchanges[0];
    expect(ex?.request.headers.authorization).toBe("Bearer ***");
    expect(ex?.request.headers["X-Api-Key"]).toBe("***");
    expect(ex?.request.url).toBe("http://127.0.0.1:1/generate?api_key=***");
  });

  it("strips them from a notebook export with outputs too", async () => {
    const cell = scoreCell("s2");
    const nb = await t.caller.notebooks.create({ title: `Exported`, doc: { settings: { backendA: null, backendB: null }, cells: [cell] } });
    await storeOutputs(t.services.db, nb.id, [cell], { s2: leakyRun(cell) });
    const text = serializeNotebookFile(await exportNotebook(t.services, nb.id, { outputs: true }));
    expect(text).toContain("Bearer ***");
    expect(text).not.toContain(KEY);
  });

  it("refuses to share when a key survives redaction", () => {
    expect(() => assertNoSecrets(JSON.stringify({ a: `x${KEY}y` }), [KEY])).toThrow(SecretLeakError);
    expect(() => assertNoSecrets(JSON.stringify({ a: "fine" }), [KEY, SHORT])).not.toThrow();
  });

  it("masks a short key only where a whole value is the key, so ordinary text survives", () => {
    expect(redactSecrets({ text: "the k3y word", token: SHORT, auth: `Bearer ${SHORT}` }, [SHORT])).toEqual({
      text: "the k3y word",
      token: "***",
      auth: "Bearer ***",
    });
  });
});
