import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser, parseScript } from "../shell/script.js";
import { mayNotRun } from "./may-not-run.js";

beforeAll(loadShellParser);

function gccMayNotRun(script: string): boolean {
  const s = parseScript(script);
  const gcc = s.commands.find((c) => c.name === "gcc");
  if (!gcc) throw new Error("no gcc in " + script);
  return mayNotRun(gcc, s.commands);
}

describe("mayNotRun", () => {
  it("is false for a command whose failure fails the RUN", () => {
    expect(gccMayNotRun("gcc a.c -o /usr/bin/x")).toBe(false);
    expect(gccMayNotRun("apt-get update && gcc a.c -o /usr/bin/x && strip /usr/bin/x")).toBe(false);
    expect(gccMayNotRun("gcc a.c -o /usr/bin/x; echo done || true")).toBe(false);
  });
  it("is true behind a guard whose failure is rescued by `|| …`", () => {
    expect(gccMayNotRun('[ "$(uname -m)" = x86_64 ] && gcc a.c -o /usr/bin/x || true')).toBe(true);
    expect(gccMayNotRun("gcc a.c -o /usr/bin/x || echo no compiler")).toBe(true);
  });
  it("is true after `||` and inside a branch", () => {
    expect(gccMayNotRun("cc a.c -o x || gcc a.c -o x")).toBe(true);
    expect(gccMayNotRun('if [ "$ARCH" = amd64 ]; then gcc a.c -o /usr/bin/x; fi')).toBe(true);
  });
});
