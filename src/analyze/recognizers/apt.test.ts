import { describe, expect, it } from "vitest";
import { analyze, factsOf, strip, useShellParser } from "../test-support.js";
import { apt } from "./apt.js";

useShellParser();

describe("apt recogniser", () => {
  it("reads the mission's RUN: update, upgrade, install of three packages, then list cleanup", () => {
    const a = analyze(
      "apt-get update \\\n    && apt-get upgrade -y \\\n    && apt-get install -y gcc default-libmysqlclient-dev pkg-config \\\n    && rm -rf /var/lib/apt/lists/*",
    );
    expect(a.unrecognized).toEqual([]);
    expect(a.facts.map((f) => [f.kind, "op" in f ? f.op : undefined])).toEqual([
      ["system-packages", "update"],
      ["system-packages", "upgrade"],
      ["system-packages", "install"],
      ["cache-cleanup", undefined],
    ]);
    const install = a.facts[2]!;
    expect(strip(install)).toEqual({
      kind: "system-packages",
      manager: "apt",
      op: "install",
      packages: [
        { name: "gcc", raw: "gcc" },
        { name: "default-libmysqlclient-dev", raw: "default-libmysqlclient-dev" },
        { name: "pkg-config", raw: "pkg-config" },
      ],
      noInstallRecommends: false,
      assumeYes: true,
      noCache: false,
      outputs: [],
      network: true,
    });
    expect(a.facts[0]!.outputs).toEqual(["/var/lib/apt/lists"]);
    expect(a.facts[3]).toMatchObject({ kind: "cache-cleanup", owner: "apt", paths: ["/var/lib/apt/lists/*"] });
  });

  it("reads flags anywhere: -qq before the subcommand, --no-install-recommends, --fix-missing, version pins", () => {
    const [f] = factsOf(apt, "apt-get -qq install --no-install-recommends --fix-missing -o Dpkg::Options::=--force-confnew libpq5=15.* ca-certificates");
    expect(f).toMatchObject({
      op: "install",
      assumeYes: true,
      noInstallRecommends: true,
      packages: [
        { name: "libpq5", version: "15.*" },
        { name: "ca-certificates", raw: "ca-certificates" },
      ],
    });
  });

  it("does not take -q alone as -y, and reads apt (not apt-get), purge and autoremove", () => {
    // apache/kafka tests/docker/Dockerfile (Apache-2.0): `apt update && apt install -y sudo git …`
    const facts = factsOf(apt, "apt -q install curl; apt-get purge -y --auto-remove gcc; apt-get autoremove -y; apt-get clean");
    expect(facts.map((f) => ("op" in f ? `${f.op}:${String((f as { assumeYes?: boolean }).assumeYes)}` : f.kind))).toEqual([
      "install:false",
      "purge:true",
      "autoremove:true",
      "cache-cleanup",
    ]);
    expect(facts[1]).toMatchObject({ network: false, packages: [{ name: "gcc" }] });
    expect(facts[3]).toMatchObject({ owner: "apt", paths: ["/var/cache/apt/archives"] });
  });

  it("marks packages named through variables as dynamic and resolves those it knows", () => {
    const [f] = factsOf(apt, 'apt-get install -y "python${PY}-dev" $EXTRA', { env: { PY: "3.11" } });
    expect(f).toMatchObject({ packages: [{ name: "python3.11-dev" }, { name: "$EXTRA", dynamic: true }] });
  });

  it("sees through sudo and env wrappers", () => {
    const [f] = factsOf(apt, "sudo -E env DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata");
    expect(f).toMatchObject({ op: "install", packages: [{ name: "tzdata" }] });
  });
});
