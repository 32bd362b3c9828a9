// The search behind `slimstage convert --verify`: build the original once, try variants of the conversion from the
// most aggressive to the safest (the conservative conversion always last), verify each on the engine with the same
// probes and config rules, and keep the smallest one that verifies. What it decides (candidates, what to skip,
// which one wins) is pure and below; convertAndSearch is the edge that drives the engine.
import { convertDockerfile, type ConvertResult } from "../convert/index.js";
import { cgoSources } from "../engine/build-context.js";
import type { Engine } from "../engine/index.js";
import { parseDockerfile } from "../syntax/index.js";
import { defaultKnowledge, inspectImage, type InspectedImage, type VerifyReport } from "../verify/index.js";
import { convertAndVerify, type ConvertAndVerifyRequest, type ConvertAndVerifyResult } from "./index.js";
import { variantsFor, type SearchFacts, type Variant } from "./variants/index.js";

export interface SearchBudget {
  /** Candidates verified at most (the conservative conversion counts, and is always tried when nothing else verified). */
  attempts: number;
  /** Time after which no further variant is started (the conservative conversion still is, when nothing verified). */
  timeMs: number;
  /**
   * Candidates built and verified at once (BuildKit runs concurrent builds; a remote builder with more cores gains
   * most). Candidates start in waves of this size, in order; a wave skips what an earlier wave's pass dominates.
   */
  parallel: number;
}

export const DEFAULT_BUDGET: SearchBudget = { attempts: 6, timeMs: 20 * 60_000, parallel: 1 };

export interface Candidate {
  /** `conservative`, or the variant ids joined with `+`. */
  id: string;
  variants: Variant[];
}

type AttemptVerdict = "pass" | "fail" | "skipped";

export interface Attempt {
  candidate: string;
  /** One line per variant (the conservative conversion: what the converter chose). */
  changes: string[];
  verdict: AttemptVerdict;
  /** Why it failed or was skipped; for a pass, the size against the conservative conversion when known. */
  reason: string;
  sizeBytes?: number;
  durationMs: number;
  /** When it started, in ms since the search began (attempts of one wave overlap). */
  startedMs?: number;
  /** The Dockerfile that was verified. */
  dockerfile?: string;
  report?: VerifyReport;
  /** Runtime packages a retry of convertAndVerify added. */
  added?: string[];
  /** The repairs made while verifying it, what stayed unrepaired, and the rounds (convertAndVerify's result). */
  repairs?: Pick<ConvertAndVerifyResult, "repairs" | "unrepaired" | "attempts" | "budget">;
}

export interface ConvertAndSearchRequest extends Omit<ConvertAndVerifyRequest, "rewrite" | "inspections"> {
  budget?: Partial<SearchBudget>;
  /** Called when an attempt starts (index from 0) and when it ends. */
  onAttempt?: (event: { phase: "start" | "end"; index: number; total: number; attempt: Attempt }) => void;
}

export interface SearchResult {
  /** The chosen conversion (its Dockerfile is the chosen candidate's), or the first conversion when none verified. */
  result: ConvertResult;
  /** The chosen attempt's verification; absent when nothing verified. */
  report?: VerifyReport;
  /** Index in `attempts` of the chosen candidate. */
  chosen?: number;
  attempts: Attempt[];
  budget: SearchBudget;
  durationMs: number;
  /** What the search read before trying (cgo sources, the original's packages). */
  facts?: SearchFacts;
}

