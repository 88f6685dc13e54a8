/** Checking a message on receipt, shared by every panel's protocol: the message, or one line naming its type and what is wrong. */
import type { z } from "zod";

export type ParsedMessage<T> = { ok: true; message: T } | { ok: false; error: string };

/** `what` names the panel in the error ("training", "run-panel"; empty for the DAG panel's own messages). */
export function parseMessage<T>(schema: z.ZodType<T>, direction: string, what: string, raw: unknown): ParsedMessage<T> {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  const type = typeof raw === "object" && raw !== null && "type" in raw ? String((raw as { type: unknown }).type) : "(no type)";
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  return { ok: false, error: `Ignored an invalid ${direction} ${what ? `${what} ` : ""}message of type "${type}": ${issues}` };
}
