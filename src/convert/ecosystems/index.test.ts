import { describe, expect, it } from "vitest";
import { LANGUAGE_FACT_KINDS } from "../../analyze/dockerfile.js";
import { loadShellParser } from "../../shell/script.js";
import { parseDockerfile } from "../../syntax/index.js";
import { convertDockerfileSync } from "../convert.js";
import { BUILD_FACT_KINDS, ECOSYSTEMS, isAppInterpreter, ownerOf, runtimeProgramsOf, strategyOf } from "./index.js";

describe("the ecosystem registry", () => {
  it("has unique ids and one fallback, listed last", () => {
    const ids = ECOSYSTEMS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ECOSYSTEMS.filter((s) => s.fallback).map((s) => s.id)).toEqual(["generic"]);
    expect(ECOSYSTEMS.at(-1)?.fallback).toBe(true);
  });

  it("claims exactly the analysis's language fact kinds", () => {
    expect([...BUILD_FACT_KINDS].sort()).toEqual([...LANGUAGE_FACT_KINDS].sort());
    for (const kind of LANGUAGE_FACT_KINDS) expect(ownerOf(kind), kind).toBeDefined();
  });

  it("gives each base language to at most one strategy", () => {
    const langs = ECOSYSTEMS.flatMap((s) => s.languages);
    expect(new Set(langs).size).toBe(langs.length);
  });

  it("derives the interpreted, compiled and runtime-program sets from the strategies", () => {
    expect(ECOSYSTEMS.filter((s) => s.interpreted).map((s) => s.id)).toEqual(["ruby", "node", "python"]);
    expect(ECOSYSTEMS.filter((s) => s.compiled).map((s) => s.id)).toEqual(["go", "rust", "dotnet", "java", "c", "generic"]);
    expect(isAppInterpreter("python3.11")).toBe(true);
    expect(isAppInterpreter("node")).toBe(true);
    expect(isAppInterpreter("ruby")).toBe(false);
    expect(isAppInterpreter("php8.2")).toBe(true);
    expect(runtimeProgramsOf("java")?.test("keytool")).toBe(true);
    expect(runtimeProgramsOf("go")).toBeUndefined();
    expect(strategyOf("nope")).toBeUndefined();
  });

  it("detects in registry order: facts first by order, then the base's language, else the fallback", async () => {
    await loadShellParser();
    const eco = (text: string) => {
      const r = convertDockerfileSync(parseDockerfile(text));
      return r.status === "converted" ? r.plan.ecosystem : r.status;
    };
    // a go build in a python image is Go's: Go comes first
    expect(eco('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n')).toBe("go");
    expect(eco('FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\nCOPY a.c .\nRUN gcc -o /usr/local/bin/a a.c\nCMD ["a"]\n')).toBe("c");
    expect(eco('FROM python:3.11\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')).toBe("python");
    // Ruby picks by its own rule: a ruby image that also runs yarn is Ruby's; a node image installing gems is not
    expect(eco('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install && yarn install\nCMD ["bundle", "exec", "puma"]\n')).toBe("ruby");
    expect(
      eco(
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ruby-full\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["ruby", "app.rb"]\n',
      ),
    ).toBe("declined");
    const nodeWithGems = convertDockerfileSync(
      parseDockerfile('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && gem install sass\nCMD ["node", "app.js"]\n'),
    );
    expect(nodeWithGems.status === "declined" && nodeWithGems.declines.map((d) => d.id)).toEqual(["foreign-build"]);
  });
});