/** Candidates, most aggressive first: more variants before fewer, then each dimension's order; the empty one last. */
export function candidates(dimensions: readonly Variant[][]): Candidate[] {
  let combos: Variant[][] = [[]];
  for (const dim of dimensions) combos = combos.flatMap((c) => [...dim.map((v) => [...c, v]), c]);
  const rank = (c: Variant[]) =>
    dimensions.map((dim) => {
      const i = dim.findIndex((v) => c.includes(v));
      return i < 0 ? dim.length : i;
    });
  const sorted = combos
    .map((c, order) => ({ c, order }))
    .sort((a, b) => b.c.length - a.c.length || compareRanks(rank(a.c), rank(b.c)) || a.order - b.order)
    .map(({ c }) => c);
  return sorted.map((variants) => ({ id: variants.length ? variants.map((v) => v.id).join("+") : "conservative", variants }));
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** A candidate whose every variant is in a candidate that verified (or covered by one there) cannot be smaller: it only keeps more. */
export function dominatedBy(candidate: Candidate, verified: readonly Candidate[]): Candidate | undefined {
  return verified.find((v) => candidate.variants.every((x) => v.variants.some((y) => y === x || y.covers?.includes(x.id))));
}

/** The passing attempt with the smallest image (the earlier one on a tie). */
export function smallestPassing(attempts: readonly Attempt[]): number | undefined {
  let best: number | undefined;
  attempts.forEach((a, i) => {
    if (a.verdict !== "pass" || a.sizeBytes === undefined) return;
    if (best === undefined || a.sizeBytes < attempts[best]!.sizeBytes!) best = i;
  });
  return best;
}

// A Java stack trace ends on its frames (`at pkg.Class.method(File.java:12)`, `... 3 more`); the line that says what
// went wrong is the last exception or `Caused by:` above them.
const STACK_FRAME = /^(at\s+\S+\(.*\)|\.\.\. \d+ more)$/;

/** The last line a failed probe printed on the candidate (where a traceback says what went wrong), stack frames skipped. */
function candidateSaid(report: VerifyReport): string | undefined {
  const failed = report.probes.find((p) => !p.match);
  const c = failed?.candidate;
  const text = c?.http?.error ?? (c?.stderr?.trim() ? c.stderr : c?.stdout) ?? c?.note;
  return text
    ?.split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !STACK_FRAME.test(l))
    .at(-1);
}

/** Everything a failed verification shows: what the candidate printed on its failing probes, and the error findings. */
export function failureOutput(report: VerifyReport): string {
  const printed = report.probes
    .filter((p) => !p.match)
    .flatMap((p) => [p.candidate.stderr ?? "", p.candidate.stdout ?? "", p.candidate.http?.error ?? "", p.candidate.note ?? ""]);
  const findings = report.findings.filter((f) => f.severity === "error").map((f) => f.message);
  return [...printed, ...findings].join("\n");
}

/** One line for a failed verification: its first failing finding (with what the candidate printed), and how many more. */
export function failureReason(report: VerifyReport): string {
  const errors = report.findings.filter((f) => f.severity === "error");
  const first = errors[0];
  if (!first) return "failed";
  let line =
    first.message
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ?? first.kind;
  const said = first.kind === "probe" ? candidateSaid(report) : undefined;
  if (said) line += ` — the candidate printed: ${said}`;
  const short = line.length > 200 ? `${line.slice(0, 197)}…` : line;
  return `${first.kind}: ${short}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ""}`;
}

