"""The Python peers of `causal-studio diagnose` on the bench's data (run by bench/diagnose/index.ts).

  python peers.py pgmpy  <data.csv> <graph.json> <ci_test>     # pgmpy ImpliedCIs (fisher_z | pearsonr)
  python peers.py dowhy  <data.csv> <graph.json> <seed>        # DoWhy gcm.evaluate_causal_model
  python peers.py dowhy-lmc <data.csv> <graph.json> <seed>     # DoWhy's local tests alone (validate_lmc)

graph.json: {"nodes": [...], "edges": [[from, to], ...]}. Prints one JSON object on the last line:
the tests run, how many each tool calls violated (at its own threshold, and at 0.05 / 0.01 raw),
the smallest p-value it reports (and how many are exactly 0: floored), wall and CPU seconds of
the call (this process; DoWhy runs with n_jobs=1 so its CPU time is all here).
"""
import json
import math
import os
import resource
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def summary(pvals):
    ps = [float(p) for p in pvals if p is not None and not (isinstance(p, float) and math.isnan(p))]
    pos = [p for p in ps if p > 0]
    return {
        "tests": len(ps),
        "below005": sum(p < 0.05 for p in ps),
        "below001": sum(p < 0.01 for p in ps),
        "minP": min(ps) if ps else None,
        # A p-value of exactly 0 is floored (underflow): its log10 is unknown, so none is given then.
        "minLog10P": round(math.log10(min(ps)), 2) if ps and min(ps) > 0 else None,
        "minPositiveLog10P": round(math.log10(min(pos)), 2) if pos else None,
        "zeroP": sum(p == 0 for p in ps),
        "holmBelow001": holm(ps, 0.01),
    }


def holm(ps, alpha):
    """How many Holm rejects at alpha (the correction our report applies), from raw p-values."""
    m = len(ps)
    for k, p in enumerate(sorted(ps)):
        if p >= alpha / (m - k):
            return k
    return m


def run_pgmpy(data, graph, ci_test):
    import pandas as pd
    import pgmpy
    from pgmpy.base import DAG
    from pgmpy.metrics import ImpliedCIs

    df = pd.read_csv(data)[graph["nodes"]]
    dag = DAG(graph["edges"])
    dag.add_nodes_from(graph["nodes"])
    c0, t0 = cpu(), time.perf_counter()
    res = ImpliedCIs(ci_test=ci_test, show_progress=False).evaluate(X=df, causal_graph=dag)
    wall, cpus = time.perf_counter() - t0, cpu() - c0
    out = {"tool": f"pgmpy {pgmpy.__version__} ImpliedCIs({ci_test})", "rows": len(df), "wallSeconds": round(wall, 2), "cpuSeconds": round(cpus, 2)}
    out.update(summary(res["p-value"].tolist()))
    return out


def run_dowhy(data, graph, seed):
    import networkx as nx
    import numpy as np
    import pandas as pd
    import dowhy
    from dowhy import gcm
    from dowhy.gcm.falsify import FalsifyConst
    from dowhy.gcm.util.general import set_random_seed

    gcm.config.disable_progress_bars()
    gcm.config.default_n_jobs = 1
    df = pd.read_csv(data)[graph["nodes"]]
    g = nx.DiGraph()
    g.add_nodes_from(graph["nodes"])
    g.add_edges_from([tuple(e) for e in graph["edges"]])
    set_random_seed(seed)
    np.random.seed(seed)
    c0, t0 = cpu(), time.perf_counter()
    model = gcm.ProbabilisticCausalModel(g)
    gcm.auto.assign_causal_mechanisms(model, df)
    gcm.fit(model, df)
    fit_wall = time.perf_counter() - t0
    result = gcm.evaluate_causal_model(model, df)
    wall, cpus = time.perf_counter() - t0, cpu() - c0
    gf = result.graph_falsification
    lmc = gf.summary[FalsifyConst.VALIDATE_LMC]
    pv = lmc[FalsifyConst.P_VALUES]
    out = {
        "tool": f"DoWhy {dowhy.__version__} gcm.evaluate_causal_model", "rows": len(df), "seed": seed,
        "wallSeconds": round(wall, 2), "cpuSeconds": round(cpus, 2), "fitWallSeconds": round(fit_wall, 2),
        "lmcTests": lmc[FalsifyConst.N_TESTS], "lmcViolations": lmc[FalsifyConst.N_VIOLATIONS],
        "lmcViolationLevel": gf.significance_level if hasattr(gf, "significance_level") else None,
        "violated": sorted(f"{k[0]} _||_ {k[1]}" for k, (p, v) in pv.items() if v),
        "graphRejected": bool(getattr(gf, "falsifiable", False) and getattr(gf, "falsified", False)),
        "informative": bool(getattr(gf, "falsifiable", False)),
        "pnlAssumptionsRejected": sum(1 for v in (result.pnl_assumptions or {}).values() if isinstance(v, tuple) and len(v) > 1 and str(v[1]).lower().startswith("reject")),
    }
    out.update(summary([p for (p, v) in pv.values()]))
    return out


def run_dowhy_lmc(data, graph, seed):
    """DoWhy's local tests alone: validate_lmc with the kernel tests evaluate_causal_model configures
    (kernel_based, no bootstrap, 500 rows subsampled per test, violation at p <= 0.05), without the
    mechanism evaluation and the 50-permutation baseline of falsify_graph."""
    from functools import partial

    import networkx as nx
    import numpy as np
    import pandas as pd
    import dowhy
    from dowhy import gcm
    from dowhy.gcm.falsify import FalsifyConst, validate_lmc
    from dowhy.gcm.independence_test import kernel_based
    from dowhy.gcm.util.general import set_random_seed

    gcm.config.disable_progress_bars()
    gcm.config.default_n_jobs = 1
    df = pd.read_csv(data)[graph["nodes"]]
    g = nx.DiGraph()
    g.add_nodes_from(graph["nodes"])
    g.add_edges_from([tuple(e) for e in graph["edges"]])
    set_random_seed(seed)
    np.random.seed(seed)
    test = partial(kernel_based, use_bootstrap=False, max_num_samples_run=500)
    c0, t0 = cpu(), time.perf_counter()
    lmc = validate_lmc(g, df, independence_test=test, conditional_independence_test=test, significance_level=0.05, n_jobs=1)
    wall, cpus = time.perf_counter() - t0, cpu() - c0
    pv = lmc[FalsifyConst.P_VALUES]
    out = {
        "tool": f"DoWhy {dowhy.__version__} falsify.validate_lmc (kernel, 500-row subsample)", "rows": len(df), "seed": seed,
        "wallSeconds": round(wall, 2), "cpuSeconds": round(cpus, 2),
        "lmcTests": lmc[FalsifyConst.N_TESTS], "lmcViolations": lmc[FalsifyConst.N_VIOLATIONS], "lmcViolationLevel": 0.05,
        "violated": sorted(f"{k[0]} _||_ {k[1]}" for k, (p, v) in pv.items() if v),
    }
    out.update(summary([p for (p, v) in pv.values()]))
    return out


def main():
    kind, data, graph_file, arg = sys.argv[1:5]
    graph = json.load(open(graph_file))
    out = run_pgmpy(data, graph, arg) if kind == "pgmpy" else run_dowhy_lmc(data, graph, int(arg)) if kind == "dowhy-lmc" else run_dowhy(data, graph, int(arg))
    r = resource.getrusage(resource.RUSAGE_SELF)
    out["peakRssMiB"] = round(r.ru_maxrss / 1024)
    out["threads"] = os.environ.get("OMP_NUM_THREADS", "default")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
