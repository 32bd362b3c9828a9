import { describe, expect, it } from "vitest";
import { baseImageInfo, parseImageRef } from "./base-images.js";

const counterpart = (ref: string) => baseImageInfo(ref)?.runtimeCounterpart;

describe("parseImageRef", () => {
  it("normalises Docker Hub spellings, registries, tags and digests", () => {
    expect(parseImageRef("docker.io/library/python:3.11")).toEqual({ registry: "docker.io", repository: "python", tag: "3.11", digest: undefined });
    expect(parseImageRef("library/node")).toEqual({ registry: "docker.io", repository: "node", tag: undefined, digest: undefined });
    expect(parseImageRef("python:3.11@sha256:abc")).toEqual({ registry: "docker.io", repository: "python", tag: "3.11", digest: "sha256:abc" });
    expect(parseImageRef("localhost:5000/python:3.11")?.registry).toBe("localhost:5000");
    expect(parseImageRef("mcr.microsoft.com/dotnet/sdk:8.0")).toEqual({
      registry: "mcr.microsoft.com",
      repository: "dotnet/sdk",
      tag: "8.0",
      digest: undefined,
    });
    expect(parseImageRef("python:${PY}")).toBeUndefined();
    expect(parseImageRef("")).toBeUndefined();
  });
});

describe("runtime counterparts keep language version and release", () => {
  const cases: [string, string][] = [
    ["python:3.9", "python:3.9-slim"],
    ["python:3.11-bookworm", "python:3.11-slim-bookworm"],
    ["python:3.11.7-bookworm", "python:3.11.7-slim-bookworm"],
    ["python:3.11-slim", "python:3.11-slim"],
    ["python:3.11.7-slim-bookworm", "python:3.11.7-slim-bookworm"],
    ["python:3.12-alpine3.19", "python:3.12-alpine3.19"],
    ["python", "python:slim"],
    ["docker.io/library/python:3.10@sha256:0123", "python:3.10-slim"],
    ["node:20", "node:20-slim"],
    ["node:20-bookworm", "node:20-bookworm-slim"],
    ["node:18-alpine3.19", "node:18-alpine3.19"],
    ["node:lts", "node:lts-slim"],
    ["golang:1.22", "gcr.io/distroless/static-debian12"],
    ["golang:1.21-bullseye", "gcr.io/distroless/static-debian11"],
    ["golang:1.22-alpine3.19", "alpine:3.19"],
    ["rust:1.75-bookworm", "debian:bookworm-slim"],
    ["rust:1.80", "debian:bookworm-slim"],
    ["rust:1.63", "debian:bullseye-slim"],
    ["rust:1.75-alpine3.19", "alpine:3.19"],
    ["maven:3-eclipse-temurin-17", "eclipse-temurin:17-jre"],
    ["maven:3.9.6-eclipse-temurin-21-alpine", "eclipse-temurin:21-jre-alpine"],
    ["maven:3.8-jdk-11", "eclipse-temurin:11-jre"],
    ["gradle:8.5-jdk17", "eclipse-temurin:17-jre"],
    ["gradle:8-jdk21-jammy", "eclipse-temurin:21-jre-jammy"],
    ["eclipse-temurin:17-jdk", "eclipse-temurin:17-jre"],
    ["eclipse-temurin:21-jdk-alpine", "eclipse-temurin:21-jre-alpine"],
    ["eclipse-temurin:17-jdk-jammy", "eclipse-temurin:17-jre-jammy"],
    ["openjdk:11-jdk-slim", "openjdk:11-jre-slim"],
    ["openjdk:17-jdk-slim", "eclipse-temurin:17-jre"],
    ["mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com/dotnet/aspnet:8.0"],
    ["mcr.microsoft.com/dotnet/sdk:8.0-alpine", "mcr.microsoft.com/dotnet/aspnet:8.0-alpine"],
    ["mcr.microsoft.com/dotnet/sdk:8.0.100-bookworm-slim", "mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim"],
    ["gcc:12", "debian:bookworm-slim"],
    ["debian:bookworm", "debian:bookworm-slim"],
    ["debian:12", "debian:12-slim"],
    ["debian:bookworm-slim", "debian:bookworm-slim"],
    ["alpine:3.19", "alpine:3.19"],
    ["nginx:1.25-alpine", "nginx:1.25-alpine"],
  ];
  for (const [ref, expected] of cases) it(`${ref} → ${expected}`, () => expect(counterpart(ref)).toBe(expected));
});

