import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { java } from "./java.js";

useShellParser();

describe("java recogniser", () => {
  it("reads maven (docker/awesome-compose spring-postgres, CC0)", () => {
    expect(factsOf(java, "mvn dependency:go-offline", { cwd: "/workdir/server" })[0]).toMatchObject({
      tool: "maven",
      goals: ["dependency:go-offline"],
      offline: true,
      outputs: ["/root/.m2/repository"],
    });
    expect(factsOf(java, "./mvnw -B -f pom.xml package -DskipTests", { cwd: "/app" })[0]).toMatchObject({
      goals: ["package"],
      skipTests: true,
      file: "pom.xml",
      outputs: ["/app/target", "/root/.m2/repository"],
    });
    expect(factsOf(java, "mvn -o install -Dmaven.test.skip=true")[0]).toMatchObject({ offline: true, skipTests: true, network: false });
  });

  it("reads gradle/gradlew, jar and javac", () => {
    expect(factsOf(java, "./gradlew bootJar -x test --no-daemon", { cwd: "/app" })[0]).toMatchObject({
      tool: "gradle",
      goals: ["bootJar"],
      skipTests: true,
      outputs: ["/app/build", "/root/.gradle"],
    });
    expect(factsOf(java, "gradle build --offline")[0]).toMatchObject({ offline: true, network: false });
    expect(factsOf(java, "jar -xf app.jar", { cwd: "/x" })[0]).toMatchObject({ tool: "jar", goals: ["extract"], file: "app.jar", outputs: ["/x"] });
    expect(factsOf(java, "javac -d out src/Main.java", { cwd: "/w" })[0]).toMatchObject({ tool: "javac", outputs: ["/w/out"] });
  });

  it("reads jar's JDK 9+ long and short options (jar --create --file X, -c -f X, --file=X)", () => {
    expect(factsOf(java, "jar --create --file demo.jar --main-class demo.Main -C classes .", { cwd: "/opt/demo" })[0]).toMatchObject({
      tool: "jar",
      goals: ["create"],
      file: "demo.jar",
      outputs: ["/opt/demo/demo.jar"],
    });
    expect(factsOf(java, "jar -c -f app.jar -C out .", { cwd: "/w" })[0]).toMatchObject({ goals: ["create"], file: "app.jar", outputs: ["/w/app.jar"] });
    expect(factsOf(java, "jar --update --file=/srv/app.jar extra.txt")[0]).toMatchObject({ goals: ["update"], file: "/srv/app.jar" });
    expect(factsOf(java, "jar cvfe app.jar Main -C out .", { cwd: "/w" })[0]).toMatchObject({ goals: ["create"], file: "app.jar" });
    expect(factsOf(java, "jar --help")).toEqual([]);
  });
});
