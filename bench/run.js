// Bench driver: `node --expose-gc bench/run.js [NAME…] [--json] [--quick] [--rounds N] [--corpus DIR]`.
// Runs the bench modules listed below (all by default, or the ones named) against the compiled library in dist/.
// Benchmarks are reported, not asserted: a missed target prints FAIL but the exit code stays 0; only a usage error (2)
// or a bench that could not produce a valid measurement (1) changes it.
//
// A bench module exports `name`, `description` and `run({ quick, rounds, corpusDir })`, which resolves to
// `{ sections: [{ title, columns, rows, notes? }], checks: [{ id, label, value, target, pass }], notes?, data }`.
import { existsSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { renderTable, repoRoot } from "./lib.js";

/** The bench modules, in run order. Add new ones here. */
const BENCHES = [
  { name: "parse", load: () => import("./parse.js") },
  { name: "inspect", load: () => import("./inspect.js") },
  { name: "lint", load: () => import("./lint.js") },
  { name: "pipeline", load: () => import("./pipeline.js") },
  { name: "knowledge", load: () => import("./knowledge.js") },
  // needs a Docker engine (skips with a message without one); minutes, not seconds
  { name: "search", load: () => import("./search.js") },
];

const USAGE = `usage: node --expose-gc bench/run.js [NAME…] [--json] [--quick] [--rounds N] [--corpus DIR]
  NAME        bench(es) to run: ${BENCHES.map((b) => b.name).join(", ")} (default: all)
  --json      machine-readable results on stdout (progress stays on stderr)
  --quick     fewer rounds, for a smoke run; numbers are noisier
  --rounds N  measured rounds per series (default: 9 corpus / 7 linear, 3 with --quick)
  --corpus D  directory of Dockerfiles to measure (default: ../shared/corpus/real)
via npm: npm run -s bench -- [NAME…] [--json]   (-s keeps npm's own lines off stdout)`;

async function main(argv) {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        quick: { type: "boolean", default: false },
        rounds: { type: "string" },
        corpus: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let rounds;
  if (args.values.rounds !== undefined) {
    rounds = Number(args.values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1) return usageError(`--rounds must be a positive integer, got "${args.values.rounds}"`);
  }
  const unknown = args.positionals.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) return usageError(`unknown bench: ${unknown.join(", ")} (known: ${BENCHES.map((b) => b.name).join(", ")})`);
  if (!existsSync(join(repoRoot, "dist", "index.js"))) {
    return usageError("dist/index.js is missing: run `npm run build` first (or use `npm run bench`)");
  }
  const selected = args.positionals.length ? BENCHES.filter((b) => args.positionals.includes(b.name)) : BENCHES;

  const cpu = cpus();
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    // Other work on the machine is the main source of noise; the load average makes it visible next to the numbers.
    loadAverageStart: loadavg().map((x) => Number(x.toFixed(2))),
    loadAverageEnd: undefined,
  };
  const date = new Date().toISOString();
  const json = args.values.json;
  if (!json) {
    process.stdout.write(`slimstage bench — ${date}\n`);
    process.stdout.write(`node ${machine.node}, ${machine.platform}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB\n`);
    process.stdout.write(`load average at start (1/5/15 min): ${machine.loadAverageStart.join(" ")}\n`);
  }

  const results = [];
  let failed = false;
  for (const b of selected) {
    process.stderr.write(`bench ${b.name}\n`);
    try {
      const mod = await b.load();
      const res = await mod.run({ quick: args.values.quick, rounds, corpusDir: args.values.corpus });
      results.push({ name: b.name, description: mod.description, ...res });
      if (!json) process.stdout.write(`\n${formatResult(b.name, mod.description, res)}\n`);
    } catch (err) {
      // A bench that cannot measure validly is a bug in the bench or the library, not a missed target.
      failed = true;
      const message = err instanceof Error ? err.message : String(err);
      results.push({ name: b.name, error: message });
      process.stderr.write(`bench ${b.name}: error: ${message}\n`);
    }
  }

  machine.loadAverageEnd = loadavg().map((x) => Number(x.toFixed(2)));
  const checks = results.flatMap((r) => (r.checks ?? []).map((c) => ({ bench: r.name, ...c })));
  if (json) {
    // The tables are for people; JSON carries the same numbers unrounded in `data`, plus the checks.
    const out = results.map(({ sections: _sections, ...rest }) => rest);
    process.stdout.write(`${JSON.stringify({ date, machine, results: out }, null, 2)}\n`);
  } else {
    process.stdout.write(`\nload average at end (1/5/15 min): ${machine.loadAverageEnd.join(" ")}\n`);
    process.stdout.write("\nTargets (reported, not asserted; wall-clock and CPU time must both meet a target):\n");
    for (const c of checks) process.stdout.write(`  ${c.pass ? "PASS" : "FAIL"}  ${c.bench}: ${c.label}\n`);
    if (!checks.length) process.stdout.write("  (none)\n");
  }
  return failed ? 1 : 0;
}

function formatResult(name, description, res) {
  const out = [`== ${name}: ${description}`];
  for (const note of res.notes ?? []) out.push(`note: ${note}`);
  for (const s of res.sections) {
    out.push("", renderTable(s));
    for (const n of s.notes ?? []) out.push(`  ${n}`);
  }
  return out.join("\n");
}

function usageError(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
