"""Benchmark of the radiogx kernel (not a test): run with the venv's python from the repository root

    .venv/bin/python kernel-ext/bench/kernel_bench.py [--runs 3] [--updates 50]

1. Start-up: seconds from launching the kernel process to its first kernel_info_reply, for the
   radiogx kernel and for plain tslab 1.0.22 (`tslab kernel --config-path`), median of --runs.
2. A 512×512 Float32 slice sent to the frontend as a binary buffer: a widget whose `data` trait is
   an ndarray is set --updates times in one cell; the kernel-side cost per update is measured in
   the kernel (set → serialize → split buffers → copy the buffer → sign → send; the copy, since
   ZeroMQ would otherwise read the caller's array after send() returned), and the frontend side by
   jupyter_client receiving every 1 MiB comm_msg (first to last).

Prints a JSON report. Numbers depend on the machine's load; the report includes the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEXT = os.path.join(ROOT, "kernel-ext")


def write_spec(prefix: str, name: str, argv: list[str]) -> None:
    d = os.path.join(prefix, "share", "jupyter", "kernels", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump({"argv": argv, "display_name": name, "language": "typescript"}, f)


def startup(name: str, cwd: str) -> float:
    km = KernelManager(kernel_name=name)
    t0 = time.time()
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=180)
    dt = time.time() - t0
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return dt


BENCH_CELL = """
import { Widget, serializers } from "radiogx/kernel";
class Slice extends Widget<{ data: serializers.NDArray | null }> {
  constructor() {
    super({ modelName: "SliceModel", modelModule: "radiogx-bench", modelModuleVersion: "0.1.0", viewName: null, viewModule: "radiogx-bench", viewModuleVersion: "0.1.0" },
      { data: null }, {}, { serializers: { data: serializers.ndarray } });
  }
}
const w = new Slice();
const slices = [new Float32Array(512 * 512), new Float32Array(512 * 512)];
for (let i = 0; i < slices[0].length; i++) { slices[0][i] = Math.sin(i); slices[1][i] = Math.cos(i); }
const t0 = performance.now();
for (let k = 0; k < __UPDATES__; k++) w.set({ data: { data: slices[k % 2], shape: [512, 512] } });
const perUpdateMs = (performance.now() - t0) / __UPDATES__;
perUpdateMs
"""


def buffer_updates(updates: int) -> dict:
    km = KernelManager(kernel_name="radiogx-bench")
    km.start_kernel(cwd=ROOT)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=180)
    try:
        msg_id = kc.execute(BENCH_CELL.replace("__UPDATES__", str(updates)))
        first = last = None
        received = 0
        per_update = None
        while True:
            m = kc.get_iopub_msg(timeout=120)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "comm_msg" and m["buffers"] and len(m["buffers"][0]) == 512 * 512 * 4:
                now = time.time()
                first = first or now
                last = now
                received += 1
            if m["msg_type"] == "execute_result":
                per_update = float(m["content"]["data"]["text/plain"])
            if m["msg_type"] == "error":
                raise RuntimeError(m["content"])
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return {
            "updates": updates,
            "kernel_ms_per_update": per_update,
            "frontend_received": received,
            "frontend_ms_per_update": (last - first) * 1000 / max(1, received - 1) if received > 1 else None,
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--updates", type=int, default=50)
    args = ap.parse_args()
    prefix = tempfile.mkdtemp(prefix="radiogx-bench-")
    try:
        node = shutil.which("node") or "node"
        write_spec(prefix, "radiogx-bench", [node, os.path.join(KEXT, "dist", "launcher", "main.js"), "--connection-file", "{connection_file}"])
        tslab_bin = os.path.join(ROOT, "node_modules", "tslab", "bin", "tslab")
        write_spec(prefix, "tslab-plain", [node, tslab_bin, "kernel", "--config-path", "{connection_file}"])
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        report = {"load_average": os.getloadavg(), "node": subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()}
        for name in ("radiogx-bench", "tslab-plain"):
            times = [startup(name, ROOT) for _ in range(args.runs)]
            report[f"startup_{name}_s"] = {"median": statistics.median(times), "runs": times}
        report["float32_512x512_buffer"] = buffer_updates(args.updates)
        print(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
