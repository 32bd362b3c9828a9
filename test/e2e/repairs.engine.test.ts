// Repairs driven by findings, one engine test per kind (the missing library: convert-and-verify.engine.test.ts).
// Each app's conservative conversion is broken in exactly one way — naturally where the converter cannot see the
// need (a command run through subprocess, a file a Go build writes outside the app), else by a rewrite of the
// candidate that stands in for a too-aggressive variant — and the repair must come from the real verification's
// findings: the first verification fails, the repair names that finding, and the repaired candidate verifies.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { directoryContext } from "../../src/cli/context-dir.js";
import { convertAndVerify, type ConvertAndVerifyResult } from "../../src/convert-verify/index.js";
import { createEngine } from "../../src/engine/index.js";
import { type PackageKnowledge } from "../../src/verify/index.js";
import { describeWithEngine } from "../support/engine.js";
import { knowledgeWithBase } from "../support/search.js";
import { REPO_ROOT } from "../support/shared.js";

const fixture = (name: string) => join(REPO_ROOT, "test", "fixtures", "repairs", name);

interface RunOptions {
  rewrite?: (text: string) => string;
  allowConfig?: string[];
  knowledge?: PackageKnowledge;
}

async function run(name: string, opts: RunOptions = {}): Promise<ConvertAndVerifyResult> {
  const { rewrite } = opts;
  const dir = fixture(name);
  const path = join(dir, "Dockerfile");
  const got = await convertAndVerify(createEngine(), {
    dockerfile: { text: readFileSync(path, "utf8"), name: "Dockerfile", path },
    context: dir,
    // the build context as `convert --verify` reads it
    convert: { context: directoryContext(dir) },
    network: "host",
    ...(rewrite ? { rewrite: sabotage(rewrite) } : {}),
    ...(opts.allowConfig ? { allowConfig: opts.allowConfig } : {}),
    ...(opts.knowledge ? { knowledge: opts.knowledge } : {}),
  });
  // measured time per attempt, for docs/convert.md
  console.log(
    `[repairs] ${name}: ${got.attempts.map((a) => `#${a.attempt} ${a.verdict} verify ${a.verifyMs} ms, repair ${a.repairMs} ms`).join("; ")}; stopped: ${got.budget.stopped}`,
  );
  return got;
}

/** A rewrite that must change the candidate, or the test would prove nothing. */
const sabotage = (rewrite: (text: string) => string) => (text: string) => {
  const out = rewrite(text);
  if (out === text) throw new Error("the test's rewrite did not apply to the converted Dockerfile");
  return out;
};

/** The first verification failed, the last passed, and the repaired Dockerfile is the one returned. */
function expectRepaired(got: ConvertAndVerifyResult): void {
  expect(got.attempts[0]?.verdict).toBe("fail");
  expect(got.report?.verdict).toBe("pass");
  expect(got.budget.stopped).toBe("verified");
  expect(got.result.status).toBe("converted");
}

const dockerfileOf = (got: ConvertAndVerifyResult) => (got.result.status === "converted" ? got.result.dockerfile : "");

