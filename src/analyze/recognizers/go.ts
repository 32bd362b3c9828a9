// go build/install/mod download/get/generate/test: CGO_ENABLED (prefix, env or export), GOOS/GOARCH, -o, -ldflags.
import { parseArgs } from "../args.js";
import type { GoFact } from "../facts.js";
import { base, home, programName, resolvePath, type Recognizer } from "../recognizer.js";

const VALUES = [
  "-o",
  "-ldflags",
  "-gcflags",
  "-asmflags",
  "-tags",
  "-mod",
  "-p",
  "-buildmode",
  "-pkgdir",
  "-installsuffix",
  "-modfile",
  "-overlay",
  "-pgo",
  "-run",
  "-coverprofile",
  "-exec",
  "-C",
];

export const go: Recognizer = {
  id: "go",
  recognize(cmd, ctx) {
    if (programName(cmd.argv[0]) !== "go") return [];
    const sub = cmd.argv[1];
    let op: GoFact["op"] | undefined;
    let args = cmd.argv.slice(2);
    if (sub === "build" || sub === "install" || sub === "get" || sub === "generate" || sub === "test" || sub === "vet") op = sub;
    else if (sub === "mod" && cmd.argv[2] === "download") op = "mod-download";
    else if (sub === "mod" && cmd.argv[2] === "tidy") op = "mod-tidy";
    else if (sub === "mod" && cmd.argv[2] === "vendor") op = "mod-vendor";
    if (!op) return [];
    if (op.startsWith("mod-")) args = cmd.argv.slice(3);
    const parsed = parseArgs(args, { values: VALUES, singleDashLong: true });
    const output = parsed.get("-o");
    const gopath = ctx.env.GOPATH ?? (home(ctx) === "/root" ? "/go" : `${home(ctx)}/go`);
    const modCache = ctx.env.GOMODCACHE ?? `${gopath.split(":")[0]}/pkg/mod`;
    const buildCache = ctx.env.GOCACHE ?? `${home(ctx)}/.cache/go-build`;
    const outputs: string[] = [];
    if (op === "build" && output) outputs.push(resolvePath(output, ctx.cwd));
    else if (op === "build" && (parsed.positionals.length <= 1 || parsed.positionals.every((p) => p.endsWith(".go")))) {
      // Without -o, `go build ./cmd/server` writes `server` in the cwd (only for a single main package).
      const pkg = parsed.positionals[0] ?? ".";
      const last =
        pkg
          .replace(/\/(\.\.\.)?$/, "")
          .split("/")
          .pop() ?? "";
      if (!pkg.includes("...") && last && last !== "." && !last.endsWith(".go")) outputs.push(resolvePath(last, ctx.cwd));
      // `go build main.go`: the binary is named after the first file
      else if (last.endsWith(".go") && last !== ".go") outputs.push(resolvePath(last.slice(0, -3), ctx.cwd));
    } else if (op === "install") outputs.push(ctx.env.GOBIN ?? `${gopath.split(":")[0]}/bin`);
    if (op !== "generate" && op !== "vet") outputs.push(modCache);
    if (op === "build" || op === "install" || op === "test") outputs.push(buildCache);
    const vendored = parsed.get("-mod") === "vendor" || /-mod=vendor/.test(ctx.env.GOFLAGS ?? "") || ctx.env.GOFLAGS?.includes("-mod=vendor") === true;
    const offline = vendored || ctx.env.GOPROXY === "off";
    const fact: GoFact = {
      ...base("go", cmd, !offline && op !== "generate" && op !== "vet", outputs),
      kind: "go",
      op,
      trimpath: parsed.has("-trimpath"),
      packages: parsed.positionals,
    };
    const cgo = ctx.env.CGO_ENABLED;
    if (cgo !== undefined) fact.cgoEnabled = cgo;
    if (ctx.env.GOOS !== undefined) fact.goos = ctx.env.GOOS;
    if (ctx.env.GOARCH !== undefined) fact.goarch = ctx.env.GOARCH;
    if (output !== undefined) fact.output = output;
    const ldflags = parsed.get("-ldflags");
    if (ldflags !== undefined) fact.ldflags = ldflags;
    const tags = parsed.get("-tags");
    if (tags !== undefined) fact.tags = tags;
    return [fact];
  },
};
