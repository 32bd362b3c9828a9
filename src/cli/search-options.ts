// `convert --verify`'s search (src/convert-verify/search.ts) on the command line: its options, their checks, the
// run on the engine and the attempts report (text on stderr, or JSON / Markdown to a file for a pull request).
import { Option } from "commander";
import type { ConvertOptions, ConvertResult } from "../convert/types.js";
import { searchToJson, searchToMarkdown, searchToText } from "../report/search.js";
import { checkBudget, convertAndSearch, DEFAULT_BUDGET, type SearchBudget, type SearchResult } from "../convert-verify/search.js";
import type { ConvertAndVerifyRequest } from "../convert-verify/index.js";
import { UsageError } from "../errors.js";
import { convertToJSON } from "../report/convert.js";
import { repairsToJSON, repairsToText } from "../report/repairs.js";
import { verifyToText } from "../report/verify.js";
import type { CliContext } from "./context.js";
import { engineFor, withEngineErrors } from "./engine-options.js";
import type { InputFile } from "./files.js";
import { colorsFor } from "./io.js";
import { verifyRequestFrom, type VerifyCliOptions } from "./probe-options.js";
import { escapeControls, escapeControlsKeepLines } from "./terminal.js";

export interface SearchCliOptions extends VerifyCliOptions {
  search: boolean;
  maxAttempts?: string;
  maxTime?: string;
  parallel?: string;
  reportFormat: "text" | "json" | "md";
  report?: string;
  force?: boolean;
  format: "dockerfile" | "diff" | "json";
  verify?: boolean;
}

export const SEARCH_OPTIONS: readonly Option[] = [
  new Option("--no-search", "with --verify: verify only the conservative conversion (no variants tried)"),
  new Option("--max-attempts <n>", `with --verify: candidates verified at most (default ${DEFAULT_BUDGET.attempts}, the conservative one included)`),
  new Option("--max-time <duration>", `with --verify: no new variant after this long (90s, 10m, 1h; default ${DEFAULT_BUDGET.timeMs / 60_000}m)`),
  new Option("--parallel <n>", `with --verify: candidates built and verified at once (1 to 16, default ${DEFAULT_BUDGET.parallel})`),
  new Option("--report-format <format>", "with --verify: the attempts table as text, json or md (Markdown, for a pull request comment)")
    .choices(["text", "json", "md"])
    .default("text"),
  new Option("--report <file>", "with --verify: write the attempts table to FILE instead of stderr (refuses to replace one unless --force)"),
];

/** `90`, `90s`, `10m`, `1h`, `1500ms` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(m[1]) * unit);
}

/** The budget of `--verify`'s search; undefined with --no-search. Bad values are usage errors (one line). */
export function searchBudgetFrom(opts: SearchCliOptions): SearchBudget | undefined {
  const given =
    opts.maxAttempts !== undefined || opts.maxTime !== undefined || opts.parallel !== undefined || opts.report !== undefined || opts.reportFormat !== "text";
  if (!opts.verify) {
    if (given || !opts.search) throw new UsageError("--no-search, --max-attempts, --max-time, --parallel, --report and --report-format go with --verify");
    return undefined;
  }
  if (!opts.search) {
    if (given) throw new UsageError("--max-attempts, --max-time, --parallel, --report and --report-format go with the search (drop --no-search)");
    return undefined;
  }
  const budget: Partial<SearchBudget> = {};
  if (opts.maxAttempts !== undefined) {
    if (!/^\d+$/.test(opts.maxAttempts) || Number(opts.maxAttempts) < 1)
      throw new UsageError(`--max-attempts ${escapeControls(opts.maxAttempts)}: expected a whole number ≥ 1`);
    budget.attempts = Number(opts.maxAttempts);
  }
  if (opts.parallel !== undefined) {
    if (!/^\d+$/.test(opts.parallel) || Number(opts.parallel) < 1 || Number(opts.parallel) > 16)
      throw new UsageError(`--parallel ${escapeControls(opts.parallel)}: expected a whole number from 1 to 16`);
    budget.parallel = Number(opts.parallel);
  }
  if (opts.maxTime !== undefined) {
    const ms = parseDuration(opts.maxTime);
    if (ms === undefined || ms < 1000) throw new UsageError(`--max-time ${escapeControls(opts.maxTime)}: expected a duration of at least 1s (90s, 10m, 1h)`);
    budget.timeMs = ms;
  }
  return checkBudget(budget);
}

