import { describe, expect, it } from "vitest";
import { detectSyntaxDirective, isFrontendResolveFailure, normalizeImageRef, stripSyntaxDirective } from "./frontend.js";

describe("detectSyntaxDirective", () => {
  it.each([
    ["# syntax=docker/dockerfile:1.7\nFROM x\n", "docker/dockerfile:1.7", 1],
    ["#syntax = docker/dockerfile:1 \nFROM x", "docker/dockerfile:1", 1],
    ["# SYNTAX=foo/bar --opt\nFROM x", "foo/bar", 1],
    ["\uFEFF# syntax=a/b\nFROM x", "a/b", 1],
    ["#!/usr/bin/env buildx\n# syntax=a/b\nFROM x", "a/b", 2],
    ["# escape=`\n# syntax=a/b\nFROM x", "a/b", 2],
    ["# check=skip=all\r\n# syntax=a/b\r\nFROM x", "a/b", 2],
  ])("finds it in %j", (text, image, line) => {
    expect(detectSyntaxDirective(text)).toMatchObject({ image, line });
  });
  it.each([
    ["FROM x\n# syntax=a/b\n"],
    ["# a comment\n# syntax=a/b\nFROM x"],
    ["\n# syntax=a/b\nFROM x"],
    ["# unknown=1\n# syntax=a/b\nFROM x"],
    [" # syntax=a/b\nFROM x"],
    ["# escape=\\\n# escape=`\n# syntax=a/b\n"],
  ])("ignores it in %j", (text) => {
    expect(detectSyntaxDirective(text)).toBeUndefined();
  });
});

describe("stripSyntaxDirective", () => {
  it("keeps later line numbers and the escape directive", () => {
    const text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM x\nRUN a `\n  b\n";
    const out = stripSyntaxDirective(text);
    expect(out).toBe("# escape=`\n\nFROM x\nRUN a `\n  b\n");
    expect(out.split("\n").indexOf("FROM x")).toBe(text.split("\n").indexOf("FROM x"));
    expect(detectSyntaxDirective(out)).toBeUndefined();
  });
  it("keeps CRLF and BOM", () => {
    expect(stripSyntaxDirective("\uFEFF# syntax=a/b\r\nFROM x\r\n")).toBe("\uFEFF\r\nFROM x\r\n");
  });
  it("leaves texts without a directive alone", () => {
    const t = "FROM x\n# syntax=a/b\n";
    expect(stripSyntaxDirective(t)).toBe(t);
  });
});

describe("frontend resolution failures", () => {
  const d = { image: "docker/dockerfile:1.7", value: "docker/dockerfile:1.7", line: 1 };
  it("normalizes references like BuildKit", () => {
    expect(normalizeImageRef("docker/dockerfile:1")).toBe("docker.io/docker/dockerfile:1");
    expect(normalizeImageRef("alpine")).toBe("docker.io/library/alpine");
    expect(normalizeImageRef("ghcr.io/a/b:1")).toBe("ghcr.io/a/b:1");
    expect(normalizeImageRef("localhost:5000/x")).toBe("localhost:5000/x");
  });
  it("recognizes the failing resolve vertex and the final message", () => {
    expect(
      isFrontendResolveFailure(d, {
        stepName: "resolve image config for docker-image://docker.io/docker/dockerfile:1.7",
        stepError: "dial tcp: no such host",
        output: [],
      }),
    ).toBe(true);
    expect(
      isFrontendResolveFailure(d, {
        output: ["ERROR: failed to solve: failed to resolve source metadata for docker.io/docker/dockerfile:1.7: failed to do request"],
      }),
    ).toBe(true);
  });
  it("does not mistake a base image failure for the frontend", () => {
    expect(
      isFrontendResolveFailure(d, {
        stepName: "[internal] load metadata for docker.io/library/nosuch:1",
        stepError: "not found",
        output: ["ERROR: failed to solve: nosuch:1: failed to resolve source metadata for docker.io/library/nosuch:1: not found"],
      }),
    ).toBe(false);
  });
});
