"""Reference path costs for `npm run bench:paths`, computed by opt_einsum itself.

Reads bench/paths/equations.json (written by `npx tsx bench/path-equations.ts`) and writes
bench/paths/opt-einsum.json: for each equation, the optimized FLOP count (opt_einsum's
contract_path `opt_cost`, the cost model typed-einsum uses too) and the planning time of
opt_einsum's 'greedy', 'dp' and 'random-greedy-128'. 'dp' is exponential: it is skipped (null)
above DP_MAX_OPERANDS operands or when it runs over DP_TIMEOUT seconds.

opt_einsum is not a dependency of the project: put its source on PYTHONPATH, e.g.
    PYTHONPATH=/tmp/opt_einsum python3 scripts/opt-einsum-paths.py
(pip install opt_einsum works as well). Label ids become opt_einsum.get_symbol(id).
"""
import json
import multiprocessing
import os
import pathlib
import sys
import time

# opt_einsum's random trials iterate over frozensets, whose order follows Python's string hashing:
# pin it, so the reference is the same on every run.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import opt_einsum as oe

ROOT = pathlib.Path(__file__).resolve().parent.parent
EQUATIONS = ROOT / "bench" / "paths" / "equations.json"
OUT = ROOT / "bench" / "paths" / "opt-einsum.json"
DP_MAX_OPERANDS = 30
DP_TIMEOUT = 120.0
STRATEGIES = ["greedy", "random-greedy-128", "dp"]


def problem(eq):
    terms = ["".join(oe.get_symbol(i) for i in labels) for labels in eq["inputs"]]
    out = "".join(oe.get_symbol(i) for i in eq["output"])
    shapes = [tuple(eq["sizes"][i] for i in labels) for labels in eq["inputs"]]
    return ",".join(terms) + "->" + out, shapes


def cost(args):
    subscripts, shapes, strategy = args
    start = time.perf_counter()
    _, info = oe.contract_path(subscripts, *shapes, shapes=True, optimize=strategy)
    return float(info.opt_cost), time.perf_counter() - start


def main():
    equations = json.loads(EQUATIONS.read_text())
    results = []
    with multiprocessing.Pool(1) as pool:
        for eq in equations:
            subscripts, shapes = problem(eq)
            row = {"name": eq["name"], "operands": len(eq["inputs"])}
            for strategy in STRATEGIES:
                if strategy == "dp" and len(shapes) > DP_MAX_OPERANDS:
                    row[strategy] = None
                    continue
                job = pool.apply_async(cost, ((subscripts, shapes, strategy),))
                try:
                    flops, seconds = job.get(DP_TIMEOUT)
                    row[strategy] = {"flops": flops, "seconds": round(seconds, 4)}
                except multiprocessing.TimeoutError:
                    row[strategy] = None
                    pool.terminate()
                    pool = multiprocessing.Pool(1)
            print(row["name"], {k: (v["flops"] if isinstance(v, dict) else v) for k, v in row.items() if k in STRATEGIES}, file=sys.stderr)
            results.append(row)
    OUT.write_text(json.dumps({"opt_einsum": oe.__version__, "equations": results}, indent=1) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
