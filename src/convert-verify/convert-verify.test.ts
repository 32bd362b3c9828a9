import { describe, expect, it } from "vitest";
import type { Finding, VerifyReport } from "../verify/index.js";
import { baseLabelsAllowed, packagesForMissingLibraries } from "./index.js";

const report = (findings: Finding[]): VerifyReport => ({
  verdict: findings.some((f) => f.severity === "error") ? "fail" : "pass",
  original: { dockerfile: "Dockerfile" },
  candidate: { dockerfile: "Dockerfile" },
  probes: [],
  config: [],
  findings,
  durationMs: 1,
});
const missing = (soname: string): Finding => ({ severity: "error", kind: "missing-library", subject: soname, message: `${soname} not found` });

describe("the retry of convert-and-verify", () => {
  it("adds the packages of missing libraries when the knowledge names every one", () => {
    expect(packagesForMissingLibraries(report([missing("libpq.so.5"), missing("libmariadb.so.3"), missing("libpq.so.5")]))).toEqual(["libpq5", "libmariadb3"]);
  });

  it("does not retry when a library is unknown or another failure remains", () => {
    expect(packagesForMissingLibraries(report([missing("libpq.so.5"), missing("libvendored.so.9")]))).toBeUndefined();
    expect(packagesForMissingLibraries(report([{ severity: "error", kind: "probe", subject: "default", message: "exit differs" }]))).toBeUndefined();
  });
});

describe("labels of the base image", () => {
  const label = (key: string): Finding => ({ severity: "error", kind: "config", subject: `LABEL.${key}`, message: `LABEL.${key} differs` });

  it("are information, the Dockerfile's own labels still fail the verdict", () => {
    const r = baseLabelsAllowed(report([label("org.opencontainers.image.version")]), new Set(["maintainer"]));
    expect(r.verdict).toBe("pass");
    expect(r.findings[0]).toMatchObject({
      severity: "info",
      message: "LABEL.org.opencontainers.image.version differs (a label of the base image, not of this Dockerfile)",
    });
    expect(baseLabelsAllowed(report([label("maintainer")]), new Set(["maintainer"])).verdict).toBe("fail");
  });
});
