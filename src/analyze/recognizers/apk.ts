// Alpine's apk: add/del/upgrade/update, --virtual groups, --no-cache; `apk cache clean`, `rm -rf /var/cache/apk/*`
// is handled by the files recogniser.
import type { PackageOp } from "../facts.js";
import { parseArgs } from "../args.js";
import { base, dynamicValues, packageSpec, programName, type Recognizer } from "../recognizer.js";

const OPS: Record<string, PackageOp> = { add: "install", del: "remove", upgrade: "upgrade", update: "update" };

export const apk: Recognizer = {
  id: "apk",
  recognize(cmd) {
    if (programName(cmd.argv[0]) !== "apk") return [];
    const args = parseArgs(cmd.argv.slice(1), {
      values: ["-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--repositories-file", "--keys-dir", "--cache-dir"],
    });
    const sub = args.positionals[0];
    if (sub === "cache" && (args.positionals[1] === "clean" || args.positionals[1] === "purge")) {
      return [{ ...base("apk", cmd), kind: "cache-cleanup", owner: "apk", paths: ["/var/cache/apk"] }];
    }
    const op = sub ? OPS[sub] : undefined;
    if (!op) return [];
    const noCache = args.has("--no-cache");
    const virtual = args.get("-t", "--virtual");
    const dynamic = dynamicValues(cmd);
    const fact = {
      ...base("apk", cmd, op !== "remove", noCache || op === "remove" ? [] : ["/var/cache/apk"]),
      kind: "system-packages" as const,
      manager: "apk" as const,
      op,
      packages: args.positionals.slice(1).map((p) => packageSpec(p, "apk", dynamic.has(p))),
      noInstallRecommends: false,
      assumeYes: true,
      noCache,
      ...(virtual !== undefined ? { virtual } : {}),
    };
    return [fact];
  },
};
