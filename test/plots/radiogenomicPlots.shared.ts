/**
 * Shared by the heatmap/volcano/scatter tests: validation of specs against the Vega-Lite v5 JSON schema
 * bundled with Altair 5.5 (jsonschema in the venv); null when the venv lacks them.
 */
import { hasPythonModules, runPythonJson } from "../refdata";

export async function validateSpecs(specs: Record<string, unknown>): Promise<Record<string, string | null> | null> {
  if (!hasPythonModules("altair", "jsonschema")) return null;
  return await runPythonJson<Record<string, string | null>>(`
import json, os, sys, jsonschema
import altair.vegalite.v5.schema as s
schema = json.load(open(os.path.join(os.path.dirname(s.__file__), "vega-lite-schema.json")))
specs = json.loads(${JSON.stringify(JSON.stringify(specs))})
v = jsonschema.Draft7Validator(schema)
out = {}
for name, spec in specs.items():
    errs = sorted(v.iter_errors(spec), key=lambda e: len(list(e.path)))
    out[name] = None if not errs else (errs[0].message[:300] + " at " + "/".join(map(str, errs[0].path)))
print(json.dumps(out))
`);
}
