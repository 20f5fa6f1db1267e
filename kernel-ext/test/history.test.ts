/**
 * History search uses SQLite's GLOB (IPython keeps history in SQLite and searches with GLOB); the
 * matcher is checked against SQLite itself (Python's sqlite3 in the venv).
 */
import { describe, expect, it } from "vitest";
import { History, globToRegExp } from "../src/launcher/history";
import { runPythonJson, venvPython } from "./helpers";

const CASES: [string, string][] = [
  ["6 * 7", "6 ? 7"],
  ["6 * 7", "6*"],
  ["a.b", "a?b"],
  ["a.b", "a.b"],
  ["abc", "[ab]bc"],
  ["cbc", "[ab]bc"],
  ["cbc", "[^ab]bc"],
  ["x(1)", "x(*)"],
  ["line1\nline2", "*line2"],
  ["ABC", "abc"],
  ["a+b", "a+b"],
  ["$x", "$*"],
  ["", "*"],
];

describe("history", () => {
  it.skipIf(!venvPython())("globToRegExp matches what SQLite's GLOB matches (needs the venv)", async () => {
    const sqlite = await runPythonJson<boolean[]>(
      ["import json, sqlite3, sys", "c = sqlite3.connect(':memory:')", "print(json.dumps([bool(c.execute('select ? glob ?', (s, p)).fetchone()[0]) for s, p in json.loads(sys.argv[1])]))"].join("\n"),
      [JSON.stringify(CASES)],
    );
    expect(CASES.map(([s, p]) => globToRegExp(p).test(s))).toEqual(sqlite);
  });

  it("tail, range and search (unique, last n) as the messaging spec describes", () => {
    const h = new History();
    ["6 * 7", "x = 1", "6 * 7", "y", "6 * 7"].forEach((code, i) => h.record(i + 1, code));
    h.recordOutput(5, "42");
    expect(h.query({ hist_access_type: "tail", n: 2 })).toEqual([
      [1, 4, "y"],
      [1, 5, "6 * 7"],
    ]);
    expect(h.query({ hist_access_type: "tail", n: 1, output: true })).toEqual([[1, 5, ["6 * 7", "42"]]]);
    expect(h.query({ hist_access_type: "range", session: 0, start: 2, stop: 4 })).toEqual([
      [1, 2, "x = 1"],
      [1, 3, "6 * 7"],
    ]);
    expect(h.query({ hist_access_type: "range", session: 7, start: 1 })).toEqual([]);
    expect(h.query({ hist_access_type: "search", pattern: "6 ? 7" })).toHaveLength(3);
    expect(h.query({ hist_access_type: "search", pattern: "6 ? 7", unique: true })).toEqual([[1, 5, "6 * 7"]]);
    expect(h.query({ hist_access_type: "search", pattern: "*", n: 2 })).toEqual([
      [1, 4, "y"],
      [1, 5, "6 * 7"],
    ]);
  });
});
