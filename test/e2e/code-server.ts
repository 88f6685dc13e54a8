/**
 * A real VS Code for end-to-end tests: the pinned code-server (test/e2e/node_modules, installed by
 * .ci/setup-e2e.sh) with the packed .vsix installed into a fresh, isolated profile, served on
 * 127.0.0.1 (a secure context, which webviews need) and driven by playwright-core + Debian chromium.
 * Recipe and pitfalls: shared/notes/vscode-e2e.md (the project's shared notes).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { chromium, type Browser, type FrameLocator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { root } from "../browser/harness";

// The repository root, found from its package.json (also where this file is bundled: bench/webview-e2e.ts).
export { root };
export const artifacts = join(root, "test", "artifacts", "e2e");
const codeServer = join(root, "test", "e2e", "node_modules", ".bin", "code-server");

export function codeServerInstalled(): boolean {
  return existsSync(codeServer);
}

/** Fails (never skips) when code-server is not installed, saying how to install it. */
export function requireCodeServer(): void {
  if (!codeServerInstalled()) throw new Error("code-server is not installed in test/e2e: run `bash .ci/setup-e2e.sh`");
}

/** Builds and packs the extension once per run (production bundles, like a user install). */
export function packExtension(dir: string): string {
  const vsix = join(dir, "causal-studio.vsix");
  execFileSync(process.execPath, [join(root, ".ci", "package-vsix.mjs"), `--out=${vsix}`], { cwd: root, stdio: "pipe" });
  return vsix;
}

export interface Server { url: string; workspace: string; run: string; stop(): void; logText(): string }

const BASE_SETTINGS = {
  "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "extensions.ignoreRecommendations": true,
  "workbench.enableExperiments": false, "workbench.tips.enabled": false, "window.commandCenter": false,
  "typescript.disableAutomaticTypeAcquisition": true, "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "editor.minimap.enabled": false,
  "causalStudio.debounceMs": 50,
};

