// Runs a rule's own test tables: every valid case must be accepted, every invalid case must give exactly the
// expected findings (line, column, optionally end and message), and the fixed text must equal `output` (or no
// fix may be offered when `output` is absent). Returns the failures as readable lines; empty means it passed.
import { parseDockerfile } from "../syntax/parser.js";
import { applyFixes } from "./fix.js";
import { lintDockerfile } from "./lint.js";
import type { Finding, LintOptions, Rule } from "./types.js";

async function lintText(text: string, rule: Rule, options: Partial<LintOptions> = {}): Promise<Finding[]> {
  const tree = parseDockerfile(text, { file: "Dockerfile" });
  return (await lintDockerfile(tree, { ...options, only: [rule.meta.id] }, [rule])).filter((f) => f.ruleId === rule.meta.id);
}

/** Applies the rule's fixes until nothing changes (at most 10 passes, like ESLint). */
async function fixText(text: string, rule: Rule, options: Partial<LintOptions> = {}): Promise<string> {
  let out = text;
  for (let pass = 0; pass < 10; pass++) {
    const findings = await lintText(out, rule, options);
    const { text: next, applied } = applyFixes(out, findings);
    if (applied.length === 0 || next === out) break;
    out = next;
  }
  return out;
}

const show = (s: string) => JSON.stringify(s.length > 120 ? s.slice(0, 117) + "…" : s);

export async function runRuleTests(rule: Rule, defaults: Partial<LintOptions> = {}): Promise<string[]> {
  const failures: string[] = [];
  const id = rule.meta.id;
  const { valid, invalid } = rule.tests;
  if (valid.length === 0) failures.push(`${id}: no valid cases`);
  if (invalid.length === 0) failures.push(`${id}: no invalid cases`);
  const seen = new Set<string>();
  for (const v of valid) {
    const c = typeof v === "string" ? { code: v } : v;
    const key = c.code + JSON.stringify(c.options ?? {});
    if (seen.has(key)) failures.push(`${id}: duplicate case ${show(c.code)}`);
    seen.add(key);
    const found = await lintText(c.code, rule, { ...defaults, ...c.options });
    if (found.length)
      failures.push(`${id}: valid case ${show(c.code)} got ${found.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`).join("; ")}`);
  }
  for (const c of invalid) {
    const key = c.code + JSON.stringify(c.options ?? {});
    if (seen.has(key)) failures.push(`${id}: duplicate case ${show(c.code)}`);
    seen.add(key);
    const found = await lintText(c.code, rule, { ...defaults, ...c.options });
    if (found.length !== c.errors.length) {
      failures.push(
        `${id}: invalid case ${show(c.code)} expected ${c.errors.length} finding(s), got ${found.length}: ${found.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`).join("; ")}`,
      );
      continue;
    }
    c.errors.forEach((e, i) => {
      const f = found[i] as Finding;
      const where = `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`;
      const bad =
        f.range.start.line !== e.line ||
        f.range.start.column !== e.column ||
        (e.endLine !== undefined && f.range.end.line !== e.endLine) ||
        (e.endColumn !== undefined && f.range.end.column !== e.endColumn) ||
        (e.message !== undefined && !f.message.includes(e.message));
      if (bad)
        failures.push(
          `${id}: invalid case ${show(c.code)} finding ${i + 1}: expected ${e.line}:${e.column}${e.endLine ? `-${e.endLine}:${e.endColumn}` : ""}${e.message ? ` "${e.message}"` : ""}, got ${where} "${f.message}"`,
        );
    });
    if (c.output === undefined) {
      if (found.some((f) => f.fix)) failures.push(`${id}: invalid case ${show(c.code)} offers a fix but the case has no output`);
    } else {
      const fixed = await fixText(c.code, rule, { ...defaults, ...c.options });
      if (fixed !== c.output) failures.push(`${id}: invalid case ${show(c.code)} fixed to ${show(fixed)}, expected ${show(c.output)}`);
    }
  }
  // the documented examples: bad must fire, good must not
  if ((await lintText(rule.meta.examples.bad, rule, { ...defaults, ...rule.meta.examples.options })).length === 0)
    failures.push(`${id}: the bad example gives no finding`);
  const good = await lintText(rule.meta.examples.good, rule, { ...defaults, ...rule.meta.examples.options });
  if (good.length) failures.push(`${id}: the good example gives ${good[0]?.message}`);
  if (rule.meta.fixable !== invalid.some((c) => c.output !== undefined))
    failures.push(`${id}: fixable is ${rule.meta.fixable} but the invalid cases ${rule.meta.fixable ? "show no fix" : "show a fix"}`);
  return failures;
}
