// Output formats for lint results: pure functions (results, context) → text.
import { createHash } from "node:crypto";
import type { Range } from "../errors.js";
import { SourceIndex } from "./locate.js";
import type { Finding, RuleMeta, Severity } from "./types.js";

export interface FileResult {
  /** The name shown: the path as given (relative to the working directory), or `<stdin>`. */
  file: string;
  text: string;
  findings: Finding[];
  /** Fixes applied by --fix (rule ids), when any. */
  fixed?: string[];
}

export interface Paint {
  red: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  green: (s: string) => string;
}

interface FormatContext {
  rules: readonly RuleMeta[];
  version: string;
  paint: Paint;
}

export type Formatter = (results: readonly FileResult[], ctx: FormatContext) => string;
export const FORMATS = ["tty", "json", "sarif", "github", "checkstyle", "junit", "gitlab"] as const;
export type FormatName = (typeof FORMATS)[number];

const sevColor = (p: Paint, s: Severity) => (s === "error" ? p.red : s === "warning" ? p.yellow : s === "info" ? p.cyan : p.dim);

/** file:line:column: severity message [rule], a code frame with the range underlined, and the fix. */
const tty: Formatter = (results, { paint: p }) => {
  const out: string[] = [];
  let counts = { error: 0, warning: 0, info: 0, style: 0 };
  for (const r of results) {
    if (r.fixed?.length) out.push(`${p.green("fixed")} ${r.file}: ${r.fixed.length} fix(es) applied (${[...new Set(r.fixed)].join(", ")})`);
    const src = new SourceIndex(r.text);
    for (const f of r.findings) {
      counts = { ...counts, [f.severity]: counts[f.severity] + 1 };
      const { line, column } = f.range.start;
      const ids = [f.ruleId, ...f.aliases].join("/");
      out.push(`${p.bold(`${r.file}:${line}:${column}`)}: ${sevColor(p, f.severity)(f.severity)}: ${f.message} ${p.dim(`[${ids}]`)}`);
      const text = src.line(line);
      if (text !== "" || line <= src.lineCount) {
        const gutter = String(line).padStart(4);
        out.push(`${p.dim(`${gutter} |`)} ${text}`);
        const endCol = f.range.end.line === line ? Math.max(f.range.end.column, column + 1) : text.length + 1;
        const lead = text.slice(0, column - 1).replace(/[^\t]/g, " ");
        out.push(`${p.dim(`${" ".repeat(gutter.length)} |`)} ${lead}${sevColor(p, f.severity)("^".repeat(Math.max(1, endCol - column)))}`);
      }
      if (f.fix) out.push(`${p.dim("     = fix:")} ${f.fix.title} ${p.dim("(--fix)")}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.style;
  const files = results.length;
  out.push(
    total === 0
      ? `${files} file(s) linted, no findings`
      : `${files} file(s) linted: ${total} finding(s) (${counts.error} error, ${counts.warning} warning, ${counts.info} info, ${counts.style} style)`,
  );
  return out.join("\n") + "\n";
};

const pos = (f: Finding) => ({
  start: { line: f.range.start.line, column: f.range.start.column },
  end: { line: f.range.end.line, column: f.range.end.column },
});

const json: Formatter = (results) =>
  JSON.stringify(
    results.map((r) => ({
      file: r.file,
      ...(r.fixed ? { fixed: r.fixed } : {}),
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        aliases: f.aliases,
        severity: f.severity,
        message: f.message,
        range: pos(f),
        ...(f.fix
          ? {
              fix: {
                title: f.fix.title,
                edits: f.fix.edits.map((e) => ({
                  range: { start: { line: e.range.start.line, column: e.range.start.column }, end: { line: e.range.end.line, column: e.range.end.column } },
                  text: e.text,
                })),
              },
            }
          : {}),
      })),
    })),
    null,
    2,
  ) + "\n";

const sarifLevel = (s: Severity) => (s === "error" ? "error" : s === "warning" ? "warning" : "note");
const docsUrl = (id: string) => `https://github.com/slimstage/slimstage/blob/main/docs/rules/${id}.md`;

/** SARIF 2.1.0, as GitHub code scanning reads it. */
const sarif: Formatter = (results, { rules, version }) => {
  const used = [...new Set(results.flatMap((r) => r.findings.map((f) => f.ruleId)))];
  const metas = used.map((id) => rules.find((m) => m.id === id)).filter((m): m is RuleMeta => m !== undefined);
  const ruleIndex = new Map(used.map((id, i) => [id, i]));
  const driverRules = used.map((id) => {
    const m = metas.find((x) => x.id === id);
    return {
      id,
      ...(m
        ? {
            name: id,
            shortDescription: { text: m.summary },
            fullDescription: { text: m.rationale },
            helpUri: docsUrl(id),
            defaultConfiguration: { level: sarifLevel(m.severity) },
            properties: { tags: [m.category, ...m.aliases] },
          }
        : { shortDescription: { text: id } }),
    };
  });
  const out = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "slimstage", version, informationUri: "https://github.com/slimstage/slimstage", rules: driverRules } },
        results: results.flatMap((r) => {
          // a URI reference: spaces and other characters outside the URI syntax are percent-encoded
          const uri = encodeURI(r.file.split("\\").join("/"));
          const region = (g: Range) => ({ startLine: g.start.line, startColumn: g.start.column, endLine: g.end.line, endColumn: Math.max(g.end.column, 1) });
          return r.findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId) as number,
            level: sarifLevel(f.severity),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri }, region: region(f.range) },
              },
            ],
            ...(f.fix
              ? {
                  fixes: [
                    {
                      description: { text: f.fix.title },
                      artifactChanges: [
                        {
                          artifactLocation: { uri },
                          replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.text } })),
                        },
                      ],
                    },
                  ],
                }
              : {}),
          }));
        }),
      },
    ],
  };
  return JSON.stringify(out, null, 2) + "\n";
};

