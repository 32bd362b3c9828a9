import { describe, expect, it } from "vitest";
import type { InstalledPackage } from "../image/index.js";
import { buildOnlyPackages, buildOnlyReason, defaultKnowledge, policyPackageName, ruleKnowledge } from "./knowledge.js";

const pkg = (name: string, manager: "dpkg" | "apk" = "dpkg"): InstalledPackage => ({ manager, name, version: "1" });

describe("build-only packages", () => {
  it("names compilers, headers, build tools and toolchains", () => {
    expect(buildOnlyReason("gcc")).toBe("compiler");
    expect(buildOnlyReason("gcc-12")).toBe("compiler");
    expect(buildOnlyReason("g++")).toBe("compiler");
    expect(buildOnlyReason("cpp-12")).toBe("compiler");
    expect(buildOnlyReason("default-libmysqlclient-dev")).toBe("headers");
    expect(buildOnlyReason("libmariadb-dev")).toBe("headers");
    expect(buildOnlyReason("linux-libc-dev")).toBe("headers");
    expect(buildOnlyReason("musl-dev")).toBe("headers");
    expect(buildOnlyReason("pkg-config")).toBe("build tool");
    expect(buildOnlyReason("build-essential")).toBe("build tool");
    expect(buildOnlyReason("binutils-x86-64-linux-gnu")).toBe("build tool");
    expect(buildOnlyReason("golang-1.19-go")).toBe("toolchain");
    expect(buildOnlyReason("openjdk-17-jdk-headless")).toBe("toolchain");
    expect(buildOnlyReason("git")).toBe("version control");
  });
  it("leaves runtime halves alone", () => {
    for (const n of ["gcc-12-base", "libgcc-s1", "libstdc++6", "libmariadb3", "python3", "openjdk-17-jre-headless", "libc6", "libtirpc-common", "devscripts-el"]) {
      expect(buildOnlyReason(n), n).toBeUndefined();
    }
  });
  it("the default joins the archive data with the name rules, without toolchains' runtime halves", () => {
    // from the archive data only
    expect(defaultKnowledge.classifyPackage("manpages-dev")).toBe("build-only");
    expect(defaultKnowledge.classifyPackage("gcc-12")).toBe("build-only");
    expect(defaultKnowledge.classifyPackage("cpp-12")).toBe("build-only");
    // the data marks these build-only, but libgcc-s1 and libtirpc3 depend on them in every Debian image
    expect(defaultKnowledge.classifyPackage("gcc-12-base")).not.toBe("build-only");
    expect(defaultKnowledge.classifyPackage("libtirpc-common")).not.toBe("build-only");
    expect(defaultKnowledge.classifyPackage("libgomp1")).toBe("runtime-library");
    expect(defaultKnowledge.classifyPackage("build-base", { family: "alpine" })).toBe("build-only");
  });
  it("the default names the package of a soname from the archive, per release, and does not guess", () => {
    expect(defaultKnowledge.packageForSoname("libmariadb.so.3")).toBe("libmariadb3");
    expect(defaultKnowledge.packageForSoname("libssl.so.3", { release: "bookworm" })).toBe("libssl3");
    expect(defaultKnowledge.packageForSoname("libssl.so.3", { release: "trixie" })).toBe("libssl3t64");
    expect(defaultKnowledge.packageForSoname("libxml2.so.2")).toBe("libxml2");
    expect(defaultKnowledge.packageForSoname("libvendored.so.9")).toBeUndefined();
    expect(ruleKnowledge.packageForSoname("libvendored.so.9")).toBe("libvendored9");
  });
  it("classifies runtime libraries", () => {
    expect(defaultKnowledge.classifyPackage("libmariadb3")).toBe("runtime-library");
    expect(defaultKnowledge.classifyPackage("libssl3")).toBe("runtime-library");
    expect(defaultKnowledge.classifyPackage("libssl-dev")).toBe("build-only");
    expect(defaultKnowledge.classifyPackage("python3")).toBe("other");
  });
  it("lists the build-only packages of an image, sorted, for dpkg and apk", () => {
    const got = buildOnlyPackages([pkg("python3"), pkg("gcc-12"), pkg("libmariadb-dev"), pkg("libmariadb3"), pkg("build-base", "apk")]);
    expect(got.map((p) => [p.name, p.reason])).toEqual([
      ["build-base", "build tool"],
      ["gcc-12", "compiler"],
      ["libmariadb-dev", "headers"],
    ]);
  });
});

describe("policyPackageName", () => {
  it("derives Debian's runtime package name from a soname", () => {
    expect(policyPackageName("libmariadb.so.3")).toBe("libmariadb3");
    expect(policyPackageName("libpq.so.5")).toBe("libpq5");
    expect(policyPackageName("libssl.so.3")).toBe("libssl3");
    expect(policyPackageName("libxml2.so.2")).toBe("libxml2-2");
    expect(policyPackageName("libgdk_pixbuf-2.0.so.0")).toBe("libgdk-pixbuf-2.0-0");
    expect(policyPackageName("libfoo.so")).toBe("libfoo");
    expect(policyPackageName("not-a-library")).toBeUndefined();
    expect(defaultKnowledge.packageForSoname("libz.so.1", { family: "alpine" })).toBeUndefined();
    expect(ruleKnowledge.classifyPackage("libmariadb3")).toBe("runtime-library");
  });
});
