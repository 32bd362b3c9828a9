// The search's attempts table: text for the terminal, Markdown for a pull request comment, JSON for machines. Pure.
import type { Attempt, SearchResult } from "../convert-verify/search.js";
import { formatBytes, pct, table } from "./inspect.js";
import { noPaint, type Paint } from "./progress.js";

const seconds = (ms: number) => (ms >= 120_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`);
// container output can reach a reason: no control characters on a terminal or in Markdown
const clean = (s: string) => s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");

/** The conservative conversion's size (measured even when it was skipped), for the ratio chosen/conservative. */
function conservativeSize(r: SearchResult): number | undefined {
  return r.attempts.find((a) => a.candidate === "conservative")?.sizeBytes;
}

function searchSummary(r: SearchResult): {
  chosen?: string;
  sizeBytes?: number;
  conservativeBytes?: number;
  ratio?: number;
  tried: number;
  attempts: number;
} {
  const chosen = r.chosen !== undefined ? r.attempts[r.chosen] : undefined;
  const base = conservativeSize(r);
  const tried = r.attempts.filter((a) => a.verdict !== "skipped").length;
  return {
    ...(chosen ? { chosen: chosen.candidate, ...(chosen.sizeBytes !== undefined ? { sizeBytes: chosen.sizeBytes } : {}) } : {}),
    ...(base !== undefined ? { conservativeBytes: base } : {}),
    ...(chosen?.sizeBytes !== undefined && base ? { ratio: chosen.sizeBytes / base } : {}),
    tried,
    attempts: r.attempts.length,
  };
}

function headline(r: SearchResult): string {
  const s = searchSummary(r);
  const budget = `budget ${r.budget.attempts} attempts, ${seconds(r.budget.timeMs)}${r.budget.parallel > 1 ? `, ${r.budget.parallel} at once` : ""}`;
  const effort = `${s.tried} tried of ${s.attempts} candidates in ${seconds(r.durationMs)} (${budget})`;
  if (!s.chosen) return `no candidate verified: ${effort}`;
  const size = s.sizeBytes !== undefined ? `, ${formatBytes(s.sizeBytes)}` : "";
  const ratio = s.ratio !== undefined && s.chosen !== "conservative" ? ` — ${pct(s.ratio)} of the conservative ${formatBytes(s.conservativeBytes!)}` : "";
  return `chose ${s.chosen}${size}${ratio}: ${effort}`;
}

const sizeCell = (a: Attempt) => (a.sizeBytes !== undefined ? formatBytes(a.sizeBytes) : "—");

export function searchToText(r: SearchResult, opts: { paint?: Paint } = {}): string {
  const p = opts.paint ?? noPaint;
  // plain marks: the table pads by characters, so colour codes inside cells would break the columns
  const mark = (a: Attempt, i: number) => (i === r.chosen ? "✔ chosen" : a.verdict === "pass" ? "✔ pass" : a.verdict === "fail" ? "✘ fail" : "– skipped");
  const rows = [
    ["#", "candidate", "size", "verdict", "time", "reason"],
    ...r.attempts.map((a, i) => [String(i + 1), a.candidate, sizeCell(a), mark(a, i), a.durationMs ? seconds(a.durationMs) : "", clean(a.reason)]),
  ];
  const lines = [`${p.bold("search")} ${headline(r)}`, "", ...table(rows, ["r", "l", "r", "l", "r", "l"])];
  lines.push("", "candidates:");
  for (const a of r.attempts) lines.push(`  ${a.candidate}: ${a.changes.map(clean).join("; ")}`);
  return `${lines.join("\n")}\n`;
}

const mdCell = (s: string) => clean(s).replace(/\|/g, "\\|").replace(/\n/g, " ");

export function searchToMarkdown(r: SearchResult): string {
  const out = [`#### slimstage convert --verify: ${r.chosen !== undefined ? "✅" : "❌"} ${mdCell(headline(r))}`, ""];
  out.push("| # | candidate | what it changes | size | verdict | time | reason |", "|---:|---|---|---:|---|---:|---|");
  r.attempts.forEach((a, i) => {
    const verdict = i === r.chosen ? "✅ **chosen**" : a.verdict === "pass" ? "✅ pass" : a.verdict === "fail" ? "❌ fail" : "➖ skipped";
    out.push(
      `| ${i + 1} | \`${a.candidate}\` | ${a.changes.map(mdCell).join("<br>")} | ${sizeCell(a)} | ${verdict} | ${a.durationMs ? seconds(a.durationMs) : ""} | ${mdCell(a.reason)} |`,
    );
  });
  const chosen = r.chosen !== undefined ? r.attempts[r.chosen] : undefined;
  if (chosen?.dockerfile)
    out.push("", "<details><summary>The chosen Dockerfile</summary>", "", "```dockerfile", chosen.dockerfile.trimEnd(), "```", "", "</details>");
  return `${out.join("\n")}\n`;
}

/** The search as data: every attempt without its full verification (the chosen one's is kept). */
export function searchToJson(r: SearchResult): unknown {
  return {
    chosen: r.chosen !== undefined ? r.attempts[r.chosen]!.candidate : null,
    summary: searchSummary(r),
    budget: r.budget,
    durationMs: r.durationMs,
    ...(r.facts ? { facts: { goSourcesRead: r.facts.goSourcesRead, cgoFiles: r.facts.cgoFiles } } : {}),
    attempts: r.attempts.map(({ report, ...a }, i) => ({
      ...a,
      ...(i === r.chosen && report ? { verify: report } : report ? { findings: report.findings.filter((f) => f.severity === "error") } : {}),
    })),
  };
}
