// Lint bench: `slimstage lint` against dockerfile-utils and dockerfilelint on ../shared/corpus/real in one
// process (files/second, findings per rule family, crashes), and process start → exit of the CLI for one file
// (lint side by side with parse, analyze and convert, on the mission's Dockerfile).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { lintDockerfile } from "../dist/lint/lint.js";
import { allRules } from "../dist/lint/rules/index.js";
import { loadShellParser } from "../dist/shell/script.js";
import { parseDockerfile } from "../dist/syntax/index.js";
import { fmt, loadCorpus, median, progress, repoRoot } from "./lib.js";

const require = createRequire(import.meta.url);

export const name = "lint";
export const description =
  "slimstage lint vs dockerfile-utils and dockerfilelint on the corpus (files/s, findings per family, crashes); CLI start → exit per command";

/** Targets from issue 12. */
const TARGET_START_MS = 500; // `slimstage lint FILE`, process start to exit: well under half a second

const familyOf = new Map(allRules.map((r) => [r.meta.id, r.meta.source]));

function contenders() {
  const utils = require("dockerfile-utils");
  const dockerfilelint = require("dockerfilelint");
  return [
    {
      id: "slimstage",
      label: "slimstage lintDockerfile (all default rules)",
      lint: async (text) => (await lintDockerfile(parseDockerfile(text))).map((f) => f.ruleId),
      family: (id) => (id === "invalid-dockerfile" ? "invalid-dockerfile" : familyOf.get(id) === "slimstage" ? "multi-stage" : (familyOf.get(id) ?? "other")),
    },
    {
      id: "dockerfile-utils",
      label: "dockerfile-utils validate",
      lint: async (text) => utils.validate(text).map((d) => String(d.code)),
      family: () => "validation",
    },
    {
      id: "dockerfilelint",
      label: "dockerfilelint run",
      lint: async (text) => dockerfilelint.run(repoRoot, text).map((d) => `${d.category}`),
      family: (id) => id.toLowerCase(),
    },
  ];
}

/** @param {{ quick: boolean, rounds?: number, corpusDir?: string }} opts */
export async function run(opts) {
  const sections = [];
  const checks = [];
  const notes = [];
  const data = {};
  const corpus = loadCorpus(opts.corpusDir);
  if (corpus && corpus.files.length) {
    await loadShellParser();
    const rounds = opts.rounds ?? (opts.quick ? 1 : 3);
    const rows = [];
    const families = [];
    for (const c of contenders()) {
      progress(`lint: ${c.id} on ${corpus.files.length} files × ${rounds}`);
      const times = [];
      let crashes = 0;
      const crashed = [];
      const perFamily = new Map();
      let findings = 0;
      const cpus = [];
      for (let round = 0; round < rounds; round++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (const f of corpus.files) {
          try {
            const ids = await c.lint(f.text);
            if (round === 0) {
              findings += ids.length;
              for (const id of ids) perFamily.set(c.family(id), (perFamily.get(c.family(id)) ?? 0) + 1);
            }
          } catch (e) {
            if (round === 0) {
              crashes++;
              crashed.push(`${f.name}: ${String(e).split("\n")[0]}`);
            }
          }
        }
        times.push(performance.now() - t0);
        const cu = process.cpuUsage(c0);
        cpus.push((cu.user + cu.system) / 1000);
      }
      const ms = median(times);
      const cpu = median(cpus);
      rows.push([
        c.label,
        fmt((corpus.files.length * 1000) / ms, 0),
        fmt((corpus.files.length * 1000) / cpu, 0),
        fmt(ms, 0),
        fmt(cpu, 0),
        String(findings),
        String(crashes),
      ]);
      families.push([
        c.id,
        [...perFamily]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v}`)
          .join(", "),
      ]);
      data[c.id] = {
        filesPerSecond: (corpus.files.length * 1000) / ms,
        filesPerCpuSecond: (corpus.files.length * 1000) / cpu,
        msPerCorpus: ms,
        cpuMsPerCorpus: cpu,
        findings,
        crashes,
        crashed: crashed.slice(0, 10),
        perFamily: Object.fromEntries(perFamily),
      };
    }
    sections.push({
      title: `Lint on the corpus (${corpus.files.length} files, one process, median of ${rounds})`,
      columns: ["linter", "files/s", "files/CPU-s", "wall ms", "CPU ms", "findings", "crashes"],
      rows,
    });
    sections.push({ title: "Findings per rule family", columns: ["linter", "families"], rows: families });
    notes.push(
      "The linters check different things: compare coverage in docs/lint.md, precision in docs/lint-precision.md; dockerfile-utils reports only syntax/validation problems.",
    );
  } else {
    notes.push("corpus absent: the corpus comparison was skipped");
  }

  // process start → exit, one file, median of N runs each
  const file = join(repoRoot, "examples", "flask-mysql", "Dockerfile");
  const bin = join(repoRoot, "bin", "slimstage.js");
  const runs = opts.quick ? 3 : 7;
  const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const startRows = [];
  for (const [cmd, args] of [
    ["parse", ["parse", file]],
    ["lint", ["lint", file, "--failure-threshold", "none"]],
    ["analyze", ["analyze", file]],
    ["convert", ["convert", file]],
  ]) {
    const times = [];
    const cpus = [];
    const rss = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      // /usr/bin/time adds the child's CPU time and peak memory (a few ms of its own); plain spawn without it
      const r = timeBin
        ? spawnSync(timeBin, ["-f", "@@%U %S %M", process.execPath, bin, ...args], { encoding: "utf8" })
        : spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
      times.push(performance.now() - t0);
      const m = /@@([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? "");
      if (m) {
        cpus.push((Number(m[1]) + Number(m[2])) * 1000);
        rss.push(Number(m[3]) / 1024);
      }
      if (r.status !== 0 && !(cmd === "convert" && r.status === 3)) notes.push(`${cmd} exited ${r.status}: ${(r.stderr ?? "").split("\n")[0]}`);
    }
    const ms = median(times);
    startRows.push([
      `slimstage ${cmd}`,
      fmt(ms, 0),
      fmt(Math.min(...times), 0),
      cpus.length ? fmt(median(cpus), 0) : "n/a",
      rss.length ? fmt(median(rss), 0) : "n/a",
    ]);
    data[`start-${cmd}`] = { medianMs: ms, minMs: Math.min(...times), cpuMs: median(cpus), rssMB: median(rss) };
    if (cmd === "lint")
      checks.push({
        id: "lint-start",
        label: "slimstage lint FILE, start → exit (median)",
        value: `${fmt(ms, 0)} ms`,
        target: `< ${TARGET_START_MS} ms`,
        pass: ms < TARGET_START_MS,
      });
  }
  sections.push({
    title: `Process start → exit on examples/flask-mysql/Dockerfile (median and min of ${runs})`,
    columns: ["command", "median ms", "min ms", "CPU ms", "peak RSS MB"],
    rows: startRows,
  });
  return { sections, checks, notes, data };
}
