// Builder flags (`--name=value` before an instruction's arguments) checked the way BuildKit's BFlags checks them:
// unknown and duplicate flags are errors, booleans take true/false or nothing, strings need a value, and
// "strings" flags may repeat.
import { DockerfileError, type Range } from "../errors.js";
import type { FlagNode } from "../syntax/types.js";
import { suggestion } from "./suggest.js";

type FlagKind = "bool" | "string" | "strings";
export type FlagSpec = Readonly<Record<string, FlagKind>>;

export interface ParsedFlags {
  bools: Map<string, boolean>;
  strings: Map<string, string>;
  lists: Map<string, string[]>;
  /** Where each flag was written (the first occurrence). */
  ranges: Map<string, Range>;
}

export function parseFlags(flags: readonly FlagNode[], spec: FlagSpec, file?: string): ParsedFlags {
  const out: ParsedFlags = { bools: new Map(), strings: new Map(), lists: new Map(), ranges: new Map() };
  const fail = (msg: string, r: Range) => new DockerfileError(msg, r, { file });
  for (const f of flags) {
    if (f.text === "--") break;
    if (!f.text.startsWith("--")) throw fail(`arg should start with -- : ${f.text}`, f.range);
    const name = f.name;
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) {
      const known = Object.keys(spec);
      const hint = suggestion(name, known);
      throw fail(`unknown flag: --${name}${hint ? ` (did you mean ${hint}?)` : ""}`, f.range);
    }
    if (out.ranges.has(name) && kind !== "strings") throw fail(`duplicate flag specified: --${name}`, f.range);
    if (!out.ranges.has(name)) out.ranges.set(name, f.range);
    const value = f.value;
    switch (kind) {
      case "bool": {
        if (value === "") throw fail(`missing a value on flag: --${name}`, f.range);
        const v = (value ?? "true").toLowerCase();
        if (v !== "true" && v !== "false") throw fail(`expecting boolean value for flag --${name}, not: ${value}`, f.range);
        out.bools.set(name, v === "true");
        break;
      }
      case "string":
        if (value === undefined) throw fail(`missing a value on flag: --${name}`, f.range);
        out.strings.set(name, value);
        break;
      case "strings":
        if (value === undefined) throw fail(`missing a value on flag: --${name}`, f.range);
        out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
        break;
    }
  }
  return out;
}
