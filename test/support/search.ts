// Shared by the engine tests of the search (test/e2e/search*.engine.test.ts): a fixture copied to a temporary
// directory, searched with convertAndSearch on the host network, and the package knowledge for a stand-in base.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { directoryContext } from "../../src/cli/context-dir.js";
import { convertAndSearch, type ConvertAndSearchRequest, type SearchResult } from "../../src/convert-verify/search.js";
import { createEngine } from "../../src/engine/index.js";
import { defaultKnowledge, parseProbe, type PackageKnowledge } from "../../src/verify/index.js";
import { DOCKER } from "./engine.js";
import { REPO_ROOT } from "./shared.js";

/** test/fixtures/<group>/<name> */
export const fixtureDir = (group: "search" | "convert", name: string) => join(REPO_ROOT, "test", "fixtures", group, name);

/** A copy of a fixture directory in a fresh temporary directory (the search writes nothing there, a test may). */
export function copyFixture(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), "slimstage-search-"));
  cpSync(from, dir, { recursive: true });
  return dir;
}

export interface SearchedFixture {
  dir: string;
  r: SearchResult;
}

/**
 * Searches the Dockerfile of a fixture, copied first unless `copy: false` (a directory the test copied itself), with
 * the given probes (default: the start command, up to a minute).
 */
export async function searchFixture(
  from: string,
  opts: { probes?: string[]; copy?: boolean } & Pick<ConvertAndSearchRequest, "knowledge" | "budget" | "allowConfig"> = {},
): Promise<SearchedFixture> {
  const { probes = ["default:60"], copy = true, ...rest } = opts;
  const dir = copy ? copyFixture(from) : from;
  const text = readFileSync(join(dir, "Dockerfile"), "utf8");
  const r = await convertAndSearch(createEngine(), {
    dockerfile: { text, name: "Dockerfile", path: join(dir, "Dockerfile") },
    context: dir,
    convert: { context: directoryContext(dir) },
    probes: probes.map((p) => parseProbe(p)),
    network: "host",
    ...rest,
  });
  return { dir, r };
}

/**
 * The project's knowledge, except that packages the runtime base image itself ships are not build-only: the stand-in
 * node:18-slim is made from Debian's nodejs and npm, which bring -dev packages (libnode-dev …) the official image does
 * not have, and what the base ships is not the conversion's doing.
 */
export function knowledgeWithBase(image: string): PackageKnowledge {
  const base = new Set(
    execFileSync(DOCKER, ["run", "--rm", "--network", "host", "--entrypoint", "dpkg-query", image, "-W", "-f", "${Package}\\n"], { encoding: "utf8" }).split(
      "\n",
    ),
  );
  return { ...defaultKnowledge, classify: (name, family, o) => (base.has(name) ? { class: "other" } : defaultKnowledge.classify(name, family, o)) };
}
