"""Runs the community kernel conformance suite, jupyter_kernel_test, against the radiogx kernel and
prints the outcome as JSON (last line of stdout): tests run, failures, errors and skips with their
reasons. Every message the suite receives is validated against the v5 message schemas.

Usage: python conformance.py  (JUPYTER_PATH must hold the radiogx kernelspec)
"""
from __future__ import annotations

import io
import json
import sys
import unittest

import jupyter_kernel_test as jkt


class RadiogxKernelTests(jkt.KernelTests):
    kernel_name = "radiogx"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'
    code_generate_error = 'throw new Error("boom")'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "const someLongName = 1; someLong", "matches": {"someLongName"}},
    ]
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() { return 1; }", "for (const i of [1]) {}"]
    incomplete_code_samples = ["function f() {", "const xs = [1,", "if (true) {"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
    ]
    code_history_pattern = "6 ? 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_display_data = [
        {"code": 'import { display } from "radiogx/kernel";\ndisplay({ _repr_html_: () => "<b>bold</b>" });', "mime": "text/html"},
        {
            "code": 'import { display } from "radiogx/kernel";\ndisplay({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [{ x: 1 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" } } });',
            "mime": "application/vnd.vegalite.v5+json",
        },
    ]
    # tslab's own display API keeps working: its hook is routed through the kernel.
    code_display_data.append({"code": 'import * as tslab from "tslab";\ntslab.display.html("<i>tslab</i>");', "mime": "text/html"})
    code_clear_output = 'import { clearOutput } from "radiogx/kernel";\nclearOutput();'


def main() -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(RadiogxKernelTests)
    stream = io.StringIO()
    result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
    print(stream.getvalue(), file=sys.stderr)
    print(
        json.dumps(
            {
                "tests_run": result.testsRun,
                "failures": [[str(t), tb] for t, tb in result.failures],
                "errors": [[str(t), tb] for t, tb in result.errors],
                "skipped": [[str(t), reason] for t, reason in result.skipped],
                "was_successful": result.wasSuccessful(),
            }
        )
    )


if __name__ == "__main__":
    main()
