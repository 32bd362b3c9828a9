// Documentation generated from the rules' metadata: one page per rule, the rules table (docs/lint.md and the
// README) and the coverage table. Tests compare the files with these renderings, so they cannot drift.
import { BUILDKIT_CHECKS, HADOLINT_RULES, type Coverage } from "./coverage.js";
import type { Rule } from "./types.js";

const fence = (text: string) => "```dockerfile\n" + text.replace(/\n$/, "") + "\n```";

export function renderRuleDoc(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `<!-- generated from src/lint/rules/${m.id}.ts; edit the rule, then run SLIMSTAGE_UPDATE_GOLDEN=1 npx vitest run test/lint/docs.test.ts -->`,
    `# ${m.id}`,
    "",
    m.summary.replace(/\.$/, "") + ".",
    "",
    "| | |",
    "| --- | --- |",
    `| source | ${m.source === "buildkit" ? "BuildKit build check" : m.source === "hadolint" ? "hadolint rule" : "slimstage (multi-stage)"} |`,
    `| aliases | ${m.aliases.length ? m.aliases.map((a) => `\`${a}\``).join(", ") : "—"} |`,
    `| severity | ${m.severity}${m.experimental ? " (experimental: off unless selected)" : ""} |`,
    `| category | ${m.category} |`,
    `| fixable | ${m.fixable ? "yes (`--fix`)" : "no"} |`,
    `| reads | ${m.needs === "tree" ? "the syntax tree" : m.needs === "model" ? "the stage model" : "the stage model and the shell analysis of RUN"} |`,
    ...(m.url ? [`| upstream | <${m.url}> |`] : []),
    "",
    "## Why",
    "",
    m.rationale,
    "",
    "## Reported",
    "",
    fence(m.examples.bad),
    "",
    "## Not reported",
    "",
    fence(m.examples.good),
    ...(m.examples.options ? ["", `(with \`${JSON.stringify(m.examples.options)}\`)`] : []),
    "",
    "## Ignoring it",
    "",
    `\`# slimstage ignore=${m.id}\` above the instruction${m.aliases.length ? ` (or \`# hadolint ignore=${m.aliases[0]}\`)` : ""}, \`# slimstage global ignore=${m.id}\` anywhere in the file${m.source === "buildkit" ? `, \`# check=skip=${m.id}\` as a parser directive` : ""}, or \`ignore: [${m.id}]\` in \`.slimstage.yaml\`.`,
    "",
  ];
  return lines.join("\n");
}

/** The rules table; `prefix` is the path from the page to docs/rules/ (`docs/rules/` in the README). */
export function renderRulesTable(rules: readonly Rule[], prefix = "rules/"): string {
  const rows = rules.map((r) => {
    const m = r.meta;
    return `| [${m.id}](${prefix}${m.id}.md) | ${m.aliases.join(", ") || ""} | ${m.severity}${m.experimental ? " (off)" : ""} | ${m.fixable ? "yes" : ""} | ${m.summary.replace(/\|/g, "\\|")} |`;
  });
  return ["| rule | aliases | severity | fix | what it reports |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function coverageRows(list: readonly Coverage[]): string[] {
  return list.map((c) => `| ${c.upstream} | ${c.rule ? `[${c.rule}](rules/${c.rule}.md)` : "—"} | ${c.note ?? ""} |`);
}

export function renderCoverage(): string {
  return [
    "### BuildKit build checks",
    "",
    "| check | slimstage rule | note |",
    "| --- | --- | --- |",
    ...coverageRows(BUILDKIT_CHECKS),
    "",
    "### hadolint rules",
    "",
    "| hadolint | slimstage rule | note |",
    "| --- | --- | --- |",
    ...coverageRows(HADOLINT_RULES),
  ].join("\n");
}

/** Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`. */
export function replaceBetween(text: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${begin} … ${end} not found`);
  return text.slice(0, i + begin.length) + "\n" + body + "\n" + text.slice(j);
}
