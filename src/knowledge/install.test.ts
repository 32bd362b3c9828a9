import { describe, expect, it } from "vitest";
import { installCommand, installLines, managerForFamily } from "./install.js";

describe("install commands", () => {
  it("writes one RUN per manager with its own cleanup", () => {
    expect(installLines({ manager: "apt", packages: ["libpq5", "curl"] })).toEqual([
      "RUN apt-get update",
      "&& apt-get install -y --no-install-recommends libpq5 curl",
      "&& rm -rf /var/lib/apt/lists/*",
    ]);
    expect(installLines({ manager: "apt", packages: [], upgrade: true })).toEqual([
      "RUN apt-get update",
      "&& apt-get upgrade -y",
      "&& rm -rf /var/lib/apt/lists/*",
    ]);
    expect(installLines({ manager: "apk", packages: ["libpq"], upgrade: true })).toEqual(["RUN apk add --no-cache --upgrade libpq"]);
    expect(installLines({ manager: "dnf", packages: ["libpq"] })).toEqual(["RUN dnf install -y --setopt=install_weak_deps=False libpq", "&& dnf clean all"]);
    expect(installLines({ manager: "microdnf", packages: ["libpq"] })).toEqual(["RUN microdnf install -y libpq", "&& microdnf clean all"]);
  });

  it("makes the man directory Debian's Java packages link into, which -slim images lack", () => {
    expect(installCommand({ manager: "apt", packages: ["openjdk-17-jre-headless"] })).toBe(
      "apt-get update && mkdir -p /usr/share/man/man1 && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/*",
    );
    expect(installCommand({ manager: "apt", packages: ["default-jre"] })).toContain("mkdir -p /usr/share/man/man1");
    expect(installCommand({ manager: "apt", packages: ["libpq5"] })).not.toContain("mkdir");
  });

  it("gives verify's fixes the same command on one line", () => {
    expect(installCommand({ manager: managerForFamily("debian"), packages: ["libmariadb3"] })).toBe(
      "apt-get update && apt-get install -y --no-install-recommends libmariadb3 && rm -rf /var/lib/apt/lists/*",
    );
    expect(installCommand({ manager: managerForFamily("alpine"), packages: ["zlib"] })).toBe("apk add --no-cache zlib");
    expect(managerForFamily("ubuntu")).toBe("apt");
    expect(managerForFamily("redhat")).toBe("dnf");
  });
});
