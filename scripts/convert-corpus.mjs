#!/usr/bin/env node
// Corpus tally for `slimstage convert`: converts every Dockerfile of the real-world corpus with the compiled
// library in dist/ and reports how many were converted, had nothing to gain or were declined, why they were
// declined (grouped by pattern), which ecosystems the conversions belong to, whether every converted output is a
// valid multi-stage Dockerfile, and how long each conversion took. A converter exception never stops the run: it is
// a result of its own ("crash"), as is a corpus file that does not parse ("input error").
//
//   node scripts/convert-corpus.mjs [--corpus DIR] [--json | --markdown] [--top N] [--out DIR]
//
// Exit code: 0 when nothing crashed and every converted output passed its checks, 1 otherwise, 2 on usage errors.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_CORPUS = join(process.env.SLIMSTAGE_SHARED ?? resolve(REPO, "../shared"), "corpus", "real");

const USAGE = `usage: node scripts/convert-corpus.mjs [--corpus DIR] [--json | --markdown] [--top N] [--out DIR]
  --corpus DIR  directory of Dockerfiles (default: ../shared/corpus/real; INDEX.tsv and dot files are skipped)
  --json        one JSON document: the summary and a record per file
  --markdown    the tables used in docs/convert-corpus.md
  --top N       how many decline patterns to list (default 15; 0 = all)
  --out DIR     also write each converted Dockerfile to DIR/<file> for review
needs the compiled library: run \`npm run build\` first.`;

/** The result buckets, in report order. */
export const STATUSES = ["converted", "nothing-to-gain", "declined", "crash", "input-error"];

/**
 * The pattern of a decline reason: line numbers, stage names, variables, image names, users, programs and versions
 * replaced by placeholders, so that reasons written by the same rule group together.
 */
