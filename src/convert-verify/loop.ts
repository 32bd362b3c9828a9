// The repair loop of convertAndVerify: verify a candidate; while it fails and the budget lasts, turn the findings
// into repairs (repairs.ts), with the facts the steps look up, and verify the repaired candidate. Everything that
// touches the engine or the converter comes in through the steps, so the loop's rules (budget, stop reasons, never
// the same repair twice) are tested without an engine, and the search can run the loop for each of its candidates.
import type { ConvertResult } from "../convert/index.js";
import type { VerifyReport } from "../verify/index.js";
import {
  actionKey,
  findNeeds,
  hasGeneratedPrune,
  hasJlinkRuntime,
  planRepairs,
  unrepairableFindings,
  type Need,
  type Repair,
  type RepairFacts,
  type Unrepaired,
} from "./repairs.js";

export interface RepairBudget {
  /** Verifications after the first one, each after a round of repairs. Default 3; 0 turns repairs off. */
  maxAttempts?: number;
  /** No new round starts after this much time since the first verification began. Default 15 minutes. */
  maxMs?: number;
}

/** A repair as the result records it: the finding and evidence that caused it, what changed, and when. */
export interface AppliedRepair extends Repair {
  /** The verification it was made for (1 = the first) and the one that then checked it. */
  attempt: number;
}

export interface VerifyAttempt {
  attempt: number;
  verdict: "pass" | "fail";
  /** The verification's own time (builds, inspection, probes). */
  verifyMs: number;
  /** Time spent looking up and planning the repairs made after this verification (0 for the last). */
  repairMs: number;
  /** Repairs applied before this verification (none for the first). */
  repairs: number;
}

export type RepairStop = "verified" | "repairs-off" | "no-candidate" | "unrepairable" | "no-repair" | "attempts" | "time";

export interface ConvertAndVerifyResult {
  /** The last conversion, with the repairs' rewrites in its Dockerfile. */
  result: ConvertResult;
  /** The last verification made; absent when the first conversion did not produce a Dockerfile. */
  report?: VerifyReport;
  /** Runtime packages the repairs added (empty when there were none). */
  added: string[];
  /** Every repair, in order, with its finding. */
  repairs: AppliedRepair[];
  /** Needs no repair was found for when the loop stopped. */
  unrepaired: Unrepaired[];
  attempts: VerifyAttempt[];
  /** The budget, what was used of it, and why the loop stopped. */
  budget: { maxAttempts: number; maxMs: number; retries: number; elapsedMs: number; stopped: RepairStop; why?: string };
}

export const DEFAULT_REPAIR_BUDGET: Required<RepairBudget> = { maxAttempts: 3, maxMs: 15 * 60_000 };

type Converted = Extract<ConvertResult, { status: "converted" }>;

export interface RepairLoopSteps {
  /** The candidate with the repairs so far (none: the first). */
  candidate(repairs: readonly AppliedRepair[]): Promise<ConvertResult>;
  verify(dockerfile: string): Promise<VerifyReport>;
  /** What the images hold for the needs of a failed candidate (lookups.ts). */
  facts(needs: readonly Need[], failed: Converted, report: VerifyReport): Promise<RepairFacts>;
  /** Called with each round's repairs, before the verification they lead to. */
  onRepairs?(repairs: readonly AppliedRepair[]): void;
  /** The clock (tests pass their own). */
  now?(): number;
}

/** The runtime packages of repairs. */
export const packagesOf = (repairs: readonly Repair[]) => repairs.flatMap((r) => (r.action.type === "runtime-package" ? [r.action.package] : []));

/** The result when there was nothing to verify. */
export function notConverted(result: ConvertResult, budget: Required<RepairBudget>, started: number, now = performance.now()): ConvertAndVerifyResult {
  return {
    result,
    added: [],
    repairs: [],
    unrepaired: [],
    attempts: [],
    budget: { ...budget, retries: 0, elapsedMs: Math.round(now - started), stopped: "no-candidate" },
  };
}

export async function repairLoop(steps: RepairLoopSteps, budget: Required<RepairBudget>): Promise<ConvertAndVerifyResult> {
  const now = steps.now ?? (() => performance.now());
  const started = now();
  const attempts: VerifyAttempt[] = [];
  const repairs: AppliedRepair[] = [];
  let result = await steps.candidate(repairs);
  if (result.status !== "converted") return notConverted(result, budget, started, now());
  let t = now();
  let report = await steps.verify(result.dockerfile);
  attempts.push({ attempt: 1, verdict: report.verdict, verifyMs: Math.round(now() - t), repairMs: 0, repairs: 0 });
  const done = (stopped: RepairStop, unrepaired: Unrepaired[] = [], why?: string): ConvertAndVerifyResult => ({
    result,
    report,
    added: [...new Set(packagesOf(repairs))],
    repairs,
    unrepaired,
    attempts,
    budget: {
      maxAttempts: budget.maxAttempts,
      maxMs: budget.maxMs,
      retries: attempts.length - 1,
      elapsedMs: Math.round(now() - started),
      stopped,
      ...(why ? { why } : {}),
    },
  });

  for (;;) {
    if (report.verdict === "pass") return done("verified");
    if (budget.maxAttempts <= 0) return done("repairs-off");
    const blocking = unrepairableFindings(report);
    if (blocking.length) return done("unrepairable", [], blocking.map((f) => f.message).join("; "));
    if (attempts.length > budget.maxAttempts) return done("attempts");
    if (now() - started >= budget.maxMs) return done("time");
    const repairStarted = now();
    const failed: Converted = result;
    const needs = findNeeds(report);
    const facts = await steps.facts(needs, failed, report);
    const planned = planRepairs(needs, facts, {
      done: new Set(repairs.map((r) => actionKey(r.action))),
      canKeepDevDependencies: hasGeneratedPrune(failed.dockerfile),
      canAddJavaModules: hasJlinkRuntime(failed.dockerfile),
    });
    (attempts.at(-1) as VerifyAttempt).repairMs = Math.round(now() - repairStarted);
    if (planned.repairs.length === 0)
      return done("no-repair", planned.unrepaired, needs.length ? undefined : "the failing probes printed nothing a repair knows (see the findings)");
    const attempt = attempts.length;
    const fresh = planned.repairs.map((r) => ({ ...r, attempt }));
    repairs.push(...fresh);
    steps.onRepairs?.(fresh);
    const next = await steps.candidate(repairs);
    // not expected: only packages were added to a plan that converted
    if (next.status !== "converted") return done("no-candidate", planned.unrepaired, "the conversion with the repairs' packages did not convert");
    result = next;
    t = now();
    report = await steps.verify(result.dockerfile);
    attempts.push({ attempt: attempt + 1, verdict: report.verdict, verifyMs: Math.round(now() - t), repairMs: 0, repairs: fresh.length });
  }
}
