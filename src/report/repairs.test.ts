import { describe, expect, it } from "vitest";
import type { ConvertAndVerifyResult } from "../convert-verify/index.js";
import { repairsToJSON, repairsToText } from "./repairs.js";

type Run = Pick<ConvertAndVerifyResult, "repairs" | "unrepaired" | "attempts" | "budget">;

const repaired: Run = {
  repairs: [
    {
      attempt: 1,
      kind: "permission-denied",
      subject: "/app/run.sh",
      finding: { kind: "probe", subject: "default", message: "probe default: the candidate differs (exit, stdout, stderr)" },
      evidence: 'exec: "/app/run.sh": permission denied: unknown. (exit 126)',
      action: { type: "copy-from-builder", path: "/app/run.sh", mode: "755" },
      change: "the final stage takes /app/run.sh from the builder with mode 755 (mode and owner as the build left them)",
    },
  ],
  unrepaired: [],
  attempts: [
    { attempt: 1, verdict: "fail", verifyMs: 32200, repairMs: 3083, repairs: 0 },
    { attempt: 2, verdict: "pass", verifyMs: 8262, repairMs: 0, repairs: 1 },
  ],
  budget: { maxAttempts: 3, maxMs: 900_000, retries: 1, elapsedMs: 43_545, stopped: "verified" },
};

describe("repairs as text", () => {
  it("each repair with its finding and change, each attempt with its time, the budget and why it stopped", () => {
    expect(repairsToText(repaired)).toBe(
      [
        "repair (after attempt 1): permission-denied /app/run.sh",
        '  finding: probe default: exec: "/app/run.sh": permission denied: unknown. (exit 126)',
        "  change: the final stage takes /app/run.sh from the builder with mode 755 (mode and owner as the build left them)",
        "attempt 1: fail, verification 32.2 s, repair lookups 3.1 s",
        "attempt 2: pass, verification 8.3 s (after 1 repair)",
        "repairs: 1, retries 1 of 3, 43.5 s of 900.0 s; stopped: verified",
        "",
      ].join("\n"),
    );
  });

  it("says nothing when the first verification passed", () => {
    expect(
      repairsToText({
        repairs: [],
        unrepaired: [],
        attempts: [{ attempt: 1, verdict: "pass", verifyMs: 1, repairMs: 0, repairs: 0 }],
        budget: { ...repaired.budget, retries: 0 },
      }),
    ).toBe("");
  });

  it("names what was not repaired and why the loop stopped", () => {
    const text = repairsToText({
      repairs: [],
      unrepaired: [
        {
          need: {
            kind: "file-not-found",
            subject: "/etc/app.conf",
            finding: { kind: "probe", subject: "default", message: "m" },
            evidence: "cat: /etc/app.conf: No such file or directory",
          },
          why: "the builder has no /etc/app.conf either",
        },
      ],
      attempts: [{ attempt: 1, verdict: "fail", verifyMs: 1000, repairMs: 500, repairs: 0 }],
      budget: { maxAttempts: 3, maxMs: 900_000, retries: 0, elapsedMs: 1500, stopped: "no-repair" },
    });
    expect(text).toContain(
      "not repaired: file-not-found /etc/app.conf (cat: /etc/app.conf: No such file or directory): the builder has no /etc/app.conf either\n",
    );
    expect(text).toContain("stopped: no repair found for what failed\n");
  });

  it("JSON carries the records as they are", () => {
    expect(repairsToJSON(repaired)).toEqual({ repairs: repaired.repairs, unrepaired: [], attempts: repaired.attempts, budget: repaired.budget });
  });
});