export function reasonPattern(reason) {
  return reason
    .replace(/\blines? \d+(?:(?:\s*[-–,]\s*|\s+and\s+)\d+)*/g, "line N")
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(?:, \$\{?[A-Za-z_][A-Za-z0-9_]*\}?)*/g, "$VAR")
    .replace(/\bon stage [^\s;,]+/g, "on stage NAME")
    .replace(/\bcounterpart for \S+/g, "counterpart for IMAGE")
    .replace(/\bas user [^\s,;]+/g, "as user NAME")
    .replace(/\bwhere `[^`]+` comes from\b/g, "where `PROGRAM` comes from")
    .replace(/\bwhen it starts \([^)]*\)/g, "when it starts (PROGRAM)")
    .replace(/\(([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/|[a-z0-9._-]+[:/@])[^)\s]*\)/gi, "(IMAGE)")
    .replace(/\bbut (\S+[:/@]\S*) has\b/g, "but IMAGE has")
    .replace(/\bin ([a-z0-9.-]+(?:[:/@])\S*)$/gi, "in IMAGE")
    .replace(/\b\d+(?:\.\d+)+\b/g, "V");
}

/** Counts how often each key occurs, most frequent first (ties by key, for stable output). */
export function countBy(items, key) {
  const counts = new Map();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

/** The corpus files to convert, sorted. */
export function corpusFiles(dir) {
  return readdirSync(dir)
    .filter((f) => f !== "INDEX.tsv" && !f.startsWith("."))
    .sort();
}

/**
 * Checks a converted Dockerfile: it parses and prints back unchanged, has at least two FROM lines, a builder stage
 * on the original base, a final stage on the planned base that takes something from the builder, and no
 * package the plan removed. Returns the violations (empty when all is well).
 */
export function checkConverted(lib, file, dockerfile, plan) {
  const { parseDockerfile, printDockerfile, analyzeDockerfileSync } = lib;
  let tree;
  try {
    tree = parseDockerfile(dockerfile, { file });
  } catch (e) {
    return [`output does not parse: ${e instanceof Error ? e.message : String(e)}`];
  }
  const problems = [];
  if (printDockerfile(tree) !== dockerfile) problems.push("output does not print back byte for byte");
  const froms = tree.instructions.filter((i) => i.name === "from").length;
  if (froms < 2) problems.push(`output has ${froms} FROM line(s), expected at least 2`);
  let analysis;
  try {
    analysis = analyzeDockerfileSync(tree);
  } catch (e) {
    problems.push(`output cannot be analysed: ${e instanceof Error ? e.message : String(e)}`);
    return problems;
  }
  const { stages, graph } = analysis;
  const final = stages[analysis.final];
  const builder = stages.find((s) => s.name?.toLowerCase() === plan.builderName.toLowerCase());
  if (!builder) problems.push(`no stage named ${plan.builderName}`);
  else if (builder.baseName !== plan.builderBase) problems.push(`builder stage is FROM ${builder.baseName}, the plan says ${plan.builderBase}`);
  if (final.baseName !== plan.finalBase) problems.push(`final stage is FROM ${final.baseName}, the plan says ${plan.finalBase}`);
  if (builder && builder !== final && !graph.edges.some((e) => e.to === final.index && e.from === builder.index)) {
    problems.push("the final stage takes nothing from the builder");
  }
  const leaked = plan.removedPackages.filter((p) => final.packages.some((q) => q.name === p));
  if (leaked.length) problems.push(`the final stage installs build-only package(s) the plan removed: ${leaked.join(", ")}`);
  return problems;
}

const RUNTIME_FIELDS = ["workdir", "user", "expose", "volumes", "entrypoint", "cmd", "healthcheck", "labels", "stopsignal", "shell"];

/**
 * Signs that a conversion that passed the structural checks may still be wrong; each is worth a human look, none is
 * proof. Compares the input's final stage with the output's: runtime configuration (ENV apart from PATH and what the
 * converter adds), COPY --from of other stages or images that disappeared, package names that are shell expansions
 * (empty in a fresh RUN of the final stage), a whole system prefix copied across, duplicate artifacts, and a
 * conversion onto the same base that removes nothing.
 */
export function reviewFlags(lib, input, dockerfile, plan) {
  let output;
  try {
    output = lib.analyzeDockerfileSync(lib.parseDockerfile(dockerfile));
  } catch {
    return []; // checkConverted reports this
  }
  const flags = [];
  const before = input.stages[input.final].runtime;
  const after = output.stages[output.final].runtime;
  const changed = RUNTIME_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
  const envChanged = Object.keys(before.env).filter((k) => k !== "PATH" && before.env[k] !== after.env[k]);
  if (changed.length || envChanged.length) {
    flags.push(`runtime configuration differs: ${[...changed, ...envChanged.map((k) => `ENV ${k}`)].join(", ")}`);
  }
  const copies = (a) => {
    const g = a.graph;
    return g.edges
      .filter((e) => e.kind === "copy" && e.to === a.final)
      .map((e) => `${e.from !== undefined ? g.stages[e.from].id : e.external} ${(e.sources ?? []).join(" ")} ${e.dest ?? ""}`);
  };
  const kept = new Set(copies(output));
  const dropped = copies(input).filter((c) => !kept.has(c));
  if (dropped.length) flags.push(`COPY --from dropped from the final stage: ${dropped.join("; ")}`);
  const expansions = plan.runtimePackages.filter((p) => /[$`\s]/.test(p));
  if (expansions.length) flags.push(`runtime packages that are not package names: ${expansions.map((p) => JSON.stringify(p)).join(", ")}`);
  const wholesale = plan.artifacts.filter((a) => ["/", "/usr", "/usr/", "/opt", "/var"].includes(a.path));
  if (wholesale.length) flags.push(`a whole system prefix is copied from the builder: ${wholesale.map((a) => a.path).join(", ")}`);
  const paths = plan.artifacts.map((a) => `${a.path} → ${a.dest}`);
  const dupes = [...new Set(paths.filter((p, i) => paths.indexOf(p) !== i))];
  if (dupes.length) flags.push(`artifact copied more than once: ${dupes.join(", ")}`);
  if (plan.finalBase === plan.builderBase && plan.removedPackages.length === 0) flags.push("same base in both stages and no package removed");
  return flags;
}

