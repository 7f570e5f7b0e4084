import { z } from "zod";
import { BackendInput } from "../../lib/schemas/backend";
import { adapters } from "../adapters/registry";
import { toPublic } from "../backends/registry";
import { publicProcedure, router } from "../trpc";

const ById = z.object({ id: z.string().min(1).max(64) });
// On edit, an absent apiKey keeps the stored one; "" or null clears it.
const BackendPatchInput = BackendInput.extend({ apiKey: z.string().max(4096).nullable().optional() });

export const backendsRouter = router({
  list: publicProcedure.query(async ({ ctx }) => (await ctx.backends.list()).map(toPublic)),

  create: publicProcedure.input(BackendInput).mutation(async ({ ctx, input }) => {
    const created = await ctx.backends.create(input);
    void ctx.health.check(created);
    return toPublic(created);
  }),

  update: publicProcedure
    .input(z.object({ id: z.string().min(1).max(64), patch: BackendPatchInput }))
    .mutation(async ({ ctx, input }) => {
      const updated = await ctx.backends.update(input.id, input.patch);
      void ctx.health.check(updated);
      return toPublic(updated);
    }),

  remove: publicProcedure.input(ById).mutation(async ({ ctx, input }) => {
    await ctx.backends.remove(input.id);
    return { id: input.id };
  }),

  /** Reads the server's identity from the dialect's own endpoints, on demand. */
  identity: publicProcedure.input(ById).query(async ({ ctx, input }) => {
    const backend = await ctx.backends.get(input.id);
    return adapters[backend.dialect].identity(backend, { timeoutMs: ctx.env.STUDIO_HEALTH_TIMEOUT_MS * 2 });
  }),

  checkNow: publicProcedure.input(ById).mutation(async ({ ctx, input }) => ctx.health.check(await ctx.backends.get(input.id))),

  /** Current health of every backend, then every new check as it happens. */
  health: publicProcedure.subscription(async function* ({ ctx, signal }) {
    const updates = ctx.bus.subscribe("health", signal); // subscribe before reading the snapshot: nothing is missed
    yield { kind: "snapshot" as const, statuses: ctx.health.snapshot() };
    for await (const status of updates) yield { kind: "update" as const, statuses: [status] };
  }),

  changes: publicProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const change of ctx.bus.subscribe("backendsChanged", signal)) yield change;
  }),
});
