import type { ServerResponse } from "node:http";

/** Server-sent events as SGLang writes them: `data: <json>\n\n`, ending with `data: [DONE]\n\n`. */
export class SseWriter {
  constructor(private readonly res: ServerResponse) {
    res.statusCode = 200;
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.flushHeaders();
  }

  event(payload: unknown): void {
    if (!this.res.writableEnded) this.res.write(`data: ${JSON.stringify(payload)}\n\n`);
  }

  done(): void {
    if (this.res.writableEnded) return;
    this.res.write("data: [DONE]\n\n");
    this.res.end();
  }
}
