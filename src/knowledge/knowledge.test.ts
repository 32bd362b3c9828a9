// The public knowledge API on known cases, checked against the committed data.
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyPackage, isBuildOnly, loadDebianData, packageForSoname, packagesForSoname, runtimeLibrariesFor, runtimeLibraryInfo } from "./index.js";

const dataDir = fileURLToPath(new URL("../../data/knowledge/", import.meta.url));

describe("dev → runtime (Debian)", () => {
  const cases: [string, string[], string[]][] = [
    // dev package, bookworm, trixie
    ["default-libmysqlclient-dev", ["libmariadb3"], ["libmariadb3"]],
    ["libmariadb-dev", ["libmariadb3"], ["libmariadb3"]],
    ["libpq-dev", ["libpq5"], ["libpq5"]],
    ["libjpeg-dev", ["libjpeg62-turbo"], ["libjpeg62-turbo"]],
    ["libssl-dev", ["libssl3"], ["libssl3t64"]],
    ["libxml2-dev", ["libxml2"], ["libxml2"]],
    ["zlib1g-dev", ["zlib1g"], ["zlib1g"]],
    ["libffi-dev", ["libffi8"], ["libffi8"]],
    ["libyaml-dev", ["libyaml-0-2"], ["libyaml-0-2"]],
    ["libgdal-dev", ["libgdal32"], ["libgdal36"]],
    ["libcurl4-openssl-dev", ["libcurl4"], ["libcurl4t64"]],
    ["libsqlite3-dev", ["libsqlite3-0"], ["libsqlite3-0"]],
    ["python3-dev", ["libpython3.11"], ["libpython3.13"]],
  ];
  for (const [dev, bookworm, trixie] of cases) {
    it(`${dev} → ${bookworm.join(",")} (bookworm) / ${trixie.join(",")} (trixie)`, () => {
      expect(runtimeLibrariesFor(dev)).toEqual(bookworm);
      expect(runtimeLibrariesFor(dev, { release: "trixie" })).toEqual(trixie);
      expect(runtimeLibrariesFor(dev, { arch: "arm64" })).toEqual(bookworm);
    });
  }

  it("a JDK implies its headless JRE (the runtime of what it compiled)", () => {
    expect(runtimeLibrariesFor("openjdk-17-jdk-headless")).toEqual(["openjdk-17-jre-headless"]);
    expect(runtimeLibrariesFor("openjdk-21-jdk")).toEqual(["openjdk-21-jre-headless"]);
    expect(runtimeLibrariesFor("default-jdk")).toEqual(["default-jre-headless"]);
    expect(runtimeLibrariesFor("openjdk17", { family: "alpine" })).toEqual(["openjdk17-jre-headless"]);
    expect(runtimeLibrariesFor("java-17-openjdk-devel", { family: "redhat" })).toEqual(["java-17-openjdk-headless"]);
    expect(runtimeLibrariesFor("openjdk-17-jre-headless")).toEqual([]);
  });

  it("accepts install-command spellings (version pins, arch qualifiers)", () => {
    expect(runtimeLibrariesFor("libpq-dev=15.5-0+deb12u1")).toEqual(["libpq5"]);
    expect(runtimeLibrariesFor("libssl-dev:arm64")).toEqual(["libssl3"]);
  });

  it("says how an answer was found", () => {
    expect(runtimeLibraryInfo("libpq-dev").basis).toBe("own");
    expect(runtimeLibraryInfo("libghc-agda-dev").basis).toBe("linked");
    expect(runtimeLibraryInfo("no-such-package-dev")).toEqual({ packages: [], basis: "none", source: "debian-archive" });
  });

  it("uses the hand tables for Alpine and Red Hat", () => {
    expect(runtimeLibrariesFor("mariadb-dev", { family: "alpine" })).toEqual(["mariadb-connector-c"]);
    expect(runtimeLibrariesFor("postgresql-dev", { family: "alpine" })).toEqual(["libpq"]);
    expect(runtimeLibrariesFor("mariadb-connector-c-devel", { family: "redhat" })).toEqual(["mariadb-connector-c"]);
    expect(runtimeLibrariesFor("libpq-devel", { family: "redhat" })).toEqual(["libpq"]);
    expect(runtimeLibraryInfo("libpq-devel", { family: "redhat" }).source).toBe("hand-table");
  });
});

