#!/usr/bin/env bash
# `npm run test:spark` (opt-in; not part of `npm test`): the SQL-backed checks on Spark SQL equal DuckDB's.
#
# 1. Checks the prerequisites (Java 17 or newer, Python 3.9+ with venv) and says what to install if one is missing.
# 2. Installs pyspark (PyPI; it ships a full Spark, the Thrift server included) into bench/.venv-spark once.
# 3. Starts Spark's Thrift server (HiveThriftServer2) in local mode on a free loopback port, binary
#    transport, NOSASL, with its warehouse and metastore in a temporary folder, and waits for it.
# 4. Runs test/spark (vitest --config test/spark/vitest.config.mts): loads the sample data into Spark
#    tables and compares every statistic and verdict with DuckDB's; stops the server.
#
# Against a server that is already running (a real cluster): set SPARK_THRIFT_HOST (and SPARK_THRIFT_PORT,
# SPARK_THRIFT_TRANSPORT=binary|http, SPARK_THRIFT_HTTP_PATH, SPARK_THRIFT_USER / SPARK_THRIFT_PASSWORD for
# NONE or LDAP auth, SPARK_THRIFT_SSL=1); then nothing is installed or started, and the test loads its
# tables with INSERT statements into the database SPARK_TEST_DATABASE (default causal_studio_test).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYSPARK_VERSION=4.3.0
VENV=bench/.venv-spark

bash .ci/ensure-deps.sh

if [ -z "${SPARK_THRIFT_HOST:-}" ]; then
  java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
  JAVA=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; elif command -v java >/dev/null; then JAVA=$(command -v java); fi
  JV=$([ -n "$JAVA" ] && java_major "$JAVA" || true)
  if [ -z "$JV" ] || [ "$JV" -lt 17 ]; then
    echo "test:spark needs Java 17 or newer (Spark $PYSPARK_VERSION runs on 17 and 21)${JAVA:+; $JAVA is version ${JV:-unknown}}." >&2
    echo "  Debian/Ubuntu: apt-get install openjdk-17-jre-headless   (or set JAVA_HOME to a JDK 17+)" >&2
    exit 2
  fi
  # Spark 4 supports Java 17 and 21: prefer a 17 when the default java is newer and a 17 is installed.
  if [ "$JV" -gt 21 ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java; fi
  export JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
  if ! command -v python3 >/dev/null || ! python3 -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
    echo "test:spark needs Python 3.9 or newer with the venv module (to install pyspark from PyPI)." >&2
    echo "  Debian/Ubuntu: apt-get install python3 python3-venv" >&2
    exit 2
  fi
  if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(0 if pyspark.__version__ == '$PYSPARK_VERSION' else 1)" 2>/dev/null; then
    echo "== installing pyspark $PYSPARK_VERSION into $VENV (about 520 MB, once)"
    t0=$(date +%s)
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
    echo "   installed in $(( $(date +%s) - t0 )) s"
  fi
  SPARK_HOME=$("$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
  export SPARK_HOME
  if ! ls "$SPARK_HOME"/jars/spark-hive-thriftserver_*.jar >/dev/null 2>&1; then
    echo "test:spark: $SPARK_HOME/jars has no spark-hive-thriftserver jar; this pyspark cannot start the Thrift server." >&2
    exit 2
  fi
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/causal-studio-spark.XXXXXX")
  PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  echo "== starting Spark's Thrift server (local[2], 127.0.0.1:$PORT, binary, NOSASL; java $(java_major "$JAVA_HOME/bin/java"))"
  t0=$(date +%s.%N)
  # spark-submit ends in `exec java ...`, so $! is the server's own process.
  (cd "$WORK" && exec "$SPARK_HOME/bin/spark-submit" --master 'local[2]' --driver-memory 2g \
    --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 --name causal-studio-test-spark \
    --conf spark.sql.warehouse.dir="$WORK/warehouse" --conf spark.ui.enabled=false \
    --conf spark.sql.shuffle.partitions=4 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.host=127.0.0.1 \
    --driver-java-options "-Dderby.system.home=$WORK" \
    --hiveconf hive.server2.thrift.port="$PORT" --hiveconf hive.server2.thrift.bind.host=127.0.0.1 \
    --hiveconf hive.server2.transport.mode=binary --hiveconf hive.server2.authentication=NOSASL \
    spark-internal >"$WORK/server.log" 2>&1) &
  SERVER=$!
  stop() {
    kill "$SERVER" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$SERVER" 2>/dev/null || true
    if [ -n "${KEEP_SPARK_WORK:-}" ]; then echo "Spark's folder (log, warehouse): $WORK"; else rm -rf "$WORK"; fi
  }
  trap stop EXIT
  up=""
  for _ in $(seq 1 480); do
    if ! kill -0 "$SERVER" 2>/dev/null; then echo "Spark's Thrift server exited while starting; its log ends:" >&2; tail -40 "$WORK/server.log" >&2; exit 1; fi
    if grep -q "HiveThriftServer2 started" "$WORK/server.log" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then up=1; break; fi
    sleep 0.25
  done
  if [ -z "$up" ]; then echo "Spark's Thrift server did not start within 120 s; its log ends:" >&2; tail -40 "$WORK/server.log" >&2; exit 1; fi
  SPARK_START_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  echo "   up after $SPARK_START_S s"
  export SPARK_THRIFT_HOST=127.0.0.1 SPARK_THRIFT_PORT=$PORT SPARK_START_S SPARK_TEST_LOCAL_FILES=1
fi

echo "== test/spark against ${SPARK_THRIFT_HOST}:${SPARK_THRIFT_PORT:-10000}"
npx vitest run --config test/spark/vitest.config.mts "$@"