/** Converts one corpus file; never throws. */
export function convertOne(lib, file, text, outDir) {
  const { parseDockerfile, convertDockerfileSync } = lib;
  let tree;
  try {
    tree = parseDockerfile(text, { file });
  } catch (e) {
    return { file, status: "input-error", ms: 0, message: e instanceof Error ? e.message : String(e) };
  }
  const t0 = performance.now();
  let result;
  try {
    result = convertDockerfileSync(tree);
  } catch (e) {
    const ms = performance.now() - t0;
    // a located DockerfileError is the input's fault (e.g. an unknown instruction the model rejects), not a crash
    if (e instanceof Error && e.name === "DockerfileError") return { file, status: "input-error", ms, message: e.message };
    const where = e instanceof Error ? (e.stack ?? "").split("\n").find((l) => l.includes("/dist/")) : undefined;
    return { file, status: "crash", ms, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), where: where?.trim() };
  }
  const ms = performance.now() - t0;
  const record = { file, status: result.status, ms };
  if (result.status === "converted") {
    record.ecosystem = result.plan.ecosystem;
    record.builderBase = result.plan.builderBase;
    record.finalBase = result.plan.finalBase;
    record.runtimePackages = result.plan.runtimePackages;
    record.removedPackages = result.plan.removedPackages;
    record.artifacts = result.plan.artifacts.map((a) => `${a.path} → ${a.dest}`);
    record.warnings = result.decisions.filter((d) => d.kind === "warning").map((d) => d.message);
    record.violations = checkConverted(lib, file, result.dockerfile, result.plan);
    record.flags = reviewFlags(lib, result.analysis, result.dockerfile, result.plan);
    if (outDir) writeFileSync(join(outDir, file), result.dockerfile);
  } else if (result.status === "nothing-to-gain") {
    record.reasons = result.reasons;
    record.reasonIds = result.reasonIds;
  } else {
    record.declines = result.declines.map((d) => ({ id: d.id, lines: d.lines, reason: d.reason, pattern: reasonPattern(d.reason), hint: d.hint }));
  }
  return record;
}

/** The summary of all records: tally, decline patterns, ecosystems, output checks and timing. */
export function summarize(records, top = 15) {
  const tally = Object.fromEntries(STATUSES.map((s) => [s, records.filter((r) => r.status === s).length]));
  const declined = records.filter((r) => r.status === "declined");
  // a file counts once per pattern, even when a pattern fires on several of its lines
  const perFilePatterns = declined.flatMap((r) => [...new Set(r.declines.map((d) => d.pattern))].map((pattern) => ({ pattern, file: r.file })));
  const patterns = countBy(perFilePatterns, (p) => p.pattern).map(([pattern, files]) => ({
    pattern,
    files,
    example: perFilePatterns.find((p) => p.pattern === pattern).file,
  }));
  // the reason that decided each file: its first decline
  const firstPatterns = countBy(declined, (r) => r.declines[0]?.pattern).map(([pattern, files]) => ({ pattern, files }));
  // declines by id (src/convert/declines/registry.ts): files with at least one, and files it decided (the first)
  const perFileIds = declined.flatMap((r) => [...new Set(r.declines.map((d) => d.id))].map((id) => ({ id, file: r.file })));
  const firstIds = new Map(countBy(declined, (r) => r.declines[0]?.id));
  const declineIds = countBy(perFileIds, (p) => p.id).map(([id, files]) => ({
    id,
    files,
    first: firstIds.get(id) ?? 0,
    example: perFileIds.find((p) => p.id === id).file,
  }));
  const nothingToGainIds = countBy(
    records.filter((r) => r.status === "nothing-to-gain").flatMap((r) => r.reasonIds ?? []),
    (id) => id,
  ).map(([id, files]) => ({ id, files }));
  const converted = records.filter((r) => r.status === "converted");
  const ecosystems = countBy(converted, (r) => r.ecosystem).map(([ecosystem, files]) => ({ ecosystem, files }));
  const violations = converted.filter((r) => r.violations.length).map((r) => ({ file: r.file, violations: r.violations }));
  const timed = records.filter((r) => r.status !== "input-error");
  const slowest = timed.reduce((a, b) => (b.ms > a.ms ? b : a), timed[0] ?? { file: "", ms: 0 });
  const sorted = timed.map((r) => r.ms).sort((a, b) => a - b);
  return {
    files: records.length,
    tally,
    declinePatterns: top > 0 ? patterns.slice(0, top) : patterns,
    declinePatternCount: patterns.length,
    firstDeclinePatterns: top > 0 ? firstPatterns.slice(0, top) : firstPatterns,
    declineIds,
    nothingToGainIds,
    ecosystems,
    checks: { checked: converted.length, failing: violations.length, violations },
    review: {
      flagged: converted.filter((r) => r.flags.length).length,
      kinds: countBy(
        converted.flatMap((r) => [...new Set(r.flags.map(flagKind))]),
        (k) => k,
      ).map(([kind, files]) => ({ kind, files })),
      files: converted.filter((r) => r.flags.length).map((r) => ({ file: r.file, ecosystem: r.ecosystem, flags: r.flags })),
    },
    warnings: converted.reduce((n, r) => n + r.warnings.length, 0),
    crashes: records.filter((r) => r.status === "crash").map((r) => ({ file: r.file, message: r.message, where: r.where })),
    inputErrors: records.filter((r) => r.status === "input-error").map((r) => ({ file: r.file, message: r.message })),
    timing: {
      totalMs: round(sorted.reduce((a, b) => a + b, 0)),
      medianMs: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      p95Ms: round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
      maxMs: round(slowest.ms),
      maxFile: slowest.file,
    },
  };
}

