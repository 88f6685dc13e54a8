/** Delta(v): the deterministic mechanism x = v. It carries no noise of its own; a user who wants
 * a custom noise declares it as a latent variable and passes it through delta. */
import type { Rng } from "../random/rng";
import { FamilyColumns, type ParamColumn } from "./batch-distribution";
import { Distribution, type NoiseKind, type ParamSpec, compileCheck, defineParams, validateParameters } from "./distribution";

const PARAMS = defineParams([
  { name: "value", description: "the value", constraint: "not NaN", check: "number", requirement: "the value must be a number (not NaN)" },
]);
const CHECK = compileCheck(PARAMS);

export class Delta<T extends number = number> extends Distribution<T> {
  static readonly params: readonly ParamSpec[] = PARAMS;
  get kind(): string {
    return "delta";
  }
  get noise(): NoiseKind {
    return "none";
  }
  constructor(readonly value: number) {
    super();
    // The table's checks, called directly (monomorphic, inlined on the hot path); the message comes from the table too.
    if (!CHECK(value)) validateParameters("delta", Delta.params, [value]);
  }
  sample(): number {
    return this.value;
  }
  logProb(x: number): number {
    return x === this.value ? 0 : -Infinity;
  }
  override support(): readonly number[] {
    return [this.value];
  }
  override get discrete(): boolean {
    return true;
  }
  sampleNoise(): number {
    return 0;
  }
  fromNoise(): number {
    return this.value;
  }
  abduct(_x: number, _rng: Rng): number {
    return 0;
  }
  override thresholdProbability(): number | undefined {
    return this.value === 0 || this.value === 1 ? this.value : undefined;
  }
  override deterministicValue(): number {
    return this.value;
  }
  /** Any finite number: a deterministic mechanism can be set to anything numeric. */
  inSupport(x: number): boolean {
    return Number.isFinite(x);
  }
  supportText(): string {
    return "any finite number";
  }
  describe(): string {
    return `delta(${this.value})`;
  }
}

export function delta<T extends number>(value: T): Delta<T> {
  return new Delta<T>(value);
}

/** delta(value) for a batch of rows: a deterministic column (the value per row, or one for all). */
export function deltaColumns(value: ParamColumn): FamilyColumns<Delta> {
  return new FamilyColumns("delta", Delta.params, (v) => new Delta(v[0]), [value]);
}
