// Writes the extension's fields of package.json (owned by the editor role): contributes,
// activationEvents, capabilities, main and categories. Run `node .ci/manifest-extension.mjs`
// after changing them here; every other field of package.json is left exactly as it is.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package.json", import.meta.url);
const pkg = JSON.parse(readFileSync(file, "utf8"));
const graphFile = "resourceFilename =~ /\\.causal\\.ts$|\\.dagitty$/ || resourceLangId == dagitty";
const command = (name, title, icon) => ({ command: `causalStudio.${name}`, title, category: "Causal Studio", ...(icon ? { icon } : {}) });

pkg.main = "./dist/extension.js";
pkg.categories = ["Data Science", "Visualization", "Programming Languages"];
pkg.activationEvents = ["workspaceContains:**/*.causal.ts", "workspaceContains:**/*.dagitty", "onLanguage:dagitty", "onWebviewPanel:causalStudio.dag"];
pkg.capabilities = {
  untrustedWorkspaces: {
    supported: "limited",
    description: "In untrusted workspaces Causal Studio only reads model files statically: the DAG, its analyses and exports work, and no model code is ever run.",
  },
  virtualWorkspaces: { supported: "limited", description: "Exports to SVG/PNG/text need a file system on disk." },
};
pkg.contributes = {
  languages: [{ id: "dagitty", aliases: ["DAGitty", "dagitty"], extensions: [".dagitty"], configuration: "./syntaxes/dagitty.language-configuration.json" }],
  grammars: [
    { language: "dagitty", scopeName: "source.dagitty", path: "./syntaxes/dagitty.tmLanguage.json" },
    { scopeName: "causal-studio.dsl.injection", path: "./syntaxes/causal-dsl.injection.tmLanguage.json", injectTo: ["source.ts"] },
  ],
  commands: [
    command("openDagBeside", "Open DAG Beside", "$(type-hierarchy)"),
    command("exportDag", "Export DAG (SVG, PNG, DAGitty, dot, Mermaid)"),
    command("showAdjustmentSets", "Show Adjustment Sets"),
  ],
  menus: {
    "editor/title": [{ command: "causalStudio.openDagBeside", when: graphFile, group: "navigation" }],
    commandPalette: [
      { command: "causalStudio.openDagBeside", when: `${graphFile} || activeWebviewPanelId == causalStudio.dag` },
      { command: "causalStudio.exportDag", when: `${graphFile} || activeWebviewPanelId == causalStudio.dag` },
      { command: "causalStudio.showAdjustmentSets", when: `${graphFile} || activeWebviewPanelId == causalStudio.dag` },
    ],
  },
  configuration: {
    title: "Causal Studio",
    properties: {
      "causalStudio.debounceMs": { type: "number", default: 150, minimum: 0, maximum: 5000, description: "Delay (ms) after the last keystroke before the DAG and the Problems panel are refreshed." },
      "causalStudio.layoutDirection": { type: "string", enum: ["DOWN", "RIGHT"], default: "DOWN", enumDescriptions: ["Causes above effects", "Causes left of effects"], description: "Direction of the DAG layout." },
      "causalStudio.maxNodes": { type: "number", default: 1500, minimum: 10, description: "Largest number of variables drawn; bigger graphs show their first variables and say how many were left out." },
    },
  },
};

writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log("package.json: extension fields written");
