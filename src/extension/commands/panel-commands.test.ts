// palette commands on the DAG panel: its cases on a fake ctx (commands.test-util.ts).
import { describe, expect, it } from "vitest";
import { dagContextKeys, panelCommand } from "./panel-commands";
import { dagitty, frontdoor, noModel, panelNames, runCases, type Case } from "./commands.test-util";
import { readFileSync } from "node:fs";
import { join } from "node:path";

runCases("palette commands on the DAG panel", [
  ...panelNames.map((name): Case => ({
    name: `palette ${name} on the panel's model: sent to the webview as the button's action`,
    command: panelCommand(name), setup: { panel: frontdoor },
    check: ({ error, trace }) => (expect(error).toBeUndefined(), expect(trace.commands).toEqual([name]), expect(trace.shown).toEqual([])),
  })),
  ...panelNames.map((name): Case => ({
    name: `palette ${name} with no DAG panel says how to open one`,
    command: panelCommand(name), setup: { active: { document: frontdoor, offset: 0 } },
    check: ({ error, trace }) => (expect(error).toMatch(/^open a DAG first: Causal Studio: Open DAG Beside/), expect(trace.commands).toEqual([])),
  })),
  ...panelNames.map((name): Case => ({
    name: `palette ${name} on a DAGitty graph: ${/Query$/.test(name) ? "refused (no mechanisms)" : "acts on the drawing"}`,
    command: panelCommand(name), setup: { panel: dagitty },
    check: ({ error, trace }) => {
      if (/Query$/.test(name)) expect(error).toMatch(/a DAGitty graph has no mechanisms to run; queries need a \*\.causal\.ts model/), expect(trace.commands).toEqual([]);
      else expect(error).toBeUndefined(), expect(trace.commands).toEqual([name]);
    },
  })),
  {
    name: "Run Query while the panel shows no model (a file with problems) names the file to fix; Fit View still works",
    command: panelCommand("runQuery"), setup: { panel: noModel },
    check: ({ error, trace }) => (expect(error).toMatch(/the DAG panel shows no model yet: fix the problems in \/w\/empty\.causal\.ts first/), expect(trace.commands).toEqual([])),
  },
  {
    name: "Show Testable Implications while the panel shows no model is refused the same way",
    command: panelCommand("showImplications"), setup: { panel: noModel },
    check: ({ error }) => expect(error).toMatch(/shows no model yet/),
  },
  {
    name: "Fit DAG to View while the panel shows no model is sent (the last good drawing is fitted)",
    command: panelCommand("fitView"), setup: { panel: noModel },
    check: ({ error, trace }) => (expect(error).toBeUndefined(), expect(trace.commands).toEqual(["fitView"])),
  },
]);

describe("palette entries (package.json contributes) and the commands activate registers", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
    contributes: { commands: { command: string; title: string }[]; menus: { commandPalette: { command: string; when?: string }[] }; keybindings?: { command: string; when?: string }[] };
  };
  const registered = [...readFileSync(join(__dirname, "..", "extension.ts"), "utf8").matchAll(/ctx\.registerCommand\("(\w+)"/g)].map((m) => `causalStudio.${m[1]}`);
  const keys = Object.keys(dagContextKeys({ dagitty: false }));

  it("every registered command is in the palette with a title and a when clause, and every contributed command is registered", () => {
    const contributed = pkg.contributes.commands.map((c) => c.command);
    expect([...registered].sort()).toEqual([...contributed].sort());
    for (const id of registered) expect(pkg.contributes.menus.commandPalette.find((m) => m.command === id)?.when, id).toBeTruthy();
    for (const id of ["intervene", "counterfactual", "runQuery", "clearQuery", "fitView", "showImplications"]) expect(registered).toContain(`causalStudio.${id}`);
  });

  it("when clauses use only the keys ctx.ts sets (or VS Code's own), and the query commands need a model", () => {
    const when = (id: string) => pkg.contributes.menus.commandPalette.find((m) => m.command === `causalStudio.${id}`)?.when ?? "";
    for (const m of [...pkg.contributes.menus.commandPalette, ...(pkg.contributes.keybindings ?? [])]) {
      for (const key of (m.when ?? "").match(/causalStudio\.\w+/g) ?? []) if (key !== "causalStudio.dag" && !key.startsWith("causalStudio.training") && !key.startsWith("causalStudio.diagnostics")) expect(keys, `${m.command}: ${key}`).toContain(key);
    }
    for (const id of ["runQuery", "cancelQuery", "clearQuery", "closeQuery"]) expect(when(id)).toBe("causalStudio.dagShowsModel");
    for (const id of ["fitView", "zoomIn", "zoomOut"]) expect(when(id)).toBe("causalStudio.dagOpen");
    expect(when("showImplications")).toBe("causalStudio.dagShowsGraph");
    expect(pkg.contributes.keybindings).toContainEqual(expect.objectContaining({ command: "causalStudio.runQuery", key: "ctrl+enter", when: "activeWebviewPanelId == causalStudio.dag && causalStudio.dagShowsModel" }));
  });

  it("context keys: no panel, a panel with no model, a DAGitty graph, a model", () => {
    expect(dagContextKeys(undefined)).toEqual({ "causalStudio.dagOpen": false, "causalStudio.dagShowsGraph": false, "causalStudio.dagShowsModel": false });
    expect(dagContextKeys(null)).toEqual({ "causalStudio.dagOpen": true, "causalStudio.dagShowsGraph": false, "causalStudio.dagShowsModel": false });
    expect(dagContextKeys({ dagitty: true })).toEqual({ "causalStudio.dagOpen": true, "causalStudio.dagShowsGraph": true, "causalStudio.dagShowsModel": false });
    expect(dagContextKeys({ dagitty: false })).toEqual({ "causalStudio.dagOpen": true, "causalStudio.dagShowsGraph": true, "causalStudio.dagShowsModel": true });
  });
});
