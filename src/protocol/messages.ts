/**
 * The messages between the extension host and the DAG webview, in both directions.
 * Each message is a zod schema (validated on receipt on either side), its inferred type and a
 * one-line note saying who sends it and when. Both bundles include this file; it imports only zod.
 * Core objects never cross this boundary: the host converts them into these plain DTOs.
 */
import { z } from "zod";
import { parseMessage, type ParsedMessage } from "./parse-message";
import { CancelQuery, NodeSummaries, QueryFailed, QueryMode, QueryProgress, QueryResult, RunQuery } from "./query-messages";
import { RangeDto } from "./range";

export * from "./query-messages";
export { RangeDto };

/** Bumped whenever a message changes shape; the webview reports the version it speaks in `ready`. */
export const PROTOCOL_VERSION = 7;


export const NodeRoleDto = z.enum(["exposure", "outcome", "adjusted", "latent", "selected"]);
export type NodeRoleDto = z.infer<typeof NodeRoleDto>;

/** The values a variable can take, read statically from its mechanism (src/core/extract/read-support.ts). */
export const SupportDto = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("binary") }),
  z.object({ kind: z.literal("finite"), values: z.array(z.number().finite()).min(1) }),
  z.object({ kind: z.literal("integer"), min: z.number().finite().optional() }),
  z.object({ kind: z.literal("real"), min: z.number().finite().optional(), max: z.number().finite().optional(), exclusiveMin: z.boolean().optional(), exclusiveMax: z.boolean().optional() }),
  /** delta(v): deterministic; an intervention may set it to any finite number. */
  z.object({ kind: z.literal("constant"), value: z.number().finite().optional() }),
  z.object({ kind: z.literal("unknown") }),
]);
export type SupportDto = z.infer<typeof SupportDto>;

export const GraphNodeDto = z.object({
  id: z.string().min(1),
  latent: z.boolean().optional(),
  roles: z.array(NodeRoleDto).optional(),
  /** Mechanism text shown on hover. */
  mechanism: z.string().optional(),
  /** Where the variable is declared (the name); absent for nodes with no source. */
  range: RangeDto.optional(),
  /** The distribution the mechanism returns, read statically (e.g. "bernoulli"); shown in the popover title. */
  distribution: z.string().optional(),
  /** The variable's support; picks the value picker (absent: any finite number). */
  support: SupportDto.optional(),
  /** A typical value (its mean, read statically from the mechanism where its arguments are literal or follow from its parents'); the value picker starts there. */
  typical: z.number().finite().optional(),
  /** Names of a categorical's levels 0..k-1 (from the data the model was trained on), shown in the value list. */
  levels: z.array(z.string()).optional(),
  /**
   * The observed variable's Markov blanket (core/graph/analyze/markov-blanket.ts), listed on hover and
   * outlined when the node is selected; absent for latent nodes and where it is not computed (a cyclic or capped graph).
   */
  blanket: z.array(z.string()).optional(),
});
export type GraphNodeDto = z.infer<typeof GraphNodeDto>;

export const EdgeKindDto = z.enum(["directed", "bidirected"]);
export const GraphEdgeDto = z.object({
  from: z.string().min(1), to: z.string().min(1), kind: EdgeKindDto,
  /**
   * The arrow's place in the Markov equivalence class (core/graph/analyze/equivalence.ts): false when
   * it is reversible (observational data cannot orient it), true when every equivalent DAG has it;
   * absent where the class is not drawn (latent variables, <-> edges, a capped graph).
   */
  learnable: z.boolean().optional(),
});
export type GraphEdgeDto = z.infer<typeof GraphEdgeDto>;

export const GraphErrorDto = z.object({ message: z.string(), range: RangeDto.optional() });
export type GraphErrorDto = z.infer<typeof GraphErrorDto>;

export const LayoutDirection = z.enum(["DOWN", "RIGHT"]);
export type LayoutDirection = z.infer<typeof LayoutDirection>;

/** Host -> webview, after every (debounced) edit of the shown document: the graph to draw. */
export const GraphUpdate = z.object({
  type: z.literal("graph"),
  title: z.string(),
  /** "model" for *.causal.ts, "dagitty" for DAGitty text, "bif" for a BIF network (queries run on its tables). */
  source: z.enum(["model", "dagitty", "bif"]),
  nodes: z.array(GraphNodeDto),
  edges: z.array(GraphEdgeDto),
  /** Problems found in the source; non-empty with no nodes means "keep the last good drawing". */
  errors: z.array(GraphErrorDto),
  direction: LayoutDirection,
  /** Whether edge edits may be requested (false when the source cannot be edited, e.g. untitled or read-only). */
  editable: z.boolean(),
  /** Set when the host dropped nodes to stay responsive: the count it had before capping. */
  totalNodes: z.number().int().optional(),
  /** Which scm(...) chain of the file this is (RunQuery names it back). */
  modelIndex: z.number().int().min(0).optional(),
  /** Identifies the shown model across files (document URI and model index): the webview keeps one query draft per key. */
  modelKey: z.string().min(1).optional(),
});
export type GraphUpdate = z.infer<typeof GraphUpdate>;

