// The search's Java runtime (issue 11) on the engine, stand-in images only, host network:
// - a server on the JDK's own HTTP server (module jdk.httpserver) ends on a jlink runtime on the original's own
//   Debian slim base, at most half the JRE conversion's size, and answers the same;
// - an app that loads a java.sql class by a name from its configuration (nothing jdeps can see) fails on the jlink
//   runtime with ClassNotFoundException; the repair finds the class's module in the original's JDK (jimage), adds it
//   to the jlink step, and the candidate verifies.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { searchToText } from "../../src/report/search.js";
import { DOCKER, describeWithEngine } from "../support/engine.js";
import { fixtureDir, searchFixture } from "../support/search.js";

const docker = (...args: string[]) => spawnSync(DOCKER, args, { encoding: "utf8" });
const search = (name: string, probes: string[]) => searchFixture(fixtureDir("search", name), { probes });

describeWithEngine("convert --verify tries a jlink runtime for Java", () => {
  it(
    "an HTTP server on jdk.httpserver ends on a jlink runtime, at most half the JRE conversion's size",
    async () => {
      const { r } = await search("java-http-server", ["http:8098/health", "http:8098/quotes/hoare", "http:8098/quotes/nobody"]);
      const chosen = r.attempts[r.chosen!]!;
      expect(chosen.candidate).toMatch(/^java-runtime:jlink/);
      expect(chosen.verdict).toBe("pass");
      const conservative = r.attempts.find((a) => a.candidate === "conservative")!;
      expect(conservative.sizeBytes).toBeGreaterThan(0);
      expect(chosen.sizeBytes!).toBeLessThanOrEqual(conservative.sizeBytes! / 2);
      const text = r.result.status === "converted" ? r.result.dockerfile : "";
      // the runtime is made from what jdeps read in the jar, on the original's own release
      expect(text).toMatch(/^FROM debian:bookworm-slim$/m);
      expect(text).toContain("jdeps --ignore-missing-deps --print-module-deps");
      expect(text).toContain("/srv/quotes/quotes.jar");
      // the modules jdeps found: the HTTP server's module is in the runtime, java.sql and java.desktop are not
      const image = r.report!.candidate.imageId!;
      const modules = docker("run", "--rm", "--network", "host", "--entrypoint", "java", image, "--list-modules");
      expect(modules.status).toBe(0);
      const names = modules.stdout.split("\n").map((l) => l.split("@")[0]);
      expect(names).toContain("jdk.httpserver");
      expect(names).toContain("java.base");
      expect(names).not.toContain("java.sql");
      expect(names).not.toContain("java.desktop");
      // no JDK tool in the final image, and the linkage check found nothing missing
      expect(docker("run", "--rm", "--network", "host", "--entrypoint", "sh", image, "-c", "command -v javac || echo none").stdout.trim()).toBe("none");
      expect(r.report!.findings.filter((f) => f.kind === "missing-library")).toEqual([]);
    },
    20 * 60_000,
  );

  it(
    "an app that loads a class by a configured name: the jlink runtime misses its module, the repair adds it (java.sql)",
    async () => {
      const { r } = await search("java-reflection-config", ["default:60"]);
      const chosen = r.attempts[r.chosen!]!;
      expect(chosen.candidate).toMatch(/^java-runtime:jlink/);
      // the first verification failed with the class jdeps could not see; the repair named its module
      const repairs = chosen.repairs!.repairs;
      const moduleRepair = repairs.find((x) => x.kind === "java-module")!;
      expect(moduleRepair).toMatchObject({ subject: "java.sql.Date", action: { type: "jlink-module", module: "java.sql" } });
      expect(moduleRepair.evidence).toContain("ClassNotFoundException: java.sql.Date");
      // report.properties, read at start, is not a copy "in case": where it was left out, the repair took it back
      if (chosen.candidate.includes("context-copies:dropped")) expect(repairs.map((x) => x.subject)).toContain("/opt/report/report.properties");
      const text = r.result.status === "converted" ? r.result.dockerfile : "";
      expect(text).toContain('jlink --add-modules "$modules,java.sql"');
      expect(text).toContain("# slimstage repair: ");
      const image = r.report!.candidate.imageId!;
      const modules = docker("run", "--rm", "--network", "host", "--entrypoint", "java", image, "--list-modules").stdout;
      expect(modules).toMatch(/^java\.sql@/m);
      expect(docker("run", "--rm", "--network", "host", image).stdout).toBe("report for 2026-12-03 (java.sql.Date)\n");
      expect(searchToText(r)).toMatch(/java-runtime:jlink\S* +\d+ MB +✔ chosen/);
    },
    20 * 60_000,
  );
});
