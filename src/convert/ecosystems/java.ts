// Java: the jar the start command runs (`java -jar PATH`), the jar `jar` creates, or Maven's target/ and Gradle's
// build/libs, copied into the final stage on the JRE image.
import { posix } from "node:path";
import type { Fact } from "../../analyze/facts.js";
import type { Step } from "../../model/stages.js";
import { builtClasspathEntries, commandClasspath } from "./java-classpath.js";
import { binaryArtifact, empty, type FactAt, factsOf, lastOf } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const java: EcosystemStrategy<"java"> = {
  id: "java",
  factKinds: ["java"],
  languages: ["java"],
  compiled: true,
  interpreted: false,
  runtimePrograms: /^(java|jshell|keytool)$/,
  cachesAreGain: true,
  needsLibc: () => true,
  plan: (input) => planJava(input),
};

function planJava(input: EcosystemInput): EcosystemPlan {
  const plan = empty("java");
  const builds = factsOf(input).filter((f): f is FactAt & { fact: Extract<Fact, { kind: "java" }> } => f.fact.kind === "java");
  const last = lastOf(builds);
  if (!last) {
    plan.declines.push({ lines: [], id: "java-no-build", reason: "no Maven, Gradle, javac or jar step found", hint: "build the jar in a RUN step" });
    return plan;
  }
  const workdir = input.steps[last.step]?.workdir ?? "/";
  const entry = jarOnCommandLine(input.steps);
  let jar: string | undefined;
  if (entry) jar = entry.startsWith("/") ? entry : posix.join(workdir, entry);
  else if (last.fact.tool === "jar" && last.fact.file) jar = posix.join(workdir, last.fact.file);
  if (!jar) {
    const dir = last.fact.tool === "maven" ? "target" : last.fact.tool === "gradle" ? "build/libs" : undefined;
    // `java -cp 'lib/*:classes' Main`: the class path entries javac and jar wrote (java-classpath.ts)
    const classpath = dir ? undefined : commandClasspath(input.steps);
    const built = classpath ? builtClasspathEntries(classpath.entries, builds, input.steps) : [];
    if (built.length) {
      for (const e of built) binaryArtifact(plan, e.path, e.built, "the `java -cp` entry");
      return plan;
    }
    if (!dir) {
      plan.declines.push({
        lines: [last.line],
        id: "java-output-unknown",
        reason: `line ${last.line}: where the build puts its classes or jar is not known`,
        hint: "package a jar and run it with `java -jar PATH` in CMD",
      });
      return plan;
    }
    jar = posix.join(workdir, dir);
  }
  binaryArtifact(plan, jar, last, jar.endsWith(".jar") ? "the jar" : "the build output directory");
  return plan;
}

function jarOnCommandLine(steps: Step[]): string | undefined {
  for (const s of [...steps].reverse()) {
    const ins = s.instruction;
    if (ins.kind !== "CMD" && ins.kind !== "ENTRYPOINT") continue;
    // `sh -c "exec java -jar app.jar"` too: look at every word of the command line
    const words = ins.cmdLine.join(" ").split(/\s+/);
    const i = words.indexOf("-jar");
    if (i >= 0 && words[i + 1]) return words[i + 1]!.replace(/^["']|["']$/g, "");
  }
  return undefined;
}