const ghData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const ghProp = (s: string) => ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions workflow commands: one annotation per finding. */
const github: Formatter = (results) =>
  results
    .flatMap((r) =>
      r.findings.map((f) => {
        const level = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "notice";
        const { start, end } = f.range;
        return `::${level} file=${ghProp(r.file)},line=${start.line},col=${start.column},endLine=${end.line},endColumn=${end.column},title=${ghProp(f.ruleId)}::${ghData(f.message)}\n`;
      }),
    )
    .join("");

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const checkstyle: Formatter = (results) => {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const r of results) {
    lines.push(`  <file name="${xml(r.file)}">`);
    for (const f of r.findings) {
      const sev = f.severity === "style" ? "info" : f.severity;
      lines.push(
        `    <error line="${f.range.start.line}" column="${f.range.start.column}" severity="${sev}" message="${xml(f.message)}" source="slimstage.${xml(f.ruleId)}"/>`,
      );
    }
    lines.push("  </file>");
  }
  lines.push("</checkstyle>");
  return lines.join("\n") + "\n";
};

/** One test suite per file, one failing test case per finding (a passing case for a clean file). */
const junit: Formatter = (results) => {
  const total = results.reduce((n, r) => n + Math.max(1, r.findings.length), 0);
  const failures = results.reduce((n, r) => n + r.findings.length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="slimstage lint" tests="${total}" failures="${failures}">`];
  for (const r of results) {
    lines.push(`  <testsuite name="${xml(r.file)}" tests="${Math.max(1, r.findings.length)}" failures="${r.findings.length}">`);
    if (r.findings.length === 0) lines.push(`    <testcase name="${xml(r.file)}" classname="slimstage.lint"/>`);
    for (const f of r.findings) {
      const where = `${r.file}:${f.range.start.line}:${f.range.start.column}`;
      lines.push(`    <testcase name="${xml(`${f.ruleId} ${where}`)}" classname="slimstage.lint.${xml(f.ruleId)}">`);
      lines.push(`      <failure type="${f.severity}" message="${xml(f.message)}">${xml(`${where}: ${f.message}`)}</failure>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
};

const gitlabSeverity: Record<Severity, string> = { error: "major", warning: "minor", info: "info", style: "info" };

/** GitLab Code Quality report (a JSON array of issues with stable fingerprints). */
const gitlab: Formatter = (results) =>
  JSON.stringify(
    results.flatMap((r) =>
      r.findings.map((f) => ({
        description: f.message,
        check_name: f.ruleId,
        fingerprint: createHash("md5").update(`${r.file}:${f.ruleId}:${f.range.start.line}:${f.range.start.column}:${f.message}`).digest("hex"),
        severity: gitlabSeverity[f.severity],
        location: { path: r.file, lines: { begin: f.range.start.line, end: f.range.end.line } },
      })),
    ),
    null,
    2,
  ) + "\n";

export const formatters: Record<FormatName, Formatter> = { tty, json, sarif, github, checkstyle, junit, gitlab };
