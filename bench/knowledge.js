// Package knowledge load time: each Debian release's data file (data/knowledge/debian-<release>.json) loaded cold,
// as the first analysis of a process does. A fresh data-directory string defeats the loader's cache (the path is the
// cache key). Reported, not asserted: a unit test measuring this failed on a loaded machine.
import { join } from "node:path";
import { fmt, median, progress, repoRoot, sample } from "./lib.js";

export const name = "knowledge";
export const description = "cold load of the Debian package knowledge per release";

const TARGET_MS = 50;

/** @param {{ quick: boolean, rounds?: number }} opts */
export async function run(opts) {
  const { loadDebianData } = await import(join(repoRoot, "dist", "knowledge", "index.js"));
  const rounds = opts.rounds ?? (opts.quick ? 3 : 9);
  const rows = [];
  const checks = [];
  for (const release of ["bookworm", "trixie"]) {
    progress(`knowledge: ${release} (${rounds} rounds)`);
    const walls = [];
    const cpus = [];
    for (let i = 0; i < rounds; i++) {
      // a new path string each round: "dir/./././" is the same directory, a new cache key
      const dir = join(repoRoot, "data", "knowledge") + "/" + "./".repeat(i + 1);
      const s = sample(() => loadDebianData(release, dir), { reps: 1, warm: 0 });
      walls.push(s.wall);
      cpus.push(s.cpu);
    }
    const ms = median(walls);
    rows.push([release, fmt(ms, 1), fmt(median(cpus), 1)]);
    checks.push({ id: `knowledge-${release}`, label: `${release} cold load (median ms)`, value: ms, target: `< ${TARGET_MS}`, pass: ms < TARGET_MS });
  }
  return {
    sections: [{ title: `cold load, median of ${rounds} rounds`, columns: ["release", "ms", "CPU ms"], rows }],
    checks,
    data: { rows },
  };
}
