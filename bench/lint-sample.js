// Draws the seeded random sample of lint findings that docs/lint-precision.md reviews:
// `node bench/lint-sample.js [--seed N] [--per-rule K] [--config FILE] [--only RULE]… [CORPUS_DIR]` (after
// `npm run build`; --config reads a .slimstage.yaml/.hadolint.yaml, e.g. a label schema, --only selects rules).
// Lints every file of the corpus in one process, then picks up to K findings per rule (all when fewer) with a
// seeded PRNG, and prints each with the lines it points at, for a reviewer to mark true or false positive.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { configOptions, parseConfig } from "../dist/lint/config.js";
import { lintDockerfile } from "../dist/lint/lint.js";
import { parseDockerfile } from "../dist/syntax/index.js";
import { repoRoot } from "./lib.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: "string", default: "20261203" },
    "per-rule": { type: "string", default: "4" },
    config: { type: "string" },
    only: { type: "string", multiple: true },
  },
});
const options = {
  ...(values.config ? configOptions(parseConfig(readFileSync(values.config, "utf8"), values.config)) : {}),
  ...(values.only?.length ? { only: values.only } : {}),
};
const dir = positionals[0] ?? join(repoRoot, "..", "shared", "corpus", "real");
const perRule = Number(values["per-rule"]);

// mulberry32: a small seeded PRNG, so the sample can be drawn again; one stream per rule (seed + the rule id),
// so a change in one rule's findings does not change the sample of another
let state = 0;
const seedFor = (rule) => [...rule].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, Number(values.seed) >>> 0);
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const files = readdirSync(dir)
  .filter((f) => f !== "INDEX.tsv")
  .sort();
const byRule = new Map();
for (const f of files) {
  const text = readFileSync(join(dir, f), "utf8");
  let findings;
  try {
    findings = await lintDockerfile(parseDockerfile(text, { file: f }), options);
  } catch (e) {
    findings = [{ ruleId: "crash", message: String(e), range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }];
  }
  for (const x of findings) {
    if (!byRule.has(x.ruleId)) byRule.set(x.ruleId, []);
    byRule.get(x.ruleId).push({ file: f, text, finding: x });
  }
}
let n = 0;
for (const [rule, all] of [...byRule].sort((a, b) => a[0].localeCompare(b[0]))) {
  state = seedFor(rule);
  const pool = [...all];
  const picked = [];
  while (picked.length < perRule && pool.length) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  console.log(`\n## ${rule} (${all.length} findings, ${picked.length} sampled)`);
  for (const { file, text, finding: f } of picked) {
    n++;
    const lines = text.split("\n");
    const { start, end } = f.range;
    console.log(`\n[${n}] ${file}:${start.line}:${start.column} — ${f.message}`);
    for (let l = Math.max(1, start.line - 1); l <= Math.min(lines.length, Math.max(end.line, start.line) + 1, start.line + 8); l++)
      console.log(`  ${String(l).padStart(4)}| ${lines[l - 1]}`);
  }
}
console.log(`\n${n} findings sampled from ${files.length} files`);
