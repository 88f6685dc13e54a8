/** The source span DTO shared by the protocol's messages (messages.ts, query-messages.ts). */
import { z } from "zod";

/** A 1-based line / 0-based column span, for error banners and hover text. */
export const RangeDto = z.object({ line: z.number().int(), column: z.number().int(), endLine: z.number().int(), endColumn: z.number().int() });
export type RangeDto = z.infer<typeof RangeDto>;
