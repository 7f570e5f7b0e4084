import type { TokenPosition } from "../../../../lib/schemas/tokens";

/** What one backend has streamed so far while a generate cell runs (before the CellRunResult lands). */
export type LiveSide = { text: string; tokens: TokenPosition[]; done: boolean; error: string | null };

/** Both sides of a running generate cell, streamed live. */
export type LiveSides = { a: LiveSide; b: LiveSide };
