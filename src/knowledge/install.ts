// The one builder of package install commands: the final stage's RUN that convert writes and the fix verify
// suggests are the same command, with the package manager's own cleanup so no cache or index stays behind.
import type { PackageFamily } from "./families.js";

export type PackageManager = "apt" | "apk" | "dnf" | "yum" | "microdnf";

export interface InstallOptions {
  manager: PackageManager;
  packages: readonly string[];
  /** Keep an `upgrade` the original ran, so the final image's packages are as current as the original's. */
  upgrade?: boolean;
}

/** The package manager images of a family use (Red Hat: dnf; yum and microdnf only when the Dockerfile says so). */
export function managerForFamily(family: PackageFamily): PackageManager {
  return family === "alpine" ? "apk" : family === "redhat" ? "dnf" : "apt";
}

// Debian's Java packages register `java` with update-alternatives together with its man page; a -slim image has no
// /usr/share/man/man1 (dpkg leaves man pages out), the link fails and so does the install (seen on bookworm-slim).
const MAN_LINK_PACKAGES = /^(openjdk-\d+-(jre|jdk)|default-(jre|jdk))(-headless)?$/;

/** The shell commands of one install, in order, to be joined with `&&`. */
export function installSteps(o: InstallOptions): string[] {
  const pkgs = o.packages.join(" ");
  switch (o.manager) {
    case "apt":
      return [
        "apt-get update",
        ...(o.upgrade ? ["apt-get upgrade -y"] : []),
        ...(o.packages.some((p) => MAN_LINK_PACKAGES.test(p)) ? ["mkdir -p /usr/share/man/man1"] : []),
        ...(o.packages.length ? [`apt-get install -y --no-install-recommends ${pkgs}`] : []),
        "rm -rf /var/lib/apt/lists/*",
      ];
    case "apk":
      return [`apk add --no-cache ${o.upgrade ? "--upgrade " : ""}${pkgs}`.trimEnd()];
    case "dnf":
    case "yum":
    case "microdnf":
      return [`${o.manager} install -y ${o.manager === "microdnf" ? "" : "--setopt=install_weak_deps=False "}${pkgs}`.trimEnd(), `${o.manager} clean all`];
  }
}

/** One shell line: `apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*`. */
export function installCommand(o: InstallOptions): string {
  return installSteps(o).join(" && ");
}

/** The lines of one Dockerfile RUN (`RUN first`, then `&& next` continuation lines the writer joins). */
export function installLines(o: InstallOptions): string[] {
  return installSteps(o).map((step, i) => (i === 0 ? `RUN ${step}` : `&& ${step}`));
}
