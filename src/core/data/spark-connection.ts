/**
 * A SqlConnection to Spark SQL through its Thrift server (HiveThriftServer2, which speaks the
 * HiveServer2 protocol), with the hive-driver package. hive-driver is loaded on the first connect
 * (a dynamic import), so nothing else ever loads it. Binary (TCP) or HTTP transport; NOSASL, or
 * user/password (SASL PLAIN: the server's NONE and LDAP modes); TLS with `ssl`. Kerberos is not
 * offered here. The same works for a Hive server or any other HiveServer2 endpoint that reads Spark's
 * SQL dialect (backtick identifiers, backslash-escaped strings).
 *
 *     const spark = await connectSpark({ host: "127.0.0.1", port: 10000 });
 *     const stats = await openTableStatistics(spark, "default.misspecification");
 *     ...
 *     await spark.close();
 */
import { CausalError, error } from "../errors/diagnostic";
import { SPARK_DIALECT, type SqlColumn, type SqlColumnType, type SqlConnection, type SqlValue } from "./sql-connection";

export interface SparkConnectionOptions {
  host: string;
  /** Default 10000 (hive.server2.thrift.port; 10001 is the usual HTTP port). */
  port?: number;
  /** hive.server2.transport.mode: "binary" (default) or "http" (then `path`, default "cliservice"). */
  transport?: "binary" | "http";
  path?: string;
  /** hive.server2.authentication: NOSASL (default), or a user and password for NONE / LDAP (SASL PLAIN). */
  auth?: { kind: "nosasl" } | { kind: "plain"; username: string; password?: string };
  /** TLS (hive.server2.use.SSL). */
  ssl?: boolean;
  /** `USE` this database after connecting. */
  database?: string;
  /** Session settings (e.g. spark.sql.shuffle.partitions), sent when the session opens. */
  configuration?: Readonly<Record<string, string>>;
  /** Rows per fetch while streaming (default 10,000). */
  fetchRows?: number;
  /** Milliseconds to wait for the connection (default 10,000). */
  connectTimeoutMs?: number;
}

interface ThriftColumn { [kind: string]: { values: unknown[]; nulls?: Buffer } | undefined }
interface RowSet { columns?: ThriftColumn[] }
interface Schema { columns: { columnName: string; position: number; typeDesc: { types: { primitiveEntry?: { type: number } }[] } }[] }
interface Operation {
  status(progress?: boolean): Promise<{ operationState: number; errorMessage?: string | null; sqlState?: string | null }>;
  fetch(): Promise<unknown>;
  hasMoreRows(): boolean;
  setMaxRows(n: number): void;
  getSchema(): Schema | null;
  getData(): RowSet[];
  flush(): void;
  close(): Promise<unknown>;
}
interface Session {
  executeStatement(sql: string, options?: { runAsync?: boolean }): Promise<Operation>;
  close(): Promise<unknown>;
}