/** Budget values from the command line or the library: whole attempts ≥ 1, a time ≥ 1 s. */
export function checkBudget(budget: Partial<SearchBudget>): SearchBudget {
  const b = { ...DEFAULT_BUDGET, ...budget };
  if (!Number.isInteger(b.attempts) || b.attempts < 1) throw new RangeError(`the attempt budget must be a whole number ≥ 1 (got ${budget.attempts})`);
  if (!Number.isFinite(b.timeMs) || b.timeMs < 1000) throw new RangeError(`the time budget must be at least 1s (got ${budget.timeMs} ms)`);
  if (!Number.isInteger(b.parallel) || b.parallel < 1 || b.parallel > 16)
    throw new RangeError(`the candidates run at once must be a whole number from 1 to 16 (got ${budget.parallel})`);
  return b;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export async function convertAndSearch(engine: Engine, req: ConvertAndSearchRequest): Promise<SearchResult> {
  const started = performance.now();
  const budget = checkBudget(req.budget ?? {});
  const { dockerfile } = req;
  const convertOpts = req.convert ?? {};
  const first =
    req.converted ??
    (await convertDockerfile(parseDockerfile(dockerfile.text, { file: dockerfile.name, maxLength: Math.max(dockerfile.text.length, 1) }), convertOpts));
  const elapsed = () => Math.round(performance.now() - started);
  if (first.status !== "converted") return { result: first, attempts: [], budget, durationMs: elapsed() };

  // The original, built and read once: what it had (CA certificates, time zone data) shapes the variants, and
  // every verification below finds its build in the cache and its inspection in `cache`.
  const cache = new Map<string, InspectedImage>();
  const original = dockerfile.path ? { path: dockerfile.path } : { text: dockerfile.text };
  let originalPackages: Set<string> | undefined;
  let originalImage: Pick<SearchFacts, "originalEnv" | "originalOs"> = {};
  try {
    const built = await engine.build({
      context: req.context,
      dockerfile: original,
      buildArgs: convertOpts.buildArgs ?? {},
      ...(req.network ? { network: req.network } : {}),
      ...(req.builder ? { builder: req.builder } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });
    const inspected = await inspectImage(engine, built.imageId, defaultKnowledge, req.signal);
    cache.set(built.imageId, inspected);
    originalPackages = new Set(inspected.report.packages.map((p) => p.name));
    originalImage = { originalEnv: inspected.config.env, ...(inspected.report.osRelease ? { originalOs: inspected.report.osRelease } : {}) };
  } catch (e) {
    // the first verification reports a failing original build with its output
    if (req.signal?.aborted) throw e;
  }
  const go = first.plan.ecosystem === "go" ? cgoSources(req.context) : { read: false, files: [] };
  const facts: SearchFacts = { goSourcesRead: go.read, cgoFiles: go.files, ...(originalPackages ? { originalPackages } : {}), ...originalImage };
  const list = candidates(variantsFor({ result: first, originalText: dockerfile.text, facts }));

  const attempts: Attempt[] = [];
  const verified: Candidate[] = [];
  const variantsById = new Map(list.flatMap((c) => c.variants).map((v) => [v.id, v]));
  /** Variants a failure was explained by: later candidates with them are skipped. */
  const blamed = new Map<string, { by: string; why: string }>();
  let tried = 0;
  let conservativeSize: number | undefined;
  let chosenResult: ConvertResult | undefined;
  const results = new Map<number, { result: ConvertResult; report: VerifyReport }>();
  // in waves of `budget.parallel`, in order; each attempt keeps its candidate's place in `attempts`
  const slots: Attempt[] = [];
  const run = async (index: number, cand: Candidate, attempt: Attempt) => {
    const conservative = cand.variants.length === 0;
    req.onAttempt?.({ phase: "start", index, total: list.length, attempt });
    const t0 = performance.now();
    attempt.startedMs = elapsed();
    const apply = (text: string) => cand.variants.reduce((t, v) => v.apply(t) ?? t, text);
    const { onAttempt: _a, budget: _b, ...verifyReq } = req;
    const allowConfig = [...(req.allowConfig ?? []), ...cand.variants.flatMap((v) => v.allowConfig ?? [])];
    const got = await convertAndVerify(engine, {
      ...verifyReq,
      converted: first,
      inspections: cache,
      allowConfig,
      ...(conservative ? {} : { rewrite: apply }),
    });
    attempt.durationMs = Math.round(performance.now() - t0);
    if (got.added.length) attempt.added = got.added;
    attempt.repairs = { repairs: got.repairs, unrepaired: got.unrepaired, attempts: got.attempts, budget: got.budget };
    if (got.result.status === "converted") attempt.dockerfile = got.result.dockerfile;
    if (got.report) {
      attempt.report = got.report;
      attempt.sizeBytes = got.report.sizes?.candidate;
      attempt.verdict = got.report.verdict;
      attempt.reason =
        got.report.verdict === "pass" ? (got.added.length ? `verifies with ${got.added.join(", ")} added` : "verifies") : failureReason(got.report);
      if (got.report.verdict === "pass") {
        verified.push(cand);
        results.set(index, { result: got.result, report: got.report });
      } else {
        // the variants it made, and the weaker levels they cover (whose changes it made too), when their change explains it
        const output = failureOutput(got.report);
        for (const w of cand.variants.flatMap((v) => [v, ...(v.covers ?? []).flatMap((id) => variantsById.get(id) ?? [])])) {
          const why = w.explains?.(output);
          if (why && !blamed.has(w.id)) blamed.set(w.id, { by: cand.id, why });
        }
      }
      if (conservative) conservativeSize = attempt.sizeBytes;
    } else attempt.reason = "the conversion did not produce a Dockerfile";
    req.onAttempt?.({ phase: "end", index, total: list.length, attempt });
  };
  let next = 0;
  while (next < list.length) {
    const wave: Array<Promise<void>> = [];
    while (next < list.length && wave.length < budget.parallel) {
      const index = next++;
      const cand = list[index]!;
      const conservative = cand.variants.length === 0;
      const changes = conservative ? [`the conversion as the converter wrote it (FROM ${first.plan.finalBase})`] : cand.variants.map((v) => v.summary);
      const skip = (reason: string) => (slots[index] = { candidate: cand.id, changes, verdict: "skipped", reason, durationMs: 0 });
      const over = dominatedBy(cand, verified);
      if (over) {
        skip(`${over.id} verified and keeps less`);
        continue;
      }
      const doomed = cand.variants.find((v) => blamed.has(v.id));
      if (doomed) {
        const b = blamed.get(doomed.id)!;
        skip(`${doomed.id} explains why ${b.by} failed (${b.why})`);
        continue;
      }
      if (!conservative && tried >= budget.attempts - 1) {
        skip(`attempt budget (${budget.attempts}) spent; the conservative conversion is kept for last`);
        continue;
      }
      if (!conservative && elapsed() > budget.timeMs) {
        skip(`time budget (${Math.round(budget.timeMs / 1000)}s) spent`);
        continue;
      }
      // the conservative conversion waits for the variants before it: it is tried only when none verified
      if (conservative && wave.length) {
        next--;
        break;
      }
      tried++;
      const attempt: Attempt = { candidate: cand.id, changes, verdict: "fail", reason: "", durationMs: 0 };
      slots[index] = attempt;
      wave.push(run(index, cand, attempt));
    }
    await Promise.all(wave);
  }
  attempts.push(...slots);
  // the conservative conversion skipped because a variant verified: built and measured anyway (no probes), so
  // the table and the ratio chosen/conservative say what the search gained
  const skippedConservative = attempts.find((a) => a.candidate === "conservative" && a.verdict === "skipped");
  if (skippedConservative && verified.length) {
    try {
      const t0 = performance.now();
      const built = await engine.build({
        context: req.context,
        dockerfile: { text: first.dockerfile, ...(dockerfile.path ? { path: dockerfile.path } : {}) },
        buildArgs: convertOpts.buildArgs ?? {},
        ...(req.network ? { network: req.network } : {}),
        ...(req.builder ? { builder: req.builder } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      });
      const info = cache.get(built.imageId) ?? (await inspectImage(engine, built.imageId, defaultKnowledge, req.signal));
      cache.set(built.imageId, info);
      conservativeSize = info.report.sizeBytes;
      skippedConservative.sizeBytes = conservativeSize;
      skippedConservative.dockerfile = first.dockerfile;
      skippedConservative.durationMs = Math.round(performance.now() - t0);
      skippedConservative.reason += " (built for its size only)";
    } catch (e) {
      if (req.signal?.aborted) throw e;
    }
  }
  const chosen = smallestPassing(attempts);
  if (chosen !== undefined) {
    chosenResult = results.get(chosen)!.result;
    const a = attempts[chosen]!;
    a.reason = `chosen: the smallest that verifies${conservativeSize && a.sizeBytes !== undefined && a.candidate !== "conservative" ? ` (${mb(a.sizeBytes)} against ${mb(conservativeSize)} conservative)` : ""}`;
  }
  return {
    result: chosenResult ?? first,
    ...(chosen !== undefined ? { report: results.get(chosen)!.report, chosen } : {}),
    attempts,
    budget,
    durationMs: elapsed(),
    facts,
  };
}
