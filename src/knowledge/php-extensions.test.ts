import { describe, expect, it } from "vitest";
import { packagesForSoname, runtimeLibrariesFor } from "./index.js";
import { phpExtensionData, phpExtensionRuntime } from "./php-extensions.js";

describe("the PHP extension data (data/knowledge/php-extensions.json)", () => {
  const entries = Object.entries(phpExtensionData()).map(([name, e]) => ({ name, e }));

  it("covers the extensions the official image's docs and common Dockerfiles build", () => {
    for (const ext of ["gd", "pdo_pgsql", "pgsql", "intl", "zip", "mysqli", "pdo_mysql", "imagick", "memcached", "xsl", "redis", "opcache", "bcmath"])
      expect(phpExtensionData()[ext], ext).toBeDefined();
  });

  it.each(entries)("$name: has a source, and its sonames are its -dev packages' own libraries in Debian's data", ({ e }) => {
    expect(e.source).toMatch(/^https:\/\/\S+ — /);
    expect(e.sonames.length > 0).toBe(e.dev.length > 0);
    for (const release of ["bookworm", "trixie"] as const) {
      if (e.dev.length === 0) continue;
      const own = new Set(e.dev.flatMap((d) => runtimeLibrariesFor(d, { release })));
      for (const d of e.dev) expect(runtimeLibrariesFor(d, { release }).length, `${d} in ${release}`).toBeGreaterThan(0);
      const found = e.sonames.map((s) => packagesForSoname(s, { release })).filter((ps) => ps.length > 0);
      expect(found.length, `no soname of ${e.sonames.join(", ")} in ${release}`).toBeGreaterThan(0);
      for (const ps of found)
        expect(
          ps.some((p) => own.has(p)),
          `${ps.join(", ")} in ${release}`,
        ).toBe(true);
      // every -dev package the extension builds against contributes at least one of the linked libraries
      for (const d of e.dev)
        expect(
          found.some((ps) => ps.some((p) => runtimeLibrariesFor(d, { release }).includes(p))),
          `${d} links nothing in ${release}`,
        ).toBe(true);
    }
  });

  it.each(entries.filter(({ e }) => e.alpineDev))("$name: its Alpine runtime packages agree with the hand table of Alpine -dev packages", ({ e }) => {
    for (const d of e.alpineDev!) {
      const hand = runtimeLibrariesFor(d, { family: "alpine" });
      expect(hand.length, d).toBeGreaterThan(0);
      for (const p of hand) expect(e.alpine, `${d} → ${p}`).toContain(p);
    }
  });
});

describe("phpExtensionRuntime", () => {
  it("gives Debian bookworm's names (checked with apt-cache show on Debian 12)", () => {
    const bookworm = (ext: string) => phpExtensionRuntime(ext, { family: "debian", release: "bookworm" })?.packages;
    expect(bookworm("gd")).toEqual(["libpng16-16", "libjpeg62-turbo", "libfreetype6"]);
    expect(bookworm("pdo_pgsql")).toEqual(["libpq5"]);
    expect(bookworm("pgsql")).toEqual(["libpq5"]);
    expect(bookworm("intl")).toEqual(["libicu72"]);
    expect(bookworm("zip")).toEqual(["libzip4"]);
    expect(bookworm("mysqli")).toEqual([]);
    expect(bookworm("pdo_mysql")).toEqual([]);
    expect(bookworm("imagick")).toEqual(["libmagickwand-6.q16-6", "libmagickcore-6.q16-6"]);
    expect(bookworm("memcached")).toEqual(["libmemcached11", "libhashkit2"]);
    expect(bookworm("xsl")).toEqual(["libxslt1.1"]);
  });

  it("follows the release (trixie's t64 and new sonames), and gives apk names on Alpine", () => {
    const trixie = (ext: string) => phpExtensionRuntime(ext, { family: "debian", release: "trixie" })?.packages;
    expect(trixie("gd")).toEqual(["libpng16-16t64", "libjpeg62-turbo", "libfreetype6"]);
    expect(trixie("intl")).toEqual(["libicu76"]);
    expect(trixie("zip")).toEqual(["libzip5"]);
    expect(trixie("imagick")).toEqual(["libmagickwand-7.q16-10", "libmagickcore-7.q16-10"]);
    expect(phpExtensionRuntime("GD", { family: "alpine" })?.packages).toEqual(["libpng", "libjpeg-turbo", "freetype"]);
    expect(phpExtensionRuntime("intl", { family: "alpine" })?.packages).toEqual(["icu-libs"]);
    expect(phpExtensionRuntime("no_such_ext", { family: "debian" })).toBeUndefined();
  });
});
