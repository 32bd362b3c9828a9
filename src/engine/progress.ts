// BuildKit's `--progress rawjson` stream → typed progress events. The stream is a sequence of pretty-printed
// SolveStatus JSON objects (vertexes, statuses, logs, warnings) followed, on failure, by plain text (a code frame
// and "ERROR: ..."). Both parts are handled here, incrementally, so a live display can follow the build.

/** One build step (a BuildKit vertex). */
export interface BuildStep {
  /** The vertex digest. */
  id: string;
  /** The name as the engine shows it, e.g. `[build 2/5] RUN make`. */
  name: string;
  /** True for bookkeeping vertices ("[internal] load …", "exporting to image", frontend resolution). */
  internal: boolean;
  stage?: string;
  /** Position of the instruction within its stage, 1-based, and the stage's instruction count. */
  index?: number;
  total?: number;
  /** The instruction text after the `[…]` prefix. */
  instruction?: string;
  cached: boolean;
  started?: Date;
  completed?: Date;
  durationMs?: number;
  error?: string;
}

export type ProgressEvent =
  | { type: "step-start"; step: BuildStep }
  | { type: "step-end"; step: BuildStep }
  | { type: "step-log"; step: BuildStep; stream: "stdout" | "stderr"; text: string }
  | { type: "step-status"; step: BuildStep; name: string; current: number; total?: number; done: boolean }
  | { type: "warning"; text: string; detail?: string; url?: string; step?: BuildStep }
  /** A message from slimstage itself about the build (e.g. the frontend fallback). */
  | { type: "notice"; text: string }
  /** A plain-text line the engine printed outside the JSON stream (its error summary). */
  | { type: "output"; text: string };

/**
 * Splits a byte/text stream into complete top-level JSON objects and the plain-text lines between them. Objects
 * start on a line whose first non-blank character is `{`; strings and escapes are respected while counting braces.
 */
export class JsonStreamSplitter {
  private pending = "";
  private obj = "";
  private depth = 0;
  private inString = false;
  private escaped = false;

  push(text: string): { objects: unknown[]; lines: string[] } {
    const objects: unknown[] = [];
    const lines: string[] = [];
    this.pending += text;
    let nl: number;
    while ((nl = this.pending.indexOf("\n")) >= 0) {
      const line = this.pending.slice(0, nl + 1);
      this.pending = this.pending.slice(nl + 1);
      this.line(line, objects, lines);
    }
    return { objects, lines };
  }

  /** Flushes a last unterminated line. */
  end(): { objects: unknown[]; lines: string[] } {
    const objects: unknown[] = [];
    const lines: string[] = [];
    if (this.pending !== "") this.line(this.pending, objects, lines);
    this.pending = "";
    if (this.depth > 0 && this.obj.trim() !== "") lines.push(...this.obj.split("\n").filter((l) => l !== ""));
    this.obj = "";
    this.depth = 0;
    return { objects, lines };
  }

  private line(line: string, objects: unknown[], lines: string[]): void {
    if (this.depth === 0) {
      if (!line.trimStart().startsWith("{")) {
        const t = line.replace(/\r?\n$/, "");
        if (t.trim() !== "") lines.push(t);
        return;
      }
      this.obj = "";
      this.inString = false;
      this.escaped = false;
    }
    this.obj += line;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b) this.depth++;
      else if (c === 0x7d) {
        this.depth--;
        if (this.depth === 0) {
          const text = this.obj;
          this.obj = "";
          try {
            objects.push(JSON.parse(text));
          } catch {
            lines.push(...text.split("\n").filter((l) => l.trim() !== ""));
          }
          const rest = line.slice(i + 1);
          if (rest.trim() !== "") this.line(rest, objects, lines);
          return;
        }
      }
    }
  }
}

const STEP_NAME = /^\[(?:(\S+) )?(\d+)\/(\d+)\] ([\s\S]*)$/;

/** Splits an engine vertex name into stage / index / instruction; non-Dockerfile vertices are `internal`. */
export function parseStepName(name: string): Pick<BuildStep, "internal" | "stage" | "index" | "total" | "instruction"> {
  const m = STEP_NAME.exec(name);
  if (!m) return { internal: true };
  return {
    internal: false,
    ...(m[1] !== undefined ? { stage: m[1] } : {}),
    index: Number(m[2]),
    total: Number(m[3]),
    instruction: m[4] ?? "",
  };
}

interface RawVertex {
  digest?: string;
  name?: string;
  cached?: boolean;
  started?: string;
  completed?: string;
  error?: string;
}
interface RawStatus {
  id?: string;
  vertex?: string;
  name?: string;
  current?: number;
  total?: number;
  completed?: string;
}
interface RawLog {
  vertex?: string;
  stream?: number;
  data?: string;
}
interface RawWarning {
  vertex?: string;
  short?: string;
  detail?: string[];
  url?: string;
}

const LOG_TAIL = 40;

/** Folds SolveStatus objects into steps and emits events for the changes. */
export class ProgressTracker {
  private readonly byId = new Map<string, BuildStep>();
  private readonly ended = new Set<string>();
  private readonly logs = new Map<string, string[]>();
  private readonly partial = new Map<string, string>();

