import { initTRPC } from "@trpc/server";
import { z } from "zod";
import type { Services } from "./services";
import { FieldError } from "./errors";

/** The context is the server's services; tests build it with `createServices` and call `createCaller`. */
export type Context = Services;

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let fieldErrors: Record<string, string[]> | null = null;
    if (cause instanceof z.ZodError) {
      fieldErrors = {};
      for (const issue of cause.issues) {
        const key = issue.path.join(".") || "_";
        (fieldErrors[key] ??= []).push(issue.message);
      }
    } else if (cause instanceof FieldError) {
      fieldErrors = { [cause.field]: [cause.message] };
    }
    return { ...shape, data: { ...shape.data, stack: undefined, fieldErrors } };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
