#!/usr/bin/env tsx
// The `studio` command line: `npm run studio -- <command> …`. Each command lives in its own module
// and is loaded on demand so `studio engine` does not pay for Prisma or Next.
const commands: Record<string, { summary: string; load: () => Promise<{ default: (argv: string[]) => Promise<number> }> }> = {
  engine: { summary: "start a reference engine (sglang or sglang-jax dialect)", load: () => import("./engine") },
  cell: { summary: "run a cell file on two backends and compare them (exit 1 when parity fails)", load: () => import("./cell") },
  notebook: { summary: "import, export, share or run a notebook (run exits 1 when parity fails)", load: () => import("./notebook") },
  bench: { summary: "benchmark a cell's request under load on one or two backends (exit 1 when a gate fails)", load: () => import("./bench") },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(
      "usage: npm run studio -- <command> [options]\n\ncommands:\n" +
        Object.entries(commands)
          .map(([k, v]) => `  ${k.padEnd(10)} ${v.summary}`)
          .join("\n") +
        "\n\nRun `npm run studio -- <command> --help` for a command's options.\n",
    );
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`studio: unknown command "${name}"; run \`npm run studio -- --help\` for the list\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.default(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`studio: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