  feed(status: unknown): ProgressEvent[] {
    const events: ProgressEvent[] = [];
    if (typeof status !== "object" || status === null) return events;
    const s = status as { vertexes?: RawVertex[]; statuses?: RawStatus[]; logs?: RawLog[]; warnings?: RawWarning[] };
    for (const v of s.vertexes ?? []) this.vertex(v, events);
    for (const st of s.statuses ?? []) {
      const step = st.vertex ? this.byId.get(st.vertex) : undefined;
      if (!step) continue;
      events.push({
        type: "step-status",
        step,
        name: st.id ?? st.name ?? "",
        current: st.current ?? 0,
        ...(st.total !== undefined ? { total: st.total } : {}),
        done: st.completed !== undefined,
      });
    }
    for (const l of s.logs ?? []) {
      const step = l.vertex ? this.byId.get(l.vertex) : undefined;
      if (!step || l.data === undefined) continue;
      const text = Buffer.from(l.data, "base64").toString("utf8");
      this.remember(step.id, text);
      events.push({ type: "step-log", step, stream: l.stream === 2 ? "stderr" : "stdout", text });
    }
    for (const w of s.warnings ?? []) {
      const step = w.vertex ? this.byId.get(w.vertex) : undefined;
      const text = w.short ? Buffer.from(w.short, "base64").toString("utf8") : "warning";
      const detail = (w.detail ?? []).map((d) => Buffer.from(d, "base64").toString("utf8")).join("\n");
      events.push({
        type: "warning",
        text,
        ...(detail ? { detail } : {}),
        ...(w.url ? { url: w.url } : {}),
        ...(step ? { step } : {}),
      });
    }
    return events;
  }

  /** All steps seen, in first-seen order. */
  steps(): BuildStep[] {
    return [...this.byId.values()];
  }

  /** The step that reported an error (the last one, which is the root cause BuildKit reports). */
  failedStep(): BuildStep | undefined {
    return this.steps()
      .filter((s) => s.error !== undefined)
      .at(-1);
  }

  /** The last log lines a step printed. */
  logTail(id: string): string[] {
    const lines = [...(this.logs.get(id) ?? [])];
    const rest = this.partial.get(id);
    if (rest) lines.push(rest);
    return lines;
  }

  private remember(id: string, text: string): void {
    const buf = (this.partial.get(id) ?? "") + text;
    const parts = buf.split(/\r?\n/);
    this.partial.set(id, parts.pop() ?? "");
    const tail = this.logs.get(id) ?? [];
    for (const p of parts) if (p.trim() !== "") tail.push(p);
    if (tail.length > LOG_TAIL) tail.splice(0, tail.length - LOG_TAIL);
    this.logs.set(id, tail);
  }

  private vertex(v: RawVertex, events: ProgressEvent[]): void {
    if (!v.digest) return;
    let step = this.byId.get(v.digest);
    if (!step) {
      const name = v.name ?? v.digest;
      step = { id: v.digest, name, ...parseStepName(name), cached: false };
      this.byId.set(v.digest, step);
    }
    if (v.cached) step.cached = true;
    if (v.error) step.error = v.error;
    if (v.started && !step.started) {
      step.started = new Date(v.started);
      events.push({ type: "step-start", step });
    }
    if (v.completed) {
      const completed = new Date(v.completed);
      const isNew = !step.completed || completed.getTime() > step.completed.getTime();
      if (isNew) {
        step.completed = completed;
        if (step.started) step.durationMs = Math.max(0, completed.getTime() - step.started.getTime());
        // A vertex may be reported complete, then restart and complete again; the display wants one end each time.
        this.ended.add(step.id);
        events.push({ type: "step-end", step });
      }
    } else if (v.cached && !this.ended.has(step.id)) {
      this.ended.add(step.id);
      events.push({ type: "step-end", step });
    }
  }
}

/** Convenience: a whole rawjson text → events (tests, replays). */
export function parseRawJson(text: string): { events: ProgressEvent[]; tracker: ProgressTracker } {
  const splitter = new JsonStreamSplitter();
  const tracker = new ProgressTracker();
  const events: ProgressEvent[] = [];
  for (const part of [splitter.push(text), splitter.end()]) {
    for (const o of part.objects) events.push(...tracker.feed(o));
    for (const l of part.lines) events.push({ type: "output", text: l });
  }
  return { events, tracker };
}

/** One JSON-lines record per event, for `--progress json`. Dates as ISO strings, no engine internals. */
export function progressEventToJson(ev: ProgressEvent): Record<string, unknown> {
  const step = (s: BuildStep) => ({
    id: s.id,
    name: s.name,
    internal: s.internal,
    stage: s.stage,
    index: s.index,
    total: s.total,
    cached: s.cached,
    started: s.started?.toISOString(),
    completed: s.completed?.toISOString(),
    durationMs: s.durationMs,
    error: s.error,
  });
  switch (ev.type) {
    case "step-start":
    case "step-end":
      return { type: ev.type, step: step(ev.step) };
    case "step-log":
      return { type: ev.type, step: ev.step.id, stream: ev.stream, text: ev.text };
    case "step-status":
      return { type: ev.type, step: ev.step.id, name: ev.name, current: ev.current, total: ev.total, done: ev.done };
    case "warning":
      return { type: ev.type, text: ev.text, detail: ev.detail, url: ev.url, step: ev.step?.id };
    case "notice":
    case "output":
      return { type: ev.type, text: ev.text };
  }
}
