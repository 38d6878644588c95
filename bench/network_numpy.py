"""numpy's side of bench/network.ts: the same tensor network, on the same path, timed and measured
the same way as the Node side (see bench/network.ts): first-run extra peak from VmHWM after a reset, then
the peak reset (/proc/self/clear_refs) and the steady extra peak of the timed runs from VmHWM.
Reads the directory bench/network.ts wrote; prints one JSON line."""
import json
import pathlib
import sys
import time

import numpy as np


def status_bytes(field):
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def reset_peak():
    """Linux: writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one."""
    pathlib.Path("/proc/self/clear_refs").write_text("5")


def main():
    folder = pathlib.Path(sys.argv[1])
    meta = json.loads((folder / "meta.json").read_text())
    operands = [np.fromfile(folder / f"op{k}.f64", dtype=np.float64).reshape(shape) for k, shape in enumerate(meta["shapes"])]
    path = ["einsum_path", *[tuple(step) for step in meta["path"]]]
    reset_peak()  # the lifetime peak (getrusage) is reached while loading numpy, not while contracting
    before = status_bytes("VmRSS")
    result = np.einsum(meta["subscripts"], *operands, optimize=path)  # warm-up
    first = status_bytes("VmHWM") - before
    result = None
    reset_peak()
    before = status_bytes("VmRSS")
    times = []
    cpu = []
    for run in range(meta["runs"]):
        result = None  # the previous result is freed before the next run, as the Node side collects it
        start = time.perf_counter()
        used = time.process_time()
        result = np.einsum(meta["subscripts"], *operands, optimize=path)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    steady = status_bytes("VmHWM") - before
    np.ascontiguousarray(result).tofile(folder / "numpy.f64")
    print(json.dumps({"times": times, "cpu": cpu, "firstPeak": first, "extraPeak": steady, "version": np.__version__}))


if __name__ == "__main__":
    main()
