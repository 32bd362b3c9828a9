// The search's Node build caches (issue 11) on the engine, stand-in images only, host network: a TypeScript app whose
// incremental build keeps its tsbuildinfo in node_modules/.cache ends on the candidate without the caches, which
// behaves the same and no longer has them.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { convertAndSearch } from "../../src/convert-verify/search.js";
import { createEngine } from "../../src/engine/index.js";
import { defaultKnowledge, parseProbe, type PackageKnowledge } from "../../src/verify/index.js";
import { describeWithEngine } from "../support/engine.js";
import { REPO_ROOT } from "../support/shared.js";

const DOCKER = process.env.SLIMSTAGE_DOCKER ?? "/usr/bin/docker";

describeWithEngine("convert --verify leaves a Node build's caches out", () => {
  it(
    "a TypeScript build's node_modules/.cache is removed in the builder, and the app still runs",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "slimstage-search-node-"));
      cpSync(join(REPO_ROOT, "test", "fixtures", "search", "node-build-cache"), dir, { recursive: true });
      const text = readFileSync(join(dir, "Dockerfile"), "utf8");
      // the stand-in node:18-slim is made from Debian's nodejs and npm, which bring -dev packages (libnode-dev …)
      // the official image does not have; what the runtime base itself ships is not the conversion's doing
      const base = new Set(
        execFileSync(DOCKER, ["run", "--rm", "--network", "host", "--entrypoint", "dpkg-query", "node:18-slim", "-W", "-f", "${Package}\\n"], {
          encoding: "utf8",
        }).split("\n"),
      );
      const knowledge: PackageKnowledge = {
        ...defaultKnowledge,
        classify: (name, family, o) => (base.has(name) ? { class: "other" } : defaultKnowledge.classify(name, family, o)),
      };
      const r = await convertAndSearch(createEngine(), {
        dockerfile: { text, name: "Dockerfile", path: join(dir, "Dockerfile") },
        context: dir,
        convert: {
          context: {
            read: (p) => {
              try {
                return readFileSync(join(dir, p), "utf8");
              } catch {
                return undefined;
              }
            },
          },
        },
        probes: [parseProbe("default:60")],
        network: "host",
        knowledge,
      });
      expect(r.attempts.map((a) => [a.candidate, a.verdict])).toEqual([
        ["node-cache:dropped", "pass"],
        ["conservative", "skipped"],
      ]);
      const [chosen, conservative] = r.attempts;
      expect(chosen!.sizeBytes!).toBeLessThan(conservative!.sizeBytes!);
      const written = r.result.status === "converted" ? r.result.dockerfile : "";
      expect(written).toContain("RUN cd /usr/src/app && rm -rf node_modules/.cache .next/cache .npm\n");
      const image = r.report!.candidate.imageId!;
      const ls = (img: string) =>
        spawnSync(DOCKER, ["run", "--rm", "--network", "host", "--entrypoint", "sh", img, "-c", "ls node_modules/.cache 2>&1; ls node_modules"], {
          encoding: "utf8",
        }).stdout;
      // the original kept the tsbuildinfo; the chosen image has no cache, and commander is still there
      const original = r.report!.original.imageId!;
      expect(ls(original)).toContain("tsc");
      const after = ls(image);
      expect(after).toMatch(/node_modules\/\.cache'?: No such file or directory/);
      expect(after).toContain("commander");
    },
    20 * 60_000,
  );
});
