"""pgmpy's variable elimination on one BIF network, for bench/bnlearn.ts (benchmark-only; never a product dependency).
Reads a JSON job on stdin: {"file": path, "queries": [{"target": v, "evidence": {v: state}, "do": {v: state}}], "runs": n}.
Writes JSON: per query the target's distribution (states in the file's order) and CPU ms of the first call (cold)
and the median of `runs` further calls (warm). A do-query runs VE on model.do([x]) (x's parents cut) with x as evidence.
"""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import logging

logging.disable(logging.WARNING)
from pgmpy.inference import VariableElimination
from pgmpy.readwrite import BIFReader


def cpu_ms(f):
    t0 = time.process_time()
    r = f()
    return r, (time.process_time() - t0) * 1000


def main():
    job = json.load(sys.stdin)
    t0 = time.process_time()
    model = BIFReader(job["file"]).get_model()
    load_ms = (time.process_time() - t0) * 1000
    out = {"loadMs": load_ms, "queries": []}
    engines = {}
    for q in job["queries"]:
        key = tuple(sorted(q["do"]))
        if key not in engines:
            m = model.do(list(q["do"])) if q["do"] else model
            engines[key] = VariableElimination(m)
        infer = engines[key]
        evidence = {**q["evidence"], **q["do"]}
        ask = lambda: infer.query(variables=[q["target"]], evidence=evidence, show_progress=False)
        try:
            first, cold = cpu_ms(ask)
            warm = sorted(cpu_ms(ask)[1] for _ in range(job["runs"]))[job["runs"] // 2]
            states = model.get_cpds(q["target"]).state_names[q["target"]]
            probs = dict(zip(first.state_names[q["target"]], first.values.tolist()))
            out["queries"].append({"probabilities": [probs[s] for s in states], "coldMs": cold, "warmMs": warm})
        except Exception as e:  # noqa: BLE001 - recorded, not fatal
            out["queries"].append({"error": f"{type(e).__name__}: {e}"[:300]})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
