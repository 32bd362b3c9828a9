import { describe, expect, it } from "vitest";
import { convertDockerfile } from "../../convert/index.js";
import { processWord } from "../../shell/lex.js";
import { parseDockerfile } from "../../syntax/index.js";
import { readOutput, finalStage, stageNamed } from "./dockerfile-edit.js";
import { envValue, javaRuntimeVariants, jlinkRun, slimBaseOf } from "./java-jlink.js";
import type { Converted, SearchFacts } from "./types.js";

async function convert(text: string): Promise<Converted> {
  const r = await convertDockerfile(parseDockerfile(text, { file: "Dockerfile" }), { context: { read: () => undefined } });
  if (r.status !== "converted") throw new Error(`not converted: ${r.status}`);
  return r;
}

const JAR_APP = `FROM eclipse-temurin:17-jdk
WORKDIR /opt/stats
COPY src ./src
RUN mkdir -p build/classes && javac -d build/classes $(find src -name '*.java') && jar --create --file stats.jar --main-class Main -C build/classes .
ENV JAVA_OPTS="-Xss512k"
CMD ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/stats/stats.jar"]
`;
const TEMURIN: SearchFacts = {
  goSourcesRead: false,
  cgoFiles: [],
  originalEnv: ["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME=/opt/java/openjdk", "LANG=en_US.UTF-8"],
  originalOs: { ID: "ubuntu", VERSION_ID: "22.04", VERSION_CODENAME: "jammy" },
};

