// cargo build/install/fetch/test and cargo-chef cook: --release, --target, --target-dir/CARGO_TARGET_DIR, --bin.
import { pushAll } from "../../arrays.js";
import { parseArgs } from "../args.js";
import type { CargoFact } from "../facts.js";
import { base, home, programName, resolvePath, type Recognizer } from "../recognizer.js";

const VALUES = [
  "--target",
  "--target-dir",
  "--bin",
  "--package",
  "-p",
  "--features",
  "-F",
  "--profile",
  "--manifest-path",
  "--root",
  "-j",
  "--jobs",
  "--path",
  "--git",
  "--version",
  "--recipe-path",
  "--example",
];

export const cargo: Recognizer = {
  id: "cargo",
  recognize(cmd, ctx) {
    if (programName(cmd.argv[0]) !== "cargo") return [];
    // `cargo +nightly build`: a toolchain override comes first.
    const argv = cmd.argv.slice(1).filter((a, i) => !(i === 0 && a.startsWith("+")));
    const parsed = parseArgs(argv, { values: VALUES });
    let [sub] = parsed.positionals;
    let op: CargoFact["op"] | undefined;
    if (sub === "b") sub = "build";
    if (sub === "build" || sub === "install" || sub === "fetch" || sub === "test") op = sub;
    else if (sub === "chef" && parsed.positionals[1] === "cook") op = "chef-cook";
    if (!op) return [];
    const profile = parsed.get("--profile");
    const release = parsed.has("--release", "-r") || profile === "release";
    const targetDir = parsed.get("--target-dir") ?? ctx.env.CARGO_TARGET_DIR ?? "target";
    const target = parsed.get("--target");
    const bins = parsed.all("--bin");
    if (op === "install") pushAll(bins, parsed.positionals.slice(1));
    const cargoHome = ctx.env.CARGO_HOME ?? `${home(ctx)}/.cargo`;
    const outputs: string[] = [];
    const root = parsed.get("--root") ?? ctx.env.CARGO_INSTALL_ROOT;
    if (op === "install") {
      const bin = `${root ?? cargoHome}/bin`;
      outputs.push(...(bins.length ? bins.map((b) => `${bin}/${b}`) : [bin]));
    } else if (op !== "fetch") {
      const dir = resolvePath(
        `${targetDir}/${target ? `${target}/` : ""}${profile && profile !== "release" && profile !== "dev" ? profile : release ? "release" : "debug"}`,
        ctx.cwd,
      );
      outputs.push(...(bins.length && op === "build" ? bins.map((b) => `${dir}/${b}`) : [dir]));
    }
    outputs.push(`${cargoHome}/registry`);
    const fact: CargoFact = {
      ...base("cargo", cmd, !parsed.has("--offline", "--frozen"), outputs),
      kind: "cargo",
      op,
      release,
      targetDir,
      bins,
      locked: parsed.has("--locked", "--frozen"),
    };
    if (target !== undefined) fact.target = target;
    if (root !== undefined) fact.root = root;
    return [fact];
  },
};
