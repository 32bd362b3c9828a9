// Package-manager commands found in RUN scripts, shared by the hadolint-style rules.
import type { ShellWord } from "../shell/script.js";
import { commandsOf, program, subcommand, type CommandRef } from "./helpers.js";
import type { RuleContext } from "./types.js";

export interface SubcommandRef extends CommandRef {
  /** Index (in cmd.argv/cmd.words) of the subcommand word. */
  sub: number;
}

const memo = new WeakMap<object, CommandRef[]>();
function refs(ctx: RuleContext): CommandRef[] {
  const key = ctx.analysis;
  let r = memo.get(key);
  if (!r) {
    r = commandsOf(ctx);
    memo.set(key, r);
  }
  return r;
}

/** Commands of `programs` whose subcommand is one of `subs` (options with values skipped). */
export function subcommandCalls(
  ctx: RuleContext,
  programs: readonly string[],
  subs: readonly string[],
  optionsWithValues: readonly string[] = [],
): SubcommandRef[] {
  const out: SubcommandRef[] = [];
  for (const r of refs(ctx)) {
    if (!programs.includes(program(r.cmd))) continue;
    const s = subcommand(r.cmd, optionsWithValues);
    if (s && subs.includes(s.value)) out.push({ ...r, sub: s.index });
  }
  return out;
}

export function programCalls(ctx: RuleContext, programs: readonly string[]): CommandRef[] {
  return refs(ctx).filter((r) => programs.includes(program(r.cmd)));
}

/** Operands after the subcommand: not options, not values of the listed options. */
export function operands(r: SubcommandRef, optionsWithValues: readonly string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  const words = r.cmd.words;
  for (let i = r.sub + 1; i < words.length; i++) {
    const w = words[i] as ShellWord;
    if (optionsWithValues.includes(w.value)) {
      i++;
      continue;
    }
    if (w.value.startsWith("-")) continue;
    out.push(w);
  }
  return out;
}

export const APT_VALUE_OPTIONS = ["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"];

/** `pip install …`, `pip3 install …`, `python -m pip install …`, `/opt/venv/bin/pip install …`. */
export function pipInstalls(ctx: RuleContext): SubcommandRef[] {
  const out: SubcommandRef[] = [];
  for (const r of refs(ctx)) {
    const p = program(r.cmd);
    let first = -1;
    if (/^pip[0-9.]*$/.test(p)) first = 1;
    else if (/^python[0-9.]*$/.test(p) && r.cmd.argv[1] === "-m" && r.cmd.argv[2] === "pip") first = 3;
    if (first < 0) continue;
    for (let i = first; i < r.cmd.argv.length; i++) {
      const a = r.cmd.argv[i] as string;
      if (a.startsWith("-")) continue;
      if (a === "install") out.push({ ...r, sub: i });
      break;
    }
  }
  return out;
}

/** `apt-get -s install …` (simulate, dry run): installs nothing. */
export function aptSimulated(r: CommandRef): boolean {
  return r.cmd.argv.some((a) => ["-s", "--simulate", "--dry-run", "--just-print", "--no-act", "--recon"].includes(a));
}

/** Does the RUN remove a path under `prefix` (a cache cleanup or a plain `rm` of several paths)? */
export function removesUnder(r: Pick<CommandRef, "run">, prefix: string): boolean {
  return r.run.facts.some(
    ({ value: f }) => (f.kind === "cache-cleanup" || (f.kind === "file-op" && f.op === "remove")) && f.paths.some((p) => p.startsWith(prefix)),
  );
}
