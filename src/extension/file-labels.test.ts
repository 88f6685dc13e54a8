// Issue 12, item 10: the DAG tab's title is stable (the file, whatever state the model is in) and every
// export's default name is `<stem>-<what>.<ext>` beside the model file, as training's `<stem>.params.json`.
import type * as vscode from "vscode";
import { describe, expect, it } from "vitest";
import type { CommandCtx } from "./ctx";
import { exportDag } from "./commands/export-dag";
import { dagTabTitle, exportFileName, modelFileStem } from "./file-labels";
import { defaultParamsFile } from "./trained-params";

const TWO = `import { scm, normal } from "causal-studio";
export const a = scm("wages and schooling").variable("X", () => normal(0, 1));
export default scm("second: model").variable("Y", () => normal(0, 1));
`;

/** Export DAG as `format` with the cursor at `offset` of /w/proj/wages.causal.ts; returns the save dialog's default path. */
async function defaultExportPath(format: string, offset: number, text = TWO): Promise<string> {
  const fsPath = "/w/proj/wages.causal.ts";
  const document = { uri: { fsPath, toString: () => `file://${fsPath}` }, fileName: fsPath, languageId: "typescript", getText: () => text } as unknown as vscode.TextDocument;
  let asked: string | undefined;
  const ctx = {
    panels: { dag: undefined },
    editor: {
      active: () => ({ document, offset }),
      toUri: () => undefined,
      sibling: (u: { fsPath: string }, name: string) => ({ fsPath: u.fsPath.replace(/[^/]+$/, name) }),
    },
    ui: { saveAs: async (u: { fsPath: string }) => ((asked = u.fsPath), undefined) },
  } as unknown as CommandCtx;
  await exportDag(ctx)(format);
  if (!asked) throw new Error("no save dialog was shown");
  return asked;
}

describe("file labels", () => {
  it("the stem drops the folder and the model suffixes", () => {
    expect(modelFileStem("/w/a/model.causal.ts")).toBe("model");
    expect(modelFileStem("C:\\w\\g.dagitty".replace(/\\/g, "/"))).toBe("g");
    expect(modelFileStem("/w/plain.ts")).toBe("plain");
  });

  it("export names are <stem>-<what>.<ext>, file-name safe", () => {
    expect(exportFileName("/w/a/model.causal.ts", "dag", "svg")).toBe("model-dag.svg");
    expect(exportFileName("/w/a/linear.causal.ts", "residuals: y | x", "png")).toBe("linear-residuals-y-x.png");
    expect(exportFileName("/w/a/linear.causal.ts", "///", "png")).toBe("linear-export.png");
    // training names its file from the same stem
    expect(defaultParamsFile("/w/a/linear.causal.ts")).toBe(`/w/a/${modelFileStem("/w/a/linear.causal.ts")}.params.json`);
  });

  it("the DAG tab is titled by the file, not by the model (the same for every model and state of the file)", () => {
    expect(dagTabTitle("/w/proj/wages.causal.ts")).toBe("DAG: wages.causal.ts");
    expect(dagTabTitle("/w/proj/g.dagitty")).toBe("DAG: g.dagitty");
  });

  it("Export DAG suggests <stem>-dag.<ext> beside the file, for every format; a file's later model adds its name", async () => {
    expect(await defaultExportPath("svg", 60)).toBe("/w/proj/wages-dag.svg");
    expect(await defaultExportPath("png", 60)).toBe("/w/proj/wages-dag.png");
    expect(await defaultExportPath("dot", 60)).toBe("/w/proj/wages-dag.dot");
    expect(await defaultExportPath("svg", TWO.indexOf("second"))).toBe("/w/proj/wages-second-model-dag.svg");
  });
});
