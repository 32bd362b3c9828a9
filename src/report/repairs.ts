// The repairs of `convert --verify` as text and JSON: each repair with the finding and evidence that caused it and
// what changed, every verification attempt with its time, and the budget with why the loop stopped.
import type { ConvertAndVerifyResult } from "../convert-verify/index.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const STOPPED: Record<ConvertAndVerifyResult["budget"]["stopped"], string> = {
  verified: "verified",
  "repairs-off": "repairs are off (budget of 0 attempts)",
  "no-candidate": "no candidate to verify",
  unrepairable: "a failure no repair addresses",
  "no-repair": "no repair found for what failed",
  attempts: "the budget of attempts is spent",
  time: "the budget of time is spent",
};

/** One line per repair and per attempt; empty when the first verification passed with nothing to repair. */
export function repairsToText(r: Pick<ConvertAndVerifyResult, "repairs" | "unrepaired" | "attempts" | "budget">): string {
  if (r.attempts.length <= 1 && r.repairs.length === 0 && r.unrepaired.length === 0 && r.budget.stopped === "verified") return "";
  const out: string[] = [];
  for (const x of r.repairs) {
    out.push(`repair (after attempt ${x.attempt}): ${x.kind} ${x.subject}`);
    out.push(`  finding: ${x.finding.kind} ${x.finding.subject}: ${x.evidence}`);
    out.push(`  change: ${x.change}`);
  }
  for (const u of r.unrepaired) out.push(`not repaired: ${u.need.kind} ${u.need.subject} (${u.need.evidence}): ${u.why}`);
  for (const a of r.attempts) {
    out.push(
      `attempt ${a.attempt}: ${a.verdict}, verification ${seconds(a.verifyMs)}${a.repairMs ? `, repair lookups ${seconds(a.repairMs)}` : ""}${a.repairs ? ` (after ${a.repairs} repair${a.repairs === 1 ? "" : "s"})` : ""}`,
    );
  }
  const b = r.budget;
  out.push(
    `repairs: ${r.repairs.length}, retries ${b.retries} of ${b.maxAttempts}, ${seconds(b.elapsedMs)} of ${seconds(b.maxMs)}; stopped: ${STOPPED[b.stopped]}${b.why ? ` (${b.why})` : ""}`,
  );
  return out.map((l) => `${l}\n`).join("");
}

/** The JSON form: repairs, unrepaired needs, attempts and budget as the library returns them. */
export function repairsToJSON(r: Pick<ConvertAndVerifyResult, "repairs" | "unrepaired" | "attempts" | "budget">): object {
  return { repairs: r.repairs, unrepaired: r.unrepaired, attempts: r.attempts, budget: r.budget };
}
