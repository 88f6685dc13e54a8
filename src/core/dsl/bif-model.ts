/**
 * A model from a BIF network (core/graph/bif): one categorical variable per BIF variable, whose
 * value is the index of its state (0 for the first declared state) and whose mechanism looks up
 * the row of its table for the parents' states. No user code is involved, so a .bif file can be
 * queried where code may not run (an untrusted workspace). The state names travel on the spec
 * (VariableSpec.states) for the CLI and the panel to read and print.
 */
import { Categorical } from "../distributions/categorical";
import { CausalError, error } from "../errors/diagnostic";
import type { BifNetwork } from "../graph/bif/parse-bif";
import type { Mechanism, VariableSpec } from "../runtime/model-spec";
import { type Model, ScmBuilder } from "./scm";

export function bifModel(net: BifNetwork): Model {
  const states = new Map(net.variables.map((v) => [v.name, v.states]));
  const specs: VariableSpec[] = net.tables.map((t, i) => {
    const v = net.variables[i];
    const k = v.states.length;
    const cards = t.parents.map((q) => states.get(q)!.length);
    const rows = Array.from({ length: t.values.length / k }, (_, r) => new Categorical(t.values.subarray(r * k, r * k + k)));
    const mechanism: Mechanism = (parents) => {
      let row = 0;
      for (let j = 0; j < t.parents.length; j++) {
        const x = parents[t.parents[j]];
        if (!(Number.isInteger(x) && x >= 0 && x < cards[j])) {
          const names = states.get(t.parents[j])!;
          throw new CausalError(error("invalid-argument", `"${t.parents[j]}" = ${x} is not a state of "${t.parents[j]}": its states are 0..${cards[j] - 1} (${names.join(", ")})`, v.range));
        }
        row = row * cards[j] + x;
      }
      return rows[row];
    };
    return { name: v.name, latent: false, parents: [...t.parents], mechanism, range: v.range, states: v.states };
  });
  return new ScmBuilder(net.name, specs);
}
