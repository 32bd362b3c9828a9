// CPU profile of the parser: `node bench/profile.js [corpus|linear|graph] [--passes N] [--top N] [--out FILE]`.
// corpus: parseDockerfile over ../shared/corpus/real; linear: the 16 MB synthetic file; graph: parse + stageGraph on
// the corpus. Runs the in-process V8 sampling profiler (node:inspector) and prints where the time goes,
// mapped back to src/*.ts through the build's source maps: self time and inclusive time per function, plus the
// share spent in the garbage collector. `--out` also writes the raw profile for Chrome DevTools / speedscope.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

process.setSourceMapsEnabled(true); // before dist/ is imported, so findSourceMap can resolve its .js.map files

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    passes: { type: "string" },
    top: { type: "string", default: "20" },
    out: { type: "string" },
  },
});
const workload = positionals[0] ?? "corpus";
if (!["corpus", "linear", "graph"].includes(workload)) {
  process.stderr.write(`profile: unknown workload "${workload}" (corpus, linear or graph)\n`);
  process.exit(2);
}

const { parseDockerfile, stageGraph } = await import("../dist/index.js");
const { loadCorpus, MB } = await import("./lib.js");
const { generateDockerfile } = await import("./synthetic.js");

let texts;
let passes;
if (workload === "corpus" || workload === "graph") {
  const corpus = loadCorpus();
  if (!corpus) {
    process.stderr.write("profile: ../shared/corpus/real is absent; try `linear`\n");
    process.exit(2);
  }
  texts = corpus.files.map((f) => f.text);
  passes = Number(values.passes ?? (workload === "graph" ? 10 : 40));
} else {
  texts = [generateDockerfile(16 * MB).text];
  passes = Number(values.passes ?? 6);
}
const bytes = texts.reduce((n, t) => n + t.length, 0);

const work = workload === "graph" ? (t) => stageGraph(parseDockerfile(t)) : (t) => parseDockerfile(t);
// Warm up outside the profile so it shows steady state, not the JIT's first compilations.
for (let i = 0; i < 3; i++) for (const t of texts) work(t);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 }); // µs
await session.post("Profiler.start");
const t0 = performance.now();
for (let i = 0; i < passes; i++) for (const t of texts) work(t);
const wall = performance.now() - t0;
const { profile } = await session.post("Profiler.stop");
session.disconnect();
if (values.out) writeFileSync(values.out, JSON.stringify(profile));

// ---------------------------------------------------------------- aggregate

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

const keyCache = new Map();
function keyOf(node) {
  const cf = node.callFrame;
  const raw = `${cf.functionName}|${cf.url}|${cf.lineNumber}|${cf.columnNumber}`;
  let key = keyCache.get(raw);
  if (key) return key;
  const name = cf.functionName || "(anonymous)";
  let where = cf.url ? cf.url.replace(/^.*\/node_modules\//, "node_modules/") : "";
  if (cf.url.includes("/dist/")) {
    const map = findSourceMap(fileURLToPath(cf.url));
    const entry = map?.findEntry(cf.lineNumber, cf.columnNumber);
    if (entry && "originalSource" in entry && entry.originalSource) {
      const src = entry.originalSource.replace(/^.*\/(src\/)/, "$1");
      where = `${src}:${entry.originalLine + 1}`;
    } else {
      where = `${cf.url.replace(/^.*\/(dist\/)/, "$1")}:${cf.lineNumber + 1}`;
    }
  } else if (where.startsWith("file://")) {
    where = `${where.replace(/^.*\/(bench\/)/, "$1")}:${cf.lineNumber + 1}`;
  }
  key = where ? `${name} ${where}` : name;
  keyCache.set(raw, key);
  return key;
}

const selfUs = new Map();
const inclUs = new Map();
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  totalUs += dt;
  let id = profile.samples[i];
  const leaf = keyOf(nodes.get(id));
  selfUs.set(leaf, (selfUs.get(leaf) ?? 0) + dt);
  const seen = new Set(); // recursion must count once per sample
  while (id !== undefined) {
    const k = keyOf(nodes.get(id));
    if (!seen.has(k)) {
      seen.add(k);
      inclUs.set(k, (inclUs.get(k) ?? 0) + dt);
    }
    id = parentOf.get(id);
  }
}

const top = Number(values.top);
const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const out = [];
out.push(
  `workload ${workload}: ${texts.length} file(s), ${(bytes / MB).toFixed(2)} MB × ${passes} passes = ` +
    `${((bytes * passes) / MB).toFixed(1)} MB in ${wall.toFixed(0)} ms wall (${((bytes * passes) / MB / (wall / 1000)).toFixed(1)} MB/s under the profiler)`,
);
out.push(`profiled ${ms(totalUs).trim()}; garbage collector ${pct(selfUs.get("(garbage collector)") ?? 0).trim()}`);
out.push("", "self time (top functions):");
for (const [k, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${ms(us)} ${pct(us)}  ${k}`);
out.push("", "inclusive time, functions in src/:");
for (const [k, us] of [...inclUs]
  .filter(([k]) => / src\//.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  out.push(`${ms(us)} ${pct(us)}  ${k}`);
}
process.stdout.write(`${out.join("\n")}\n`);
