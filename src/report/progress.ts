// Build progress for people and machines: a live display that redraws in place on a terminal, plain lines
// elsewhere (like BuildKit's plain mode), and JSON lines. The display only writes through `write`, reads time
// through `now`, and owns its ticker, so tests drive it with recorded events and a fake clock.
import { progressEventToJson, type BuildStep, type ProgressEvent } from "../engine/index.js";
import { noColors, type Colors } from "./colors.js";

/** The renderers' name for the colours of ./colors.ts. */
export type Paint = Colors;
export const noPaint: Paint = noColors;

export type ProgressMode = "tty" | "plain" | "json";

export interface ProgressDisplayOptions {
  write: (text: string) => void;
  paint?: Paint;
  /** Terminal width and height (tty mode). */
  columns?: number;
  rows?: number;
  now?: () => number;
  /** Redraw the live display on a timer (ms) so running times advance; 0 disables (tests). Default 250. */
  tickMs?: number;
  /** Plain mode: one line per finished Dockerfile step only (verify shows two builds this way). */
  compact?: boolean;
  /** A prefix for every plain line (`original: `). */
  prefix?: string;
}

export interface ProgressDisplay {
  onEvent(ev: ProgressEvent): void;
  /** Final redraw; stops the ticker. Safe to call twice. */
  close(): void;
}

