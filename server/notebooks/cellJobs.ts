import { TRPCError } from "@trpc/server";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { RunnableCell } from "../../lib/schemas/cell";
import type { CellRunEvent, CellRunResult } from "../../lib/schemas/cellRun";
import type { NotebookSettings } from "../../lib/schemas/notebook";
import { IdentityCache, runCell, type CellBackends } from "../cells";
import { newId } from "../ids";
import type { Services } from "../services";
import { CellRunStore, type StoredRun } from "./cellRunStore";

/** What a run tells its watchers, in order. `finished` and `failed` are the last message of a run. */
export type CellRunMessage =
  | { type: "started"; cellId: string; notebookId: string; startedAt: string; backends: { a: string; b: string } }
  | { type: "event"; event: CellRunEvent }
  | { type: "finished"; run: StoredRun }
  | { type: "failed"; message: string };

/** One message on the bus (topic `cellRun`); `seq` orders a run's messages and lets a watcher resume. */
export interface CellRunEnvelope {
  runId: string;
  seq: number;
  message: CellRunMessage;
}

export function isLast(m: CellRunMessage): boolean {
  return m.type === "finished" || m.type === "failed";
}

interface Job {
  runId: string;
  notebookId: string;
  cellId: string;
  startedAt: string;
  /** Every message so far while running; just the last one once finished. */
  backlog: CellRunEnvelope[];
  nextSeq: number;
  done: boolean;
  abort: AbortController;
  settled: Promise<void>;
  forget: ReturnType<typeof setTimeout> | null;
}

/** A finished run stays in memory this long, so a watcher that arrives late still gets its last message. */
const RETAIN_FINISHED_MS = 60_000;

/**
 * Picks the notebook's two backends: its chosen ids, or (for a null choice) the first backends in the
 * list. Throws a PRECONDITION_FAILED that says what to fix.
 */
export function resolveBackends(settings: NotebookSettings, list: BackendConfig[]): CellBackends {
  const pick = (side: "A" | "B", id: string | null, avoid: string | null): BackendConfig => {
    if (id !== null) {
      const found = list.find((b) => b.id === id);
      if (found) return found;
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `backend ${side} of this notebook (id ${id}) no longer exists; pick another one in the notebook's backend settings`,
      });
    }
    const found = list.find((b) => b.id !== avoid) ?? list[0];
    if (!found) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "no backends are configured; add two on the Backends page" });
    return found;
  };
  if (list.length < 2 && (settings.backendA === null || settings.backendB === null)) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `a cell compares two backends, but ${list.length === 0 ? "none is" : "only one is"} configured; add ${list.length === 0 ? "two" : "another"} on the Backends page (or pick the same one for A and B)`,
    });
  }
  const a = pick("A", settings.backendA, settings.backendB);
  const b = pick("B", settings.backendB, a.id);
  return { a, b };
}

/**
 * Cell runs in flight. A run is started in the background and owned by the server, not by a browser tab:
 * closing the tab loses nothing. Messages go out on the bus (topic `cellRun`) and into a backlog, so a
 * watcher that subscribes late — or reconnects — still gets every message; the result is stored when
 * the run ends.
 */
export class CellJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly identities = new IdentityCache();
  readonly store: CellRunStore;

  constructor(
    private readonly deps: Pick<Services, "db" | "bus" | "backends" | "notebooks" | "env">,
    private readonly runner: typeof runCell = runCell,
  ) {
    this.store = new CellRunStore(deps.db);
  }

  async start(notebookId: string, cell: RunnableCell): Promise<{ runId: string; backends: { a: string; b: string } }> {
    const notebook = await this.deps.notebooks.get(notebookId);
    const backends = resolveBackends(notebook.doc.settings, await this.deps.backends.list());
    const job: Job = {
      runId: newId(12),
      notebookId,
      cellId: cell.id,
      startedAt: new Date().toISOString(),
      backlog: [],
      nextSeq: 0,
      done: false,
      abort: new AbortController(),
      settled: Promise.resolve(),
      forget: null,
    };
    this.jobs.set(job.runId, job);
    const names = { a: backends.a.name, b: backends.b.name };
    this.emit(job, { type: "started", cellId: cell.id, notebookId, startedAt: job.startedAt, backends: names });
    job.settled = this.execute(job, cell, backends);
    return { runId: job.runId, backends: names };
  }

  private async execute(job: Job, cell: RunnableCell, backends: CellBackends): Promise<void> {
    let last: CellRunMessage;
    try {
      const result: CellRunResult = await this.runner(cell, backends, {
        signal: job.abort.signal,
        timeoutMs: this.deps.env.STUDIO_BACKEND_TIMEOUT_MS,
        onEvent: (event) => this.emit(job, { type: "event", event }),
        identities: this.identities,
      });
      const run = await this.store.insert({ id: job.runId, notebookId: job.notebookId, cell, result });
      last = { type: "finished", run };
    } catch (err) {
      last = { type: "failed", message: `the run stopped: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.emit(job, last);
  }

  private emit(job: Job, message: CellRunMessage): void {
    const envelope: CellRunEnvelope = { runId: job.runId, seq: job.nextSeq++, message };
    if (isLast(message)) {
      job.done = true;
      job.backlog = [envelope]; // a late watcher needs only the outcome
      job.forget = setTimeout(() => this.jobs.delete(job.runId), RETAIN_FINISHED_MS);
      job.forget.unref?.();
    } else {
      job.backlog.push(envelope);
    }
    this.deps.bus.publish("cellRun", envelope);
  }

  /** Messages so far (null when the run is not in memory: long finished, or from before a restart). */
  backlog(runId: string): CellRunEnvelope[] | null {
    const job = this.jobs.get(runId);
    return job ? [...job.backlog] : null;
  }

  /** Runs of a notebook that have not finished yet (so a reloaded page can watch them again). */
  running(notebookId: string): { runId: string; cellId: string; startedAt: string }[] {
    return [...this.jobs.values()]
      .filter((j) => j.notebookId === notebookId && !j.done)
      .map((j) => ({ runId: j.runId, cellId: j.cellId, startedAt: j.startedAt }));
  }

  /** Stops a run; its backends' answers so far are kept as partial results. */
  cancel(runId: string): boolean {
    const job = this.jobs.get(runId);
    if (!job || job.done) return false;
    job.abort.abort(new Error("cancelled by the user"));
    return true;
  }

  /** Waits for a run to end (tests, CLI). */
  async settled(runId: string): Promise<void> {
    await this.jobs.get(runId)?.settled;
  }

  async close(): Promise<void> {
    const jobs = [...this.jobs.values()];
    for (const j of jobs) j.abort.abort(new Error("the studio is stopping"));
    await Promise.allSettled(jobs.map((j) => j.settled));
    for (const j of jobs) if (j.forget) clearTimeout(j.forget);
    this.jobs.clear();
  }
}
