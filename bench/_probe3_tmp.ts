import net from "node:net";
const url = new URL(process.argv[2]!);
const body = JSON.stringify({ query: [1,2,3], items: [[4]], label_token_ids: [5,6], apply_softmax: true, item_first: false });
const raw = Buffer.from(`POST /v1/score HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`);
let done = 0;
const t0 = performance.now();
const end = t0 + 3000;
await Promise.all(Array.from({ length: 64 }, () => new Promise<void>((resolve) => {
  const s = net.connect(Number(url.port), url.hostname);
  s.setNoDelay(true);
  let buf = "";
  const send = () => { if (performance.now() > end) { s.destroy(); resolve(); return; } s.write(raw); };
  s.on("connect", send);
  s.on("data", (d) => {
    buf += d.toString("latin1");
    const h = buf.indexOf("\r\n\r\n");
    if (h < 0) return;
    const m = /content-length: (\d+)/i.exec(buf.slice(0, h));
    const len = m ? Number(m[1]) : 0;
    if (buf.length >= h + 4 + len) { buf = buf.slice(h + 4 + len); done++; send(); }
  });
})));
console.log("raw net req/s", done / ((performance.now() - t0) / 1000));
