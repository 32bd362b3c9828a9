// Probe specifications: what `--probe` and `--probe-file` accept, parsed into typed probes. Pure.
//   default[:SECONDS]   the image's default command, stopped after SECONDS if still running
//   http:PORT[/PATH]    start the default command detached, wait for PORT on 127.0.0.1, GET PATH
//   healthcheck         start detached and wait for the HEALTHCHECK's verdict
//   cmd:COMMAND         run COMMAND in the image (exec form when it is plain words, else through /bin/sh -c)
import { UsageError } from "../errors.js";
import { MAX_PROBE_SECONDS } from "../validate.js";

export type Probe =
  | { kind: "default"; spec: string; runMs?: number }
  | { kind: "http"; spec: string; port: number; path: string }
  | { kind: "healthcheck"; spec: string }
  | { kind: "cmd"; spec: string; command: string; argv: string[] | null };

/** Splits a command like a POSIX shell would split plain words; null when it needs a shell (operators, $, globs). */
export function splitWords(text: string): { argv: string[] | null } | { error: string; column: number } {
  const argv: string[] = [];
  let word = "";
  let inWord = false;
  let needsShell = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: "unterminated single quote", column: i + 1 };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        const d = text[j] as string;
        if (d === "\\" && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1] as string)) {
          word += text[j + 1];
          j++;
        } else {
          if (d === "$" || d === "`") needsShell = true;
          word += d;
        }
      }
      if (j >= text.length) return { error: "unterminated double quote", column: i + 1 };
      inWord = true;
      i = j;
    } else if (c === "\\") {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = "";
      inWord = false;
    } else {
      if ("|&;<>()$`*?[~".includes(c) || (c === "#" && !inWord)) needsShell = true;
      word += c;
      inWord = true;
    }
  }
  if (inWord) argv.push(word);
  return { argv: needsShell ? null : argv };
}

/** Parses one probe spec; `where` prefixes error messages (e.g. `probes.txt:3:1`). */
export function parseProbe(spec: string, where = "--probe"): Probe {
  const s = spec.trim();
  const fail = (why: string): never => {
    throw new UsageError(`${where}: ${why} in probe "${spec}" (expected default[:SECONDS], http:PORT[/PATH], healthcheck or cmd:COMMAND)`);
  };
  if (s === "default") return { kind: "default", spec: s };
  if (s.startsWith("default:")) {
    const secs = Number(s.slice("default:".length));
    if (!Number.isFinite(secs) || secs <= 0 || secs > MAX_PROBE_SECONDS) fail(`SECONDS must be a positive number, at most ${MAX_PROBE_SECONDS}`);
    return { kind: "default", spec: s, runMs: Math.round(secs * 1000) };
  }
  if (s === "healthcheck") return { kind: "healthcheck", spec: s };
  if (s.startsWith("http:")) {
    const m = /^http:(\d+)(\/.*)?$/.exec(s);
    if (!m) fail("bad http probe");
    const port = Number(m?.[1]);
    if (!(port >= 1 && port <= 65535)) fail(`port ${m?.[1]} is out of range`);
    return { kind: "http", spec: s, port, path: m?.[2] ?? "/" };
  }
  if (s.startsWith("cmd:")) {
    const command = s.slice("cmd:".length).trim();
    if (command === "") fail("empty command");
    const split = splitWords(command);
    if ("error" in split) fail(`${split.error} at column ${split.column + "cmd:".length}`);
    return { kind: "cmd", spec: s, command, argv: "argv" in split ? split.argv : null };
  }
  return fail("unknown probe kind");
}

/** A probe file: one probe per line; blank lines and lines starting with `#` are ignored. */
export function parseProbeFile(text: string, name: string): Probe[] {
  if (text.includes("\0")) throw new UsageError(`${name}: not a probe file: it holds binary data`);
  const out: Probe[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) return;
    const column = line.length - line.trimStart().length + 1;
    out.push(parseProbe(t, `${name}:${i + 1}:${column}`));
  });
  return out;
}
