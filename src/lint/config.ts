// Lint configuration files: `.slimstage.yaml` (slimstage's own keys) and `.hadolint.yaml` (read for its
// ignores, trusted registries, severity overrides and failure threshold), found next to the Dockerfile or in a
// directory above it, or named with --config.
import { basename } from "node:path";
import { createRequire } from "node:module";
import { UsageError } from "../errors.js";
import { LABEL_TYPES, type LabelType } from "./label-schema.js";
import { SEVERITIES, type LintOptions, type Severity } from "./types.js";

export type Threshold = Severity | "none";
export const THRESHOLDS: readonly Threshold[] = [...SEVERITIES, "none"];

export interface LintConfig {
  file: string;
  ignore: string[];
  severity: Record<string, Severity | "off">;
  trustedRegistries: string[];
  failureThreshold: Threshold | undefined;
  labelSchema: Record<string, LabelType>;
  strictLabels: boolean;
}

export const CONFIG_NAMES = [".slimstage.yaml", ".slimstage.yml", ".hadolint.yaml", ".hadolint.yml"] as const;

const SLIMSTAGE_KEYS = new Set(["ignore", "rules", "trustedRegistries", "failureThreshold", "labelSchema", "strictLabels"]);
// hadolint keys slimstage reads; the others (format, no-color …) are accepted and not used
const HADOLINT_KEYS = new Set(["ignored", "override", "trustedRegistries", "failure-threshold", "label-schema", "strict-labels"]);

/** Parses a config file's text; errors are usage errors located at file:line:column. */
export function parseConfig(text: string, file: string): LintConfig {
  // loaded on first use: most runs have no config file, and the parser costs start-up time
  const { parseDocument } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  const doc = parseDocument(text, { prettyErrors: false });
  const fail = (msg: string, offset?: number): never => {
    const at = offset === undefined ? "" : `:${lineCol(text, offset)}`;
    throw new UsageError(`${file}${at}: ${msg}`);
  };
  if (doc.errors.length) fail(doc.errors[0]?.message.split("\n")[0] ?? "invalid YAML", doc.errors[0]?.pos[0]);
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data) || data === null) return fail("expected a mapping at the top level", 0);
  const obj = data as Record<string, unknown>;
  const hadolint = basename(file).startsWith(".hadolint");
  const out: LintConfig = { file, ignore: [], severity: {}, trustedRegistries: [], failureThreshold: undefined, labelSchema: {}, strictLabels: false };
  const offsetOf = (key: string) => {
    const node =
      doc.contents && "items" in doc.contents
        ? (doc.contents.items as Array<{ key: { value?: unknown; range?: [number, number, number] } }>).find((p) => p.key?.value === key)
        : undefined;
    return node?.key.range?.[0];
  };
  const strings = (key: string, v: unknown): string[] => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return fail(`${key}: expected a list of strings`, offsetOf(key));
    return v as string[];
  };
  const severityOf = (key: string, v: unknown): Severity | "off" => {
    if (typeof v === "string" && ([...SEVERITIES, "off"] as string[]).includes(v)) return v as Severity | "off";
    return fail(`${key}: expected one of ${[...SEVERITIES, "off"].join(", ")}, got ${JSON.stringify(v)}`, offsetOf(key.split(".")[0] as string));
  };
  const threshold = (key: string, v: unknown): Threshold => {
    if (typeof v === "string" && (THRESHOLDS as string[]).includes(v)) return v as Threshold;
    return fail(`${key}: expected one of ${THRESHOLDS.join(", ")}, got ${JSON.stringify(v)}`, offsetOf(key));
  };
  const labelSchema = (key: string, v: unknown): Record<string, LabelType> => {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      return fail(`${key}: expected a mapping of label names to types (${LABEL_TYPES.join(", ")})`, offsetOf(key));
    const schema: Record<string, LabelType> = {};
    for (const [label, type] of Object.entries(v as Record<string, unknown>)) {
      if (typeof type !== "string" || !(LABEL_TYPES as readonly string[]).includes(type)) {
        return fail(`${key}.${label}: expected one of ${LABEL_TYPES.join(", ")}, got ${JSON.stringify(type)}`, offsetIn(key, label) ?? offsetOf(key));
      }
      schema[label] = type as LabelType;
    }
    return schema;
  };
  const offsetIn = (key: string, sub: string): number | undefined => {
    const node = doc.getIn([key, sub], true) as { range?: [number, number, number] } | undefined;
    return node?.range?.[0];
  };
  const bool = (key: string, v: unknown): boolean =>
    typeof v === "boolean" ? v : fail(`${key}: expected true or false, got ${JSON.stringify(v)}`, offsetOf(key));
  for (const [key, value] of Object.entries(obj)) {
    if (key === "trustedRegistries") out.trustedRegistries = strings(key, value);
    else if (key === (hadolint ? "label-schema" : "labelSchema")) out.labelSchema = labelSchema(key, value);
    else if (key === (hadolint ? "strict-labels" : "strictLabels")) out.strictLabels = bool(key, value);
    else if (hadolint) {
      if (key === "ignored") out.ignore = strings(key, value);
      else if (key === "failure-threshold") out.failureThreshold = threshold(key, value);
      else if (key === "override") {
        if (typeof value !== "object" || value === null || Array.isArray(value))
          fail("override: expected a mapping of severities to rule lists", offsetOf(key));
        for (const [sev, ids] of Object.entries(value as Record<string, unknown>)) {
          const s = severityOf(`override.${sev}`, sev);
          for (const id of strings(`override.${sev}`, ids)) out.severity[id] = s;
        }
      } else if (!HADOLINT_KEYS.has(key)) continue;
    } else {
      if (!SLIMSTAGE_KEYS.has(key)) fail(`unknown key "${key}" (known: ${[...SLIMSTAGE_KEYS].join(", ")})`, offsetOf(key));
      if (key === "ignore") out.ignore = strings(key, value);
      else if (key === "failureThreshold") out.failureThreshold = threshold(key, value);
      else if (key === "rules") {
        if (typeof value !== "object" || value === null || Array.isArray(value)) fail("rules: expected a mapping of rule ids to severities", offsetOf(key));
        for (const [id, sev] of Object.entries(value as Record<string, unknown>)) out.severity[id] = severityOf(`rules.${id}`, sev);
      }
    }
  }
  return out;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split("\n").length}:${offset - before.lastIndexOf("\n")}`;
}

/** Config values as lint options (merged over the caller's). */
export function configOptions(c: LintConfig): Partial<LintOptions> {
  return { ignore: c.ignore, severity: c.severity, trustedRegistries: c.trustedRegistries, labelSchema: c.labelSchema, strictLabels: c.strictLabels };
}
