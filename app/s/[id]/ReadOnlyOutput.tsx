"use client";
import { useMemo } from "react";
import type { CellRunResult } from "../../../lib/schemas/cellRun";
import type { OutputWire } from "../../../server/shares/view";
import { CellOutput } from "../../notebooks/[id]/output/CellOutput";
import { restoreOutput } from "./restoreOutput";

const noop = () => {};

/**
 * Restored outputs of recently rendered shares. Snapshots never change, so on the server this spares
 * each view of a popular link the parse and diff recomputation of a large output (bench/share); in the
 * browser it holds the one page's outputs.
 */
const restored = new Map<string, { result: CellRunResult; chars: number }>();
const BUDGET_CHARS = 48 * 1024 * 1024; // of wire JSON; the restored objects take a few times that
let heldChars = 0;

function restoreOnce(key: string, wire: string): CellRunResult {
  const hit = restored.get(key);
  if (hit) return hit.result;
  const result = restoreOutput(JSON.parse(wire) as OutputWire);
  restored.set(key, { result, chars: wire.length });
  heldChars += wire.length;
  for (const [k, v] of restored) {
    if (heldChars <= BUDGET_CHARS || k === key) break;
    restored.delete(k);
    heldChars -= v.chars;
  }
  return result;
}

/**
 * The notebook's output view, frozen: a share cannot re-run or re-judge anything (`readOnly` hides those
 * controls), and functions cannot cross from the server page to the client, so the handlers live here.
 * The output arrives as one JSON string (OutputWire, keyed by share and cell): React passes a string to
 * the client in one piece, where a deep object of an 8,192-token run costs it a walk over millions of keys.
 */
export function ReadOnlyOutput({ wireKey, wire }: { wireKey: string; wire: string }) {
  const result = useMemo(() => restoreOnce(wireKey, wire), [wireKey, wire]);
  return <CellOutput result={result} live={null} onRuleChange={noop} busy={false} readOnly />;
}