/** Connects to a Spark Thrift server and opens one session; close() ends both. */
export async function connectSpark(options: SparkConnectionOptions): Promise<SqlConnection> {
  const port = options.port ?? (options.transport === "http" ? 10001 : 10000), label = `Spark SQL at ${options.host}:${port}`;
  const hive = await import("hive-driver");
  const { TCLIService, TCLIService_types: types } = hive.thrift;
  const client = new hive.HiveClient(TCLIService, types);
  let failure: Error | undefined;
  client.on("error", (e: Error) => { failure = e; });
  const auth = options.auth ?? { kind: "nosasl" };
  const http = options.transport === "http";
  const provider = auth.kind === "nosasl"
    ? new hive.auth.NoSaslAuthentication()
    : http ? new hive.auth.PlainHttpAuthentication({ username: auth.username, password: auth.password ?? "" }) : new hive.auth.PlainTcpAuthentication({ username: auth.username, password: auth.password ?? "" });
  const how = `${http ? "HTTP" : "binary"} transport, ${auth.kind === "nosasl" ? "NOSASL" : `user "${auth.username}"`}${options.ssl ? ", TLS" : ""}`;
  const unreachable = (why: string) => new CausalError(error("unreadable-data-file", `${label} (${how}): ${why}. Start Spark's Thrift server (sbin/start-thriftserver.sh, or npm run test:spark here), or check the host, the port (hive.server2.thrift.port), the transport (hive.server2.transport.mode) and the authentication (hive.server2.authentication) it was started with.`));
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let session: Session;
  try {
    const connecting = client.connect(
      { host: options.host, port, options: { ...(http ? { path: `/${(options.path ?? "cliservice").replace(/^\//, "")}` } : {}), ...(options.ssl ? { ssl: true, https: true } : {}), connect_timeout: timeoutMs, max_attempts: 1 } },
      http ? new hive.connections.HttpConnection() : new hive.connections.TcpConnection(),
      provider,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); });
    const failed = new Promise<never>((_, reject) => { client.once("error", reject); });
    try {
      await Promise.race([connecting, timeout, failed]);
      session = (await Promise.race([
        client.openSession({ client_protocol: types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10, ...(options.configuration ? { configuration: { ...options.configuration } } : {}) }),
        timeout, failed,
      ])) as unknown as Session;
    } finally {
      clearTimeout(timer);
      failed.catch(() => undefined);
      timeout.catch(() => undefined);
    }
  } catch (e) {
    try { client.close(); } catch { /* already down */ }
    throw unreachable(e instanceof Error ? e.message || e.constructor.name : String(e));
  }

  /** Runs `sql` to completion (polling its state); a failed statement is a CausalError with Spark's message. */
  async function execute(sql: string): Promise<Operation> {
    if (failure) throw unreachable(`the connection failed (${failure.message})`);
    let op: Operation;
    try {
      op = await session.executeStatement(sql, { runAsync: true });
    } catch (e) {
      throw sqlError(sql, e instanceof Error ? e.message : String(e));
    }
    for (let wait = 1; ; wait = Math.min(200, wait * 2)) {
      const s = await op.status(false);
      const state = s.operationState;
      if (state === types.TOperationState.FINISHED_STATE) return op;
      if (state === types.TOperationState.ERROR_STATE || state === types.TOperationState.CANCELED_STATE || state === types.TOperationState.CLOSED_STATE || state === types.TOperationState.TIMEDOUT_STATE || state === types.TOperationState.UKNOWN_STATE) {
        await op.close().catch(() => undefined);
        throw sqlError(sql, s.errorMessage || `the statement ended in state ${state}`);
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  function sqlError(sql: string, message: string): CausalError {
    const text = sql.length > 300 ? `${sql.slice(0, 300)}…` : sql;
    return new CausalError(error("unreadable-data-file", `${label}: ${sparkMessage(message)} (in: ${text})`));
  }

  /** Pulls every row set of `op` (fetchRows at a time), hands each to `each` as columns, and closes it. */
  async function drain(op: Operation, each: (columns: SqlValue[][], rows: number) => void): Promise<SqlColumnType[]> {
    op.setMaxRows(options.fetchRows ?? 10_000);
    let kinds: SqlColumnType[] = [];
    try {
      do {
        await op.fetch();
        const schema = op.getSchema();
        if (!schema) break;
        const ordered = [...schema.columns].sort((a, b) => a.position - b.position);
        kinds = ordered.map((c) => columnType(types, c.typeDesc.types[0]?.primitiveEntry?.type));
        for (const set of op.getData()) {
          const cols = ordered.map((_, k) => columnValues(set.columns?.[k]));
          const n = cols.length ? cols[0].length : 0;
          if (n > 0) each(cols, n);
        }
        op.flush();
      } while (op.hasMoreRows());
    } finally {
      await op.close().catch(() => undefined);
    }
    return kinds;
  }

  return {
    label,
    dialect: SPARK_DIALECT,
    async rows(sql) {
      const out: SqlValue[][] = [];
      await drain(await execute(sql), (cols, n) => { for (let i = 0; i < n; i++) out.push(cols.map((c) => c[i])); });
      return out;
    },
    async stream(sql, onChunk) {
      await drain(await execute(sql), (cols, n) => onChunk(cols.map((c) => Float64Array.from(c, (v) => (v === null ? NaN : Number(v)))), n));
    },
    async describe(relation) {
      const op = await execute(`SELECT * FROM ${relation} LIMIT 0`);
      try {
        await op.fetch();
        const schema = op.getSchema();
        return [...(schema?.columns ?? [])].sort((a, b) => a.position - b.position).map((c): SqlColumn => {
          const id = c.typeDesc.types[0]?.primitiveEntry?.type;
          return { name: c.columnName.split(".").pop()!, type: columnType(types, id), engineType: typeName(types, id) };
        });
      } finally {
        await op.close().catch(() => undefined);
      }
    },
    async close() {
      try { await session.close(); } catch { /* the server may be gone */ }
      try { client.close(); } catch { /* already closed */ }
    },
  };
}

/**
 * Spark's error text without the Java wrapping: "org.apache.hive.service.cli.HiveSQLException: Error running
 * query: [CODE] org.apache.spark.sql.AnalysisException: [CODE] The table ..." becomes "[CODE] The table ...".
 */
export function sparkMessage(message: string): string {
  return message.split("\n")[0]
    .replace(/(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error): /g, "")
    .replace(/^Error running query: /, "")
    .replace(/^(\[[A-Z0-9_.]+\] )\1/, "$1");
}

type Types = { TTypeId: Record<string, number> };

function typeName(types: Types, id: number | undefined): string {
  const name = Object.entries(types.TTypeId).find(([, v]) => v === id)?.[0];
  return name ? name.replace(/_TYPE$/, "") : `type ${id}`;
}

function columnType(types: Types, id: number | undefined): SqlColumnType {
  const t = types.TTypeId;
  if (id === t.DOUBLE_TYPE || id === t.FLOAT_TYPE || id === t.DECIMAL_TYPE) return "double";
  if (id === t.TINYINT_TYPE || id === t.SMALLINT_TYPE || id === t.INT_TYPE || id === t.BIGINT_TYPE) return "integer";
  if (id === t.BOOLEAN_TYPE) return "boolean";
  if (id === t.STRING_TYPE || id === t.VARCHAR_TYPE || id === t.CHAR_TYPE) return "string";
  return "other";
}

/**
 * One column of a fetched row set as JS values: the union member that is set (boolVal, i32Val,
 * i64Val, doubleVal, stringVal, ...), with its NULL bitmap applied; i64 values (node-int64) as
 * doubles, decimals (sent as text) as numbers.
 */
function columnValues(column: ThriftColumn | undefined): SqlValue[] {
  if (!column) return [];
  for (const kind of ["doubleVal", "i64Val", "i32Val", "i16Val", "byteVal", "boolVal", "stringVal", "binaryVal"]) {
    const c = column[kind];
    if (!c) continue;
    const nulls = c.nulls;
    return c.values.map((v, i) => {
      if (nulls && nulls.length > i >> 3 && (nulls[i >> 3] & (1 << (i & 7))) !== 0) return null;
      if (kind === "i64Val") return (v as { toNumber(allowImprecise?: boolean): number }).toNumber(true);
      if (kind === "binaryVal") return String(v);
      return v as SqlValue;
    });
  }
  return [];
}
