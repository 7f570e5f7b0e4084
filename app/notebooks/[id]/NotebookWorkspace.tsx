"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Cell } from "../../../lib/schemas/cell";
import type { ParityRule } from "../../../lib/schemas/parity";
import { AddCellBar } from "./AddCellBar";
import { BackendPickers } from "./BackendPickers";
import { CellFrame } from "./CellFrame";
import { ConflictBanner } from "./ConflictBanner";
import { CopySavedNotice } from "./CopySavedNotice";
import { DeletedBanner } from "./DeletedBanner";
import { describeCell } from "./docCompare";
import { insertCell, moveCell, newCell, removeCell, replaceCell, setSettings, type CellKind } from "./docEdits";
import { DraftBanner } from "./DraftBanner";
import { RunWatcher } from "./RunWatcher";
import { SaveStatus } from "./SaveStatus";
import { SharePanel } from "./SharePanel";
import type { ServerNotebook } from "./saveState";
import { TitleInput } from "./TitleInput";
import { UndoBar } from "./UndoBar";
import { useAutosave } from "./useAutosave";
import { useCellRuns } from "./useCellRuns";
import "./notebook.css";

/** The notebook editor: title, backends, cells and their runs, with autosave and conflict handling. */
export function NotebookWorkspace({ initial }: { initial: ServerNotebook }) {
  const router = useRouter();
  const save = useAutosave(initial);
  const runs = useCellRuns(initial.id);
  const [deleted, setDeleted] = useState<{ cell: Cell; after: string | null } | null>(null);
  const [copy, setCopy] = useState<{ id: string; title: string } | null>(null);
  const { title, doc } = save.state.local;

  const editDoc = (f: (d: typeof doc) => typeof doc) => save.edit((c) => ({ ...c, doc: f(c.doc) }));
  const addCell = (kind: CellKind) => editDoc((d) => insertCell(d, newCell(kind)));
  const deleteCell = (cell: Cell) => {
    const at = doc.cells.findIndex((c) => c.id === cell.id);
    setDeleted({ cell, after: at > 0 ? (doc.cells[at - 1]?.id ?? null) : null });
    editDoc((d) => removeCell(d, cell.id));
  };
  const undoDelete = () => {
    if (!deleted) return;
    const { cell, after } = deleted;
    // `after` null: it was the first cell; put it back in front
    editDoc((d) => (after === null ? { ...d, cells: [cell, ...d.cells] } : insertCell(d, cell, after)));
    setDeleted(null);
  };
  const changeRule = (cell: Cell, rule: ParityRule) => {
    if (cell.kind === "markdown") return;
    editDoc((d) => replaceCell(d, { ...cell, rule }));
    const shown = runs.runtimeOf(cell.id).shown;
    if (shown) void runs.recompute(cell.id, shown.id, rule);
  };
  const running = Object.entries(runs.runtimes).flatMap(([, rt]) => (rt.runId && rt.phase === "running" ? [rt.runId] : []));
  const anyRunning = Object.values(runs.runtimes).some((rt) => rt.phase === "running" || rt.phase === "starting");

  return (
    <div className="nb-page" data-testid="notebook" data-notebook-id={initial.id}>
      <header className="nb-header">
        <TitleInput value={title} onChange={(t) => save.edit((c) => ({ ...c, title: t }))} />
        <SaveStatus state={save.state} />
      </header>
      <SharePanel notebookId={initial.id} />

      {save.draftOffer && (
        <DraftBanner draft={save.draftOffer} storedVersion={save.state.base.version} onRestore={() => save.restoreDraft(save.draftOffer!)} onDiscard={() => save.discardDraft(save.draftOffer!)} />
      )}
      {save.state.phase === "conflict" && save.state.theirs && (
        <ConflictBanner mine={save.state.local} theirs={save.state.theirs} onKeepMine={save.keepMine} onTakeTheirs={save.takeTheirs} onSaveCopy={async () => setCopy(await save.saveMineAsCopy())} />
      )}
      {copy && <CopySavedNotice copy={copy} onDismiss={() => setCopy(null)} />}
      {save.state.phase === "deleted" && (
        <DeletedBanner
          canRestore={save.state.theirs !== null}
          onRestore={save.restoreDeleted}
          onSaveAsNew={async () => router.push(`/notebooks/${await save.saveAsNew()}`)}
        />
      )}

      <BackendPickers settings={doc.settings} onChange={(patch) => editDoc((d) => setSettings(d, patch))} />

      <div className="toolbar">
        <button type="button" className="primary" onClick={() => runs.runAll(doc.cells)} disabled={anyRunning || !doc.cells.some((c) => c.kind !== "markdown")} data-testid="run-all">
          ▶ Run all
        </button>
        {runs.queued > 0 && <span className="muted">{runs.queued} more cell{runs.queued === 1 ? "" : "s"} queued</span>}
        <span className="muted">Shift+Enter runs the cell you are in. Runs continue on the server if you close the tab.</span>
      </div>
      {runs.loadError && <p className="error-text">{runs.loadError}</p>}

      {doc.cells.length === 0 && <div className="empty">No cells yet. Add a score cell to compare /v1/score on both backends.</div>}
      {doc.cells.map((cell, i) => (
        <CellFrame
          key={cell.id}
          notebookId={initial.id}
          cell={cell}
          index={i}
          total={doc.cells.length}
          runtime={runs.runtimeOf(cell.id)}
          busy={runs.busyOf(cell.id)}
          actionError={runs.actionErrorOf(cell.id)}
          onChange={(c) => editDoc((d) => replaceCell(d, c))}
          onRun={(c) => void runs.run(c)}
          onCancel={runs.cancel}
          onMove={(by) => editDoc((d) => moveCell(d, cell.id, by))}
          onDelete={() => deleteCell(cell)}
          onRuleChange={(rule) => changeRule(cell, rule)}
          onTeacherForce={(reference) => {
            const shown = runs.runtimeOf(cell.id).shown;
            if (shown) void runs.teacherForce(cell.id, shown.id, reference);
          }}
          onShowRun={(run, latest) => runs.show(cell.id, run, latest)}
        />
      ))}
      <AddCellBar onAdd={addCell} />
      {deleted && <UndoBar message={`Deleted ${describeCell(deleted.cell)}.`} onUndo={undoDelete} onDismiss={() => setDeleted(null)} />}
      {running.map((runId) => (
        <RunWatcher key={runId} runId={runId} onMessage={runs.onMessage} onError={runs.onLost} />
      ))}
    </div>
  );
}
