// The decline registry (src/convert/declines/registry.ts) against the code and the docs: every id has Dockerfiles
// that end in it and near misses that convert (its `cases`), docs/declines.md is the generated page
// (SLIMSTAGE_UPDATE_GOLDEN=1 rewrites it), and every id is set somewhere in src/convert.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { convertDockerfileSync } from "../../src/convert/convert.js";
import { type Case, DECLINE_KINDS, NOTHING_TO_GAIN_KINDS } from "../../src/convert/declines/registry.js";
import { renderDeclinesDoc } from "../../src/convert/declines/doc.js";
import type { ConvertResult } from "../../src/convert/types.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { REPO_ROOT } from "../support/shared.js";

beforeAll(loadShellParser);

function run(k: Case): ConvertResult {
  const files = k.context;
  return convertDockerfileSync(parseDockerfile(k.dockerfile, { file: "Dockerfile" }), {
    ...k.opts,
    ...(files ? { context: { read: (p) => files[p.replace(/^\.\//, "")] } } : {}),
  });
}

const ids = (r: ConvertResult): string[] => (r.status === "declined" ? r.declines.map((d) => d.id) : r.status === "nothing-to-gain" ? r.reasonIds : []);
const show = (r: ConvertResult) =>
  `${r.status} ${JSON.stringify(r.status === "declined" ? r.declines.map((d) => `${d.id}: ${d.reason}`) : r.status === "nothing-to-gain" ? r.reasonIds : r.plan.ecosystem)}`;

describe("decline ids", () => {
  const all = [...DECLINE_KINDS.map((k) => ({ ...k, lean: false })), ...NOTHING_TO_GAIN_KINDS.map((k) => ({ ...k, lean: true }))];

  it("are unique kebab-case ids, each with a summary, a hint and a doc paragraph", () => {
    expect(new Set(all.map((k) => k.id)).size).toBe(all.length);
    for (const k of all) {
      expect(k.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(k.summary.length && k.hint.length && k.doc.length, k.id).toBeTruthy();
    }
  });

  it("each have at least one case and one near miss", () => {
    for (const k of all) {
      expect(k.cases.hits.length, `${k.id}: no case`).toBeGreaterThan(0);
      expect(k.cases.nearMisses.length, `${k.id}: no near miss`).toBeGreaterThan(0);
    }
  });

  describe.each(all.map((k) => [k.id, k] as const))("%s", (id, { lean, cases }) => {
    it.each(cases.hits.map((k, i) => [i + 1, k] as const))("case %i ends in it", (_i, k) => {
      const r = run(k);
      expect(r.status, show(r)).toBe(lean ? "nothing-to-gain" : "declined");
      expect(ids(r), show(r)).toContain(id);
      if (r.status === "declined") for (const d of r.declines) expect(d.reason.length && d.hint.length).toBeTruthy();
    });
    it.each(cases.nearMisses.map((k, i) => [i + 1, k] as const))("near miss %i converts", (_i, k) => {
      const r = run(k);
      expect(r.status, show(r)).toBe("converted");
    });
  });

  it("are each set by the code in src/convert (no id only the registry knows)", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.includes("/declines/")) files.push(p);
      }
    };
    walk(join(REPO_ROOT, "src", "convert"));
    const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
    for (const k of all) expect(text.includes(`"${k.id}"`), `${k.id} is never set in src/convert`).toBe(true);
  });

  it("docs/declines.md is generated from the registry, with a section per id", () => {
    const path = join(REPO_ROOT, "docs", "declines.md");
    const want = renderDeclinesDoc();
    for (const k of all) expect(want).toContain(`### \`${k.id}\``);
    const have = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (have !== want && process.env.SLIMSTAGE_UPDATE_GOLDEN === "1") writeFileSync(path, want);
    else expect(have, `${path} is out of date: run SLIMSTAGE_UPDATE_GOLDEN=1 npx vitest run test/convert/declines.test.ts`).toBe(want);
  });
});
