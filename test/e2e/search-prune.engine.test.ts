// The search's python-prune variant (issue 11) on the engine, stand-in images only, host network:
// - an app whose installed package ships its test suite: the most aggressive candidate (the virtualenv without its
//   packaging tools, byte-code and test suites) verifies and is chosen; its image has neither, keeps the app's own
//   tests/ directory, and is smaller than the conservative conversion;
// - an app that runs its package's own smoke test at start (it imports ledger.tests): every pruned candidate fails
//   with the ModuleNotFoundError in the attempts table, and the search ends on one that keeps the test suites.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { createEngine } from "../../src/engine/index.js";
import { searchToText } from "../../src/report/search.js";
import { DOCKER, describeWithEngine } from "../support/engine.js";
import { copyFixture, fixtureDir, searchFixture } from "../support/search.js";

const search = (fixture: string) => {
  const dir = copyFixture(fixtureDir("search", fixture));
  return { dir, run: async () => (await searchFixture(dir, { copy: false })).r };
};
/** Paths a `find` prints in a fresh container of the image. */
const found = (image: string, ...args: string[]) => {
  const r = spawnSync(DOCKER, ["run", "--rm", "--network", "host", "--entrypoint", "find", image, ...args], { encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter(Boolean).sort();
};

describeWithEngine("convert --verify's search leaves byte-code and test suites of installed packages out where that verifies", () => {
  it(
    "an app that does not need them ends on the pruned candidate, smaller, without test suites or byte-code in the virtualenv",
    async () => {
      const { dir, run } = search("python-prune-tests");
      const r = await run();
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["python-venv:no-packaging+python-prune:bytecode-and-tests", "pass"],
        ["python-venv:no-packaging+python-prune:tests", "skipped"],
        ["python-venv:no-pip+python-prune:bytecode-and-tests", "skipped"],
        ["python-venv:no-pip+python-prune:tests", "skipped"],
        ["python-venv:no-packaging", "skipped"],
        ["python-venv:no-pip", "skipped"],
        ["python-prune:bytecode-and-tests", "skipped"],
        ["python-prune:tests", "skipped"],
        ["conservative", "skipped"],
      ]);
      expect(r.attempts[1]!.reason).toBe("python-venv:no-packaging+python-prune:bytecode-and-tests verified and keeps less");
      const chosen = r.attempts[r.chosen!]!;
      const conservative = r.attempts.at(-1)!;
      expect(chosen.candidate).toBe("python-venv:no-packaging+python-prune:bytecode-and-tests");
      expect(r.report?.verdict).toBe("pass");
      expect(chosen.sizeBytes!).toBeLessThan(conservative.sizeBytes!);
      expect(chosen.dockerfile).toContain("# slimstage search: the installed packages' byte-code and test suites may not be needed at run time\n");

      // the chosen image: no test suite or byte-code among the installed packages, the app's own tests kept
      const engine = createEngine();
      const tag = (name: string) => `prune-e2e-${name}:${process.pid}`;
      const build = async (name: string, text: string) => {
        const built = await engine.build({ context: dir, dockerfile: { text }, network: "host", tags: [tag(name)] });
        return built.imageId;
      };
      try {
        const pruned = await build("chosen", chosen.dockerfile!);
        const kept = await build("conservative", conservative.dockerfile!);
        const suites = (image: string) => found(image, "/opt/venv", "-type", "d", "(", "-name", "tests", "-o", "-name", "__pycache__", ")");
        expect(suites(pruned)).toEqual([]);
        const before = suites(kept);
        expect(before).toContain("/opt/venv/lib/python3.11/site-packages/ledger/tests");
        expect(before.filter((p) => p.endsWith("__pycache__")).length).toBeGreaterThan(10);
        expect(found(pruned, "/app/tests", "-name", "test_app.py")).toEqual(["/app/tests/test_app.py"]);
        // the Python package itself is all there: its modules and the suite's sources are gone only below tests/
        expect(found(pruned, "/opt/venv/lib/python3.11/site-packages/ledger")).toEqual([
          "/opt/venv/lib/python3.11/site-packages/ledger",
          "/opt/venv/lib/python3.11/site-packages/ledger/__init__.py",
        ]);
        console.log(
          `[search-prune] ${(chosen.sizeBytes! / 1e6).toFixed(1)} MB chosen, ${(conservative.sizeBytes! / 1e6).toFixed(1)} MB conservative, ${(r.durationMs / 1000).toFixed(0)}s`,
        );
      } finally {
        spawnSync(DOCKER, ["rmi", "--force", tag("chosen"), tag("conservative")], { stdio: "ignore" });
      }
    },
    20 * 60_000,
  );

  it(
    "an app that imports its package's tests at start keeps them: the first pruned candidate fails and blames the pruning, with the reason in the table",
    async () => {
      const { run } = search("python-prune-self-test");
      const r = await run();
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["python-venv:no-packaging+python-prune:bytecode-and-tests", "fail"],
        ["python-venv:no-packaging+python-prune:tests", "skipped"],
        ["python-venv:no-pip+python-prune:bytecode-and-tests", "skipped"],
        ["python-venv:no-pip+python-prune:tests", "skipped"],
        ["python-venv:no-packaging", "pass"],
        ["python-venv:no-pip", "skipped"],
        ["python-prune:bytecode-and-tests", "skipped"],
        ["python-prune:tests", "skipped"],
        ["conservative", "skipped"],
      ]);
      // the first failure blames the deleted test suites (both levels delete them): no other pruned candidate is tried
      expect(r.attempts[0]!.reason).toMatch(/No module named 'ledger.tests'/);
      for (const a of r.attempts.slice(1, 4))
        expect(a.reason).toMatch(/^python-prune:(bytecode-and-)?tests explains why .* failed \(.*No module named 'ledger.tests'/);
      expect(r.attempts[r.chosen!]!.candidate).toBe("python-venv:no-packaging");
      expect(r.result.status === "converted" && r.result.dockerfile).not.toContain("-name tests");
      expect(searchToText(r)).toMatch(/python-venv:no-packaging\+python-prune:bytecode-and-tests +\d+ MB +✘ fail .*No module named 'ledger.tests'/);
    },
    30 * 60_000,
  );
});
