import { beforeAll, describe, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../analyze/dockerfile.js";
import type { InstalledPackage } from "../image/index.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { buildOnlyPackages, defaultKnowledge, type PackageKnowledge } from "./knowledge.js";

beforeAll(loadShellParser);

const pkg = (name: string, manager: "dpkg" | "apk" = "dpkg"): InstalledPackage => ({ manager, name, version: "1" });

describe("build-only packages of an image", () => {
  it("lists them sorted, with the report's reason, for dpkg and apk", () => {
    const got = buildOnlyPackages([
      pkg("python3"),
      pkg("gcc-12"),
      pkg("libmariadb-dev"),
      pkg("libmariadb3"),
      pkg("build-base", "apk"),
      pkg("gcc-12-base"),
      pkg("quilt"),
    ]);
    expect(got.map((p) => [p.name, p.reason])).toEqual([
      ["build-base", "build tool"],
      ["gcc-12", "compiler"],
      ["libmariadb-dev", "headers"],
      ["quilt", "build-only package"],
    ]);
  });

  it("reads the image's release: cpp-12 and the Ubuntu codenames", () => {
    expect(buildOnlyPackages([pkg("cpp-12")], defaultKnowledge, { release: "trixie" }).map((p) => p.name)).toEqual(["cpp-12"]);
    expect(buildOnlyPackages([pkg("libpq-dev")], defaultKnowledge, { release: "jammy" }).map((p) => p.name)).toEqual(["libpq-dev"]);
  });

  it("no longer calls runtime modules named *-headers build-only (verify's former name rule did)", () => {
    expect(buildOnlyPackages([pkg("python3-django-cors-headers"), pkg("node-on-headers"), pkg("binutils-common")])).toEqual([]);
  });

  it("asks the knowledge it is given", () => {
    const everything: PackageKnowledge = { classify: () => ({ class: "build-only", reason: "toolchain" }), packageForSoname: () => undefined };
    expect(buildOnlyPackages([pkg("python3")], everything)).toEqual([{ name: "python3", version: "1", reason: "toolchain" }]);
  });
});

describe("one classification for analyze (and so convert) and verify", () => {
  it("a Dockerfile's analysis and verify's reading of the installed image agree, also on the former disagreements", () => {
    const names = [
      "gcc",
      "libpq-dev",
      "libpq5",
      "python3",
      "cpp-12",
      "fakeroot",
      "binutils-common",
      "python3-django-cors-headers",
      "graphicsmagick-libmagick-dev-compat",
      "binutils-i686-gnu",
      "git",
      "quilt",
    ];
    const stage = analyzeDockerfileSync(parseDockerfile(`FROM debian:bookworm\nRUN apt-get update && apt-get install -y ${names.join(" ")}\n`)).stages[0]!;
    const fromImage = buildOnlyPackages(
      names.map((n) => pkg(n)),
      defaultKnowledge,
      { release: "bookworm" },
    ).map((p) => p.name);
    expect(fromImage).toEqual([...stage.buildOnly].sort());
    expect(fromImage).toEqual(["binutils-i686-gnu", "cpp-12", "gcc", "git", "graphicsmagick-libmagick-dev-compat", "libpq-dev", "quilt"]);
  });
});

describe("shared libraries", () => {
  it("names the package of a soname from the archive, per release, and does not guess", () => {
    expect(defaultKnowledge.packageForSoname("libmariadb.so.3")).toBe("libmariadb3");
    expect(defaultKnowledge.packageForSoname("libssl.so.3", { release: "bookworm" })).toBe("libssl3");
    expect(defaultKnowledge.packageForSoname("libssl.so.3", { release: "trixie" })).toBe("libssl3t64");
    expect(defaultKnowledge.packageForSoname("libssl.so.3", { release: "noble" })).toBe("libssl3t64");
    expect(defaultKnowledge.packageForSoname("libxml2.so.2")).toBe("libxml2");
    expect(defaultKnowledge.packageForSoname("libvendored.so.9")).toBeUndefined();
    expect(defaultKnowledge.packageForSoname("libz.so.1", { family: "alpine" })).toBeUndefined();
  });
});
