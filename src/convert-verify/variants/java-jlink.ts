// Java: instead of the whole JRE image, a runtime with only the modules the app uses, made in the builder by
// `jlink` from the modules `jdeps` reports, on the slim base of the original image's own distribution (read from
// its os-release, so a Debian JDK's runtime lands on Debian and an Ubuntu one on Ubuntu). The runtime goes where the
// original's JAVA_HOME says and `java` keeps its place on PATH, and the final stage sets the environment the JRE
// image gave (JAVA_HOME, PATH, LANG …) so the config stays the same. jdeps cannot see modules loaded as services:
// jdk.crypto.ec (TLS with EC keys) is added when the JDK has it; anything else only verification can tell (a fat
// jar whose libraries sit inside it, reflection, other service providers), which is why this is a candidate.
import { posix } from "node:path";
import { block, edit, finalStage, printEdited, readOutput, replaceFromImage, stageNamed, type Edits } from "./dockerfile-edit.js";
import type { Variant, VariantInput } from "./types.js";

/** Where the builder stages the runtime (and the `java` link), as the final stage's root will see it. */
export const RUNTIME_STAGE = "/slimstage/java";
/** JAVA_HOME when the original image sets none. */
const DEFAULT_HOME = "/opt/java/runtime";
/** The PATH Docker gives a container whose image sets none, and the one the slim Debian, Ubuntu and Alpine images set. */
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The slim image of the same distribution and release as an os-release, or undefined when there is none. */
export function slimBaseOf(osRelease: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!osRelease) return undefined;
  const id = osRelease.ID;
  if (id === "debian" && /^[a-z]+$/.test(osRelease.VERSION_CODENAME ?? "")) return `debian:${osRelease.VERSION_CODENAME}-slim`;
  if (id === "ubuntu" && /^\d+\.\d+$/.test(osRelease.VERSION_ID ?? "")) return `ubuntu:${osRelease.VERSION_ID}`;
  const alpine = id === "alpine" ? /^(\d+\.\d+)/.exec(osRelease.VERSION_ID ?? "") : null;
  return alpine ? `alpine:${alpine[1]}` : undefined;
}

const envOf = (env: readonly string[]): Map<string, string> =>
  new Map(env.map((e) => [e.slice(0, e.indexOf("=") < 0 ? e.length : e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));

/** A Dockerfile ENV value that means exactly `value` (quoted, no expansion). */
export const envValue = (value: string): string => `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The builder's RUN: jdeps over the app's jars and class directories, jlink into the staging root, the `java` link. */
export function jlinkRun(inputs: readonly string[], javaHome: string): string {
  const home = `${RUNTIME_STAGE}${javaHome}`;
  const jarsOnly = inputs.every((p) => p.endsWith(".jar"));
  const lines = ["set -eu", 'release="$(jlink --version)"'];
  if (jarsOnly)
    lines.push(`modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release "\${release%%.*}" ${inputs.map(shellQuote).join(" ")})"`);
  else {
    // a build output directory: the jars in it, and the directory itself when it holds classes
    lines.push(
      'inputs=""',
      `for p in ${inputs.map(shellQuote).join(" ")}; do if [ -d "$p" ]; then inputs="$inputs $(find "$p" -name '*.jar' | tr '\\n' ' ')"; if find "$p" -name '*.class' | grep -q .; then inputs="$inputs $p"; fi; else inputs="$inputs $p"; fi; done`,
      `modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release "\${release%%.*}" $inputs)"`,
    );
  }
  lines.push(
    `if java --list-modules | grep -q '^jdk\\.crypto\\.ec@'; then modules="$modules,jdk.crypto.ec"; fi`,
    // --strip-java-debug-attributes, not --strip-debug: that one also strips native symbols and needs objcopy
    `jlink --add-modules "$modules" --strip-java-debug-attributes --no-man-pages --no-header-files --compress=2 --output ${shellQuote(home)}`,
    'java="$(command -v java)"',
    `case "$java" in ${shellQuote(javaHome)}/*) ;; *) mkdir -p "${RUNTIME_STAGE}\${java%/*}"; ln -s ${shellQuote(`${javaHome}/bin/java`)} "${RUNTIME_STAGE}$java" ;; esac`,
  );
  return `RUN ${lines.join("; \\\n    ")}`;
}

export function javaRuntimeVariants(input: VariantInput): Variant[] {
  const { plan, dockerfile } = input.result;
  const { originalEnv, originalOs } = input.facts;
  if (plan.ecosystem !== "java" || !originalEnv) return [];
  const base = slimBaseOf(originalOs);
  if (!base) return [];
  const out = readOutput(dockerfile);
  const final = finalStage(out);
  const builder = stageNamed(out, plan.builderName);
  if (!final || !builder || final === builder) return [];
  // a final stage that installs Java itself (apt's openjdk-17-jre-headless …) does not take its runtime from its base
  if (final.body.some((l) => l.ins.kind === "RUN" && /\b(openjdk|temurin|corretto|zulu)[\w.-]*|\b(jre|jdk)\b/i.test(l.ins.node.original))) return [];
  const norm = (p: string) => p.replace(/\/+$/, "") || "/";
  const copied = final.body.flatMap((l) => (l.ins.kind === "COPY" && l.ins.from === plan.builderName ? l.ins.sources.map(norm) : []));
  // the plan's artifacts; a re-based final stage has none of its own (the user's stages built them): its copied jars
  const inputs = plan.artifacts.length ? plan.artifacts.map((a) => norm(a.path)).filter((p) => copied.includes(p)) : copied.filter((p) => p.endsWith(".jar"));
  if (inputs.length === 0) return [];
  const env = envOf(originalEnv);
  const javaHome = posix.normalize(env.get("JAVA_HOME") || DEFAULT_HOME);
  if (!javaHome.startsWith("/") || javaHome === "/") return [];
  // what the JRE image's environment gave the app; the Dockerfile's own ENV lines stay as they are
  const own = new Set(final.body.flatMap((l) => (l.ins.kind === "ENV" ? l.ins.pairs.map((p) => p.key) : [])));
  const inherited = [...env].filter(([k, v]) => !own.has(k) && k !== "HOSTNAME" && !(k === "PATH" && v === DEFAULT_PATH));
  if (!env.has("JAVA_HOME")) inherited.push(["JAVA_HOME", javaHome]);
  return [
    {
      id: "java-runtime:jlink",
      dimension: "java-runtime",
      summary: `FROM ${base} with a runtime made by jlink from the modules jdeps finds in ${inputs.join(", ")} (instead of ${plan.finalBase})`,
      apply: (text) => {
        const o = readOutput(text);
        const f = finalStage(o);
        const b = stageNamed(o, plan.builderName);
        const last = b?.body.at(-1);
        if (!f || !b || f === b || !last || f.from.ins.image === base) return undefined;
        const edits: Edits = new Map();
        edit(edits, last.index, {
          after: `\n${block("a Java runtime with only the modules the app uses", [jlinkRun(inputs, javaHome)])}`.replace(/\n\n$/, "\n"),
        });
        replaceFromImage(o, f, base, edits);
        const env = inherited.map(([k, v]) => `${k}=${envValue(v)}`).join(" \\\n    ");
        const lines = [`COPY --from=${plan.builderName} ${RUNTIME_STAGE}/ /`, ...(env ? [`ENV ${env}`] : [])];
        edit(edits, f.from.index, {
          after: `\n${block("the jlink runtime, and the environment the JDK image gave the original", lines)}`.replace(/\n\n$/, "\n"),
        });
        return printEdited(o, edits);
      },
    },
  ];
}
