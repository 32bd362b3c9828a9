// dnf, yum, microdnf (Red Hat family): install/remove/upgrade/update/autoremove; `clean all` as cache cleanup.
import type { PackageManager, PackageOp } from "../facts.js";
import { parseArgs } from "../args.js";
import { base, dynamicValues, packageSpec, programName, type Recognizer } from "../recognizer.js";

const OPS: Record<string, PackageOp> = {
  install: "install",
  reinstall: "install",
  localinstall: "install",
  groupinstall: "install",
  remove: "remove",
  erase: "remove",
  autoremove: "autoremove",
  upgrade: "upgrade",
  update: "upgrade",
  "upgrade-minimal": "upgrade",
  makecache: "update",
};

export const dnf: Recognizer = {
  id: "dnf",
  recognize(cmd) {
    const name = programName(cmd.argv[0]);
    const manager: PackageManager | undefined =
      name === "dnf" || name === "dnf5" || name === "tdnf" ? "dnf" : name === "yum" ? "yum" : name === "microdnf" ? "microdnf" : undefined;
    if (!manager) return [];
    const args = parseArgs(cmd.argv.slice(1), {
      values: ["--setopt", "--enablerepo", "--disablerepo", "--repo", "--installroot", "--releasever", "-x", "--exclude", "--config", "-c", "-d", "-e"],
    });
    const sub = args.positionals[0];
    const cache = manager === "yum" ? "/var/cache/yum" : "/var/cache/dnf";
    if (sub === "clean") {
      return [{ ...base("dnf", cmd), kind: "cache-cleanup", owner: manager, paths: [cache] }];
    }
    const op = sub ? OPS[sub] : undefined;
    if (!op) return [];
    const setopts = args.all("--setopt");
    const dynamic = dynamicValues(cmd);
    const fact = {
      ...base("dnf", cmd, op !== "remove" && op !== "autoremove", op === "remove" || op === "autoremove" ? [] : [cache]),
      kind: "system-packages" as const,
      manager,
      op,
      packages: args.positionals.slice(1).map((p) => packageSpec(p, "rpm", dynamic.has(p))),
      noInstallRecommends: setopts.some((s) => /install_weak_deps=(false|0|no)/i.test(s)) || args.has("--no-install-recommends"),
      assumeYes: args.has("-y", "--assumeyes") || manager === "microdnf",
      noCache: false,
    };
    return [fact];
  },
};
