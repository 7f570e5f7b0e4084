// The plain editor worker, bundled from npm (never a CDN). Only plaintext and markdown models are used,
// so no language-service worker (TS, JSON) is needed.
import "monaco-editor/editor/editor.worker.js";
