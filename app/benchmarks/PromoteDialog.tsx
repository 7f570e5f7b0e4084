"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { RunnableCell } from "../../lib/schemas/cell";
import { METRIC_DEFINITIONS as DEF } from "../../lib/charts/definitions";
import { estimateDuration } from "../../lib/report/estimate";
import { requestText } from "../../lib/report/specText";
import { useTRPC } from "../trpc";
import styles from "./benchmarks.module.css";
import { FormField } from "./FormField";
import { defaultForm, estimateInputOf, settingsOf, type PromoteForm } from "./promoteForm";
import { fmtUtc } from "../../lib/report/format";

/**
 * Promote a cell to a benchmark: prefilled from the cell's exact request (the token ids its latest run
 * sent, or the cell tokenized now), with load profile, size, trials, SLOs, gates, baseline and an
 * estimate of how long it will take. "Create and run" starts it and opens the live run page.
 */
export function PromoteDialog({ notebookId, cell, onClose }: { notebookId: string; cell: RunnableCell; onClose(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const backends = useQuery(trpc.backends.list.queryOptions());
  const notebook = useQuery(trpc.notebooks.get.queryOptions({ id: notebookId }));
  const [form, setForm] = useState<PromoteForm | null>(null);

  // Defaults once the backends (and the notebook's own A/B choice) are known.
  useEffect(() => {
    if (form || !backends.data || notebook.isPending) return;
    const ids = backends.data.map((b) => b.id);
    const s = notebook.data?.doc.settings;
    const a = s?.backendA && ids.includes(s.backendA) ? s.backendA : (ids[0] ?? "");
    const b = s?.backendB && ids.includes(s.backendB) && s.backendB !== a ? s.backendB : (ids.find((x) => x !== a) ?? "");
    setForm(defaultForm(cell, { a, b }));
  }, [backends.data, notebook.isPending, notebook.data, cell, form]);

  const source = useMutation(trpc.benchmarkViews.promoteSource.mutationOptions());
  const backendIds = form ? [form.backendA, form.backendB].filter((x) => x !== "") : [];
  const sourceKey = `${backendIds.join(",")}|${JSON.stringify(cell)}`;
  useEffect(() => {
    if (backendIds.length === 0) return;
    source.mutate({ notebookId, cell, backendIds });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-read only when the backends or the cell change
  }, [sourceKey]);

  const create = useMutation(trpc.benchmarks.create.mutationOptions());
  const setBaseline = useMutation(trpc.benchmarkViews.setBaseline.mutationOptions());
  const start = useMutation(trpc.benchmarks.startRun.mutationOptions());
  const [submitError, setSubmitError] = useState<string | null>(null);

  const checked = useMemo(() => (form ? settingsOf(form, cell) : null), [form, cell]);
  const estimate = useMemo(() => {
    if (!form) return null;
    const input = estimateInputOf(form, cell, source.data?.latencyMs ?? null);
    return input ? estimateDuration(input) : null;
  }, [form, cell, source.data]);

  if (!form || !checked) {
    return (
      <Backdrop onClose={onClose}>
        <p className={styles.muted}>{backends.error ? `Could not load the backends: ${backends.error.message}` : "Loading…"}</p>
      </Backdrop>
    );
  }
  const set = <K extends keyof PromoteForm>(k: K, v: PromoteForm[K]) => setForm({ ...form, [k]: v });
  const text = (k: keyof PromoteForm) => ({ value: form[k] as string, onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k, e.target.value as never), "aria-invalid": checked.errors[k] ? true : undefined, name: k });
  const busy = create.isPending || setBaseline.isPending || start.isPending;
  const canSubmit = Object.keys(checked.errors).length === 0 && source.data !== undefined && !busy;

  async function submit(run: boolean) {
    if (!form || !checked || !source.data) return;
    setSubmitError(null);
    try {
      const made = await create.mutateAsync({ name: form.name.trim(), notebookId, cellId: cell.id, source: { requests: [source.data.snapshot] }, backendIds, settings: checked.settings });
      if (form.baselineRunId) await setBaseline.mutateAsync({ benchmarkId: made.id, runId: form.baselineRunId });
      if (run) {
        const { runId } = await start.mutateAsync({ benchmarkId: made.id });
        router.push(`/benchmarks/${made.id}/runs/${runId}`);
      } else {
        router.push(`/benchmarks/${made.id}`);
      }
    } catch (err) {
      setSubmitError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Backdrop onClose={onClose}>
      <h2>Promote to benchmark</h2>
      <p className={styles.sub}>
        The benchmark keeps an immutable snapshot of this cell&apos;s exact request; editing the cell later does not change it.
      </p>
      <div className={styles.estimate} data-testid="promote-request">
        {source.isPending && "Reading the cell's exact request…"}
        {source.error && <span className="error-text">{source.error.message}</span>}
        {source.data && (
          <>
            <b>Request:</b> {requestText({ requests: [source.data.snapshot] })} — from {source.data.from}.
          </>
        )}
      </div>

      <div className="form-grid">
        <FormField label="name" error={checked.errors.name}>
          <input {...text("name")} data-testid="promote-name" />
        </FormField>
        <FormField label="backend A" error={checked.errors.backendA}>
          <BackendSelect name="backendA" value={form.backendA} onChange={(v) => set("backendA", v)} backends={backends.data ?? []} />
        </FormField>
        <FormField label="backend B (optional)" error={checked.errors.backendB}>
          <BackendSelect name="backendB" value={form.backendB} onChange={(v) => set("backendB", v)} backends={backends.data ?? []} none="— none —" />
        </FormField>
      </div>

      <fieldset className={styles.fieldset}>
        <legend>Load profile</legend>
        <div className="form-grid">
          <FormField label="kind" hint="closed loop: a fixed number of requests in flight; open loop: requests arrive at a rate; items sweep: items per score request">
            <select value={form.loadKind} onChange={(e) => set("loadKind", e.target.value as PromoteForm["loadKind"])} name="loadKind" data-testid="promote-load-kind">
              <option value="closed">closed loop (concurrency levels)</option>
              <option value="open">open loop (request rates)</option>
              {cell.kind === "score" && <option value="items">items per request sweep</option>}
            </select>
          </FormField>
          {form.loadKind === "closed" && (
            <FormField label="concurrency levels" error={checked.errors.concurrency} hint="requests kept in flight, one level each">
              <input {...text("concurrency")} data-testid="promote-concurrency" />
            </FormField>
          )}
          {form.loadKind === "open" && (
            <>
              <FormField label="rates (requests/s)" error={checked.errors.rates}>
                <input {...text("rates")} />
              </FormField>
              <FormField label="arrivals">
                <select value={form.arrival} onChange={(e) => set("arrival", e.target.value as PromoteForm["arrival"])} name="arrival">
                  <option value="poisson">Poisson</option>
                  <option value="gamma">gamma (burstiness)</option>
                  <option value="constant">constant</option>
                </select>
              </FormField>
              {form.arrival === "gamma" && (
                <FormField label="burstiness" error={checked.errors.burstiness} hint="gamma shape: 1 is Poisson, below 1 burstier">
                  <input {...text("burstiness")} />
                </FormField>
              )}
              <FormField label="max in flight (optional)" error={checked.errors.maxConcurrency}>
                <input {...text("maxConcurrency")} />
              </FormField>
            </>
          )}
          {form.loadKind === "items" && (
            <>
              <FormField label="items per request" error={checked.errors.items}>
                <input {...text("items")} />
              </FormField>
              <FormField label="concurrency" error={checked.errors.itemsConcurrency}>
                <input {...text("itemsConcurrency")} />
              </FormField>
            </>
          )}
        </div>
        <div className="form-grid" style={{ marginTop: 8 }}>
          <FormField label="size of each level">
            <select value={form.sizeBy} onChange={(e) => set("sizeBy", e.target.value as PromoteForm["sizeBy"])} name="sizeBy">
              <option value="requests">a number of requests</option>
              <option value="seconds">a duration</option>
            </select>
          </FormField>
          {form.sizeBy === "requests" ? (
            <FormField label="requests per level" error={checked.errors.requestsPerLevel}>
              <input {...text("requestsPerLevel")} data-testid="promote-requests" />
            </FormField>
          ) : (
            <FormField label="seconds per level" error={checked.errors.secondsPerLevel}>
              <input {...text("secondsPerLevel")} />
            </FormField>
          )}
          <FormField label="warmup requests per backend" error={checked.errors.warmup} hint={DEF.warmup}>
            <input {...text("warmup")} />
          </FormField>
          <FormField label="trials" error={checked.errors.trials} hint="the whole load, repeated; trials are pooled">
            <input {...text("trials")} />
          </FormField>
          <FormField label="backends" hint="one after the other measures each alone; at the same time shares the machine">
            <select value={form.schedule} onChange={(e) => set("schedule", e.target.value as PromoteForm["schedule"])} name="schedule">
              <option value="sequential">one after the other</option>
              <option value="concurrent">at the same time</option>
            </select>
          </FormField>
          {cell.kind === "generate" && (
            <FormField label="logprobs" hint={DEF.logprobsMode}>
              <select value={form.logprobs} onChange={(e) => set("logprobs", e.target.value as PromoteForm["logprobs"])} name="logprobs" data-testid="promote-logprobs">
                <option value="all">every request, as the cell asks</option>
                <option value="parity-only">none in the timed requests (as bench_serving); parity on a probe after each level</option>
              </select>
            </FormField>
          )}
          {cell.kind === "generate" && (
            <FormField label="output length" hint={DEF.ignoreEos}>
              <label>
                <input type="checkbox" checked={form.ignoreEos} onChange={(e) => set("ignoreEos", e.target.checked)} name="ignoreEos" data-testid="promote-ignore-eos" /> run every request to max new tokens (ignore EOS)
              </label>
            </FormField>
          )}
        </div>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>SLOs (optional: goodput counts requests meeting all of them)</legend>
        <div className="form-grid">
          {cell.kind === "generate" && (
            <>
              <FormField label="TTFT ≤ ms" error={checked.errors.sloTtftMs} hint={DEF.ttft}>
                <input {...text("sloTtftMs")} />
              </FormField>
              <FormField label="TPOT ≤ ms" error={checked.errors.sloTpotMs} hint={DEF.tpot}>
                <input {...text("sloTpotMs")} />
              </FormField>
            </>
          )}
          <FormField label="E2E ≤ ms" error={checked.errors.sloE2eMs} hint={DEF.e2e}>
            <input {...text("sloE2eMs")} />
          </FormField>
        </div>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Gates (B against A, or each backend against the baseline)</legend>
        <div className="form-grid">
          <FormField label="throughput drop fails at %" error={checked.errors.throughputDropPct} hint={DEF.gates}>
            <input {...text("throughputDropPct")} />
          </FormField>
          <FormField label="p95 increase fails at %" error={checked.errors.p95IncreasePct} hint={DEF.gates}>
            <input {...text("p95IncreasePct")} />
          </FormField>
          <FormField label="error-rate increase fails at points" error={checked.errors.errorRateIncreasePts} hint={DEF.errorRate}>
            <input {...text("errorRateIncreasePts")} />
          </FormField>
          {cell.kind === "generate" && (
            <FormField label="p95 of" hint={`${DEF.e2e} ${DEF.ttft}`}>
              <select value={form.latency} onChange={(e) => set("latency", e.target.value as PromoteForm["latency"])} name="latency">
                <option value="e2e">E2E latency</option>
                <option value="ttft">TTFT</option>
              </select>
            </FormField>
          )}
          <FormField label="parity rule" hint="checked on the benchmark's own responses: a faster but wrong backend does not pass">
            <select value={form.parity} onChange={(e) => set("parity", e.target.value as PromoteForm["parity"])} name="parity">
              <option value="cell">the cell&apos;s rule ({cell.rule.name})</option>
              <option value="off">off</option>
            </select>
          </FormField>
          <FormField label="baseline" hint="every run is compared against the baseline run; change it any time on the benchmark's page">
            <select value={form.baselineRunId} onChange={(e) => set("baselineRunId", e.target.value)} name="baseline" data-testid="promote-baseline">
              <option value="">none yet: pick one after the first run</option>
              {(source.data?.baselineCandidates ?? []).map((c) => (
                <option key={c.runId} value={c.runId}>
                  run {c.runId} of “{c.benchmarkName}” {c.finishedAt ? `(${fmtUtc(c.finishedAt)})` : ""}
                </option>
              ))}
            </select>
          </FormField>
        </div>
      </fieldset>

      <div className={styles.estimate} data-testid="promote-estimate" title={DEF.estimate}>
        <b>Estimate:</b> {estimate ? estimate.text : "fix the fields above to see how long it will take"}
      </div>
      {submitError && (
        <p className="error-text" data-testid="promote-error">
          {submitError}
        </p>
      )}
      <div className={styles.actions}>
        <button onClick={onClose}>Cancel</button>
        <button disabled={!canSubmit} onClick={() => void submit(false)} data-testid="promote-create">
          Create
        </button>
        <button className="primary" disabled={!canSubmit} onClick={() => void submit(true)} data-testid="promote-create-run">
          {busy ? "Creating…" : "Create and run"}
        </button>
      </div>
    </Backdrop>
  );
}

function BackendSelect({ name, value, onChange, backends, none }: { name: string; value: string; onChange(v: string): void; backends: { id: string; name: string }[]; none?: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} name={name}>
      {none !== undefined && <option value="">{none}</option>}
      {backends.map((b) => (
        <option key={b.id} value={b.id}>
          {b.name}
        </option>
      ))}
    </select>
  );
}

function Backdrop({ children, onClose }: { children: React.ReactNode; onClose(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className={styles.dialogBackdrop} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={styles.dialog} role="dialog" aria-modal="true" aria-label="Promote to benchmark" data-testid="promote-dialog">
        {children}
      </div>
    </div>
  );
}
