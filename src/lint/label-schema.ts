// hadolint's label schema (`label-schema:` in .hadolint.yaml, `labelSchema:` in .slimstage.yaml): the labels an
// image must carry and the format of their values. The format checks are small pure functions; the rules
// (label-required … label-email) read the schema from the lint options and the LABEL instructions of the model.
import { createRequire } from "node:module";
import type { Range } from "../errors.js";
import type { Stage } from "../model/stages.js";
import type { InstructionNode } from "../syntax/types.js";
import { sourceOf } from "./helpers.js";
import { type SourceIndex, tokenRange } from "./locate.js";
import type { RuleContext } from "./types.js";

/** hadolint's label types. */
export const LABEL_TYPES = ["text", "url", "email", "hash", "rfc3339", "semver", "spdx"] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/** An absolute URI: a scheme and something after it, no spaces (what a registry or browser can follow). */
export function isUrl(v: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL = new RegExp(
  `^${ATOM}(\\.${ATOM})*@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9.:A-Fa-f]+\\])$`,
);
/**
 * An RFC 5322 mailbox: an addr-spec in its dot-atom form (`name@example.org`), or a name-addr with a display name
 * (`Jane Doe <jane@example.org>`, the form of the conventional `maintainer` label).
 */
export function isEmail(v: string): boolean {
  const named = /^(?:[^<>@"\r\n]+|"[^"\r\n]*")\s*<([^<>\s]+)>$/.exec(v.trim());
  const addr = named ? (named[1] as string) : v;
  return addr.length <= 254 && EMAIL.test(addr);
}

/** A git object name: 7 to 40 hex digits (abbreviated or full SHA-1), or 64 (SHA-256 repositories). */
export function isGitHash(v: string): boolean {
  return /^[0-9a-fA-F]{7,40}$/.test(v) || /^[0-9a-fA-F]{64}$/.test(v);
}

/** An RFC 3339 date-time (`2024-05-01T12:00:00Z`, `… 12:00:00.5+02:00`; RFC 3339 allows a space for `T`). */
export function isRfc3339(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 60) return false;
  return m[10] === undefined || (Number(m[10]) <= 23 && Number(m[11]) <= 59);
}

const NUM = "(0|[1-9]\\d*)";
const PRE_ID = "(0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const SEMVER = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}(-${PRE_ID}(\\.${PRE_ID})*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$`);
/** Semantic Versioning 2.0.0 (`1.2.3`, `1.0.0-rc.1+build.5`; no `v` prefix, no leading zeros). */
export function isSemver(v: string): boolean {
  return SEMVER.test(v);
}

type SpdxParse = (expression: string) => unknown;
let spdxParse: SpdxParse | undefined;
/** A valid SPDX license expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH Classpath-exception-2.0`, `LicenseRef-x`). */
export function isSpdx(v: string): boolean {
  // the license list is loaded on first use: most runs have no label schema
  spdxParse ??= createRequire(import.meta.url)("spdx-expression-parse") as SpdxParse;
  try {
    spdxParse(v);
    return true;
  } catch {
    return false;
  }
}

/** Labels of the schema with one of the types. */
function schemaLabels(ctx: RuleContext, types: readonly LabelType[]): string[] {
  return Object.entries(ctx.options.labelSchema ?? {})
    .filter(([, t]) => types.includes(t))
    .map(([k]) => k);
}

export interface LabelRef {
  stage: Stage;
  node: InstructionNode;
  key: string;
  /** The value after expansion; undefined when it uses a variable that has no value here (set at build time). */
  value: string | undefined;
  /** As written (quotes removed). */
  raw: string;
  keyRange: Range;
  valueRange: Range;
}

/** Every LABEL pair of every stage, with the ranges of its key and value. */
export function labelsOf(ctx: RuleContext): LabelRef[] {
  const src = sourceOf(ctx);
  const out: LabelRef[] = [];
  for (const stage of ctx.model.stages) {
    for (const step of stage.steps) {
      const ins = step.instruction;
      if (ins.kind !== "LABEL") continue;
      ins.pairs.forEach((p, i) => {
        const expanded = step.expanded.pairs?.[i];
        const usesVar = /\$/.test(p.value);
        const unresolved = usesVar && step.undefinedVars.some((u) => p.value.includes(u));
        const keyRange = tokenRange(src, ins.node, p.key);
        out.push({
          stage,
          node: ins.node,
          key: expanded?.key ?? p.key,
          value: unresolved ? undefined : (expanded?.value ?? p.value),
          raw: p.value,
          keyRange,
          valueRange: valueRange(src, keyRange, ins.node),
        });
      });
    }
  }
  return out;
}

/** The value written after `key=` (with its quotes) or after `key ` in the legacy form; the key's range otherwise. */
function valueRange(src: SourceIndex, key: Range, node: InstructionNode): Range {
  const text = src.text;
  const end = node.range.end.offset;
  let i = key.end.offset;
  if (text[i] === "=") i++;
  else if (text[i] === " " || text[i] === "\t") while (text[i] === " " || text[i] === "\t") i++;
  else return key;
  let j = i;
  if (text[i] === '"' || text[i] === "'") {
    const q = text[i];
    j = i + 1;
    while (j < end && text[j] !== q) j += text[j] === "\\" && q === '"' ? 2 : 1;
    j = Math.min(j + 1, end);
  } else while (j < end && !/\s/.test(text[j] as string)) j++;
  return j === i ? key : src.range(i, j);
}

/** The stages whose labels end up in the target image: the target and the stages it is built FROM. */
export function imageChain(ctx: RuleContext): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = ctx.model.stages[ctx.graph.target]; s; s = s.base.kind === "stage" ? ctx.model.stages[s.base.index] : undefined) out.push(s);
  return out;
}

/** Reports every label of the schema with one of `types` whose (known, non-empty) value fails `valid`. */
export function checkLabelFormat(ctx: RuleContext, type: LabelType, valid: (v: string) => boolean, what: string): void {
  const names = new Set(schemaLabels(ctx, [type]));
  if (names.size === 0) return;
  for (const l of labelsOf(ctx)) {
    if (!names.has(l.key) || l.value === undefined || l.value === "") continue;
    if (!valid(l.value)) ctx.report({ range: l.valueRange, message: `Label \`${l.key}\` ${what}: ${JSON.stringify(l.value)}` });
  }
}
