// The repair loop's rules, with scripted verifications and facts (no engine): a repair per round, never the same
// repair twice, the budget of attempts and time, and the early stops.
import { describe, expect, it } from "vitest";
import type { ConvertResult } from "../convert/index.js";
import type { Finding, VerifyReport } from "../verify/index.js";
import { repairLoop, type AppliedRepair, type RepairLoopSteps } from "./loop.js";
import { emptyFacts, type Need, type RepairFacts } from "./repairs.js";

const converted = (dockerfile: string): ConvertResult =>
  ({ status: "converted", dockerfile, plan: { builderName: "builder" }, decisions: [], analysis: {} }) as unknown as ConvertResult;

const probeFailure = (stderr: string, extra: Finding[] = []): VerifyReport => ({
  verdict: "fail",
  original: { dockerfile: "Dockerfile", imageId: "sha256:orig" },
  candidate: {
    dockerfile: "Dockerfile",
    config: { env: [], entrypoint: null, cmd: null, user: "", workingDir: "/app", exposedPorts: [], volumes: [], labels: {}, healthcheck: null },
  },
  probes: [
    {
      probe: "default",
      kind: "default",
      match: false,
      differences: [{ field: "exit", original: "exit code 0", candidate: "exit code 127" }],
      original: { probe: "default", status: "ran", exitCode: 0, stdout: "ok\n", durationMs: 1 },
      candidate: { probe: "default", status: "ran", exitCode: 127, stderr, durationMs: 1 },
    },
  ],
  config: [],
  findings: [{ severity: "error", kind: "probe", subject: "default", message: "probe default: the candidate differs (exit, stdout, stderr)" }, ...extra],
  durationMs: 1,
});
const PASS: VerifyReport = {
  verdict: "pass",
  original: { dockerfile: "Dockerfile" },
  candidate: { dockerfile: "Dockerfile" },
  probes: [],
  config: [],
  findings: [],
  durationMs: 1,
};

/** Steps that verify with the scripted reports in turn and answer lookups from `facts`. */
function scripted(reports: VerifyReport[], facts: Partial<RepairFacts> = {}, clock?: () => number) {
  const seen = { candidates: [] as string[][], factCalls: [] as Need[][] };
  let i = 0;
  const steps: RepairLoopSteps = {
    candidate: async (repairs: readonly AppliedRepair[]) => {
      seen.candidates.push(repairs.map((r) => r.change));
      return converted(`FROM x AS builder\nFROM y\n# ${repairs.length} repairs\n`);
    },
    verify: async () => reports[Math.min(i++, reports.length - 1)] as VerifyReport,
    facts: async (needs) => {
      seen.factCalls.push([...needs]);
      return { ...emptyFacts("/app"), ...facts };
    },
    ...(clock ? { now: clock } : {}),
  };
  return { steps, seen };
}

const jqFacts: Partial<RepairFacts> = { commands: new Map([["jq", { path: "/usr/bin/jq", package: "jq" }]]) };
const budget = { maxAttempts: 3, maxMs: 60_000 };

describe("the repair loop", () => {
  it("repairs what failed and stops at the verification that passes", async () => {
    const { steps, seen } = scripted([probeFailure("sh: 1: jq: not found\n"), PASS], jqFacts);
    const got = await repairLoop(steps, budget);
    expect(got.budget).toMatchObject({ stopped: "verified", retries: 1, maxAttempts: 3 });
    expect(got.attempts.map((a) => [a.attempt, a.verdict, a.repairs])).toEqual([
      [1, "fail", 0],
      [2, "pass", 1],
    ]);
    expect(got.repairs).toMatchObject([
      { attempt: 1, kind: "command-not-found", subject: "jq", evidence: "sh: 1: jq: not found (exit 127)", action: { type: "runtime-package", package: "jq" } },
    ]);
    expect(got.added).toEqual(["jq"]);
    expect(seen.candidates).toEqual([[], ["the final stage installs jq, which provides /usr/bin/jq in the original image"]]);
  });

  it("never applies a repair twice: the same failure after its repair ends the loop, saying so", async () => {
    const { steps } = scripted([probeFailure("sh: 1: jq: not found\n")], jqFacts);
    const got = await repairLoop(steps, budget);
    expect(got.budget.stopped).toBe("no-repair");
    expect(got.attempts).toHaveLength(2);
    expect(got.unrepaired[0]?.why).toMatch(/^already repaired \(the final stage installs jq/);
  });

  it("stops after the budget of attempts", async () => {
    // each verification shows a new missing file, which the builder has
    const files = ["/app/a", "/app/b", "/app/c"];
    const { steps } = scripted(
      files.map((f) => probeFailure(`cat: ${f}: No such file or directory\n`)),
      { builderPaths: new Map(files.map((f) => [f, { type: "file" as const, mode: "644" }])) },
    );
    const got = await repairLoop(steps, { maxAttempts: 1, maxMs: 60_000 });
    expect(got.budget).toMatchObject({ stopped: "attempts", retries: 1 });
    expect(got.repairs.map((r) => r.subject)).toEqual(["/app/a"]);
  });

  it("starts no round after the budget of time", async () => {
    let t = 0;
    const { steps, seen } = scripted([probeFailure("sh: 1: jq: not found\n")], jqFacts, () => (t += 40_000));
    const got = await repairLoop(steps, { maxAttempts: 3, maxMs: 60_000 });
    expect(got.budget.stopped).toBe("time");
    expect(seen.factCalls).toEqual([]);
  });

  it("does not look for repairs when a failure no repair addresses remains, or when repairs are off", async () => {
    const config: Finding = { severity: "error", kind: "config", subject: "ENV.GOPATH", message: "ENV.GOPATH differs: original /go, candidate (unset)" };
    const a = scripted([probeFailure("sh: 1: jq: not found\n", [config])], jqFacts);
    expect((await repairLoop(a.steps, budget)).budget).toMatchObject({ stopped: "unrepairable", why: "ENV.GOPATH differs: original /go, candidate (unset)" });
    expect(a.seen.factCalls).toEqual([]);
    const b = scripted([probeFailure("sh: 1: jq: not found\n")], jqFacts);
    expect((await repairLoop(b.steps, { maxAttempts: 0, maxMs: 60_000 })).budget.stopped).toBe("repairs-off");
    expect(b.seen.factCalls).toEqual([]);
  });

  it("says when the failing probes printed nothing a repair knows", async () => {
    const { steps } = scripted([probeFailure("Segmentation fault\n")]);
    const got = await repairLoop(steps, budget);
    expect(got.budget).toMatchObject({ stopped: "no-repair", why: "the failing probes printed nothing a repair knows (see the findings)" });
  });
});
