import { diffTokenSequences } from "../../lib/diff/tokens";
import type { Cell } from "../../lib/schemas/cell";
import type { CellRunResult, SideResult } from "../../lib/schemas/cellRun";
import type { TokenDiff } from "../../lib/schemas/diff";
import type { TokenSequence } from "../../lib/schemas/tokens";
import { packSequence, StringTable, type PackedSequence } from "./packTokens";
import type { SharedNotebook } from "./store";
import type { BenchmarkCardData } from "../../lib/report/card";

/**
 * What the share page renders, prepared once per share and kept in memory (snapshots never change):
 * reading, parsing and re-serializing a 10 MB snapshot on every view would cost more than the page's
 * whole time budget (bench/share).
 *
 * Each output travels to the browser as one JSON string (`OutputWire`), a quarter of the size of the
 * result: token sequences column-wise (packTokens.ts), and the token diffs left out, since the browser
 * recomputes them exactly from the sequences (a third of an 8,192-token run). A diff is left out only
 * after recomputing it here gave the stored one, so the page shows exactly what was shared.
 */
export interface OutputWire {
  result: CellRunResult;
  /** Diffs sent with `positions: []`, to recompute as diffTokenSequences(A, B, {threshold: summary.threshold}). */
  derived: { prompts: number[]; output: boolean };
  /** Token sequences sent column-wise (packTokens.ts), by place: "a.output", "b.items.3"…; their arrays are sent empty. */
  packed: Record<string, PackedSequence>;
  strings: string[];
}

export interface ShareView {
  id: string;
  title: string;
  createdAt: string;
  cells: Cell[];
  /** cell id → OutputWire as JSON */
  outputs: Record<string, string>;
  benchmarks: BenchmarkCardData[];
}

/** The two sequences a result's diff was computed from; the browser pairs them the same way. */
export function diffSources(result: CellRunResult, which: "output" | number): [TokenSequence, TokenSequence] {
  if (which === "output") return [result.a.output?.tokens ?? [], result.b.output?.tokens ?? []];
  return [result.a.items[which]?.tokens ?? [], result.b.items[which]?.tokens ?? []];
}

function recomputes(stored: TokenDiff, [a, b]: [TokenSequence, TokenSequence]): boolean {
  const again = diffTokenSequences(a, b, { threshold: stored.summary.threshold });
  return JSON.stringify(again.positions) === JSON.stringify(stored.positions);
}

const withoutPositions = (d: TokenDiff): TokenDiff => ({ ...d, positions: [] });

function slimDiff(result: CellRunResult): { diff: CellRunResult["diff"]; derived: OutputWire["derived"] } {
  const diff = result.diff;
  if (!diff) return { diff, derived: { prompts: [], output: false } };
  const prompts = diff.prompts.flatMap((d, i) => (recomputes(d, diffSources(result, i)) ? [i] : []));
  const output = diff.output !== null && recomputes(diff.output, diffSources(result, "output"));
  return {
    diff: {
      ...diff,
      prompts: diff.prompts.map((d, i) => (prompts.includes(i) ? withoutPositions(d) : d)),
      output: diff.output && output ? withoutPositions(diff.output) : diff.output,
    },
    derived: { prompts, output },
  };
}

function packSide(side: SideResult, packed: Record<string, PackedSequence>, table: StringTable): SideResult {
  const pack = (place: string, seq: TokenSequence): TokenSequence => {
    packed[`${side.side}.${place}`] = packSequence(seq, table);
    return [];
  };
  return {
    ...side,
    items: side.items.map((item, i) => ({ ...item, tokens: pack(`items.${i}`, item.tokens) })),
    output: side.output && { ...side.output, tokens: pack("output", side.output.tokens) },
  };
}

export function toOutputWire(result: CellRunResult): OutputWire {
  const { diff, derived } = slimDiff(result);
  const packed: Record<string, PackedSequence> = {};
  const table = new StringTable();
  const a = packSide(result.a, packed, table);
  const b = packSide(result.b, packed, table);
  return { result: { ...result, diff, a, b }, derived, packed, strings: table.strings };
}

export function toShareView(shared: SharedNotebook): ShareView {
  const nb = shared.snapshot.notebook;
  const outputs: Record<string, string> = {};
  for (const [cellId, result] of Object.entries(nb.outputs ?? {})) outputs[cellId] = JSON.stringify(toOutputWire(result));
  return { id: shared.id, title: nb.title, createdAt: shared.createdAt, cells: nb.cells, outputs, benchmarks: shared.snapshot.benchmarks };
}

/** Least-recently-viewed eviction under a budget in characters of output JSON. */
export class ShareViewCache {
  private readonly views = new Map<string, { view: ShareView; chars: number }>();
  private chars = 0;

  constructor(private readonly budgetChars = 96 * 1024 * 1024) {}

  get(id: string): ShareView | undefined {
    const hit = this.views.get(id);
    if (!hit) return undefined;
    this.views.delete(id); // re-insert: Map order is the recency order
    this.views.set(id, hit);
    return hit.view;
  }

  set(view: ShareView): void {
    this.delete(view.id);
    const chars = Object.values(view.outputs).reduce((n, s) => n + s.length, 0);
    this.views.set(view.id, { view, chars });
    this.chars += chars;
    for (const [id] of this.views) {
      if (this.chars <= this.budgetChars || id === view.id) break;
      this.delete(id);
    }
  }

  delete(id: string): void {
    const hit = this.views.get(id);
    if (!hit) return;
    this.views.delete(id);
    this.chars -= hit.chars;
  }
}
