// Issue 13 item 8: zod's z.record drops "__proto__" keys, so do(__proto__ = 1) sent to the model
// process or the webview would arrive as no intervention. The name-record schema keeps every key.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { nameRecordSchema } from "./name-record-schema";

const schema = nameRecordSchema(z.number().finite());

describe("nameRecordSchema", () => {
  it("keeps __proto__ and Object.prototype's names as ordinary keys, in order, after a JSON trip", () => {
    const wire = JSON.parse(JSON.stringify(Object.fromEntries([["toString", 1], ["__proto__", 0], ["constructor", 2]])));
    const out = schema.parse(wire);
    expect(Object.keys(out)).toEqual(["toString", "__proto__", "constructor"]);
    expect(Object.hasOwn(out, "__proto__") && out["__proto__"]).toBe(0);
    expect(Object.getPrototypeOf(out)).toBe(null);
    expect(z.record(z.string(), z.number()).parse(wire)).not.toHaveProperty("__proto__", 0); // the reason for this schema
  });

  it("rejects what z.record rejects, __proto__'s value included", () => {
    expect(schema.safeParse({ a: Infinity }).success).toBe(false);
    expect(schema.safeParse({ "": 1 }).success).toBe(false);
    expect(schema.safeParse([1]).success).toBe(false);
    expect(schema.safeParse(JSON.parse('{"__proto__": "x"}')).success).toBe(false);
    expect(schema.safeParse(JSON.parse('{"__proto__": 1, "b": 2}')).success).toBe(true);
  });
});
