/** A Diagnostic as zod checks it: what crosses the model process's channel, and what a thrown CausalError must carry to be believed. */
import { z } from "zod";
import type { Diagnostic } from "../errors/diagnostic";

const Position = z.object({ line: z.number().int(), column: z.number().int(), offset: z.number().int() });
export const DiagnosticSchema = z.object({
  code: z.string(), severity: z.enum(["error", "warning", "info"]), message: z.string(),
  range: z.object({ file: z.string().optional(), start: Position, end: Position }).optional(),
  notes: z.array(z.string()).optional(),
}) as unknown as z.ZodType<Diagnostic>;
