// Which variant a failed candidate's output blames (Variant.explains): the search skips later candidates with it.
import { describe, expect, it } from "vitest";
import { convertDockerfile } from "../../convert/index.js";
import { parseDockerfile } from "../../syntax/index.js";
import { failureOutput } from "../search.js";
import type { VerifyReport } from "../../verify/index.js";
import { removedPackagingTool } from "./python-venv.js";
import { variantsFor, type Converted, type Variant } from "./index.js";

const FLASK = `FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["gunicorn", "app:app"]
`;

async function variants(): Promise<Map<string, Variant>> {
  const r = await convertDockerfile(parseDockerfile(FLASK, { file: "Dockerfile" }), {
    context: { read: (p) => (p === "requirements.txt" ? "flask\ngunicorn\n" : undefined) },
  });
  if (r.status !== "converted") throw new Error(r.status);
  const all = variantsFor({ result: r as Converted, originalText: FLASK, facts: { goSourcesRead: false, cgoFiles: [] } }).flat();
  return new Map(all.map((v) => [v.id, v]));
}

// captured on the engine (stand-in python:3.11-slim, the search fixtures)
const PKG_RESOURCES = `Traceback (most recent call last):
  File "/opt/venv/bin/gunicorn", line 5, in <module>
    from gunicorn.app.wsgiapp import run
ModuleNotFoundError: No module named 'pkg_resources'`;
const PIP_SUBPROCESS = `subprocess.CalledProcessError: Command '['/opt/venv/bin/python', '-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check']' returned non-zero exit status 1.`;
const PIP_DASH_M = "/opt/venv/bin/python: No module named pip";
const OWN_TESTS = "ModuleNotFoundError: No module named 'ledger.tests'";

describe("a failure explained by the variant that caused it", () => {
  it("the virtualenv without setuptools explains pkg_resources; without pip, only pip's absence", async () => {
    const v = await variants();
    const noPackaging = v.get("python-venv:no-packaging")!;
    const noPip = v.get("python-venv:no-pip")!;
    expect(noPackaging.explains!(PKG_RESOURCES)).toBe(
      "ModuleNotFoundError: No module named 'pkg_resources': the virtualenv without pip, setuptools, wheel lacks it",
    );
    expect(noPip.explains!(PKG_RESOURCES)).toBeUndefined();
    for (const out of [PIP_SUBPROCESS, PIP_DASH_M, "sh: 1: pip: not found"]) {
      expect(noPackaging.explains!(out)).toBeDefined();
      expect(noPip.explains!(out)).toBeDefined();
    }
    // another module missing, or a command that is not pip's, is not theirs to explain
    expect(noPackaging.explains!("ModuleNotFoundError: No module named 'flask'")).toBeUndefined();
    expect(noPip.explains!("sh: 1: jq: not found")).toBeUndefined();
    expect(removedPackagingTool("Command '['ls', '-m']' returned non-zero exit status 2.", ["pip"])).toBeUndefined();
  });

  it("deleting test suites explains an import of a package's tests, and nothing else", async () => {
    const v = await variants();
    for (const id of ["python-prune:bytecode-and-tests", "python-prune:tests"]) {
      expect(v.get(id)!.explains!(OWN_TESTS)).toBe(`${OWN_TESTS}: its test suite was deleted`);
      expect(v.get(id)!.explains!(PKG_RESOURCES)).toBeUndefined();
    }
  });

  it("the output of a failed verification: what the failing probes printed, and the error findings", () => {
    const report = {
      verdict: "fail",
      original: { dockerfile: "a" },
      candidate: { dockerfile: "b" },
      probes: [
        { probe: "default", match: false, candidate: { stderr: PKG_RESOURCES, stdout: "" } },
        { probe: "cmd:x", match: true, candidate: { stderr: "ignored: this probe matched", stdout: "" } },
      ],
      config: [],
      findings: [{ severity: "error", kind: "missing-library", subject: "libpq.so.5", message: "libpq.so.5 not found" }],
      durationMs: 1,
    } as unknown as VerifyReport;
    const out = failureOutput(report);
    expect(out).toContain("No module named 'pkg_resources'");
    expect(out).toContain("libpq.so.5 not found");
    expect(out).not.toContain("ignored");
  });
});