describe("the jlink runtime of a Java conversion", () => {
  it("is made in the builder from the jar jdeps reads, and replaces the JRE base by the original's own distribution", async () => {
    const result = await convert(JAR_APP);
    const [variant, ...more] = javaRuntimeVariants({ result, originalText: JAR_APP, facts: TEMURIN });
    expect(more).toEqual([]);
    expect(variant).toMatchObject({ id: "java-runtime:jlink", dimension: "java-runtime" });
    const text = variant!.apply(result.dockerfile)!;
    const out = readOutput(text);
    const final = finalStage(out)!;
    expect(final.from.ins.image).toBe("ubuntu:22.04");
    const builder = stageNamed(out, result.plan.builderName)!;
    const run = builder.body.at(-1)!.ins;
    expect(run.kind).toBe("RUN");
    const script = run.kind === "RUN" ? run.node.original : "";
    expect(script).toContain("jdeps --ignore-missing-deps --print-module-deps");
    expect(script).toContain(" /opt/stats/stats.jar)");
    expect(script).toContain("--output /slimstage/java/opt/java/openjdk");
    // the final stage takes the runtime and the JDK image's environment; the Dockerfile's own ENV stays as written
    const copy = final.body.find((l) => l.ins.kind === "COPY")!.ins;
    expect(copy).toMatchObject({ kind: "COPY", from: result.plan.builderName, sources: ["/slimstage/java/"], dest: "/" });
    const envs = final.body.flatMap((l) => (l.ins.kind === "ENV" ? l.ins.pairs.map((p) => [p.key, processWord(p.value, {}).value]) : []));
    expect(envs).toEqual([
      ["PATH", "/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      ["JAVA_HOME", "/opt/java/openjdk"],
      ["LANG", "en_US.UTF-8"],
      ["JAVA_OPTS", "-Xss512k"],
    ]);
    // the jar is still copied, and applying again to its own output changes nothing
    expect(text).toContain("COPY --from=builder /opt/stats/stats.jar /opt/stats/stats.jar");
    expect(variant!.apply(text)).toBeUndefined();
  });

  it("leaves the default PATH out, and sets JAVA_HOME where the original had none", async () => {
    const result = await convert(JAR_APP);
    const facts: SearchFacts = {
      ...TEMURIN,
      originalEnv: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      originalOs: { ID: "debian", VERSION_CODENAME: "bookworm" },
    };
    const text = javaRuntimeVariants({ result, originalText: JAR_APP, facts })[0]!.apply(result.dockerfile)!;
    expect(text).toMatch(/^FROM debian:bookworm-slim$/m);
    expect(text).toContain('ENV JAVA_HOME="/opt/java/runtime"\n');
    expect(text).not.toMatch(/^ENV PATH=/m);
  });

  it("is not offered without the original's environment or a known distribution, or for another ecosystem", async () => {
    const result = await convert(JAR_APP);
    const none = (facts: SearchFacts) => javaRuntimeVariants({ result, originalText: JAR_APP, facts });
    expect(none({ goSourcesRead: false, cgoFiles: [] })).toEqual([]);
    expect(none({ ...TEMURIN, originalOs: { ID: "fedora", VERSION_ID: "40" } })).toEqual([]);
    expect(none({ ...TEMURIN, originalOs: undefined })).toEqual([]);
    // a final stage that installs its Java with apt keeps it
    const apt = await convert(
      `FROM debian:bookworm\nRUN apt-get update && apt-get install -y openjdk-17-jdk-headless\nWORKDIR /opt/stats\nCOPY src ./src\nRUN javac -d classes $(find src -name '*.java') && jar --create --file stats.jar --main-class Main -C classes .\nCMD ["java", "-jar", "/opt/stats/stats.jar"]\n`,
    );
    expect(apt.dockerfile).toMatch(/openjdk-17-jre/);
    expect(javaRuntimeVariants({ result: apt, originalText: "", facts: TEMURIN })).toEqual([]);
    const node = await convert(`FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n`);
    expect(javaRuntimeVariants({ result: node, originalText: "", facts: TEMURIN })).toEqual([]);
  });

  it("takes the jars a re-based final stage copies from the user's own build stage", async () => {
    const src = `FROM eclipse-temurin:17-jdk AS build
WORKDIR /opt/stats
COPY src ./src
RUN javac -d classes $(find src -name '*.java') && jar --create --file stats.jar --main-class Main -C classes .

FROM eclipse-temurin:17-jdk
COPY --from=build /opt/stats/stats.jar /opt/stats/stats.jar
CMD ["java", "-jar", "/opt/stats/stats.jar"]
`;
    const result = await convert(src);
    expect(result.plan.artifacts).toEqual([]);
    const [variant] = javaRuntimeVariants({ result, originalText: src, facts: TEMURIN });
    const text = variant!.apply(result.dockerfile)!;
    expect(text).toContain(" /opt/stats/stats.jar)");
    expect(text).toMatch(/^FROM ubuntu:22\.04$/m);
    expect(text).toContain("COPY --from=build /slimstage/java/ /");
  });

  it("reads a build output directory's jars and classes", () => {
    const run = jlinkRun(["/src/target"], "/opt/java/openjdk");
    expect(run).toContain("for p in /src/target; do");
    expect(run).toContain("find \"$p\" -name '*.jar'");
    expect(run).toContain('$inputs)"');
  });

  it("names the slim image of the same release, and quotes ENV values exactly", () => {
    expect(slimBaseOf({ ID: "debian", VERSION_ID: "12", VERSION_CODENAME: "bookworm" })).toBe("debian:bookworm-slim");
    expect(slimBaseOf({ ID: "ubuntu", VERSION_ID: "24.04" })).toBe("ubuntu:24.04");
    expect(slimBaseOf({ ID: "alpine", VERSION_ID: "3.19.1" })).toBe("alpine:3.19");
    expect(slimBaseOf({ ID: "debian" })).toBeUndefined();
    expect(slimBaseOf(undefined)).toBeUndefined();
    const final = finalStage(readOutput(`FROM x\nENV A=${envValue('a "b" $C \\d')}\n`))!;
    const pair = final.body[0]!.ins.kind === "ENV" ? final.body[0]!.ins.pairs[0] : undefined;
    // BuildKit's expansion of the written value gives the value back
    expect(processWord(pair!.value, { C: "expanded" }).value).toBe('a "b" $C \\d');
  });
});
