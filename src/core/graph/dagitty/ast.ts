/** Syntax tree of a DAGitty text, with offsets, shared by the parser, the graph builder and the source edits. */
export interface Attr {
  key: string;
  value?: string;
  start: number;
  end: number;
}

export interface NodeItem {
  kind: "node";
  id: string;
  start: number;
  end: number;
  /** `[...]` directly after the name, if any. */
  attrs?: Attr[];
  /** End offset including the attribute list. */
  fullEnd: number;
}

export interface GroupItem {
  kind: "group";
  statements: Statement[];
  start: number;
  end: number;
  fullEnd: number;
}

export type Item = NodeItem | GroupItem;

export interface EdgeOp {
  op: string;
  start: number;
  end: number;
}

/** `a`, `a [exposure]`, `{a b}`, or a chain `a -> b <- {c d}`: items.length === ops.length + 1. */
export interface ChainStatement {
  kind: "chain";
  items: Item[];
  ops: EdgeOp[];
  start: number;
  end: number;
}

/** A graph attribute such as `bb="0,0,1,1"`. */
export interface GraphAttrStatement {
  kind: "graph-attr";
  key: string;
  value: string;
  start: number;
  end: number;
}

export type Statement = ChainStatement | GraphAttrStatement;

export interface DagittyAst {
  /** `dag`, `pdag`, `mag`, `pag`, ... when given. */
  type?: string;
  /** The graph's name in a named header (`dag G {`, `digraph G {`), as dot allows. */
  name?: string;
  /** Offsets of the outer braces when present. */
  open?: number;
  close?: number;
  statements: Statement[];
}
