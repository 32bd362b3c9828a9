// Java started with a class path instead of a jar (`java -cp 'lib/*:classes' app.Main`): the entries of that class
// path that the build's javac -d or jar steps wrote are the build output the final stage needs.
import { posix } from "node:path";
import type { Step } from "../../model/stages.js";
import { abs, type FactAt } from "./shared.js";

export type ClasspathEntry = { path: string; built: FactAt };

const CLASSPATH_FLAGS = new Set(["-cp", "-classpath", "--class-path"]);

/** The class path of the last CMD/ENTRYPOINT that runs `java -cp …`, as absolute directories or jars. */
export function commandClasspath(steps: Step[]): { entries: string[]; line: number } | undefined {
  for (const s of [...steps].reverse()) {
    const ins = s.instruction;
    if (ins.kind !== "CMD" && ins.kind !== "ENTRYPOINT") continue;
    const words = ins.cmdLine
      .join(" ")
      .split(/\s+/)
      .map((w) => w.replace(/^["']|["']$/g, ""));
    const i = words.findIndex((w) => CLASSPATH_FLAGS.has(w));
    const value = i >= 0 ? words[i + 1] : words.find((w) => w.startsWith("--class-path="))?.slice("--class-path=".length);
    if (!value) continue;
    // `lib/*` is every jar in lib: the directory is what has to be there
    const entries = value
      .split(":")
      .filter((e) => e !== "" && !e.includes("$"))
      .map((e) => abs(s.workdir ?? "/", e.replace(/\/\*$/, "").replace(/^\*$/, ".")));
    return { entries, line: ins.range.start.line };
  }
  return undefined;
}

/** Where a javac (`-d DIR`) or jar (`--file F` / `cf F`) step wrote, as an absolute path. */
function outputOf(b: FactAt, steps: Step[]): string | undefined {
  if (b.fact.kind !== "java" || !b.fact.file) return undefined;
  if (b.fact.tool !== "javac" && b.fact.tool !== "jar") return undefined;
  return abs(b.cwd ?? steps[b.step]?.workdir ?? "/", b.fact.file);
}

/**
 * The class path entries a build step made: a javac output directory named on the class path, a jar named on it,
 * or the directory a `dir/*` entry names when a jar was written there.
 */
export function builtClasspathEntries(entries: string[], builds: FactAt[], steps: Step[]): ClasspathEntry[] {
  const out: ClasspathEntry[] = [];
  for (const path of entries) {
    const built = [...builds].reverse().find((b) => {
      const o = outputOf(b, steps);
      return o !== undefined && (o === path || (o.endsWith(".jar") && posix.dirname(o) === path));
    });
    if (built && !out.some((e) => e.path === path)) out.push({ path, built });
  }
  return out;
}
