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
export function subcommandCalls(ctx: RuleContext, programs: readonly string[], subs: readonly string[], optionsWithValues: readonly string[] = []): SubcommandRef[] {
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
