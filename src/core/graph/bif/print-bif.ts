/**
 * A discrete network as BIF 0.15 text that parse-bif (and pgmpy's and bnlearn's readers) read back
 * to the same network: roots as `table`, every other variable as one row per parent configuration
 * (unambiguous, whatever order a reader assumes for `table`). Numbers are printed with the fewest
 * digits that read back to the same double (JavaScript's shortest round-trip form), so
 * print → parse is exact. Names that are not plain words are quoted.
 */
import type { BifNetwork } from "./parse-bif";

const PLAIN = /^[^\s{}()[\];,|"/]+$/;

function name(s: string): string {
  return PLAIN.test(s) && !s.includes("*") ? s : `"${s}"`;
}

export function printBif(net: BifNetwork): string {
  const out: string[] = [`network ${name(net.name)} {`];
  for (const p of net.properties) out.push(`  property ${p} ;`);
  out.push("}");
  for (const v of net.variables) {
    out.push(`variable ${name(v.name)} {`);
    out.push(`  type discrete [ ${v.states.length} ] { ${v.states.map(name).join(", ")} };`);
    for (const p of v.properties) out.push(`  property ${p} ;`);
    out.push("}");
  }
  const states = new Map(net.variables.map((v) => [v.name, v.states]));
  for (const t of net.tables) {
    const k = states.get(t.child)!.length;
    const num = (row: number) => Array.from(t.values.subarray(row * k, row * k + k), (x) => String(x)).join(", ");
    if (!t.parents.length) {
      out.push(`probability ( ${name(t.child)} ) {`, `  table ${num(0)};`, "}");
      continue;
    }
    out.push(`probability ( ${name(t.child)} | ${t.parents.map(name).join(", ")} ) {`);
    const cards = t.parents.map((q) => states.get(q)!);
    const idx = cards.map(() => 0);
    const rows = t.values.length / k;
    for (let r = 0; r < rows; r++) {
      out.push(`  (${idx.map((i, j) => name(cards[j][i])).join(", ")}) ${num(r)};`);
      // Mixed radix, the last parent fastest (the row order of BifTable.values).
      for (let j = idx.length - 1; j >= 0; j--) {
        if (++idx[j] < cards[j].length) break;
        idx[j] = 0;
      }
    }
    out.push("}");
  }
  return out.join("\n") + "\n";
}
