// Test helper shared by the data layer's tests: the message of the CausalError f throws.
import { expect } from "vitest";
import { CausalError } from "../errors/diagnostic";

export function causalErrorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CausalError);
    return (e as Error).message;
  }
  throw new Error("expected a CausalError");
}
