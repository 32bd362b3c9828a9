// Comparing what a probe saw on the original and on the candidate. Output is normalized first, so a timestamp or
// a container id does not count as a difference in behaviour. Pure.
import type { Probe } from "./probes.js";

export interface HttpObservation {
  /** null when no response came (see `error`). */
  status: number | null;
  body: string;
  contentType?: string;
  error?: string;
}

/** What one probe saw on one image. */
export interface ProbeObservation {
  probe: string;
  /** "skipped": the probe does not apply (no HEALTHCHECK); "error": it could not run (the reason in `note`). */
  status: "ran" | "skipped" | "error";
  /** Container exit code; null when it was still running at the time limit. */
  exitCode?: number | null;
  /** The container was still running when the probe's time was up. */
  stillRunning?: boolean;
  stdout?: string;
  stderr?: string;
  http?: HttpObservation;
  health?: string;
  note?: string;
  durationMs: number;
}

export interface ProbeDifference {
  field: "exit" | "stdout" | "stderr" | "http status" | "http body" | "health" | "status";
  original: string;
  candidate: string;
}

export interface ProbeComparison {
  probe: string;
  kind: Probe["kind"];
  match: boolean;
  differences: ProbeDifference[];
  original: ProbeObservation;
  candidate: ProbeObservation;
}

const VOLATILE: readonly [RegExp, string][] = [
  // ISO 8601 / RFC 3339 / syslog-like date-times, Apache/CLF dates, HTTP dates
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
  [/\d{2}\/[A-Z][a-z]{2}\/\d{4}[: ]\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?/g, "<time>"],
  [/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, "<time>"],
  [/\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, "<time>"],
  // ids and digests
  [/\b[0-9a-f]{12,}\b/g, "<hex>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  // measured durations
  [/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s)\b/g, "<duration>"],
];

/** Text without ANSI escape sequences (CSI and OSC). */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g, "");
}

/** Output with volatile tokens (times, ids, durations) replaced and line ends normalized. */
export function normalizeOutput(text: string): string {
  // Colours are presentation, not behaviour; a terminal title or cursor move neither.
  let t = stripAnsi(text).replace(/\r\n?/g, "\n");
  for (const [re, sub] of VOLATILE) t = t.replace(re, sub);
  return t
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trim();
}

function exitText(o: ProbeObservation): string {
  if (o.status === "skipped") return `skipped (${o.note ?? "not applicable"})`;
  if (o.status === "error") return `error: ${o.note ?? "?"}`;
  if (o.stillRunning) return "still running at the time limit";
  return `exit code ${o.exitCode}`;
}

/** Both sides of a probe compared, field by field. */
export function compareObservations(probe: Probe, original: ProbeObservation, candidate: ProbeObservation): ProbeComparison {
  const diffs: ProbeDifference[] = [];
  const add = (field: ProbeDifference["field"], a: string, b: string) => {
    if (a !== b) diffs.push({ field, original: a, candidate: b });
  };
  if (original.status !== candidate.status || original.status !== "ran") {
    add("status", exitText(original), exitText(candidate));
  }
  if (original.status === "ran" && candidate.status === "ran") {
    if (probe.kind === "default" || probe.kind === "cmd") {
      add("exit", exitText(original), exitText(candidate));
      add("stdout", normalizeOutput(original.stdout ?? ""), normalizeOutput(candidate.stdout ?? ""));
      add("stderr", normalizeOutput(original.stderr ?? ""), normalizeOutput(candidate.stderr ?? ""));
    } else if (probe.kind === "http") {
      const a = original.http;
      const b = candidate.http;
      const st = (h: HttpObservation | undefined) => (h?.status != null ? String(h.status) : `no response (${h?.error ?? "?"})`);
      add("http status", st(a), st(b));
      add("http body", normalizeOutput(a?.body ?? ""), normalizeOutput(b?.body ?? ""));
    } else if (probe.kind === "healthcheck") {
      add("health", original.health ?? "none", candidate.health ?? "none");
    }
  }
  return { probe: probe.spec, kind: probe.kind, match: diffs.length === 0, differences: diffs, original, candidate };
}
