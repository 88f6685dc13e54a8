/**
 * Figures a script returns from `main` ({ figures }, src/core/figures/figure.ts) as zod schemas, and
 * the messages between the extension host and the run panel ("Causal Studio: Run Script"), which
 * shows a script's output and draws its figures. `causal-studio run --plots` validates what `main`
 * returned with `ScriptFigures` before it draws anything, and the host validates the figures file
 * again before posting it, so a bad figure is named (figure, mark, field) and never drawn half.
 * A type-level test (figure-messages.test.ts) pins `FigureDto` to core's `Figure`. Imports only zod.
 */
import { z } from "zod";
import { parseMessage, type ParsedMessage } from "./parse-message";

/** Bumped whenever a run-panel message changes shape; the webview reports it in `runPanelReady`. */
export const RUN_PANEL_PROTOCOL_VERSION = 1;

/** The most points (or histogram values) one figure may carry (core's MAX_FIGURE_VALUES). */
export const MAX_FIGURE_VALUES_DTO = 100_000;
/** The most characters of image `src` data URIs one figure may carry in all (core's MAX_FIGURE_IMAGE_BYTES: 2 MiB). */
export const MAX_FIGURE_IMAGE_BYTES_DTO = 2 * 1024 * 1024;
/** A PNG as a data URI: the prefix, then base64 (whole quads, padded) that starts with the PNG signature (89 50 4E 47 0D 0A 1A 0A is "iVBORw0KGgo"). */
const PNG_PREFIX = "data:image/png;base64,";
const isPngDataUri = (s: string) => s.startsWith(PNG_PREFIX) && (s.length - PNG_PREFIX.length) % 4 === 0 && /^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/.test(s.slice(PNG_PREFIX.length));

const finite = z.number({ error: "must be a finite number" }); // zod 4 numbers refuse NaN and ±Infinity
const name = z.string().min(1).max(200);

export const FigureAxisDto = z.object({
  label: z.string().max(200),
  scale: z.enum(["linear", "log"]).optional(),
  domain: z.tuple([finite, finite]).refine(([a, b]) => a < b, "the axis domain must be [low, high] with low < high").optional(),
});

const Point = z.object({ x: finite, y: finite });
const IntervalPoint = z.object({ x: finite, y: finite, lo: finite, hi: finite }).refine((p) => p.lo <= p.hi, "lo must not exceed hi");
const Bar = z.object({ label: name, value: finite, lo: finite.optional(), hi: finite.optional() })
  .refine((b) => (b.lo === undefined) === (b.hi === undefined) && (b.lo === undefined || b.lo! <= b.hi!), "a bar's interval needs both lo and hi, lo <= hi");

export const FigureMarkDto = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("line"), series: name, points: z.array(Point) }),
  z.object({ kind: z.literal("interval"), series: name, points: z.array(IntervalPoint) }),
  z.object({ kind: z.literal("histogram"), series: name, values: z.array(finite), bins: z.number().int().min(1).max(500).optional() }),
  z.object({ kind: z.literal("bar"), series: name, bars: z.array(Bar) }),
  z.object({ kind: z.literal("rule"), axis: z.enum(["x", "y"]), value: finite, label: z.string().max(200).optional() }),
  z.object({
    kind: z.literal("image"), row: name, column: name,
    src: z.string().refine(isPngDataUri, "must be a PNG as a data URI (data:image/png;base64,... of a PNG file); URLs and other image types are not drawn"),
    title: z.string().max(300).optional(),
  }),
]);
export type FigureMarkDto = z.infer<typeof FigureMarkDto>;

const size = (m: FigureMarkDto) => (m.kind === "histogram" ? m.values.length : m.kind === "bar" ? m.bars.length : m.kind === "rule" || m.kind === "image" ? 1 : m.points.length);