/** The kind of a review flag: its text before the first colon. */
function flagKind(flag) {
  return flag.split(":")[0];
}

function round(ms) {
  return Math.round(ms * 100) / 100;
}

function pct(n, total) {
  return total ? `${((100 * n) / total).toFixed(1)}%` : "–";
}

function mdCell(s) {
  return String(s).replace(/\|/g, "\\|");
}

/** The Markdown tables of docs/convert-corpus.md. */
export function renderMarkdown(s) {
  const out = [];
  out.push("| result | files | share |", "|---|---:|---:|");
  for (const st of STATUSES) out.push(`| ${st} | ${s.tally[st]} | ${pct(s.tally[st], s.files)} |`);
  out.push(`| **total** | **${s.files}** | |`, "");
  out.push("Converted, by ecosystem (`plan.ecosystem`):", "", "| ecosystem | files |", "|---|---:|");
  for (const e of s.ecosystems) out.push(`| ${e.ecosystem} | ${e.files} |`);
  out.push("");
  out.push(`Output checks: ${s.checks.checked} converted outputs checked, ${s.checks.failing} with violations.`, "");
  for (const v of s.checks.violations) out.push(`- \`${v.file}\`: ${v.violations.join("; ")}`);
  if (s.checks.violations.length) out.push("");
  out.push(`Review flags (signs of a wrong conversion, see below): ${s.review.flagged} of ${s.checks.checked} converted outputs flagged.`, "");
  out.push("| files | flag |", "|---:|---|");
  for (const k of s.review.kinds) out.push(`| ${k.files} | ${mdCell(k.kind)} |`);
  out.push("");
  out.push("Declines by id (docs/declines.md): files with at least one decline of that id, and files whose first decline it is:", "");
  out.push("| id | files | first | example file |", "|---|---:|---:|---|");
  for (const d of s.declineIds) out.push(`| \`${d.id}\` | ${d.files} | ${d.first} | \`${d.example}\` |`);
  out.push("", "Nothing to gain by id:", "", "| id | files |", "|---|---:|");
  for (const d of s.nothingToGainIds) out.push(`| \`${d.id}\` | ${d.files} |`);
  out.push("");
  out.push(`Decline reasons by pattern (files with at least one decline of that pattern; ${s.declinePatternCount} patterns in all):`, "");
  out.push("| files | pattern | example file |", "|---:|---|---|");
  for (const p of s.declinePatterns) out.push(`| ${p.files} | ${mdCell(p.pattern)} | \`${p.example}\` |`);
  out.push("");
  out.push(
    `Timing (convertDockerfileSync only, parse excluded): total ${s.timing.totalMs} ms, median ${s.timing.medianMs} ms, p95 ${s.timing.p95Ms} ms, ` +
      `max ${s.timing.maxMs} ms (\`${s.timing.maxFile}\`).`,
  );
  return out.join("\n");
}