describe("family, language, libc, release", () => {
  it("reads python tags", () => {
    const info = baseImageInfo("python:3.11.7-slim-bookworm")!;
    expect(info).toMatchObject({
      image: "python",
      family: "debian",
      libc: "glibc",
      language: "python",
      languageVersion: "3.11.7",
      release: "bookworm",
      releaseFromTag: true,
      role: "runtime",
    });
    expect(baseImageInfo("python:3.11")).toMatchObject({ role: "build", releaseFromTag: false });
  });

  it("recognises alpine and musl", () => {
    expect(baseImageInfo("node:18-alpine3.19")).toMatchObject({ family: "alpine", libc: "musl", release: "3.19", languageVersion: "18" });
    expect(baseImageInfo("alpine:latest")).toMatchObject({ family: "alpine", libc: "musl" });
  });

  it("assumes the default release from when a version stopped being built, and says so", () => {
    const go = baseImageInfo("golang:1.22")!;
    expect(go).toMatchObject({ language: "go", languageVersion: "1.22", release: "bookworm", releaseFromTag: false });
    expect(go.notes.join(" ")).toMatch(/assumed/);
    expect(go.alternatives).toContain("gcr.io/distroless/base-debian12");
    expect(baseImageInfo("gcc:12")).toMatchObject({ release: "bookworm", language: "c" });
  });

  it("knows Ubuntu and Red Hat based images", () => {
    expect(baseImageInfo("ubuntu:22.04")).toMatchObject({ family: "ubuntu", release: "jammy", releaseFromTag: true, role: "base" });
    expect(baseImageInfo("eclipse-temurin:17-jdk-jammy")).toMatchObject({ family: "ubuntu", release: "jammy", language: "java", languageVersion: "17" });
    expect(baseImageInfo("eclipse-temurin:17-jdk-ubi9-minimal")).toMatchObject({ family: "redhat", release: "ubi9" });
    expect(baseImageInfo("mcr.microsoft.com/dotnet/sdk:8.0")).toMatchObject({
      family: "debian",
      release: "bookworm",
      language: "dotnet",
      languageVersion: "8.0",
    });
  });

  it("treats runtime images as their own counterpart and unknown images as unknown", () => {
    expect(baseImageInfo("httpd:2.4")).toMatchObject({ role: "runtime", runtimeCounterpart: "httpd:2.4" });
    expect(baseImageInfo("gcr.io/distroless/static-debian12")).toMatchObject({ family: "distroless", libc: "none", release: "bookworm", role: "runtime" });
    expect(baseImageInfo("scratch")).toMatchObject({ family: "scratch", libc: "none" });
    expect(baseImageInfo("myorg/python:3.11")).toBeUndefined();
    expect(baseImageInfo("registry.example.com/python:3.11")).toBeUndefined();
  });
});

describe("tag variants map to the counterpart on the same OS release", () => {
  const cases: Array<[string, string, string, boolean?]> = [
    ["node:14-buster", "node:14-buster-slim", "buster", true],
    ["node:16-bullseye", "node:16-bullseye-slim", "bullseye"],
    ["python:3.8-slim-buster", "python:3.8-slim-buster", "buster", true],
    ["python:3.11-bookworm", "python:3.11-slim-bookworm", "bookworm"],
    ["python:3.9-alpine3.18", "python:3.9-alpine3.18", "3.18"],
    ["ruby:2.7-bullseye", "ruby:2.7-slim-bullseye", "bullseye"],
    ["ruby:3.1", "ruby:3.1-slim", "bookworm"],
    ["golang:1.20-bullseye", "gcr.io/distroless/static-debian11", "bullseye"],
    ["golang:1.12-stretch", "gcr.io/distroless/static-debian11", "stretch", true],
    ["rust:1.70-slim-buster", "debian:buster-slim", "buster", true],
    ["openjdk:11-jdk-slim-buster", "openjdk:11-jre-slim-buster", "buster", true],
    ["eclipse-temurin:17-jdk-jammy", "eclipse-temurin:17-jre-jammy", "jammy"],
    ["buildpack-deps:jammy", "ubuntu:jammy", "jammy"],
    ["php:7.4-fpm-buster", "php:7.4-fpm-buster", "buster", true],
  ];
  for (const [ref, counterpart, release, archived] of cases) {
    it(`${ref} → ${counterpart} (${release}${archived ? ", archived" : ""})`, () => {
      const info = baseImageInfo(ref)!;
      expect(info.runtimeCounterpart).toBe(counterpart);
      expect(info.release).toBe(release);
      expect(info.releaseArchived ?? false).toBe(archived ?? false);
      // the counterpart is on the same release as the build image
      const c = baseImageInfo(counterpart);
      if (c?.release && !counterpart.includes("distroless")) expect(c.release).toBe(release);
    });
  }
});