describeWithEngine("repairs driven by verification findings", () => {
  it(
    "a command not found at start → the package that provides it in the original image",
    async () => {
      // packer.py runs xz through subprocess: python:3.11 has xz-utils, python:3.11-slim does not, and the converter
      // does not read Python sources for the commands they spawn
      const got = await run("command-not-found");
      expectRepaired(got);
      expect(got.repairs).toHaveLength(1);
      expect(got.repairs[0]).toMatchObject({
        kind: "command-not-found",
        subject: "xz",
        finding: { kind: "probe", subject: "default" },
        evidence: "FileNotFoundError: [Errno 2] No such file or directory: 'xz'",
        action: { type: "runtime-package", package: "xz-utils" },
      });
      expect(got.added).toEqual(["xz-utils"]);
      expect(dockerfileOf(got)).toMatch(/apt-get install -y --no-install-recommends xz-utils/);
    },
    20 * 60_000,
  );

  it(
    "permission denied on a file → taken from the builder with its mode",
    async () => {
      // the build makes run.sh executable; the candidate below lost the builder's copy, so the context's 0644 file runs
      const got = await run("permission-denied", {
        rewrite: (t) => t.replace(/\n# slimstage: \/app\/run\.sh as line \d+ left it[^\n]*\nCOPY --from=builder \/app\/run\.sh \/app\/run\.sh\n/, "\n"),
      });
      expectRepaired(got);
      expect(got.repairs).toHaveLength(1);
      expect(got.repairs[0]).toMatchObject({
        kind: "permission-denied",
        subject: "/app/run.sh",
        action: { type: "copy-from-builder", path: "/app/run.sh", mode: "755" },
      });
      expect(got.repairs[0]?.evidence).toBe('exec: "/app/run.sh": permission denied (exit 126)');
      expect(dockerfileOf(got)).toContain("COPY --from=builder --chmod=755 /app/run.sh /app/run.sh");
    },
    20 * 60_000,
  );

  it(
    "a file not found → taken from the builder",
    async () => {
      // the Go build writes /usr/share/greeter/greeting.txt, which a compiled app's conversion leaves in the builder
      // the Go toolchain's own settings are not the program's: a user of convert --verify allows them to go
      const got = await run("file-not-found", { allowConfig: ["ENV.GOPATH", "ENV.GOTOOLCHAIN", "ENV.PATH", "ENV.SSL_CERT_FILE"] });
      expectRepaired(got);
      expect(got.repairs).toHaveLength(1);
      expect(got.repairs[0]).toMatchObject({
        kind: "file-not-found",
        subject: "/usr/share/greeter/greeting.txt",
        evidence: "open /usr/share/greeter/greeting.txt: no such file or directory",
        action: { type: "copy-from-builder", path: "/usr/share/greeter/greeting.txt" },
      });
      expect(dockerfileOf(got)).toContain("COPY --from=builder /usr/share/greeter/greeting.txt /usr/share/greeter/greeting.txt");
    },
    20 * 60_000,
  );

  it(
    "a Python module that cannot be imported → its package is taken from the builder's virtualenv",
    async () => {
      // the app imports pkg_resources; the candidate below is the virtualenv without setuptools (an aggressive variant)
      const got = await run("python-module", {
        rewrite: (t) =>
          t.replace(
            'ENV PATH="/opt/venv/bin:$PATH"\n',
            'ENV PATH="/opt/venv/bin:$PATH"\nRUN rm -rf /opt/venv/lib/python3.11/site-packages/pkg_resources /opt/venv/lib/python3.11/site-packages/setuptools*\n',
          ),
      });
      expectRepaired(got);
      expect(got.repairs[0]).toMatchObject({
        kind: "python-module",
        subject: "pkg_resources",
        evidence: "ModuleNotFoundError: No module named 'pkg_resources'",
        action: { type: "copy-from-builder", path: "/opt/venv/lib/python3.11/site-packages/pkg_resources" },
      });
      expect(dockerfileOf(got)).toContain(
        "COPY --from=builder /opt/venv/lib/python3.11/site-packages/pkg_resources /opt/venv/lib/python3.11/site-packages/pkg_resources",
      );
    },
    20 * 60_000,
  );

  it(
    "a Node module that cannot be found → the builder keeps the dev dependency",
    async () => {
      // index.js requires the plugins config.json names; left-pad is a dev dependency, which the conversion pruned
      // the stand-in node:18-slim brings -dev packages the official image does not have (see knowledgeWithBase)
      const knowledge = knowledgeWithBase("node:18-slim");
      const got = await run("node-module", { knowledge });
      expectRepaired(got);
      expect(got.repairs).toHaveLength(1);
      expect(got.repairs[0]).toMatchObject({
        kind: "node-module",
        subject: "left-pad",
        evidence: "Error: Cannot find module 'left-pad'",
        action: { type: "keep-dev-dependencies" },
      });
      expect(dockerfileOf(got)).not.toContain("npm prune");
    },
    20 * 60_000,
  );
});