/** The plain-text report for a terminal. */
export function renderText(s) {
  const out = [];
  out.push(`slimstage convert over ${s.files} corpus Dockerfiles`, "");
  for (const st of STATUSES) out.push(`  ${st.padEnd(16)} ${String(s.tally[st]).padStart(4)}  ${pct(s.tally[st], s.files).padStart(6)}`);
  out.push("");
  out.push("converted, by ecosystem:");
  for (const e of s.ecosystems) out.push(`  ${e.ecosystem.padEnd(16)} ${String(e.files).padStart(4)}`);
  out.push("");
  out.push(`output checks: ${s.checks.checked} checked, ${s.checks.failing} with violations`);
  for (const v of s.checks.violations) out.push(`  ${v.file}: ${v.violations.join("; ")}`);
  out.push("");
  out.push(`review flags: ${s.review.flagged} of ${s.checks.checked} converted outputs flagged`);
  for (const k of s.review.kinds) out.push(`  ${String(k.files).padStart(4)}  ${k.kind}`);
  out.push("");
  out.push("declines by id (files with one; files it decided):");
  for (const d of s.declineIds) out.push(`  ${String(d.files).padStart(4)} ${String(d.first).padStart(4)}  ${d.id}`);
  out.push("nothing to gain by id:");
  for (const d of s.nothingToGainIds) out.push(`  ${String(d.files).padStart(4)}  ${d.id}`);
  out.push("");
  out.push(`top decline reasons (files; ${s.declinePatternCount} patterns in all):`);
  for (const p of s.declinePatterns) out.push(`  ${String(p.files).padStart(4)}  ${p.pattern}`);
  for (const c of s.crashes) out.push(`CRASH ${c.file}: ${c.message}${c.where ? ` (${c.where})` : ""}`);
  for (const c of s.inputErrors) out.push(`INPUT ERROR ${c.file}: ${c.message}`);
  out.push("");
  out.push(
    `conversion time: total ${s.timing.totalMs} ms, median ${s.timing.medianMs} ms, p95 ${s.timing.p95Ms} ms, max ${s.timing.maxMs} ms (${s.timing.maxFile})`,
  );
  return out.join("\n");
}

async function loadLibrary() {
  const dist = join(REPO, "dist");
  if (!existsSync(join(dist, "convert", "index.js"))) throw new Error(`${dist}/convert/index.js is missing: run \`npm run build\` first`);
  const url = (p) => new URL(`file://${join(dist, p)}`).href;
  const [syntax, shell, convert, analyze] = await Promise.all([
    import(url("syntax/index.js")),
    import(url("shell/script.js")),
    import(url("convert/index.js")),
    import(url("analyze/dockerfile.js")),
  ]);
  await shell.loadShellParser();
  return {
    parseDockerfile: syntax.parseDockerfile,
    printDockerfile: syntax.printDockerfile,
    convertDockerfileSync: convert.convertDockerfileSync,
    analyzeDockerfileSync: analyze.analyzeDockerfileSync,
  };
}

async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        corpus: { type: "string" },
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        top: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const top = values.top === undefined ? 15 : Number(values.top);
  if (values.json && values.markdown) {
    console.error(`--json and --markdown exclude each other\n${USAGE}`);
    return 2;
  }
  if (!Number.isInteger(top) || top < 0) {
    console.error(`--top needs a whole number ≥ 0, got ${values.top}\n${USAGE}`);
    return 2;
  }
  const dir = values.corpus ? resolve(values.corpus) : DEFAULT_CORPUS;
  if (!existsSync(dir)) {
    console.error(`corpus directory ${dir} does not exist (pass --corpus DIR)`);
    return 2;
  }
  let lib;
  try {
    lib = await loadLibrary();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  if (values.out) mkdirSync(values.out, { recursive: true });
  const records = corpusFiles(dir).map((f) => convertOne(lib, f, readFileSync(join(dir, f), "utf8"), values.out));
  const summary = summarize(records, top);
  if (values.json) console.log(JSON.stringify({ corpus: dir, summary, records }, null, 2));
  else if (values.markdown) console.log(renderMarkdown(summary));
  else console.log(renderText(summary));
  return summary.tally.crash || summary.tally["input-error"] || summary.checks.failing ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
