// Image reader bench: a ~1 GB `docker save` tarball read by inspectArchive in a fresh process, reporting throughput
// (MB/s of archive) and the process's peak RSS (target: under 300 MB, issue 5). Also the `slimstage inspect IMAGE`
// path: the archive streamed from `docker save` through a pipe, nothing on disk.
//
// The tarball: $SLIMSTAGE_BENCH_TAR, else <tmpdir>/slimstage-bench/<image>.tar, written once with `docker save` from
// the engine (image $SLIMSTAGE_BENCH_IMAGE, default golang:1.19: the largest stand-in, ~930 MB, 27k files).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MB, fmt, median, progress, repoRoot } from "./lib.js";

export const name = "inspect";
export const description = "image reader: MB/s and peak RSS reading a ~1 GB docker save tarball (from a file and from a docker save pipe)";

const TARGET_RSS_MB = 300;
const IMAGE = process.env.SLIMSTAGE_BENCH_IMAGE ?? "golang:1.19";
const DOCKER = process.env.SLIMSTAGE_DOCKER ?? "/usr/bin/docker";

// Runs in a child so the peak RSS is the reader's alone (getrusage's ru_maxrss of a fresh process), not the bench
// driver's or an earlier round's.
const CHILD = `
const { inspectArchive } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, "dist/image/index.js")).href)});
const { spawn } = await import("node:child_process");
const [mode, source, docker] = process.argv.slice(1);
let input = source;
let bytes = 0;
if (mode === "pipe") {
  const child = spawn(docker, ["save", source], { stdio: ["ignore", "pipe", "inherit"] });
  child.stdout.on("data", (c) => (bytes += c.length));
  input = child.stdout;
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { report } = await inspectArchive(input);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({
  ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, peakRssKb: process.resourceUsage().maxRSS,
  layers: report.layers.length, sizeBytes: report.sizeBytes, elf: report.linkage.files.length,
  incomplete: report.linkage.incomplete.length, packages: report.packages.length,
}));
`;

function measure(mode, source) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", CHILD, mode, source, DOCKER], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`inspect child (${mode}) failed: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout);
}

function engineUp() {
  const r = spawnSync(DOCKER, ["image", "inspect", "--format", "{{.Id}}", IMAGE], { encoding: "utf8" });
  return r.status === 0;
}

function tarball() {
  if (process.env.SLIMSTAGE_BENCH_TAR) return existsSync(process.env.SLIMSTAGE_BENCH_TAR) ? process.env.SLIMSTAGE_BENCH_TAR : undefined;
  const dir = join(tmpdir(), "slimstage-bench");
  const file = join(dir, `${IMAGE.replace(/[^\w.-]+/g, "_")}.tar`);
  if (existsSync(file)) return file;
  if (!engineUp()) return undefined;
  mkdirSync(dir, { recursive: true });
  progress(`docker save ${IMAGE} -o ${file} (once; reused by later runs)`);
  const r = spawnSync(DOCKER, ["save", "-o", file, IMAGE], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`docker save ${IMAGE} failed`);
  return file;
}

/** @param {{ quick: boolean, rounds?: number }} opts */
export async function run(opts) {
  const file = tarball();
  if (!file) {
    return {
      sections: [],
      checks: [],
      notes: [`skipped: no tarball ($SLIMSTAGE_BENCH_TAR) and no engine with ${IMAGE} to docker save one`],
      data: { skipped: true },
    };
  }
  const size = statSync(file).size;
  const rounds = opts.rounds ?? (opts.quick ? 1 : 3);
  const fileRuns = [];
  for (let i = 0; i < rounds; i++) {
    progress(`inspectArchive(${file}) round ${i + 1}/${rounds}`);
    fileRuns.push(measure("file", file));
  }
  const pipeRuns = [];
  if (engineUp()) {
    progress(`inspectArchive(docker save ${IMAGE})`);
    pipeRuns.push(measure("pipe", IMAGE));
  }
  const first = fileRuns[0];
  // Every round must have read the same image completely: the same layer count and total size.
  for (const r of [...fileRuns, ...pipeRuns]) {
    if (r.layers !== first.layers || r.sizeBytes !== first.sizeBytes) throw new Error("rounds disagree on the image read: not a valid measurement");
  }
  const row = (label, runs, bytes) => {
    const ms = median(runs.map((r) => r.ms));
    const peak = Math.max(...runs.map((r) => r.peakRssKb)) / 1024;
    return { label, ms, mbps: bytes / MB / (ms / 1000), cpuMs: median(runs.map((r) => r.cpuMs)), peakMb: peak, rounds: runs.length };
  };
  const rows = [row("file (docker save -o)", fileRuns, size)];
  if (pipeRuns.length) rows.push(row("pipe (docker save | reader)", pipeRuns, pipeRuns[0].bytes));
  const peak = Math.max(...rows.map((r) => r.peakMb));
  return {
    sections: [
      {
        title: `${IMAGE}: ${fmt(size / MB, 0)} MB archive, ${first.layers} layers, ${first.elf} ELF files, ${first.packages} packages`,
        columns: ["source", "rounds", "median ms", "MB/s", "CPU ms", "peak RSS MB"],
        rows: rows.map((r) => [r.label, String(r.rounds), fmt(r.ms, 0), fmt(r.mbps, 0), fmt(r.cpuMs, 0), fmt(r.peakMb, 0)]),
        notes: [
          "peak RSS: getrusage maxRSS of a fresh Node process that only imports the reader and reads the archive",
          "pipe: includes docker save's own speed (the daemon assembles the archive while the reader consumes it)",
        ],
      },
    ],
    checks: [
      {
        id: "inspect-rss",
        label: `reading a ${fmt(size / MB, 0)} MB image archive peaks at ${fmt(peak, 0)} MB RSS (target < ${TARGET_RSS_MB} MB)`,
        value: peak,
        target: TARGET_RSS_MB,
        pass: peak < TARGET_RSS_MB,
      },
    ],
    data: { image: IMAGE, archiveBytes: size, rows, fileRuns, pipeRuns },
  };
}