/** `1.2s`, `12s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** Cuts a line to `width` display columns (ASCII-oriented; the engine's names are plain text). */
export function fit(text: string, width: number): string {
  const flat = text.replace(/\s*\n\s*/g, " ");
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

export function createProgressDisplay(mode: ProgressMode, opts: ProgressDisplayOptions): ProgressDisplay {
  if (mode === "json") return jsonDisplay(opts);
  if (mode === "plain") return plainDisplay(opts);
  return new LiveDisplay(opts);
}

function jsonDisplay(opts: ProgressDisplayOptions): ProgressDisplay {
  return {
    onEvent: (ev) => opts.write(`${JSON.stringify(progressEventToJson(ev))}\n`),
    close: () => {},
  };
}

function plainDisplay(opts: ProgressDisplayOptions): ProgressDisplay {
  const p = opts.paint ?? noPaint;
  const pre = opts.prefix ?? "";
  const numbers = new Map<string, number>();
  const partial = new Map<string, string>();
  const num = (s: BuildStep) => {
    let n = numbers.get(s.id);
    if (n === undefined) numbers.set(s.id, (n = numbers.size + 1));
    return n;
  };
  const line = (t: string) => opts.write(`${pre}${t}\n`);
  // The engine may report a vertex complete twice (it restarts, or a second stage shares it): one line per step,
  // unless it then fails.
  const lastEnd = new Map<string, string>();
  const flushLog = (s: BuildStep) => {
    const rest = partial.get(s.id);
    if (rest) line(`#${num(s)} ${rest}`);
    partial.delete(s.id);
  };
  return {
    onEvent(ev) {
      switch (ev.type) {
        case "step-start":
          if (!opts.compact) line(`#${num(ev.step)} ${ev.step.name}`);
          break;
        case "step-log": {
          if (opts.compact) break;
          const parts = ((partial.get(ev.step.id) ?? "") + ev.text).split(/\r?\n|\r/);
          partial.set(ev.step.id, parts.pop() ?? "");
          for (const l of parts) if (l.trim() !== "") line(`#${num(ev.step)} ${l}`);
          break;
        }
        case "step-end": {
          const s = ev.step;
          if (opts.compact && s.internal && !s.error) break;
          flushLog(s);
          const what = s.error ? p.red(`ERROR: ${s.error}`) : s.cached ? p.cyan("CACHED") : `DONE ${formatDuration(s.durationMs ?? 0)}`;
          if (lastEnd.has(s.id) && !s.error) break;
          lastEnd.set(s.id, what);
          line(opts.compact ? `${s.name}  ${what}` : `#${num(s)} ${what}`);
          break;
        }
        case "warning":
          line(p.yellow(`WARNING: ${ev.text}${ev.detail ? ` (${ev.detail.replace(/\n/g, " ")})` : ""}`));
          break;
        case "notice":
          line(p.yellow(`note: ${ev.text}`));
          break;
        case "output":
          if (!opts.compact) line(ev.text);
          break;
        case "step-status":
          break;
      }
    },
    close() {},
  };
}

interface Row {
  step: BuildStep;
  lastLog?: string;
  /** When the display saw the step start, on its own clock (the engine's clock may differ). */
  seenAt: number;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The terminal display: a header and one line per step, redrawn in place. */
export class LiveDisplay implements ProgressDisplay {
  private readonly rows = new Map<string, Row>();
  private readonly notes: string[] = [];
  private drawn = 0;
  private lastDraw = -Infinity;
  private readonly started: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private frame = 0;

  constructor(private readonly opts: ProgressDisplayOptions) {
    this.started = this.now();
    const tick = opts.tickMs ?? 250;
    if (tick > 0) {
      this.timer = setInterval(() => this.draw(true), tick);
      this.timer.unref?.();
    }
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : performance.now();
  }

  onEvent(ev: ProgressEvent): void {
    switch (ev.type) {
      case "step-start":
      case "step-end":
      case "step-status": {
        const row = this.rows.get(ev.step.id);
        if (row) row.step = ev.step;
        else this.rows.set(ev.step.id, { step: ev.step, seenAt: this.now() });
        break;
      }
      case "step-log": {
        const row = this.rows.get(ev.step.id) ?? { step: ev.step, seenAt: this.now() };
        const last = ev.text
          .split(/\r?\n|\r/)
          .filter((l) => l.trim() !== "")
          .at(-1);
        if (last) row.lastLog = last;
        this.rows.set(ev.step.id, row);
        break;
      }
      case "warning":
        this.notes.push(`WARNING: ${ev.text}`);
        break;
      case "notice":
        this.notes.push(`note: ${ev.text}`);
        break;
      case "output":
        this.notes.push(ev.text);
        break;
    }
    // Step boundaries always redraw; logs and transfers at most every 100 ms.
    this.draw(ev.type === "step-start" || ev.type === "step-end" || ev.type === "notice" || ev.type === "warning");
  }

  /** The lines of the current frame (exported for tests through render()). */
  render(): string[] {
    const p = this.opts.paint ?? noPaint;
    const width = Math.max(20, (this.opts.columns ?? 80) - 1);
    const now = this.now();
    const all = [...this.rows.values()];
    const own = all.filter((r) => !r.step.internal);
    const done = own.filter((r) => r.step.completed || r.step.cached).length;
    const cached = own.filter((r) => r.step.cached).length;
    const elapsed = (r: Row) => r.step.durationMs ?? Math.max(0, now - r.seenAt);
    const header = p.bold(`Building ${formatDuration(now - this.started)} (${done}/${own.length} steps, ${cached} cached)`);
    const lines: string[] = [];
    // Internal steps only while they run: they are bookkeeping once done.
    const visible = all.filter((r) => !r.step.internal || (!r.step.completed && !r.step.cached) || r.step.error);
    for (const r of visible) {
      const s = r.step;
      const finished = Boolean(s.completed || s.cached || s.error);
      const mark = s.error ? p.red("✘") : finished ? p.green("✔") : p.cyan(SPINNER[this.frame % SPINNER.length] as string);
      const right = s.error ? "ERROR" : s.cached ? "CACHED" : formatDuration(elapsed(r));
      const name = fit(s.name, width - right.length - 4);
      const pad = " ".repeat(Math.max(1, width - 2 - name.length - right.length));
      const tail = s.error ? p.red(right) : s.cached ? p.cyan(right) : finished ? p.dim(right) : right;
      lines.push(`${mark} ${s.internal ? p.dim(name) : name}${pad}${tail}`);
      if (!finished && r.lastLog) lines.push(p.dim(`  ${fit(r.lastLog, width - 2)}`));
    }
    const maxRows = Math.max(3, (this.opts.rows ?? 24) - 2 - this.notes.length);
    let body = lines;
    if (body.length > maxRows) {
      const hidden = body.length - maxRows + 1;
      body = [p.dim(`… ${hidden} earlier lines`), ...body.slice(hidden)];
    }
    return [...this.notes.map((n) => p.yellow(fit(n, width))), header, ...body];
  }

  private draw(force: boolean): void {
    if (this.closed) return;
    const now = this.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.frame++;
    const lines = this.render();
    // Up to the first line of the previous frame, clear to the end of the screen, draw the new frame.
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A\r\x1b[J` : "";
    this.opts.write(`${up}${lines.join("\n")}\n`);
    this.drawn = lines.length;
  }

  close(): void {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.draw(true);
    this.closed = true;
  }
}
