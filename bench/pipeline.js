// Linear cost of the whole pipeline: `analyze` and `convert` (which includes analyze) on 1/4/16 MB single-stage
// files, time per MB and peak memory per MB of input. Each measurement runs in a child process of its own, so its
// peak RSS belongs to that file and operation alone (`node --expose-gc bench/pipeline.js child OP MB ROUNDS`).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MB, fmt, median, progress } from "./lib.js";

export const name = "pipeline";
export const description = "analyze and convert on 1/4/16 MB single-stage synthetic files: time per MB and peak memory per MB";

const TARGET_LINEAR = 1.5; // max/min time per MB across sizes ≤ 1.5 (issue 13)
const SIZES_MB = [1, 4, 16];
const OPS = ["analyze", "convert"];

/** @param {{ quick: boolean, rounds?: number }} opts */
export async function run(opts) {
  const rounds = opts.rounds ?? (opts.quick ? 1 : 3);
  const rows = [];
  for (const op of OPS) {
    for (const mb of SIZES_MB) {
      progress(`pipeline: ${op} ${mb} MB (${rounds} round(s))`);
      const out = execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "child", op, String(mb), String(rounds)], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      rows.push({ op, mb, ...JSON.parse(out) });
    }
  }
  const sections = [];
  const checks = [];
  for (const op of OPS) {
    const mine = rows.filter((r) => r.op === op);
    const perMb = mine.map((r) => r.msPerMb);
    const cpuPerMb = mine.map((r) => r.cpuMsPerMb);
    const ratio = Math.max(...perMb) / Math.min(...perMb);
    const cpuRatio = Math.max(...cpuPerMb) / Math.min(...cpuPerMb);
    sections.push({
      title: `${op}: median of ${rounds} run(s) per size, each in a fresh process after one untimed warm-up run`,
      columns: ["size", "bytes", "blocks", "ms", "ms/MB", "CPU ms/MB", "peak RSS MB", "peak RSS / input"],
      rows: mine.map((r) => [
        `${r.mb} MB`,
        fmt(r.bytes, 0),
        fmt(r.blocks, 0),
        fmt(r.ms, 0),
        fmt(r.msPerMb, 0),
        fmt(r.cpuMsPerMb, 0),
        fmt(r.peakRssBytes / MB, 0),
        `${fmt(r.peakRssBytes / r.bytes, 0)}×`,
      ]),
      notes: [`time per MB max/min: ${fmt(ratio, 2)} wall-clock, ${fmt(cpuRatio, 2)} CPU time (target ≤ ${TARGET_LINEAR})`],
    });
    checks.push({
      id: `linear-${op}`,
      label: `${op}: time per MB across 1/4/16 MB, max/min = ${fmt(ratio, 2)} wall-clock, ${fmt(cpuRatio, 2)} CPU (target ≤ ${TARGET_LINEAR})`,
      value: ratio,
      cpuValue: cpuRatio,
      target: TARGET_LINEAR,
      pass: ratio <= TARGET_LINEAR && cpuRatio <= TARGET_LINEAR,
    });
  }
  return { sections, checks, data: { rows, rounds } };
}

async function child(op, mb, rounds) {
  const { analyzeDockerfile, convertDockerfile, parseDockerfile } = await import("../dist/index.js");
  const { generateSingleStage } = await import("./synthetic.js");
  const { gc } = await import("./lib.js");
  const g = generateSingleStage(mb * MB);
  const context = { read: (p) => (p === "requirements.txt" ? "flask\nmysqlclient\n" : undefined) };
  const once = async () => {
    const tree = parseDockerfile(g.text);
    if (op === "analyze") {
      const a = await analyzeDockerfile(tree);
      if (a.stages[0].runs.length < g.blocks) throw new Error("analyze saw fewer RUN steps than generated");
    } else {
      const r = await convertDockerfile(tree, { context });
      if (r.status !== "converted") throw new Error(`convert did not convert the synthetic file: ${r.status}`);
    }
  };
  await once(); // warm-up: loads the shell parser and the package knowledge
  const wall = [];
  const cpu = [];
  for (let i = 0; i < rounds; i++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await once();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const ms = median(wall);
  const cpuMs = median(cpu);
  const inputMb = g.bytes / MB;
  process.stdout.write(
    JSON.stringify({
      bytes: g.bytes,
      blocks: g.blocks,
      ms,
      msPerMb: ms / inputMb,
      cpuMsPerMb: cpuMs / inputMb,
      wallSamplesMs: wall,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    }),
  );
}

if (process.argv[2] === "child") {
  await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
}