/** Host -> webview, when the editor's cursor enters (id) or leaves (null) a variable's declaration. */
export const HighlightNode = z.object({ type: z.literal("highlightNode"), id: z.string().nullable() });
export type HighlightNode = z.infer<typeof HighlightNode>;

/** Host -> webview, after "Show Adjustment Sets": exposure/outcome and the chosen set (null clears). */
export const AdjustmentHighlight = z.object({
  type: z.literal("adjustmentSet"),
  exposures: z.array(z.string()),
  outcomes: z.array(z.string()),
  set: z.array(z.string()).nullable(),
  /** A short caption, e.g. "Adjust for {Z} (1 of 2 minimal sets)". */
  caption: z.string(),
});
export type AdjustmentHighlight = z.infer<typeof AdjustmentHighlight>;

/** Host -> webview, when VS Code's colour theme kind changes (colours themselves come from CSS variables). */
export const ThemeChange = z.object({ type: z.literal("theme"), kind: z.enum(["light", "dark", "high-contrast", "high-contrast-light"]) });
export type ThemeChange = z.infer<typeof ThemeChange>;

/** Host -> webview, from "Export DAG" (SVG or PNG): render the drawing and answer with ExportResult. */
export const ExportRequest = z.object({ type: z.literal("exportRequest"), requestId: z.number().int(), format: z.enum(["svg", "png"]) });
export type ExportRequest = z.infer<typeof ExportRequest>;

/** Host -> webview, when the host rejected something the webview sent or could not act on it. */
export const HostNotice = z.object({ type: z.literal("notice"), level: z.enum(["info", "error"]), message: z.string() });
export type HostNotice = z.infer<typeof HostNotice>;


/**
 * Host -> webview, when the panel's model has trained params (after "Train Model…", on every graph
 * send) and after a Run that found them stale: which values Run uses. `text` null = the declared ones;
 * `stale` says why a parameters file no longer fits (queries then use the declared values).
 */
export const ParamsStatus = z.object({ type: z.literal("paramsStatus"), text: z.string().nullable(), stale: z.string().optional() });
export type ParamsStatus = z.infer<typeof ParamsStatus>;

// ---- Evidence from a diagnosis (issue 11): the DAG coloured by the strength of evidence against each part ----

/** A check's verdict on a variable, an edge or an implication; "untested" when no check could run on it. */
export const EvidenceVerdictDto = z.enum(["pass", "warn", "fail", "untested"]);
export type EvidenceVerdictDto = z.infer<typeof EvidenceVerdictDto>;

/** One variable's verdict and its sentence (DiagnosisReport.variables[i]: `id` is `variable`). */
export const NodeEvidenceDto = z.object({ id: z.string().min(1), verdict: EvidenceVerdictDto, sentence: z.string() });
export type NodeEvidenceDto = z.infer<typeof NodeEvidenceDto>;

/** One edge's verdict and its sentence (DiagnosisReport.edges[i]). */
export const EdgeEvidenceDto = z.object({ from: z.string().min(1), to: z.string().min(1), verdict: EvidenceVerdictDto, sentence: z.string() });
export type EdgeEvidenceDto = z.infer<typeof EdgeEvidenceDto>;

/** An implied independence x ⊥ y | given that the data contradict (DiagnosisReport.violated[i]), drawn between x and y. */
export const ViolatedPairDto = z.object({
  x: z.string().min(1), y: z.string().min(1), given: z.array(z.string().min(1)),
  verdict: z.enum(["pass", "warn", "fail"]), sentence: z.string(),
});
export type ViolatedPairDto = z.infer<typeof ViolatedPairDto>;

/** What the DAG shows of one diagnosis: for model `model` (the graph's title) on data file `data` (its name as the user sees it). */
export const EvidenceDto = z.object({
  model: z.string().min(1),
  /** Which scm(...) chain of the file (GraphUpdate.modelIndex); when both carry one they must agree too. */
  modelIndex: z.number().int().min(0).optional(),
  data: z.string().min(1),
  nodes: z.array(NodeEvidenceDto),
  edges: z.array(EdgeEvidenceDto),
  violated: z.array(ViolatedPairDto),
});
export type EvidenceDto = z.infer<typeof EvidenceDto>;

/**
 * Host -> webview, after "Diagnose Model…" finished for the panel's model (send it after that model's
 * `graph`): colour the DAG by the evidence; `evidence: null` clears it. The webview keeps it across
 * redraws of the same model (live edits) and drops it when a graph of another model arrives.
 */
export const EvidenceUpdate = z.object({ type: z.literal("evidence"), evidence: EvidenceDto.nullable() });
export type EvidenceUpdate = z.infer<typeof EvidenceUpdate>;

// ---- Testable implications and palette commands (issue 12, item 12) ----

/**
 * One implied conditional independence, x ⊥ y | given (src/core/graph/analyze/implications.ts): y is a
 * set for a local Markov basis statement (x ⊥ y1, y2, … | parents), one name for a per-pair statement.
 */