export const FigureDto = z.object({
  id: z.string().min(1).max(120).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "an id is letters, digits, '.', '_' and '-' (it names the figure's file)"),
  title: z.string().min(1).max(300),
  caption: z.string().max(2000).optional(),
  x: FigureAxisDto,
  y: FigureAxisDto,
  marks: z.array(FigureMarkDto).min(1, "a figure needs at least one mark"),
}).superRefine((f, ctx) => {
  const total = f.marks.reduce((s, m) => s + size(m), 0);
  if (total > MAX_FIGURE_VALUES_DTO) ctx.addIssue({ code: "custom", path: ["marks"], message: `${total} values in one figure; at most ${MAX_FIGURE_VALUES_DTO} (thin or bin them first)` });
  const bars = f.marks.some((m) => m.kind === "bar");
  if (f.marks.some((m) => m.kind === "image")) return images(f, ctx);
  f.marks.forEach((m, i) => {
    if (bars && m.kind !== "bar" && !(m.kind === "rule" && m.axis === "y")) ctx.addIssue({ code: "custom", path: ["marks", i], message: `a figure with bar marks has a categorical x axis: it cannot also hold a ${m.kind === "rule" ? "rule on x" : `${m.kind} mark`}` });
    if (m.kind === "bar" && new Set(m.bars.map((b) => b.label)).size !== m.bars.length) ctx.addIssue({ code: "custom", path: ["marks", i, "bars"], message: "a bar mark names each label once" });
  });
  const positive = (axis: "x" | "y", values: number[]) => {
    if (f[axis].scale === "log" && values.some((v) => v <= 0)) ctx.addIssue({ code: "custom", path: [axis, "scale"], message: `a log ${axis} axis needs positive values` });
  };
  positive("x", f.marks.flatMap((m) => (m.kind === "line" || m.kind === "interval" ? m.points.map((p) => p.x) : m.kind === "histogram" ? m.values : m.kind === "rule" && m.axis === "x" ? [m.value] : [])));
  positive("y", f.marks.flatMap((m) => (m.kind === "line" ? m.points.map((p) => p.y) : m.kind === "interval" ? m.points.flatMap((p) => [p.y, p.lo]) : m.kind === "bar" ? m.bars.map((b) => b.lo ?? b.value) : m.kind === "rule" && m.axis === "y" ? [m.value] : [])));
});
export type FigureDto = z.infer<typeof FigureDto>;

/** A figure with image marks is a grid (src/core/figures/figure.ts): only images, one a cell, categorical axes, the data URIs within the cap. */
function images(f: { x: z.infer<typeof FigureAxisDto>; y: z.infer<typeof FigureAxisDto>; marks: FigureMarkDto[] }, ctx: z.RefinementCtx): void {
  const cells = new Map<string, number>();
  let chars = 0;
  f.marks.forEach((m, i) => {
    if (m.kind !== "image") return ctx.addIssue({ code: "custom", path: ["marks", i], message: `a figure with image marks is a grid of images: it cannot also hold a ${m.kind} mark` });
    chars += m.src.length;
    const cell = JSON.stringify([m.row, m.column]);
    const first = cells.get(cell);
    if (first !== undefined) ctx.addIssue({ code: "custom", path: ["marks", i], message: `the cell (row "${m.row}", column "${m.column}") already holds mark ${first + 1}'s image` });
    else cells.set(cell, i);
  });
  if (chars > MAX_FIGURE_IMAGE_BYTES_DTO) ctx.addIssue({ code: "custom", path: ["marks"], message: `${chars} characters of image data URIs in one figure; at most ${MAX_FIGURE_IMAGE_BYTES_DTO} (2 MiB: make the images smaller or split them over figures)` });
  for (const axis of ["x", "y"] as const) {
    if (f[axis].scale !== undefined || f[axis].domain !== undefined) ctx.addIssue({ code: "custom", path: [axis], message: `an image grid's ${axis} axis is its ${axis === "x" ? "columns" : "rows"}: it takes a label only, no scale or domain` });
  }
}

