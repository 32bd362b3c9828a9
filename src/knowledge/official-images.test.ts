// The tag → release data (data/knowledge/official-images.json) and its reader: every official image family a user
// may still have maps to the release it was built on, archived releases are flagged, and the generator's parsing
// rules hold on both library file formats.
import { describe, expect, it } from "vitest";
import { deriveFamily, entrySuite, parseLibrary } from "../../scripts/knowledge/official-images.mjs";
import { baseImageInfo } from "./base-images.js";
import { defaultReleaseOf, familyLines, officialFamilies, officialImagesData, releaseInfo } from "./official-images.js";

const releaseOf = (family: string, version: string) => defaultReleaseOf(family, version)?.release;

describe("the data and its source", () => {
  it("names where it comes from and when the archive status was checked", () => {
    const d = officialImagesData();
    expect(d.source.repository).toBe("https://github.com/docker-library/official-images");
    expect(d.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(d.source.commitDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.releases.checked.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(officialFamilies().sort()).toEqual(["eclipse-temurin", "gcc", "golang", "node", "openjdk", "php", "python", "ruby", "rust"]);
  });

  it("knows every release any family's tag was built on", () => {
    const unknown = officialFamilies().flatMap((f) =>
      familyLines(f).flatMap((l) => l.suites.filter((s) => releaseInfo(s) === undefined).map((s) => `${f} ${l.line}: ${s}`)),
    );
    expect(unknown).toEqual([]);
  });
});

describe("every version line a user may still have maps to a release", () => {
  // line ranges the issue names: node 8 onwards, python 2.7 and 3.5 onwards, and the other families' lines of the last decade
  const wanted: Array<[string, (line: string) => boolean]> = [
    ["node", (l) => Number(l) >= 8],
    ["python", (l) => l === "2.7" || (l.startsWith("3.") && Number(l.split(".")[1]) >= 5)],
    ["ruby", (l) => Number(l) >= 2.2],
    ["golang", (l) => Number(l.split(".")[1]) >= 7],
    ["rust", () => true],
    ["php", (l) => Number(l) >= 5.6],
    ["gcc", () => true],
    ["openjdk", (l) => Number(l) >= 7 && l !== "10"], // openjdk:10 was only ever published with a release in its tags
    ["eclipse-temurin", () => true],
  ];
  for (const [family, keep] of wanted) {
    it(`${family}: every line's default tag has a known release`, () => {
      const lines = familyLines(family).filter((l) => keep(l.line));
      expect(lines.length).toBeGreaterThan(3);
      const missing = lines.filter((l) => releaseInfo(releaseOf(family, l.line)) === undefined).map((l) => l.line);
      expect(missing).toEqual([]);
    });
  }
});

describe("tags map to the release they were last built on", () => {
  const cases: Array<[string, string, string]> = [
    ["python", "2.7", "buster"],
    ["python", "3.5", "buster"],
    ["python", "3.5.3", "jessie"],
    ["python", "3.5.6", "stretch"],
    ["python", "3.11", "trixie"],
    ["python", "3.11.2", "bullseye"],
    ["python", "3.11.7", "bookworm"],
    ["node", "8", "stretch"],
    ["node", "14", "buster"],
    ["node", "16", "buster"],
    ["node", "18", "bookworm"],
    ["node", "18.12.1", "bullseye"],
    ["node", "lts", "bookworm"],
    ["ruby", "2.7", "bullseye"],
    ["ruby", "3.1", "bookworm"],
    ["golang", "1.10", "stretch"],
    ["golang", "1.19.5", "bullseye"],
    ["golang", "1.19", "bookworm"],
    ["rust", "1.63", "bullseye"],
    ["rust", "1.72", "bookworm"],
    ["php", "7.4", "bullseye"],
    ["php", "7.2", "buster"],
    ["openjdk", "8", "bullseye"],
    ["openjdk", "11", "bullseye"],
    ["openjdk", "17", "oraclelinux8"],
    ["eclipse-temurin", "17.0.2_8", "focal"],
    ["eclipse-temurin", "20", "jammy"],
    ["gcc", "12", "bookworm"],
  ];
  for (const [family, version, release] of cases) it(`${family}:${version} → ${release}`, () => expect(releaseOf(family, version)).toBe(release));

  it("assumes the current default for versions newer than the data, and says so", () => {
    expect(defaultReleaseOf("python", "3.99")).toEqual({ release: "trixie", basis: "newer" });
    expect(defaultReleaseOf("python", "1.5")).toBeUndefined();
    expect(defaultReleaseOf("nosuchimage", "1")).toBeUndefined();
  });

  it("knows the Alpine release of bare -alpine tags", () => {
    expect(defaultReleaseOf("python", "3.8", { alpine: true })?.release).toBe("alpine3.20");
    expect(baseImageInfo("golang:1.19-alpine")).toMatchObject({ family: "alpine", release: "3.18", runtimeCounterpart: "alpine:3.18" });
  });
});

describe("archived releases", () => {
  it("flags the releases gone from their main mirror (measured), and no others", () => {
    for (const r of ["jessie", "stretch", "buster", "trusty", "mantic"]) expect(releaseInfo(r)?.archived, r).toBe(true);
    for (const r of ["bullseye", "bookworm", "trixie", "xenial", "focal", "jammy", "noble", "alpine3.8", "3.18"])
      expect(releaseInfo(r)?.archived, r).toBe(false);
    expect(releaseInfo("buster")).toMatchObject({ distro: "debian", version: "10", archive: "http://archive.debian.org/debian" });
    expect(releaseInfo("22.04")).toMatchObject({ distro: "ubuntu", codename: "jammy" });
  });

  it("marks base images built on them", () => {
    expect(baseImageInfo("python:3.5")).toMatchObject({ release: "buster", releaseArchived: true, runtimeCounterpart: "python:3.5-slim" });
    expect(baseImageInfo("node:8-stretch")).toMatchObject({ release: "stretch", releaseArchived: true, releaseFromTag: true });
    expect(baseImageInfo("ruby:2.5")).toMatchObject({ release: "buster", releaseArchived: true, runtimeCounterpart: "ruby:2.5-slim" });
    expect(baseImageInfo("php:7.2-apache")).toMatchObject({ release: "buster", releaseArchived: true, role: "runtime" });
    expect(baseImageInfo("golang:1.12")?.runtimeCounterpart).toBe("gcr.io/distroless/static-debian11");
    expect(baseImageInfo("python:3.12")?.releaseArchived).toBeUndefined();
    expect(baseImageInfo("python:3.5")!.notes.join(" ")).toMatch(/archive\.debian\.org/);
  });
});

describe("the generator's parsing", () => {
  it("reads the 2014 line format and the later blocks, and finds each entry's release", () => {
    const old = parseLibrary(
      "# maintainer\n3.4.1: git://github.com/docker-library/python@abc 3.4\n3.4: git://github.com/docker-library/python@abc 3.4\n3.4-wheezy: git://github.com/docker-library/python@abc 3.4/wheezy\n",
    );
    expect(old).toEqual([
      { tags: ["3.4.1", "3.4"], directory: "3.4", windows: false },
      { tags: ["3.4-wheezy"], directory: "3.4/wheezy", windows: false },
    ]);
    expect(entrySuite(old[0]!)).toBeUndefined();
    expect(entrySuite(old[1]!)).toBe("wheezy");
    const blocks = parseLibrary(
      "Tags: 3.5.9-buster, 3.5-buster\nSharedTags: 3.5.9, 3.5\nArchitectures: amd64\nDirectory: 3.5/buster\n\nTags: 17-jdk-alpine-3.19\nDirectory: 17/jdk/alpine/3.19\n\nTags: 3.5-windowsservercore\nArchitectures: windows-amd64\nDirectory: 3.5/windows/windowsservercore-1809\n",
    );
    expect(blocks.map((b) => [entrySuite(b), b.windows])).toEqual([
      ["buster", false],
      ["alpine3.19", false],
      [undefined, true],
    ]);
  });

  it("keeps the release of each version's last publication, in runs", () => {
    const v1 = "Tags: 3.5.3-jessie, 3.5.3, 3.5\nDirectory: 3.5/jessie\n";
    const v2 = "Tags: 3.5.4-stretch, 3.5.4, 3.5\nDirectory: 3.5/stretch\n\nTags: 3.5.4-jessie\nDirectory: 3.5/jessie\n";
    const fam = deriveFamily(
      [
        { date: "2017-01-01", text: v1 },
        { date: "2018-01-01", text: v2 },
      ],
      2,
    );
    expect(fam.lines["3.5"]).toEqual({
      firstSeen: "2017-01-01",
      lastSeen: "2018-01-01",
      default: "stretch",
      defaults: [
        ["3.5.3", "jessie"],
        ["3.5.4", "stretch"],
      ],
      suites: ["jessie", "stretch"],
    });
  });
});
