// `slimstage lint`: reads files (paths, directories, stdin), finds the config, lints every file in one process,
// applies --fix atomically, prints one format, and returns the exit code from the failure threshold.
import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { DockerfileError, UsageError } from "../errors.js";
import { isShellParserLoaded, loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/parser.js";
import { configOptions, type LintConfig, type Threshold, THRESHOLDS } from "../lint/config.js";
import { applyFixes } from "../lint/fix.js";
import { FORMATS, type FileResult, type FormatName, formatters, type Paint } from "../lint/format.js";
import { INVALID_DOCKERFILE, lintDockerfile, needsShellParser, selectRules } from "../lint/lint.js";
import { allRules } from "../lint/rules/index.js";
import { SEVERITIES, type Finding, type LintOptions } from "../lint/types.js";
import { decodeText, type RunFiles } from "./files.js";
import type { Io } from "./io.js";
import { findConfig, findDockerfiles, loadConfig } from "./lint-files.js";
import { runShellcheck, shellcheckAvailable } from "./shellcheck-runner.js";
import { escapeControls } from "./terminal.js";

export interface LintCommandOptions {
  format: string;
  fix: boolean;
  backup: boolean;
  config: string | undefined;
  failureThreshold: string | undefined;
  target: string | undefined;
  buildArgs: Record<string, string>;
  ignore: string[];
  only: string[];
  /** The build context for CopyIgnoredFile's .dockerignore (default: each Dockerfile's directory). */
  context?: string;
  /** The built image (engine reference) or its archive, for copied-binary-missing-library's ELF check. */
  image?: string;
  imageTar?: string;
  paint: Paint;
}

interface Input {
  name: string;
  path: string | undefined;
  text: string;
  bytes: Buffer;
}

export async function runLint(paths: string[], o: LintCommandOptions, io: Io, files: RunFiles): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format: expected one of ${FORMATS.join(", ")}, got "${o.format}"`);
  if (o.failureThreshold !== undefined && !(THRESHOLDS as readonly string[]).includes(o.failureThreshold)) {
    throw new UsageError(`--failure-threshold: expected one of ${THRESHOLDS.join(", ")}, got "${o.failureThreshold}"`);
  }
  const unknown = [...o.ignore, ...o.only].filter((id) => !/^SC\d+$/.test(id) && !allRules.some((r) => r.meta.id === id || r.meta.aliases.includes(id)));
  if (unknown.length) throw new UsageError(`unknown rule: ${unknown.join(", ")}`);
  const inputs = await readInputs(paths.length ? paths : ["Dockerfile"], io, files);
  if (o.fix && inputs.some((i) => i.path === undefined)) throw new UsageError("--fix cannot rewrite standard input");
  if ((o.image !== undefined || o.imageTar !== undefined) && inputs.length !== 1)
    throw new UsageError(`--image${o.imageTar !== undefined ? "-tar" : ""} describes one image: lint one Dockerfile with it (got ${inputs.length})`);
  const fixed = o.config ? loadConfig(resolve(io.cwd, o.config), files) : undefined;
  const configs = new Map<string, LintConfig | undefined>();
  const configFor = (i: Input): LintConfig | undefined => {
    if (fixed) return fixed;
    const dir = i.path ? dirname(i.path) : io.cwd;
    if (!configs.has(dir)) {
      const f = findConfig(dir);
      configs.set(dir, f ? loadConfig(f, files) : undefined);
    }
    return configs.get(dir);
  };

  // The shell analysis needs tree-sitter: load it only when a selected rule needs it, and with V8's baseline
  // compiler only: the optimising compiler's background work on the grammar otherwise delays process exit by ~1 s.
  const baseOptions: Partial<LintOptions> = { target: o.target, buildArgs: o.buildArgs, only: o.only.length ? o.only : undefined, shellcheck: runShellcheck };
  if (needsShellParser(selectRules({ ...baseOptions, ignore: o.ignore })) && !isShellParserLoaded()) {
    await loadShellParser();
  }

  // ShellCheck is optional: without the binary the shellcheck rule reports nothing, and the user hears it once
  if (selectRules({ ...baseOptions, ignore: o.ignore }).some((r) => r.meta.id === "shellcheck") && !shellcheckAvailable()) {
    io.stderr("note: shellcheck is not installed; RUN scripts are not checked by ShellCheck (Debian/Ubuntu: apt-get install shellcheck)\n");
  }

  // the image reader and the engine client load only for --image/--image-tar (start-up time of every other run)
  const image =
    o.image !== undefined || o.imageTar !== undefined ? await (await import("./lint-image.js")).readImageLinkage(o.image, o.imageTar, io, files) : undefined;
  if (image) baseOptions.image = image;

  const results: FileResult[] = [];
  let threshold: Threshold = (o.failureThreshold as Threshold | undefined) ?? "info";
  for (const input of inputs) {
    const config = configFor(input);
    if (o.failureThreshold === undefined && config?.failureThreshold) threshold = config.failureThreshold;
    const options: Partial<LintOptions> = {
      ...baseOptions,
      ...(config ? configOptions(config) : {}),
      ignore: [...(config?.ignore ?? []), ...o.ignore],
      dockerignore: dockerignoreFor(input, o.context, io),
    };
    let text = input.text;
    let findings = await lintText(text, input.name, options, files.limit);
    const applied: string[] = [];
    if (o.fix && input.path) {
      for (let pass = 0; pass < 10; pass++) {
        const r = applyFixes(text, findings);
        if (r.applied.length === 0 || r.text === text) break;
        // a fix must never break the file: stop at the last text that parses
        const next = await lintText(r.text, input.name, options, files.limit);
        if (next.some((f) => f.ruleId === INVALID_DOCKERFILE) && !findings.some((f) => f.ruleId === INVALID_DOCKERFILE)) break;
        applied.push(...r.applied.map((f) => f.ruleId));
        text = r.text;
        findings = next;
      }
      if (text !== input.text) writeFixed(input, text, o.backup, files);
    }
    results.push({ file: input.name, text, findings, ...(applied.length ? { fixed: applied } : {}) });
  }
  io.stdout(formatters[o.format as FormatName](results, { rules: allRules.map((r) => r.meta), version: packageVersion(), paint: o.paint }));
  if (o.format !== "tty")
    for (const r of results) if (r.fixed?.length) io.stderr(`fixed ${r.file}: ${r.fixed.length} fix(es) applied (${[...new Set(r.fixed)].join(", ")})\n`);
  return failed(
    results.flatMap((r) => r.findings),
    threshold,
  )
    ? 1
    : 0;
}

/**
 * The .dockerignore lines of the input's build context: `<Dockerfile>.dockerignore` next to the Dockerfile wins over
 * the context's `.dockerignore`, as in BuildKit; a missing file means nothing is excluded.
 */
function dockerignoreFor(input: Input, context: string | undefined, io: Io): string[] | undefined {
  const dir = context !== undefined ? resolve(io.cwd, context) : input.path ? dirname(input.path) : io.cwd;
  const candidates = [...(input.path ? [`${input.path}.dockerignore`] : []), join(dir, ".dockerignore")];
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") continue;
      throw new UsageError(`${escapeControls(relative(io.cwd, file) || file)}: cannot read (${code ?? "error"})`);
    }
    return text.split(/\r?\n/);
  }
  return undefined;
}

function failed(findings: Finding[], threshold: Threshold): boolean {
  if (threshold === "none") return false;
  const limit = SEVERITIES.indexOf(threshold);
  return findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit);
}

async function lintText(text: string, name: string, options: Partial<LintOptions>, maxLength: number): Promise<Finding[]> {
  try {
    return await lintDockerfile(parseDockerfile(text, { file: name, maxLength }), options);
  } catch (e) {
    if (!(e instanceof DockerfileError)) throw e;
    const r = e.range ?? { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    return [{ ruleId: INVALID_DOCKERFILE, aliases: [], severity: "error", message: e.reason, file: name, range: r }];
  }
}

async function readInputs(paths: string[], io: Io, files: RunFiles): Promise<Input[]> {
  const out: Input[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push(await files.readDockerfile("-"));
      continue;
    }
    const abs = resolve(io.cwd, p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // not a directory: the reader says what it is
    }
    if (!isDir) {
      out.push(await files.readDockerfile(p));
      continue;
    }
    const found = findDockerfiles(abs);
    if (found.length === 0) throw new UsageError(`${escapeControls(p)}: no Dockerfile found (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile)`);
    for (const f of found) {
      const name = escapeControls(relative(io.cwd, f) || f);
      const bytes = files.readBytes(f, name);
      out.push({ name, path: f, text: decodeText(bytes, name), bytes });
    }
  }
  return out;
}

/**
 * Writes the fixed text through the run's one writer (atomic, the file's mode kept), keeping the original bytes
 * as `<file>.orig` unless backups are off; a backup whose companion write failed is removed again.
 */
function writeFixed(input: Input, text: string, backup: boolean, files: RunFiles): void {
  const path = input.path as string;
  const orig = `${path}.orig`;
  if (backup) {
    files.check(orig, { existsMessage: `${input.name}.orig already exists: move it away, or pass --no-backup` });
    files.write(orig, input.bytes);
  }
  try {
    files.write(path, text, { replaceInput: true });
  } catch (e) {
    if (backup) files.remove(orig);
    throw e;
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
