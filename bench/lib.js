// Shared helpers for the bench modules: timing, statistics, GC, the corpus, and table rendering.
// Plain ESM JavaScript on purpose: the bench runs against the compiled library in dist/ with no build step of its own.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const sharedDir = resolve(repoRoot, "..", "shared");
export const corpusDir = join(sharedDir, "corpus", "real");

/** Bytes per MB in every number the bench prints (decimal, like disk and network throughput). */
export const MB = 1_000_000;

/**
 * A full, synchronous garbage collection. `npm run bench` passes --expose-gc; when the script is started without it we
 * enable the flag at run time so numbers stay comparable instead of silently measuring with garbage on the heap.
 */
export const gc = (() => {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc");
})();

/** Heap in use after a full collection: what is actually retained. */
export function retainedHeap() {
  gc();
  gc(); // a second pass collects what the first one's finalizers released
  return process.memoryUsage().heapUsed;
}

export function now() {
  return performance.now();
}

/**
 * Times `reps` calls of `fn` and returns wall-clock and process CPU milliseconds per call.
 * Before timing: a full GC, so garbage left by whatever ran before is not collected on this sample's clock, then
 * `warm` untimed calls. The warm calls matter: a forced GC shrinks V8's young generation, and the next few MB of
 * allocation run with far more scavenges than in steady state (measured here: the first 1 MB parse after gc() took
 * 2-4x longer than steady state). CPU time is reported beside wall time because the bench machine may be shared;
 * it includes V8's helper threads (concurrent GC, compilation), which is real cost too.
 * `beforeTimed` runs between the warm calls and the timed ones (e.g. to drop what the warm calls kept).
 */
export function sample(fn, { reps = 1, warm = 1, beforeTimed } = {}) {
  gc();
  for (let i = 0; i < warm; i++) fn();
  beforeTimed?.();
  const c0 = process.cpuUsage();
  const t0 = now();
  for (let i = 0; i < reps; i++) fn();
  const wall = now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: wall / reps, cpu: (c.user + c.system) / 1000 / reps };
}

export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Relative spread of samples, (max - min) / median, to show how noisy a median is. */
export function spread(values) {
  const m = median(values);
  return m > 0 ? (Math.max(...values) - Math.min(...values)) / m : 0;
}

/**
 * Loads every file of ../shared/corpus/real into memory (INDEX.tsv is metadata, not a Dockerfile).
 * Returns undefined when ../shared is absent so callers can skip with a message instead of failing.
 */
export function loadCorpus(dir = corpusDir) {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir)
    .filter((n) => n !== "INDEX.tsv")
    .sort();
  const files = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const buf = readFileSync(path);
    files.push({ name, text: buf.toString("utf8"), bytes: buf.length });
  }
  return { dir, files, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}

/** Formats a number with a fixed count of decimals and thousands separators. */
export function fmt(n, decimals = 1) {
  if (n === undefined || n === null || Number.isNaN(n)) return "n/a";
  return n.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Renders rows as an aligned text table; numeric-looking cells are right-aligned. */
export function renderTable({ title, columns, rows }) {
  const cells = [columns, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const numeric = (s) => /^[-+]?[\d,.]+(\s?[%×x]|\s?(ms|MB|MB\/s|ms\/MB))?$/.test(s);
  const line = (r) =>
    r
      .map((c, i) => {
        const s = c ?? "";
        return numeric(s) ? s.padStart(widths[i]) : s.padEnd(widths[i]);
      })
      .join("  ")
      .trimEnd();
  const out = [];
  if (title) out.push(title);
  out.push(line(cells[0]));
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) out.push(line(r));
  return out.join("\n");
}

/** Progress goes to stderr so `--json` output on stdout stays clean. */
export function progress(message) {
  process.stderr.write(`  … ${message}\n`);
}
