/**
 * What every command and controller gets: the extension context, the "Causal Studio" output channel,
 * and `registerCommand(name, factory)`, which prefixes the id, records the disposable, and turns a
 * thrown error into a logged message the user sees (a command never fails silently).
 */
import * as vscode from "vscode";

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export class Ctx {
  readonly output: vscode.LogOutputChannel;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("Causal Studio", { log: true });
    this.push(this.output);
  }

  push(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  registerCommand(name: string, factory: CommandFactory): void {
    const handler = factory(this);
    const id = `causalStudio.${name}`;
    this.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.output.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Causal Studio: ${message}`);
        return undefined;
      }
    }));
  }

  log(message: string): void {
    this.output.info(message);
  }
}
