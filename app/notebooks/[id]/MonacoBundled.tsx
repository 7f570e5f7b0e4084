"use client";
import Editor, { loader, type OnMount } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useEffect, useRef, useState } from "react";
import type { MonacoFieldProps } from "./MonacoField";

// Monaco from the bundle (stack-notes §4, Way A): without this, @monaco-editor/react loads it from a CDN.
self.MonacoEnvironment = {
  getWorker: () => new Worker(new URL("./monaco-worker.ts", import.meta.url), { type: "module" }),
};
loader.config({ monaco });

const LINE_PX = 19;

const OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  lineNumbers: "off",
  glyphMargin: false,
  folding: false,
  lineDecorationsWidth: 6,
  lineNumbersMinChars: 0,
  overviewRulerLanes: 0,
  hideCursorInOverviewRuler: true,
  wordWrap: "on",
  scrollBeyondLastLine: false,
  automaticLayout: true,
  fontSize: 13,
  lineHeight: LINE_PX,
  // Whitespace is meaningful here (" yes" is not "yes"): show every space.
  renderWhitespace: "all",
  renderLineHighlight: "none",
  // Typing must produce exactly what was typed: no pairs, no suggestions that Enter would accept.
  autoClosingBrackets: "never",
  autoClosingQuotes: "never",
  autoSurround: "never",
  autoIndent: "none",
  quickSuggestions: false,
  suggestOnTriggerCharacters: false,
  wordBasedSuggestions: "off",
  acceptSuggestionOnEnter: "off",
  tabFocusMode: true,
  scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 8 },
  fixedOverflowWidgets: true,
};

/** A Monaco editor that grows with its content (up to maxLines) and runs the cell on Shift/Ctrl+Enter. */
export function MonacoBundled({ value, onChange, language = "plaintext", ariaLabel, onRun, testId, minLines = 1, maxLines = 16 }: MonacoFieldProps) {
  const [lines, setLines] = useState(Math.max(minLines, Math.min(maxLines, value.split("\n").length)));
  const onRunRef = useRef(onRun);
  onRunRef.current = onRun;

  // Uncontrolled on purpose: a controlled value that lags behind fast typing would overwrite the newest
  // keystrokes with an older text. Only a value this editor never produced (another version taken) is pushed in.
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const emitted = useRef(new Set<string>());
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (value !== editor.getValue() && !emitted.current.has(value)) editor.setValue(value);
    if (value === editor.getValue()) emitted.current.clear();
  }, [value]);

  const onMount: OnMount = (editor, m) => {
    editorRef.current = editor;
    editor.onDidContentSizeChange((e) => setLines(Math.max(minLines, Math.min(maxLines, Math.ceil(e.contentHeight / LINE_PX)))));
    editor.addAction({
      id: "sglang-studio.run-cell",
      label: "Run cell",
      keybindings: [m.KeyMod.Shift | m.KeyCode.Enter, m.KeyMod.CtrlCmd | m.KeyCode.Enter],
      run: () => onRunRef.current?.(),
    });
  };

  return (
    <div className="nb-monaco" data-testid={testId} style={{ height: lines * LINE_PX + 8 }}>
      <Editor
        defaultValue={value}
        language={language}
        theme="vs-dark"
        onChange={(v) => {
          emitted.current.add(v ?? "");
          onChange(v ?? "");
        }}
        onMount={onMount}
        options={{ ...OPTIONS, ariaLabel }}
        loading={<span className="muted">Loading editor…</span>}
      />
    </div>
  );
}
