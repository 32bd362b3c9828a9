// `slimstage verify` reports: text for the terminal, Markdown for pull requests, JSON for machines. Pure.
import { stripAnsi, type ProbeComparison, type VerifyReport } from "../verify/index.js";
import { formatBytes, pct } from "./inspect.js";
import { noPaint, type Paint } from "./progress.js";

// Container output is untrusted: escape sequences and control characters are removed before it reaches a terminal.
function excerpt(text: string, lines = 6, width = 160): string[] {
  const all = stripAnsi(text)
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
    .split("\n");
  const picked = all.slice(0, lines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (all.length > lines) picked.push(`… ${all.length - lines} more lines`);
  return picked;
}

function probeSummary(c: ProbeComparison): string {
  if (!c.match) return `${c.differences.map((d) => d.field).join(", ")} differ${c.differences.length === 1 ? "s" : ""}`;
  const o = c.original;
  if (o.status === "skipped") return `skipped on both (${o.note ?? ""})`;
  if (o.status === "error") return `could not run on either (${o.note ?? ""})`;
  if (c.kind === "http") return `same (HTTP ${o.http?.status ?? "no response"})`;
  if (c.kind === "healthcheck") return `same (${o.health})`;
  return o.stillRunning ? "same (still running at the time limit)" : `same (exit code ${o.exitCode})`;
}

function sizeLine(r: VerifyReport): string | undefined {
  const s = r.sizes;
  if (!s) return undefined;
  const delta = s.savedBytes >= 0 ? `${formatBytes(s.savedBytes)} smaller` : `${formatBytes(-s.savedBytes)} larger`;
  return `${formatBytes(s.original)} → ${formatBytes(s.candidate)} (${delta}; the candidate is ${pct(s.ratio)} of the original)`;
}

function listLine(names: readonly string[], max = 20): string {
  if (names.length === 0) return "none";
  return `${names.length}: ${names.slice(0, max).join(", ")}${names.length > max ? `, … ${names.length - max} more` : ""}`;
}

export function verifyToText(r: VerifyReport, opts: { paint?: Paint } = {}): string {
  const p = opts.paint ?? noPaint;
  const out: string[] = [];
  const verdict = r.verdict === "pass" ? p.green(p.bold("PASS")) : p.red(p.bold("FAIL"));
  out.push(`${p.bold("verify")} ${verdict}  ${r.original.dockerfile} → ${r.candidate.dockerfile}`);
  for (const side of ["original", "candidate"] as const) {
    const s = r[side];
    const b = s.build;
    const built = b ? `, built in ${(b.durationMs / 1000).toFixed(1)}s, ${b.cachedSteps}/${b.totalSteps} steps from cache` : "";
    out.push(p.dim(`  ${side.padEnd(9)} ${s.imageId ?? "(not built)"}${built}`));
    if (b?.frontendNotice) out.push(p.yellow(`  note: ${b.frontendNotice}`));
  }
  const size = sizeLine(r);
  if (size) out.push("", `${p.bold("size")}      ${size}`);
  if (r.packages) {
    out.push(`${p.bold("packages")}  removed ${listLine(r.packages.removed)}`);
    out.push(`          added ${listLine(r.packages.added)}`);
  }
  if (r.probes.length) {
    out.push("", p.bold("probes"));
    for (const c of r.probes) {
      // a probe that ran on neither image proves nothing: no tick for it
      const inconclusive = c.match && (c.original.status === "error" || c.original.status === "skipped");
      out.push(`  ${inconclusive ? p.yellow("?") : c.match ? p.green("✔") : p.red("✘")} ${c.probe}  ${p.dim(probeSummary(c))}`);
      for (const d of c.differences) {
        out.push(`      ${d.field}:`);
        out.push(...excerpt(d.original).map((l, i) => `        ${i === 0 ? "original: " : "          "}${l}`));
        out.push(...excerpt(d.candidate).map((l, i) => `        ${i === 0 ? "candidate:" : "          "} ${l}`));
      }
    }
  }
  if (r.original.facts) {
    const diff = r.config.filter((d) => !d.allowed);
    out.push(
      "",
      `${p.bold("config")}    ${diff.length === 0 ? p.green("same") + (r.config.length ? p.dim(` (${r.config.length} allowed difference${r.config.length === 1 ? "" : "s"})`) : "") : p.red(`${diff.length} difference${diff.length === 1 ? "" : "s"}`)}`,
    );
  }
  if (r.findings.length) {
    out.push("", p.bold("findings"));
    for (const f of r.findings) {
      const mark = f.severity === "error" ? p.red("✘") : f.severity === "warning" ? p.yellow("!") : p.dim("i");
      out.push(`  ${mark} ${f.message}`);
      if (f.fix) out.push(`    ${p.dim("fix:")} ${f.fix}`);
    }
  }
  for (const side of ["original", "candidate"] as const) {
    const err = r[side].error;
    if (err) out.push("", p.bold(`${side} build output`), ...err.split("\n").map((l) => `  ${l}`));
  }
  const errors = r.findings.filter((f) => f.severity === "error").length;
  out.push(
    "",
    r.verdict === "pass"
      ? p.green("The candidate verifies: same behaviour, same config, nothing missing, no build-only packages.")
      : p.red(`${errors} finding${errors === 1 ? " fails" : "s fail"} the verification.`),
  );
  return `${out.join("\n")}\n`;
}

const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => "`" + s.replace(/`/g, "ˋ") + "`";

export function verifyToMarkdown(r: VerifyReport): string {
  const out: string[] = [];
  out.push(`### slimstage verify: ${r.verdict === "pass" ? "✅ pass" : "❌ fail"}`, "");
  out.push(`${code(r.original.dockerfile)} → ${code(r.candidate.dockerfile)}`, "");
  if (r.sizes) {
    out.push("| | original | candidate | change |", "|---|---:|---:|---:|");
    out.push(
      `| size | ${formatBytes(r.sizes.original)} | ${formatBytes(r.sizes.candidate)} | ${r.sizes.savedBytes >= 0 ? "−" : "+"}${formatBytes(Math.abs(r.sizes.savedBytes))} (${pct(r.sizes.ratio)}) |`,
    );
    if (r.original.packages !== undefined)
      out.push(`| packages | ${r.original.packages} | ${r.candidate.packages} | −${r.packages?.removed.length ?? 0} / +${r.packages?.added.length ?? 0} |`);
    out.push(`| layers | ${r.original.layers ?? "?"} | ${r.candidate.layers ?? "?"} | |`, "");
  }
  if (r.packages?.removed.length) {
    const shown = r.packages.removed.slice(0, 30).map(code).join(", ");
    const more = r.packages.removed.length > 30 ? `, … ${r.packages.removed.length - 30} more` : "";
    out.push(`**Removed packages (${r.packages.removed.length}):** ${shown}${more}`, "");
  }
  if (r.probes.length) {
    out.push("| probe | result |", "|---|---|");
    for (const c of r.probes) out.push(`| ${code(c.probe)} | ${c.match ? "✅" : "❌"} ${md(probeSummary(c))} |`);
    out.push("");
  }
  const errs = r.findings.filter((f) => f.severity !== "info");
  if (errs.length) {
    out.push("**Findings**", "");
    for (const f of errs) out.push(`- ${f.severity === "error" ? "❌" : "⚠️"} ${md(f.message)}${f.fix ? `  \n  _fix:_ ${md(f.fix)}` : ""}`);
    out.push("");
  }
  const infos = r.findings.filter((f) => f.severity === "info");
  if (infos.length) {
    out.push("<details><summary>Allowed differences</summary>", "");
    for (const f of infos) out.push(`- ${md(f.message)}`);
    out.push("", "</details>", "");
  }
  const diffs = r.probes.filter((c) => !c.match);
  if (diffs.length) {
    out.push("<details><summary>Probe outputs</summary>", "");
    for (const c of diffs) {
      for (const d of c.differences) {
        out.push(`${code(c.probe)} ${d.field}:`, "", "```text", "original:", ...excerpt(d.original, 12), "candidate:", ...excerpt(d.candidate, 12), "```", "");
      }
    }
    out.push("</details>", "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function verifyToJson(r: VerifyReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
