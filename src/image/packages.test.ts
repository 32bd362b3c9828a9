import { describe, expect, it } from "vitest";
import { parseApkInstalled, parseDpkgStatus } from "./packages.js";

describe("parseDpkgStatus", () => {
  it("keeps installed packages with versions, source, size and provides; skips removed ones", () => {
    const text = [
      "Package: libmariadb3",
      "Status: install ok installed",
      "Installed-Size: 500",
      "Architecture: amd64",
      "Source: mariadb (1:10.11.6-0+deb12u1)",
      "Version: 1:10.11.6-0+deb12u1",
      "Provides: libmariadbclient18 (= 1:10.11.6), libmysqlclient21",
      "Description: MariaDB database client library",
      " Long description line.",
      " .",
      "",
      "Package: gcc-12",
      "Status: deinstall ok config-files",
      "Version: 12.2.0-14",
      "",
    ].join("\n");
    expect(parseDpkgStatus(text)).toEqual([
      {
        manager: "dpkg",
        name: "libmariadb3",
        version: "1:10.11.6-0+deb12u1",
        arch: "amd64",
        source: "mariadb",
        installedSize: 500 * 1024,
        provides: ["libmariadbclient18", "libmysqlclient21"],
      },
    ]);
  });
  it("treats distroless status.d stanzas (no Status field) as installed", () => {
    expect(parseDpkgStatus("Package: libc6\nVersion: 2.36-9\nArchitecture: amd64\n").map((p) => p.name)).toEqual(["libc6"]);
  });
});

describe("parseApkInstalled", () => {
  it("reads package blocks and ignores the file lists", () => {
    const text = [
      "C:Q1abc=",
      "P:musl",
      "V:1.2.4-r2",
      "A:x86_64",
      "I:622592",
      "o:musl",
      "p:so:libc.musl-x86_64.so.1=1",
      "F:lib",
      "R:ld-musl-x86_64.so.1",
      "",
      "P:busybox",
      "V:1.36.1-r5",
      "A:x86_64",
      "F:bin",
      "R:busybox",
      "",
    ].join("\n");
    expect(parseApkInstalled(text)).toEqual([
      { manager: "apk", name: "musl", version: "1.2.4-r2", arch: "x86_64", source: "musl", installedSize: 622592, provides: ["so:libc.musl-x86_64.so.1"] },
      { manager: "apk", name: "busybox", version: "1.36.1-r5", arch: "x86_64" },
    ]);
  });
});
