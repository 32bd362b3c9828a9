import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { dnf } from "./dnf.js";

useShellParser();

describe("dnf/yum/microdnf recogniser", () => {
  it("reads dnf install with setopt and clean all", () => {
    const facts = factsOf(dnf, "dnf install -y --setopt=install_weak_deps=False gcc-c++ make && dnf clean all");
    expect(facts[0]).toMatchObject({
      manager: "dnf",
      op: "install",
      assumeYes: true,
      noInstallRecommends: true,
      packages: [{ name: "gcc-c++" }, { name: "make" }],
      outputs: ["/var/cache/dnf"],
    });
    expect(facts[1]).toMatchObject({ kind: "cache-cleanup", owner: "dnf", paths: ["/var/cache/dnf"] });
  });

  it("reads yum and microdnf, and rpm-style version pins", () => {
    expect(factsOf(dnf, "yum -y install tar-1.34 && yum remove -y tar")).toMatchObject([
      { manager: "yum", op: "install", packages: [{ name: "tar", version: "1.34" }], outputs: ["/var/cache/yum"] },
      { manager: "yum", op: "remove", network: false },
    ]);
    expect(factsOf(dnf, "microdnf install --nodocs shadow-utils")[0]).toMatchObject({
      manager: "microdnf",
      assumeYes: true,
      packages: [{ name: "shadow-utils" }],
    });
  });
});