function renderReport(r: SearchResult, format: SearchCliOptions["reportFormat"], ctx: CliContext): string {
  if (format === "json") return `${JSON.stringify(searchToJson(r), null, 2)}\n`;
  if (format === "md") return searchToMarkdown(r);
  return searchToText(r, { paint: colorsFor(ctx.io, "stderr") });
}

/**
 * Runs the search and reports it. On success returns the chosen conversion (the caller prints and writes it);
 * when nothing verified, nothing is written: the last failing verification and the attempts are shown.
 */
export async function searchConversion(
  first: Extract<ConvertResult, { status: "converted" }>,
  input: InputFile,
  context: string,
  convertOpts: ConvertOptions,
  opts: SearchCliOptions,
  budget: SearchBudget,
  ctx: CliContext,
  repairs: Pick<ConvertAndVerifyRequest, "repairs" | "onRepair"> = {},
): Promise<{ ok: true; result: ConvertResult; json: unknown; repairs?: object } | { ok: false }> {
  const { io, files } = ctx;
  const req = verifyRequestFrom(first, input, context, convertOpts, opts, files);
  if (opts.report) files.check(opts.report, { force: opts.force });
  const engine = engineFor(io, opts.builder ? { builder: opts.builder } : {});
  const r = await withEngineErrors(io, () =>
    convertAndSearch(engine, {
      ...req,
      budget,
      ...repairs,
      onRetry: (pkgs) =>
        io.stderr(`convert: the build links against ${pkgs.join(", ")}, which the runtime base lacks; converting again with them and verifying once more\n`),
      onAttempt: ({ phase, index, total, attempt }) => {
        if (phase === "start") io.stderr(`convert: trying ${index + 1}/${total} ${attempt.candidate}\n`);
        else
          io.stderr(
            `convert:   ${attempt.verdict}${attempt.sizeBytes !== undefined ? `, ${(attempt.sizeBytes / 1e6).toFixed(1)} MB` : ""}${attempt.verdict === "fail" ? `: ${escapeControls(attempt.reason)}` : ""}\n`,
          );
      },
    }),
  );
  // the chosen candidate's verification first (what was compared and proven), then every attempt
  if (r.report) io.stderr(verifyToText(r.report, { paint: colorsFor(io, "stderr") }));
  const text = renderReport(r, opts.reportFormat, ctx);
  if (opts.report) {
    files.write(opts.report, text, { force: opts.force });
    io.stderr(`wrote the search report to ${escapeControls(opts.report)}\n`);
  } else io.stderr(text);
  if (r.chosen === undefined) {
    const last = [...r.attempts].reverse().find((a) => a.report);
    if (last?.report) io.stderr(verifyToText(last.report, { paint: colorsFor(io, "stderr") }));
    // what the repairs of that attempt did, and what no repair could address
    if (last?.repairs) io.stderr(escapeControlsKeepLines(repairsToText(last.repairs)));
    io.stderr("convert: no candidate verified; nothing was written\n");
    if (opts.format === "json")
      io.stdout(
        JSON.stringify({ ...(convertToJSON(first) as object), search: searchToJson(r), ...(last?.repairs ? repairsToJSON(last.repairs) : {}) }, null, 2) + "\n",
      );
    return { ok: false };
  }
  const chosen = r.attempts[r.chosen];
  if (chosen?.repairs?.repairs.length) io.stderr(escapeControlsKeepLines(repairsToText(chosen.repairs)));
  return { ok: true, result: r.result, json: searchToJson(r), ...(chosen?.repairs ? { repairs: repairsToJSON(chosen.repairs) } : {}) };
}
