/**
 * Loads the built DAG webview (dist/webview) in real Debian Chromium with a stubbed VS Code host:
 * a local HTTP server plays the webview resource origin and serves the same HTML the extension
 * generates (src/extension/webview-html.ts, strict CSP with a nonce); `acquireVsCodeApi` is replaced
 * by a recorder of posted messages and an in-memory getState/setState.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize } from "node:path";
import type { Browser, Page } from "playwright-core";
import { diagnosticsHtml } from "../../src/extension/diagnostics-html";
import { runHtml } from "../../src/extension/run-html";
import { trainingHtml } from "../../src/extension/training-html";
import { webviewHtml } from "../../src/extension/webview-html";

/** The repository root (this file is also bundled into the benchmarks, where __dirname differs or is absent). */
function findRoot(): string {
  let dir = typeof __dirname !== "undefined" ? __dirname : process.cwd();
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && /"name":\s*"causal-studio"/.test(readFileSync(pkg, "utf8"))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
export const root = findRoot();
const distWebview = join(root, "dist", "webview");

/** The Debian chromium, or undefined (tests skip then, unless CI is set, where that is a failure). */
/**
 * Debian's Chromium, or an error that says how to install it: a browser test never skips itself
 * (`npm test` installs Chromium through .ci/setup-e2e.sh; a missing browser is a failure, not a pass).
 */
export function requireChromium(): string {
  const path = chromiumPath();
  if (!path) throw new Error("Chromium is not installed: run `bash .ci/setup-e2e.sh` (as root it installs Debian's chromium) or `sudo apt-get install -y chromium`");
  return path;
}

export function chromiumPath(): string | undefined {
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(p)) return p;
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function buildWebview(): void {
  execFileSync(process.execPath, [join(root, ".ci", "build.mjs"), "--only=webview"], { cwd: root, stdio: "pipe" });
}

const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".html": "text/html" };

export interface Harness { browser: Browser; server: Server; origin: string; close(): Promise<void> }

export async function startHarness(executablePath: string): Promise<Harness> {
  buildWebview();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/" || url.pathname === "/index.html") {
      const origin = `http://${req.headers.host}`;
      const nonce = "testnonce" + Math.random().toString(36).slice(2);
      res.writeHead(200, { "content-type": "text/html" });
      res.end(webviewHtml({ cspSource: origin, script: `${origin}/dag.js`, style: `${origin}/dag.css`, worker: `${origin}/elk-worker.min.js` }, nonce));
      return;
    }
    if (url.pathname === "/training.html") {
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { "content-type": "text/html" });
      res.end(trainingHtml({ cspSource: origin, script: `${origin}/training.js`, style: `${origin}/training.css` }, "testnonce" + Math.random().toString(36).slice(2)));
      return;
    }
    if (url.pathname === "/diagnostics.html") {
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { "content-type": "text/html" });
      res.end(diagnosticsHtml({ cspSource: origin, script: `${origin}/diagnostics.js`, style: `${origin}/diagnostics.css` }, "testnonce" + Math.random().toString(36).slice(2)));
      return;
    }
    if (url.pathname === "/run.html") {
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { "content-type": "text/html" });
      res.end(runHtml({ cspSource: origin, script: `${origin}/run.js`, style: `${origin}/run.css` }, "testnonce" + Math.random().toString(36).slice(2)));
      return;
    }
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end(); // a real webview never asks for one
      return;
    }
    const file = normalize(join(distWebview, url.pathname));
    if (!file.startsWith(distWebview) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A computed specifier keeps bundlers (the benchmark runner) from inlining playwright-core.
  const spec = "playwright-core";
  const { chromium } = (await import(spec)) as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return {
    browser, server, origin,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Installed before the page's own scripts run (not subject to the page's CSP). */
function stubHost(): void {
  const w = window as unknown as { __posted: unknown[]; __state: unknown; __cspViolations: string[]; acquireVsCodeApi: () => unknown };
  w.__posted = [];
  w.__state = undefined;
  w.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error("acquireVsCodeApi called twice");
    acquired = true;
    return {
      postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => w.__state,
      setState: (s: unknown) => { w.__state = JSON.parse(JSON.stringify(s)); },
    };
  };
}

export interface WebviewPage {
  page: Page;
  errors: string[];
  /** Posts a message to the webview as the host would. */
  send(message: unknown): Promise<void>;
  /** Sends a message and waits until the view has processed one more update. */
  sendGraph(message: unknown): Promise<void>;
  posted(): Promise<Array<Record<string, unknown>>>;
  waitForPosted(type: string, count?: number): Promise<Array<Record<string, unknown>>>;
}

/** `page`: "/" the DAG panel, "/training.html" the training panel (whose first message is trainingReady), "/diagnostics.html" the diagnostics panel (diagnosticsReady), "/run.html" the run panel (runPanelReady). */
export async function openWebview(h: Harness, viewport = { width: 900, height: 640 }, page_ = { path: "/", ready: "ready" }): Promise<WebviewPage> {
  const page = await h.browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.addInitScript(stubHost);
  await page.goto(`${h.origin}${page_.path}`);
  const posted = () => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
  const waitForPosted = async (type: string, count = 1) => {
    await page.waitForFunction(([t, c]) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === t).length >= (c as number), [type, count] as const);
    return (await posted()).filter((m) => m.type === type);
  };
  await waitForPosted(page_.ready);
  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, "*"), message);
  const sendGraph = async (message: unknown) => {
    const before = Number(await page.evaluate(() => document.body.dataset.renders ?? "0"));
    await send(message);
    await page.waitForFunction((n) => Number(document.body.dataset.renders ?? "0") > n, before);
  };
  return { page, errors, send, sendGraph, posted, waitForPosted };
}

/** A graph update message with defaults for the fields a test does not care about. */
export function graphMessage(nodes: Array<string | { id: string; latent?: boolean; mechanism?: string }>, edges: Array<[string, string] | [string, string, "bidirected"]>, extra: Record<string, unknown> = {}) {
  return {
    type: "graph", title: "test", source: "model", direction: "DOWN", editable: true, errors: [],
    nodes: nodes.map((n) => (typeof n === "string" ? { id: n } : n)),
    edges: edges.map(([from, to, kind]) => ({ from, to, kind: kind ?? "directed" })),
    ...extra,
  };
}