export const ImplicationDto = z.object({ x: z.string().min(1), y: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]), given: z.array(z.string().min(1)) });
export type ImplicationDto = z.infer<typeof ImplicationDto>;

/**
 * Host -> webview, after each `graph` of a model (static analysis, no user code): the first of the
 * graph's testable implications, in the CLI's order, and how many there are in all (`total` >
 * `items.length`: the panel says "and N more"); `error` when there are none to list because of the
 * graph (a directed cycle). `model` and `modelIndex` name the graph they belong to.
 */
export const ImplicationsUpdate = z.object({
  type: z.literal("implications"),
  model: z.string(),
  modelIndex: z.number().int().min(0).optional(),
  items: z.array(ImplicationDto),
  total: z.number().int().min(0),
  error: z.string().optional(),
  /** Which list (absent: "basis", the local Markov basis, one statement per variable); `note` when it was cut short. */
  kind: z.enum(["basis", "pairwise", "minimal"]).optional(),
  note: z.string().optional(),
});
export type ImplicationsUpdate = z.infer<typeof ImplicationsUpdate>;

/** What a palette command asks the panel to do (Causal Studio: Run Query, Clear Query, Fit View, ...). */
export const PanelCommandName = z.enum(["runQuery", "cancelQuery", "clearQuery", "closeQuery", "fitView", "zoomIn", "zoomOut", "showImplications"]);
export type PanelCommandName = z.infer<typeof PanelCommandName>;

/** Host -> webview, from a palette command or keybinding on the DAG panel: act as the matching button would. */
export const PanelCommand = z.object({ type: z.literal("command"), name: PanelCommandName });
export type PanelCommand = z.infer<typeof PanelCommand>;

export const ToWebview = z.discriminatedUnion("type", [GraphUpdate, HighlightNode, AdjustmentHighlight, ThemeChange, ExportRequest, HostNotice,
  QueryProgress, QueryResult, QueryFailed, NodeSummaries, QueryMode, ParamsStatus, EvidenceUpdate, ImplicationsUpdate, PanelCommand]);
export type ToWebview = z.infer<typeof ToWebview>;

/** Webview -> host, once its script has loaded and it can receive messages. */
export const Ready = z.object({ type: z.literal("ready"), version: z.number().int() });
export type Ready = z.infer<typeof Ready>;

/** Webview -> host, when the user clicks a node or presses Enter on it: reveal its declaration. */
export const NodeClicked = z.object({ type: z.literal("nodeClicked"), id: z.string().min(1) });
export type NodeClicked = z.infer<typeof NodeClicked>;

/** Webview -> host, when the user drags a new edge or deletes a selected edge: edit the source. */
export const EdgeRequest = z.object({ type: z.literal("edgeRequest"), op: z.enum(["add", "remove"]), from: z.string().min(1), to: z.string().min(1), kind: EdgeKindDto });
export type EdgeRequest = z.infer<typeof EdgeRequest>;

/**
 * Webview -> host, on Ctrl+Z / Cmd+Z (`redo: false`) or Ctrl+Shift+Z / Cmd+Shift+Z / Ctrl+Y (`redo: true`)
 * in the panel outside its text fields: undo (redo) the last edit of the panel's source document, as
 * the editor would (a graph edit is an ordinary edit of that document).
 */
export const UndoRequest = z.object({ type: z.literal("undoRequest"), redo: z.boolean() });
export type UndoRequest = z.infer<typeof UndoRequest>;

/** Webview -> host, answering ExportRequest: SVG text, or a PNG as a base64 data URL; or why it failed. */
export const ExportResult = z.object({
  type: z.literal("exportResult"),
  requestId: z.number().int(),
  format: z.enum(["svg", "png"]),
  data: z.string().optional(),
  error: z.string().optional(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** Webview -> host, when the webview hit an error (bad message, layout failure) the user should see. */
export const WebviewError = z.object({ type: z.literal("webviewError"), message: z.string() });
export type WebviewError = z.infer<typeof WebviewError>;

/**
 * Webview -> host, when the user clicks the verdict badge of a node that has evidence (or presses "d"
 * on it) while evidence is shown: open the diagnostics panel at that variable's plots.
 */
export const OpenDiagnostics = z.object({ type: z.literal("openDiagnostics"), variable: z.string().min(1) });
export type OpenDiagnostics = z.infer<typeof OpenDiagnostics>;

export const FromWebview = z.discriminatedUnion("type", [Ready, NodeClicked, EdgeRequest, UndoRequest, ExportResult, WebviewError, RunQuery, CancelQuery, OpenDiagnostics]);
export type FromWebview = z.infer<typeof FromWebview>;

export type Parsed<T> = ParsedMessage<T>;

const parseWith = <T>(schema: z.ZodType<T>, direction: string, raw: unknown): Parsed<T> => parseMessage(schema, direction, "", raw);

/** Validates a message the webview received. */
export function parseToWebview(raw: unknown): Parsed<ToWebview> {
  return parseWith(ToWebview, "host-to-webview", raw);
}

/** Validates a message the host received. */
export function parseFromWebview(raw: unknown): Parsed<FromWebview> {
  return parseWith(FromWebview, "webview-to-host", raw);
}
