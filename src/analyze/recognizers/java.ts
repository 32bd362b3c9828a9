// Maven (mvn, ./mvnw), Gradle (gradle, ./gradlew), jar and javac.
import { parseArgs } from "../args.js";
import type { JavaFact } from "../facts.js";
import { base, home, programName, resolvePath, type Recognizer } from "../recognizer.js";

export const java: Recognizer = {
  id: "java",
  recognize(cmd, ctx) {
    const name = programName(cmd.argv[0]);
    const args = cmd.argv.slice(1);
    if (name === "mvn" || name === "mvnw") {
      const parsed = parseArgs(args, {
        values: ["-f", "--file", "-s", "--settings", "-pl", "--projects", "-P", "--activate-profiles", "-T", "--threads", "-gs", "-rf"],
        attached: ["-D"],
      });
      const goals = parsed.positionals;
      if (goals.length === 0) return [];
      const skipTests = parsed.options.some((o) => o.name === "-D" && /^(skipTests|maven\.test\.skip)(=true)?$/.test(o.value ?? ""));
      const offline = parsed.has("-o", "--offline");
      const outputs: string[] = [];
      const file = parsed.get("-f", "--file");
      const projectDir = file ? file.replace(/\/?[^/]*\.xml$/, "") || "." : ".";
      if (goals.some((g) => /^(package|install|verify|deploy|compile|spring-boot:repackage)$/.test(g)))
        outputs.push(resolvePath(`${projectDir}/target`, ctx.cwd));
      const local = parsed.options.find((o) => o.name === "-D" && o.value?.startsWith("maven.repo.local="))?.value?.split("=")[1];
      outputs.push(local ? resolvePath(local, ctx.cwd) : `${home(ctx)}/.m2/repository`);
      const fact: JavaFact = {
        ...base("java", cmd, !offline, outputs),
        kind: "java",
        tool: "maven",
        goals,
        skipTests,
        offline: offline || goals.includes("dependency:go-offline"),
      };
      if (file !== undefined) fact.file = file;
      return [fact];
    }
    if (name === "gradle" || name === "gradlew") {
      const parsed = parseArgs(args, {
        values: [
          "-x",
          "--exclude-task",
          "-p",
          "--project-dir",
          "-b",
          "--build-file",
          "-g",
          "--gradle-user-home",
          "-c",
          "--settings-file",
          "--init-script",
          "-I",
        ],
        attached: ["-D", "-P"],
      });
      const goals = parsed.positionals;
      if (goals.length === 0) return [];
      const dir = parsed.get("-p", "--project-dir") ?? ".";
      const outputs: string[] = [];
      if (goals.some((g) => /(build|assemble|jar|bootJar|shadowJar|installDist|distTar|distZip)$/i.test(g))) outputs.push(resolvePath(`${dir}/build`, ctx.cwd));
      outputs.push(parsed.get("-g", "--gradle-user-home") ?? ctx.env.GRADLE_USER_HOME ?? `${home(ctx)}/.gradle`);
      const offline = parsed.has("--offline");
      const fact: JavaFact = {
        ...base("java", cmd, !offline, outputs),
        kind: "java",
        tool: "gradle",
        goals,
        skipTests: parsed.all("-x", "--exclude-task").includes("test"),
        offline,
      };
      if (dir !== ".") fact.file = dir;
      return [fact];
    }
    if (name === "jar") {
      const op = jarOperation(args);
      if (!op) return [];
      const { goal, file } = op;
      const outputs = goal === "create" || goal === "update" ? (file ? [resolvePath(file, ctx.cwd)] : []) : goal === "extract" ? [ctx.cwd ?? "."] : [];
      const fact: JavaFact = { ...base("java", cmd, false, outputs), kind: "java", tool: "jar", goals: [goal], skipTests: false, offline: true };
      if (file !== undefined) fact.file = file;
      return [fact];
    }
    if (name === "javac") {
      const parsed = parseArgs(args, {
        values: ["-d", "-cp", "-classpath", "--class-path", "-sourcepath", "-source", "-target", "--release", "-encoding", "-s", "-h", "-p", "--module-path"],
        singleDashLong: true,
      });
      const dir = parsed.get("-d");
      const fact: JavaFact = {
        ...base("java", cmd, false, [resolvePath(dir ?? ".", ctx.cwd)]),
        kind: "java",
        tool: "javac",
        goals: ["compile"],
        skipTests: false,
        offline: true,
      };
      if (dir !== undefined) fact.file = dir;
      return [fact];
    }
    return [];
  },
};

const JAR_MODES: Readonly<Record<string, "create" | "update" | "extract" | "list">> = { c: "create", u: "update", x: "extract", t: "list" };

/** `jar cvf app.jar …` (old style: the flag letters, then their values in order) or the GNU-style options of JDK 9+
 * (`jar --create --file app.jar …`, `jar -c -f app.jar`, `--file=app.jar`). */
function jarOperation(args: string[]): { goal: "create" | "update" | "extract" | "list"; file: string | undefined } | undefined {
  const old = /^-?([ctxu])([a-zA-Z0-9]*)$/.exec(args[0] ?? "");
  if (old && !(args[0]!.startsWith("-") && old[2] === "")) {
    return { goal: JAR_MODES[old[1]!]!, file: old[2]!.includes("f") ? args[1] : undefined };
  }
  let goal: "create" | "update" | "extract" | "list" | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const long = /^--(create|update|extract|list)$/.exec(a);
    if (long) goal = long[1] as typeof goal;
    else if (/^-[ctxu]$/.test(a)) goal = JAR_MODES[a[1]!];
    else if (a === "-f" || a === "--file") file = args[++i];
    else if (a.startsWith("--file=")) file = a.slice("--file=".length);
  }
  return goal ? { goal, file } : undefined;
}
