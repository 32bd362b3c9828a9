// System package installs for the final stage: which packages a RUN installed that the running app still needs,
// and the install command that puts just those in, with the package manager's own cleanup.
import type { PackageManager } from "../analyze/facts.js";

/** Commands that health checks and entrypoints commonly call, and the Debian package that provides each. */
export const RUNTIME_TOOL_PACKAGES: Readonly<Record<string, string>> = {
  curl: "curl",
  wget: "wget",
  ps: "procps",
  pgrep: "procps",
  nc: "netcat-openbsd",
  netcat: "netcat-openbsd",
  pg_isready: "postgresql-client",
  psql: "postgresql-client",
  mysql: "default-mysql-client",
  mysqladmin: "default-mysql-client",
  "redis-cli": "redis-tools",
  git: "git",
  jq: "jq",
  tini: "tini",
  "dumb-init": "dumb-init",
  gosu: "gosu",
  su: "util-linux",
};

export interface InstallOptions {
  manager: PackageManager;
  packages: string[];
  /** Keep an `upgrade` the original ran, so the final image's packages are as current as the original's. */
  upgrade: boolean;
}

/** The lines of one RUN that installs packages and leaves no package-manager cache behind. */
export function installLines(o: InstallOptions): string[] {
  const pkgs = o.packages.join(" ");
  switch (o.manager) {
    case "apt":
      return [
        "RUN apt-get update",
        ...(o.upgrade ? ["&& apt-get upgrade -y"] : []),
        ...(o.packages.length ? [`&& apt-get install -y --no-install-recommends ${pkgs}`] : []),
        "&& rm -rf /var/lib/apt/lists/*",
      ];
    case "apk":
      return [`RUN apk add --no-cache ${o.upgrade ? "--upgrade " : ""}${pkgs}`.trimEnd()];
    case "dnf":
    case "yum":
    case "microdnf":
      return [
        `RUN ${o.manager} install -y ${o.manager === "microdnf" ? "" : "--setopt=install_weak_deps=False "}${pkgs}`.replace(/\s+$/, ""),
        `&& ${o.manager} clean all`,
      ];
  }
}
