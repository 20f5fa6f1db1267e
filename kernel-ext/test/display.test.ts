/**
 * Rich representations (`toMimeBundle`) and the progress line. danfo frames are real danfojs-node
 * 1.1 objects (the library's dependency); the HTML follows pandas' notebook table
 * (`<table border="1" class="dataframe">`, index cells as `<th>`, elided middle rows/columns).
 */
import { describe, expect, it, vi } from "vitest";
import { toMimeBundle } from "../src/display/mimebundle";
import { danfoToHtml, formatCell } from "../src/display/dataframe";
import { VEGALITE_MIME } from "../src/display/vegalite";
import { Progress, formatDuration, progress } from "../src/kernel/progress";
import * as dfd from "danfojs-node";

describe("toMimeBundle", () => {
  it("plain values: text/plain as the Node REPL prints them", () => {
    expect(toMimeBundle(42).data).toEqual({ "text/plain": "42" });
    expect(toMimeBundle("a'b").data).toEqual({ "text/plain": `"a'b"` });
    expect(toMimeBundle([1, { a: 2 }]).data).toEqual({ "text/plain": "[ 1, { a: 2 } ]" });
  });

  it("_repr_mimebundle_ / toMimeBundle (bundle or [bundle, metadata]); text/plain added when missing", () => {
    expect(toMimeBundle({ _repr_mimebundle_: () => [{ "text/html": "<i>x</i>" }, { "text/html": { isolated: true } }] })).toEqual({
      data: { "text/html": "<i>x</i>", "text/plain": "{ _repr_mimebundle_: [Function: _repr_mimebundle_] }" },
      metadata: { "text/html": { isolated: true } },
    });
    expect(toMimeBundle({ toMimeBundle: () => ({ "text/markdown": "*m*", "text/plain": "m" }) }).data).toEqual({ "text/markdown": "*m*", "text/plain": "m" });
  });

  it("single-format methods: toHTML and IPython's _repr_*_; binary results base64", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const b = toMimeBundle({ toHTML: () => "<b>t</b>", _repr_png_: () => png, _repr_latex_: () => "$x$" }).data;
    expect(b["text/html"]).toBe("<b>t</b>");
    expect(b["image/png"]).toBe("iVBORw==");
    expect(b["text/latex"]).toBe("$x$");
  });

  it("a throwing representation is reported in text/plain, not swallowed", () => {
    const out = toMimeBundle({ toHTML: () => {
      throw new TypeError("no table");
    } });
    expect(out.data["text/plain"]).toContain("[rich display failed: TypeError: no table]");
  });

  it("Vega-Lite specs (by $schema, or toVegaLite()) get the v5 MIME type", () => {
    const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: { type: "line" }, title: "AUC" };
    expect(toMimeBundle(spec).data).toEqual({ [VEGALITE_MIME]: spec, "text/plain": "<VegaLite line chart: AUC>" });
    expect(toMimeBundle({ toVegaLite: () => spec }).data[VEGALITE_MIME]).toBe(spec);
    expect(toMimeBundle({ $schema: "https://vega.github.io/schema/vega/v5.json" }).data[VEGALITE_MIME]).toBeUndefined();
  });

  it("a danfo DataFrame: pandas-style HTML table and danfo's text table", () => {
    const df = new dfd.DataFrame({ x: [1, 0.123456789, NaN], s: ["a", "<b>", "c&d"] }, { index: ["i0", "i1", "i2"] });
    const b = toMimeBundle(df).data;
    expect(b["text/html"]).toBe(
      '<div><table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>x</th><th>s</th></tr></thead><tbody>' +
        "<tr><th>i0</th><td>1</td><td>a</td></tr><tr><th>i1</th><td>0.123457</td><td>&lt;b&gt;</td></tr><tr><th>i2</th><td>NaN</td><td>c&amp;d</td></tr>" +
        "</tbody></table><p>3 rows × 2 columns</p></div>",
    );
    expect(b["text/plain"]).toBe(df.toString());
    const series = toMimeBundle(df.column("x")).data["text/html"] as string;
    expect(series).toContain("<th></th><th>x</th>");
    expect(series).toContain("<tr><th>i1</th><td>0.123457</td></tr>");
    expect(series).toContain("<p>Series: 3 rows</p>");
  });

  it("a long, wide frame is elided in the middle (first and last halves kept)", () => {
    const cols: Record<string, number[]> = {};
    for (let c = 0; c < 5; c++) cols[`c${c}`] = Array.from({ length: 10 }, (_, r) => r * 10 + c);
    const html = danfoToHtml(new dfd.DataFrame(cols) as never, { maxRows: 4, maxColumns: 2 });
    const rows = html.match(/<tr><th>[^<]*<\/th>/g)!.map((r) => r.slice(8, -5));
    expect(rows).toEqual(["0", "1", "…", "8", "9"]);
    expect(html).toContain("<th></th><th>c0</th><th>…</th><th>c4</th>");
    expect(html).toContain("<tr><th>9</th><td>90</td><td>…</td><td>94</td></tr>");
    expect(html).toContain("10 rows × 5 columns");
    expect(formatCell(null)).toBe("null");
  });
});

describe("progress", () => {
  it("rate = n / t and ETA = (N − n) / rate, from the clock", () => {
    let t = 1000;
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const p = new Progress({ total: 20, label: "Extract", now: () => t, minIntervalMs: 0 });
      t += 4000;
      p.update(10);
      const s = p.state();
      expect(s.rate).toBeCloseTo(2.5, 12);
      expect(s.etaSeconds).toBeCloseTo(4, 12);
      expect(p.text()).toBe("Extract  10/20 [50%] 2.50 it/s, 0:04 elapsed, ETA 0:04");
      p.close();
      // Outside a kernel the line goes to stderr: at the start, the update and the close.
      expect(write.mock.calls.map((c) => String(c[0]).trim())).toEqual([
        "Extract  0/20 [0%] ? it/s, 0:00 elapsed",
        "Extract  10/20 [50%] 2.50 it/s, 0:04 elapsed, ETA 0:04",
        "Extract  10/20 [50%] 2.50 it/s, 0:04 elapsed, ETA 0:04",
      ]);
    } finally {
      write.mockRestore();
    }
  });

  it("progress() iterates, counts and closes on break", () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const seen: string[] = [];
      for (const x of progress(["a", "b", "c"], { minIntervalMs: 1e9 })) {
        seen.push(x);
        if (x === "b") break;
      }
      expect(seen).toEqual(["a", "b"]);
      const last = String(write.mock.calls[write.mock.calls.length - 1]![0]);
      expect(last).toMatch(/^Progress {2}1\/3 \[33%\]/); // the tick after "b" never ran: 1 done
    } finally {
      write.mockRestore();
    }
  });

  it("formatDuration: m:ss below an hour, h:mm:ss above", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(65.4)).toBe("1:05");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(NaN)).toBe("?");
  });
});
