import type { BackendConfig } from "../../lib/schemas/backend";
import { Cell, type CellInput, type RunnableCell } from "../../lib/schemas/cell";
import type { CellRunEvent, CellRunResult, CellRunStatus, Side, SideResult } from "../../lib/schemas/cellRun";
import { describeIssue } from "../../lib/schemas/notebookFile";
import type { CallOptions } from "../adapters/types";
import { compareSides } from "./compare";
import type { IdentityCache } from "./identityCache";
import { runGenerateSide } from "./generateSide";
import { planGenerate, planScore, type GenerateInput, type ScoreInput } from "./inputs";
import { runScoreSide } from "./scoreSide";
import { emptySide, sideContexts, type SideContext } from "./sides";
import { prepareInput, type Prepared } from "./tokenize";

export const DEFAULT_CELL_TIMEOUT_MS = 60_000;
/** Identity is evidence, not the point of the run: it never waits longer than this. */
const IDENTITY_TIMEOUT_MS = 10_000;

export interface RunCellOptions {
  onEvent?: (e: CellRunEvent) => void;
  signal?: AbortSignal;
  /** Per-call timeout; the cell's own timeoutMs wins. */
  timeoutMs?: number;
  /** Where identities come from; by default read afresh on every run. The server passes a shared cache. */
  identities?: IdentityCache;
}

export interface CellBackends {
  a: BackendConfig;
  b: BackendConfig;
}

function statusOf(a: SideResult, b: SideResult): CellRunStatus {
  if (a.ok && b.ok) return "ok";
  const some = (s: SideResult) => s.ok || s.scores !== null || s.items.some((i) => i.ok) || s.output !== null;
  return some(a) || some(b) ? "partial" : "error";
}

/**
 * Runs a score or generate cell on two backends: identity and tokenization first (once, so both get
 * the same ids), then both sides at the same moment (each side's calls start before either is
 * awaited), then the diff and the verdict under the cell's rule. Never throws for backend failures:
 * a side that fails carries its error in words and the other side's result is kept. Throws only for
 * a cell that is not valid or not runnable (markdown), which is a caller error.
 */
export async function runCell(cellInput: Cell | CellInput, backends: CellBackends, opts: RunCellOptions = {}): Promise<CellRunResult> {
  const parsed = Cell.safeParse(cellInput);
  if (!parsed.success) throw new Error(`invalid cell: ${describeIssue(parsed.error)}`);
  const cell = parsed.data;
  if (cell.kind === "markdown") throw new Error(`cell "${cell.id}" is a markdown cell; only score and generate cells run`);

  const emit = (e: CellRunEvent): void => opts.onEvent?.(e);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const timeoutMs = cell.timeoutMs ?? opts.timeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const call: CallOptions = { timeoutMs, signal: opts.signal };
  const sides = sideContexts(backends);

  emit({ type: "phase", phase: "identity" });
  const identityCall = { timeoutMs: Math.min(timeoutMs, IDENTITY_TIMEOUT_MS), signal: opts.signal };
  const identityOf = (ctx: SideContext) =>
    opts.identities ? opts.identities.get(ctx.backend, identityCall) : ctx.adapter.identity(ctx.backend, identityCall);
  const identities = Promise.all([identityOf(sides.a), identityOf(sides.b)]);

  emit({ type: "phase", phase: "tokenize" });
  const prepared: Prepared<ScoreInput | GenerateInput> =
    cell.kind === "score" ? await prepareInput(planScore(cell), sides, call) : await prepareInput(planGenerate(cell), sides, call);

  let a = emptySide(sides.a);
  let b = emptySide(sides.b);
  if (prepared.value) {
    emit({ type: "phase", phase: "send" });
    const input = prepared.value;
    const run = (ctx: SideContext): Promise<SideResult> => {
      const failed = prepared.failed[ctx.side];
      const p = failed
        ? Promise.resolve({ ...emptySide(ctx), error: failed })
        : runSide(ctx, cell, input, call, emit);
      return p.then((r) => {
        emit({ type: "side-done", side: ctx.side, ok: r.ok, error: r.error, latencyMs: r.latencyMs });
        return r;
      });
    };
    // Both sides start here, before either is awaited: they run at the same moment.
    const pending = [run(sides.a), run(sides.b)] as const;
    [a, b] = await Promise.all(pending);
  } else {
    for (const s of ["a", "b"] as Side[]) {
      const failed = prepared.failed[s];
      if (failed) (s === "a" ? a : b).error = failed;
    }
  }
  a.exchanges = [...prepared.exchanges.a, ...a.exchanges];
  b.exchanges = [...prepared.exchanges.b, ...b.exchanges];
  [a.identity, b.identity] = await identities;
  const echoMismatches = prepared.value ? checkEchoes(prepared.value, a, b, prepared.tokenization.details) : 0;
  const tokenization = {
    ...prepared.tokenization,
    match: echoMismatches > 0 ? false : prepared.tokenization.match,
  };

  emit({ type: "phase", phase: "compare" });
  const compared = prepared.value ? compareSides(cell.kind, a, b, cell.rule) : { diff: null, verdict: null };
  emit({ type: "phase", phase: "done" });
  return {
    format: "sglang-studio.cell-run",
    version: 1,
    cellId: cell.id,
    kind: cell.kind,
    status: prepared.error ? "error" : statusOf(a, b),
    error: prepared.error,
    startedAt,
    durationMs: performance.now() - t0,
    rule: cell.rule,
    input: prepared.value,
    tokenization,
    a,
    b,
    diff: compared.diff,
    verdict: compared.verdict,
    teacherForced: null,
  };
}

function runSide(
  ctx: SideContext,
  cell: RunnableCell,
  input: ScoreInput | GenerateInput,
  call: CallOptions,
  emit: (e: CellRunEvent) => void,
): Promise<SideResult> {
  if (cell.kind === "score" && input.kind === "score") return runScoreSide(ctx, cell, input, call, emit);
  if (cell.kind === "generate" && input.kind === "generate") return runGenerateSide(ctx, cell, input, call, emit);
  throw new Error(`cell kind ${cell.kind} does not match input kind ${input.kind}`);
}

/** The ids each backend reports back must be the ids sent; says which side and where they differ. */
function checkEchoes(input: ScoreInput | GenerateInput, a: SideResult, b: SideResult, details: string[]): number {
  let mismatches = 0;
  for (const s of [a, b]) {
    const name = s.side.toUpperCase();
    if (input.kind === "score") {
      const bad = s.items.map((it, i) => (it.idsMatch === false ? i : -1)).filter((i) => i >= 0);
      mismatches += bad.length;
      if (bad.length > 0) {
        details.push(`${name} reports different prompt ids than were sent for item${bad.length > 1 ? "s" : ""} ${bad.join(", ")}`);
      }
    } else if (s.output?.promptTokens != null && s.output.promptTokens !== input.prompt.length) {
      mismatches++;
      details.push(`${name} reports ${s.output.promptTokens} prompt tokens for the ${input.prompt.length} ids sent`);
    }
  }
  return mismatches;
}