/** Starts code-server on a copy of `folder`; with `trusted: false` Workspace Trust is on and the folder restricted. */
export async function startServer(vsix: string, folder: string, trusted: boolean): Promise<Server> {
  const run = mkdtempSync(join(tmpdir(), "cs-e2e-"));
  const workspace = join(run, "workspace");
  cpSync(folder, workspace, { recursive: true });
  mkdirSync(join(run, "udd", "User"), { recursive: true });
  const settings = trusted
    ? { ...BASE_SETTINGS, "security.workspace.trust.enabled": false }
    : { ...BASE_SETTINGS, "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never", "security.workspace.trust.banner": "never", "security.workspace.trust.emptyWindow": false };
  writeFileSync(join(run, "udd", "User", "settings.json"), JSON.stringify(settings, null, 2));
  writeFileSync(join(run, "config.yaml"), "auth: none\n");
  const env = { ...process.env, XDG_CONFIG_HOME: join(run, "xdg-config"), XDG_DATA_HOME: join(run, "xdg-data") };
  const common = ["--user-data-dir", join(run, "udd"), "--extensions-dir", join(run, "exts"), "--config", join(run, "config.yaml")];
  execFileSync(codeServer, [...common, "--install-extension", vsix], { env, stdio: "pipe" });
  const args = [...common, "--auth", "none", "--bind-addr", "127.0.0.1:0", "--disable-telemetry", "--disable-update-check",
    "--disable-getting-started-override", "--ignore-last-opened", ...(trusted ? ["--disable-workspace-trust"] : []), workspace];
  // detached: its own process group, so stop() takes down the wrapper, the server and its extension hosts.
  const child: ChildProcess = spawn(codeServer, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (d) => { log += String(d); });
  child.stderr?.on("data", (d) => { log += String(d); });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${log}`)), 60_000);
    const poll = setInterval(() => {
      const m = log.match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    }, 100);
    child.on("exit", (code) => reject(new Error(`code-server exited with ${code}:\n${log}`)));
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    workspace, run,
    stop() {
      try { process.kill(-child.pid!, "SIGTERM"); } catch { /* already gone */ }
    },
    logText: () => outputChannelLog(run),
  };
}

/** The text of every log file in the profile whose name passes `accept` (output channels, tsserver, ...). */
export function profileLogs(run: string, accept: (name: string) => boolean): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (accept(name)) out.push(readFileSync(p, "utf8"));
    }
  };
  walk(join(run, "udd", "logs"));
  return out.join("\n");
}

/** The "Causal Studio" output channel's log file(s) in the profile. */
function outputChannelLog(run: string): string {
  return profileLogs(run, (name) => name.endsWith("Causal Studio.log"));
}

export function removeRun(server: Server | undefined): void {
  if (server) rmSync(server.run, { recursive: true, force: true });
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
}

export async function openWorkbench(browser: Browser, server: Server): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(server.url);
  await page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 90_000 });
  return page;
}

export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  await page.locator(".quick-input-widget input").waitFor();
  await page.keyboard.type(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab", { hasText: name }).waitFor({ timeout: 30_000 });
}

/**
 * Answers VS Code's simple open dialog (the web one) with a file's full path and accepts it. Fills only
 * once the dialog has read its folder (its path in the input and the file among its entries), because
 * it writes that path over whatever was typed before; on a loaded machine it has been seen to do so
 * even after several fills, and after Enter, so this keeps filling until the value holds, and presses
 * Enter again (up to three times) until `accepted` sees what comes next.
 */
export async function acceptOpenDialog(page: Page, path: string, accepted: (timeout: number) => Promise<unknown>): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => ((document.querySelector(".quick-input-widget input") as HTMLInputElement | null)?.value ?? "").endsWith("/"), undefined, { timeout: 30_000 });
  await page.locator(".quick-input-list .monaco-list-row", { hasText: basename(path) }).first().waitFor({ timeout: 30_000 });
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && !(await input.isVisible())) {
      await accepted(60_000); // the dialog took the path; what follows is only slow
      return;
    }
    const deadline = Date.now() + 20_000;
    while ((await input.inputValue()) !== path) {
      if (Date.now() > deadline) throw new Error(`the open dialog kept "${await input.inputValue()}" instead of "${path}"`);
      await input.fill(path);
      await page.waitForTimeout(300);
    }
    await page.keyboard.press("Enter");
    try {
      await accepted(15_000);
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/**
 * Runs a palette command by its title. Types only once the palette shows its ">" prefix (on a loaded
 * machine, keys typed earlier land in a file search, which never lists the command), and tries a
 * second time after Escape if the row does not appear (CI once timed out here with the command there).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor();
    await page.waitForFunction(() => (document.querySelector(".quick-input-widget input") as HTMLInputElement | null)?.value.startsWith(">") ?? false, undefined, { timeout: 10_000 });
    await page.keyboard.type(title);
    try {
      await row.waitFor({ timeout: 30_000 });
      break;
    } catch (e) {
      if (attempt > 0) throw e;
      await page.keyboard.press("Escape");
    }
  }
  await page.keyboard.press("Enter");
}

/** The DAG webview's document (two nested iframes). */
export function dagFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

/** Graph content as drawn: sorted node ids and "from->to" edges. */
export async function drawnGraph(frame: FrameLocator): Promise<{ nodes: string[]; edges: string[] }> {
  const nodes = await frame.locator("g.node").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-node-id") ?? "").sort());
  const edges = await frame.locator("g.edge").evaluateAll((gs) => gs.map((g) => `${g.getAttribute("data-from")}->${g.getAttribute("data-to")}`).sort());
  return { nodes, edges };
}

/**
 * One workbench for the tests of a describe block: code-server on a copy of `workspace`, a page
 * open on it (handed to `use`), a screenshot of each failing test, then stop and clean up.
 */
export function workbenchForBlock(
  env: () => { browser: Browser; vsix: string },
  workspace: string,
  trusted: boolean,
  use: (server: Server, page: Page) => void,
  failShotPrefix = "failed",
): void {
  let server: Server | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    const { browser, vsix } = env();
    server = await startServer(vsix, workspace, trusted);
    page = await openWorkbench(browser, server);
    use(server, page);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail" && page) await shot(page, `${failShotPrefix}-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
  });
  afterAll(() => {
    server?.stop();
    removeRun(server);
  });
}

/**
 * The packed extension and one Chromium for the tests of a describe block (packed and launched in
 * beforeAll, closed in afterAll); read `.browser` and `.vsix` inside hooks and tests.
 */
export function extensionAndBrowser(executablePath: string): { browser: Browser; vsix: string } {
  const env = {} as { browser: Browser; vsix: string };
  beforeAll(async () => {
    env.vsix = packExtension(mkdtempSync(join(tmpdir(), "cs-vsix-")));
    env.browser = await launchBrowser(executablePath);
  });
  afterAll(async () => { await env.browser?.close(); });
  return env;
}
