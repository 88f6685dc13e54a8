/**
 * A zod schema for records keyed by names a user chose (variables, worlds). zod 4's z.record
 * drops a "__proto__" key on purpose (assigning it to a plain {} would replace the result's
 * prototype), which would turn `do(__proto__ = 1)` into no intervention on the far side of the
 * model process. This one validates the entries and returns a null-prototype record
 * (core/runtime/name-record.ts) holding every key in the input's order. src/protocol/messages.ts
 * has the webview's own copy (protocol imports nothing but zod, and core imports no protocol).
 */
import { z } from "zod";

export const nameRecordSchema = <T extends z.ZodType>(value: T) =>
  z.custom<object>((x) => typeof x === "object" && x !== null && !Array.isArray(x), "expected an object of names")
    .transform((x) => Object.entries(x)).pipe(z.array(z.tuple([z.string().min(1), value as z.ZodType<z.output<T>>])))
    .transform((entries) => Object.assign(Object.create(null), Object.fromEntries(entries)) as Record<string, z.output<T>>);
