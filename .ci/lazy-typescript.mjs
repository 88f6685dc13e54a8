// An esbuild plugin for the CLI bundle: `import ts from "typescript"` becomes a proxy that loads
// dist/typescript.js (the compiler, copied beside the bundle) on first use. Only .causal.ts files need
// the compiler; reading a .dagitty, .bif or .lavaan file, or --help, no longer pays its ~0.4 s of loading.
export const lazyTypescript = {
  name: "lazy-typescript",
  setup(b) {
    b.onResolve({ filter: /^typescript$/ }, () => ({ path: "typescript", namespace: "lazy-typescript" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-typescript" }, () => ({
      loader: "js",
      resolveDir: process.cwd(),
      contents: `
        let real;
        const load = () => (real ??= require(require("node:path").join(__dirname, "typescript.js")));
        export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
      `,
    }));
  },
};
