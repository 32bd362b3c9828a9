// apt-get / apt / aptitude: install, remove, purge, autoremove, upgrade, update; `apt-get clean` as cache cleanup.
import type { Fact, PackageOp } from "../facts.js";
import { parseArgs } from "../args.js";
import { base, dynamicValues, packageSpec, programName, type Recognizer } from "../recognizer.js";

const OPS: Record<string, PackageOp> = {
  install: "install",
  reinstall: "install",
  remove: "remove",
  purge: "purge",
  autoremove: "autoremove",
  autopurge: "autoremove",
  upgrade: "upgrade",
  "dist-upgrade": "upgrade",
  "full-upgrade": "upgrade",
  update: "update",
};

export const apt: Recognizer = {
  id: "apt",
  recognize(cmd) {
    const name = programName(cmd.argv[0]);
    if (name !== "apt-get" && name !== "apt" && name !== "aptitude") return [];
    const args = parseArgs(cmd.argv.slice(1), { values: ["-o", "-c", "-t", "--target-release", "--option", "--config-file"] });
    const sub = args.positionals[0];
    if (sub === "clean" || sub === "autoclean") {
      return [{ ...base("apt", cmd), kind: "cache-cleanup", owner: "apt", paths: ["/var/cache/apt/archives"] }];
    }
    if (sub === "distclean" || sub === "dist-clean") {
      // apt 2.7+: clean, and also drop the package lists.
      return [{ ...base("apt", cmd), kind: "cache-cleanup", owner: "apt", paths: ["/var/cache/apt/archives", "/var/lib/apt/lists"] }];
    }
    const op = sub ? OPS[sub] : undefined;
    if (!op) return [];
    const options = args.options.map((o) => `${o.name}${o.value !== undefined ? `=${o.value}` : ""}`);
    // `-o APT::Install-Recommends=false` is the long spelling of --no-install-recommends.
    const noInstallRecommends = args.has("--no-install-recommends") || options.some((o) => /APT::Install-Recommends=(false|0|no)/i.test(o));
    // apt-get's manual: quiet level 2 (`-qq`) implies -y.
    const assumeYes =
      args.has("-y", "--yes", "--assume-yes") ||
      args.options.filter((o) => o.name === "-q").length >= 2 ||
      args.get("-q", "--quiet") === "2" ||
      options.some((o) => /APT::Get::Assume-Yes=(true|1|yes)/i.test(o));
    const dynamic = dynamicValues(cmd);
    const packages = args.positionals.slice(1).map((p) => packageSpec(p, "apt", dynamic.has(p)));
    const fact: Fact = {
      ...base("apt", cmd, op !== "remove" && op !== "purge" && op !== "autoremove", op === "update" ? ["/var/lib/apt/lists"] : []),
      kind: "system-packages",
      manager: "apt",
      op,
      packages,
      noInstallRecommends,
      assumeYes,
      noCache: false,
    };
    return [fact];
  },
};