/** What `main` returned, as far as figures go: `figures` with ids unique (case-insensitively: they name files). */
export const ScriptFigures = z.array(FigureDto).max(200).superRefine((figs, ctx) => {
  const seen = new Map<string, number>();
  figs.forEach((f, i) => {
    const k = f.id.toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `the id "${f.id}" is used by figure ${seen.get(k)! + 1} too` });
    else seen.set(k, i);
  });
});

/** Checks figures; on failure one message naming the figure (by id and number) and the field. */
export function checkFigures(raw: unknown): { ok: true; figures: FigureDto[] } | { ok: false; error: string } {
  const r = ScriptFigures.safeParse(raw);
  if (r.success) return { ok: true, figures: r.data };
  const issues = r.error.issues.slice(0, 3).map((i) => {
    const [k, ...rest] = i.path;
    const id = typeof k === "number" && Array.isArray(raw) ? (raw[k] as { id?: unknown } | undefined)?.id : undefined;
    const where = typeof k === "number" ? `figure ${k + 1}${typeof id === "string" ? ` ("${id}")` : ""}${rest.length ? ` ${rest.join(".")}` : ""}` : "figures";
    return `${where}: ${i.message}`;
  });
  return { ok: false, error: issues.join("; ") };
}

// ---- the run panel ----

/** Host -> webview: a run began (clears the panel). */
export const RunStarted = z.object({ type: z.literal("runStarted"), runId: z.number().int(), script: z.string(), args: z.array(z.string()) });
/** Host -> webview: text the script wrote (stdout or stderr), in order, at most 64 KiB a message. */
export const RunOutput = z.object({ type: z.literal("runOutput"), runId: z.number().int(), stream: z.enum(["stdout", "stderr"]), text: z.string().max(65_536) });
/** Host -> webview: the run ended (exit code, how long) with the figures `main` returned (none when it returned none). */
export const RunDone = z.object({ type: z.literal("runDone"), runId: z.number().int(), exitCode: z.number().int(), elapsedMs: z.number().min(0), figures: z.array(FigureDto) });
/** Host -> webview: the run could not start or finish (untrusted workspace, timeout, out of memory, cancelled, bad figures). */
export const RunFailed = z.object({ type: z.literal("runFailed"), runId: z.number().int(), message: z.string().min(1) });

export const ToRunPanel = z.discriminatedUnion("type", [RunStarted, RunOutput, RunDone, RunFailed]);
export type ToRunPanel = z.infer<typeof ToRunPanel>;

/** Webview -> host: its script loaded. */
export const RunPanelReady = z.object({ type: z.literal("runPanelReady"), version: z.number().int() });
/** Webview -> host: the Cancel button (kill run `runId`). */
export const CancelRun = z.object({ type: z.literal("cancelRun"), runId: z.number().int() });
/** Webview -> host: save one drawn figure as SVG text or a PNG data URL (the host asks where with a save dialog, suggesting `fileName`; nothing the webview sends picks the file). */
export const ExportFigure = z.object({
  type: z.literal("exportFigure"),
  id: z.string().min(1).max(120),
  format: z.enum(["svg", "png"]),
  fileName: z.string().regex(/^[A-Za-z0-9._-]+$/, "must be a plain file name").optional(),
  data: z.string().min(1),
}).refine((m) => (m.format === "svg" ? /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(m.data.trimStart()) : m.data.startsWith("data:image/png;base64,")), { message: "data does not match the format (SVG text, or a PNG data URL)", path: ["data"] });

export const FromRunPanel = z.discriminatedUnion("type", [RunPanelReady, CancelRun, ExportFigure]);
export type FromRunPanel = z.infer<typeof FromRunPanel>;

export type ParsedRun<T> = ParsedMessage<T>;

const parseWith = <T>(schema: z.ZodType<T>, direction: string, raw: unknown): ParsedRun<T> => parseMessage(schema, direction, "run-panel", raw);

export const parseToRunPanel = (raw: unknown) => parseWith(ToRunPanel, "host-to-webview", raw);
export const parseFromRunPanel = (raw: unknown) => parseWith(FromRunPanel, "webview-to-host", raw);