describe("sonames", () => {
  it("maps NEEDED entries to the package shipping them, per release", () => {
    expect(packageForSoname("libmariadb.so.3")).toBe("libmariadb3");
    expect(packageForSoname("libpq.so.5")).toBe("libpq5");
    expect(packageForSoname("libssl.so.3")).toBe("libssl3");
    expect(packageForSoname("libssl.so.3", { release: "trixie" })).toBe("libssl3t64");
    expect(packageForSoname("libcrypto.so.3")).toBe("libssl3");
    expect(packageForSoname("libz.so.1")).toBe("zlib1g");
    expect(packageForSoname("libstdc++.so.6")).toBe("libstdc++6");
    expect(packageForSoname("libgcc_s.so.1")).toBe("libgcc-s1");
    expect(packageForSoname("libjpeg.so.62")).toBe("libjpeg62-turbo");
  });

  it("knows the dynamic loader of each architecture", () => {
    expect(packageForSoname("ld-linux-x86-64.so.2")).toBe("libc6");
    expect(packageForSoname("ld-linux-aarch64.so.1", { arch: "arm64" })).toBe("libc6");
    expect(packageForSoname("ld-linux-aarch64.so.1", { arch: "amd64" })).toBeUndefined();
  });

  it("trims longer file names and paths down to the soname", () => {
    expect(packageForSoname("libpython3.11.so.1.0")).toBe("libpython3.11");
    expect(packageForSoname("/usr/lib/x86_64-linux-gnu/libpq.so.5.15")).toBe("libpq5");
    expect(packagesForSoname("libdoesnotexist.so.9")).toEqual([]);
  });
});

describe("classification", () => {
  it("classifies build tools as build-only", () => {
    for (const p of [
      "gcc",
      "g++",
      "make",
      "pkg-config",
      "pkgconf",
      "cmake",
      "git",
      "golang-go",
      "rustc",
      "cargo",
      "default-jdk",
      "maven",
      "gradle",
      "build-essential",
      "autoconf",
      "automake",
      "libtool",
      "binutils",
      "cpp",
      "gcc-12",
      "default-libmysqlclient-dev",
      "libpq-dev",
      "linux-libc-dev",
    ]) {
      expect(classifyPackage(p), p).toBe("build-only");
    }
  });

  it("classifies shared libraries as runtime libraries", () => {
    for (const p of ["libmariadb3", "libpq5", "libssl3", "libc6", "zlib1g", "libstdc++6", "libffi8", "libxml2"])
      expect(classifyPackage(p), p).toBe("runtime-library");
    expect(classifyPackage("libssl3t64", { release: "trixie" })).toBe("runtime-library");
  });

  it("leaves runtimes and tools a container may need as other", () => {
    for (const p of ["curl", "ca-certificates", "python3", "perl", "tar", "nodejs", "tzdata", "default-jre-headless", "openssl"])
      expect(classifyPackage(p), p).toBe("other");
  });

  it("uses the hand tables for Alpine and Red Hat", () => {
    expect(isBuildOnly("build-base", { family: "alpine" })).toBe(true);
    expect(isBuildOnly("mariadb-dev", { family: "alpine" })).toBe(true);
    expect(classifyPackage("mariadb-connector-c", { family: "alpine" })).toBe("runtime-library");
    expect(classifyPackage("gcc-c++", { family: "redhat" })).toBe("build-only");
    expect(classifyPackage("libpq", { family: "redhat" })).toBe("runtime-library");
    expect(classifyPackage("python3", { family: "redhat" })).toBe("other");
  });
});

describe("data", () => {
  // load time is measured by `npm run bench`, not asserted here (a loaded machine makes timed tests flaky)
  it("loads each release and stays small", () => {
    for (const release of ["bookworm", "trixie"] as const) {
      const file = `${dataDir}debian-${release}.json`;
      // cold: a fresh data directory string defeats the module cache (the path is the cache key)
      const data = loadDebianData(release, `${dataDir}./`);
      expect(data.file.release).toBe(release);
      expect(statSync(file).size).toBeLessThan(1_000_000);
    }
  });

  it("records which archive state it was generated from", () => {
    const data = JSON.parse(readFileSync(`${dataDir}debian-bookworm.json`, "utf8")) as { archive: Record<string, { date: string }> };
    expect(Object.keys(data.archive)).toContain("bookworm");
    expect(Number.isNaN(Date.parse(data.archive.bookworm!.date))).toBe(false);
  });

  it("fails with the file name when the data is missing", () => {
    expect(() => loadDebianData("bookworm", "/nonexistent/dir")).toThrow(/\/nonexistent\/dir\/debian-bookworm\.json/);
  });
});
