// Two SGLang-shaped servers (sglang and sglang-jax dialects) answering at once with canned numbers, in
// their own process, so a benchmark of Studio's overhead does not count their work. Prints one JSON
// line {"a": url, "b": url} when ready; exits when its stdin closes.
import { startFakeSglang } from "../test/fixtures/cells/fakeSglang";

const [a, b] = await Promise.all([startFakeSglang({ dialect: "sglang" }), startFakeSglang({ dialect: "sglang-jax", perturb: 0.001 })]);
process.stdout.write(`${JSON.stringify({ a: a.url, b: b.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void Promise.all([a.close(), b.close()]).then(() => process.exit(0)));
