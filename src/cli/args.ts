import { nearest, RadiogxError } from "../errors";

/** A parsed command line: positional words and `--option value` / `--flag` pairs. */
export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | true>;
}

/**
 * Parses `argv` against the options a command accepts (`valued` take a value, `flags` do not). An unknown
 * option is an error naming it and the nearest known one.
 */
export function parseArgs(argv: string[], valued: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const key = a.slice(2, eq < 0 ? undefined : eq);
      if (flags.includes(key)) {
        if (eq >= 0) throw new RadiogxError("INVALID_ARGUMENT", `option --${key} takes no value`, { key });
        out.options[key] = true;
      } else if (valued.includes(key)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined || (eq < 0 && v.startsWith("--"))) throw new RadiogxError("INVALID_ARGUMENT", `option --${key} needs a value`, { key });
        out.options[key] = v;
      } else {
        const near = nearest(key, [...valued, ...flags]);
        throw new RadiogxError("INVALID_ARGUMENT", `unknown option --${key}`, { key, hint: near ? `did you mean --${near}?` : `options: ${[...valued, ...flags].map((o) => `--${o}`).join(" ")}` });
      }
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

export function requireOption(args: ParsedArgs, key: string, what: string): string {
  const v = args.options[key];
  if (typeof v !== "string" || v === "") throw new RadiogxError("INVALID_ARGUMENT", `missing --${key} (${what})`, { key });
  return v;
}
