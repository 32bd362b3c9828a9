// Apps from the unseen-apps review (docs/convert.md): each was converted wrongly or declined avoidably before.
import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";

beforeAll(loadShellParser);

const convert = (text: string) => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));

describe("unseen apps", () => {
  it("declines a program built only behind a guard that `|| true` rescues, naming the line", () => {
    const r = convert(
      'FROM gcc:12\nWORKDIR /src\nCOPY fast.c .\nRUN [ "$(uname -m)" = x86_64 ] && gcc -O2 fast.c -o /usr/bin/fast || true\nCMD ["/usr/bin/fast"]\n',
    );
    expect(r.status).toBe("declined");
    if (r.status !== "declined") return;
    const d = r.declines.find((x) => x.reason.includes("may not run"));
    expect(d?.lines).toEqual([4]);
    expect(d?.reason).toContain("/usr/bin/fast");
  });

  it("still copies a program the RUN always builds", () => {
    const r = convert('FROM gcc:12\nWORKDIR /src\nCOPY fast.c .\nRUN apt-get update && gcc -O2 fast.c -o /usr/bin/fast\nCMD ["/usr/bin/fast"]\n');
    expect(r.status).toBe("converted");
    if (r.status === "converted") expect(r.dockerfile).toContain("COPY --from=builder /usr/bin/fast /usr/bin/fast");
  });

  it("converts a jar made with `jar --create --file` and run through a wrapper script", () => {
    const r = convert(
      'FROM eclipse-temurin:17-jdk\nWORKDIR /opt/demo\nCOPY src ./src\nRUN mkdir classes && javac -d classes src/demo/Main.java && jar --create --file demo.jar --main-class demo.Main -C classes .\nCOPY run.sh /usr/local/bin/run-demo\nRUN chmod 755 /usr/local/bin/run-demo\nENTRYPOINT ["run-demo"]\n',
    );
    expect(r.status).toBe("converted");
    if (r.status !== "converted") return;
    expect(r.plan.finalBase).toBe("eclipse-temurin:17-jre");
    expect(r.dockerfile).toContain("COPY --from=builder /opt/demo/demo.jar /opt/demo/demo.jar");
    expect(r.dockerfile).toContain("RUN chmod 755 /usr/local/bin/run-demo");
  });

  it("says a stdlib-only Ruby script has nothing built, not that a C compile step is missing", () => {
    const r = convert('FROM ruby:3.1\nWORKDIR /app\nCOPY wc.rb words.txt ./\nCMD ["ruby", "wc.rb"]\n');
    expect(r.status).toBe("declined");
    if (r.status !== "declined") return;
    expect(r.declines.map((d) => d.reason).join("\n")).toMatch(/nothing is built for this Ruby app/);
    expect(r.declines.map((d) => d.reason).join("\n")).not.toMatch(/gcc/);
  });
});
