// dotnet restore/build/publish/test and `dotnet tool install`.
import { parseArgs } from "../args.js";
import type { DotnetFact } from "../facts.js";
import { base, home, programName, resolvePath, type Recognizer } from "../recognizer.js";

const VALUES = [
  "-o",
  "--output",
  "-c",
  "--configuration",
  "-r",
  "--runtime",
  "-a",
  "--arch",
  "--os",
  "-f",
  "--framework",
  "-s",
  "--source",
  "--packages",
  "-v",
  "--verbosity",
  "--tool-path",
  "--version",
  "--property",
  "-p",
];

export const dotnet: Recognizer = {
  id: "dotnet",
  recognize(cmd, ctx) {
    if (programName(cmd.argv[0]) !== "dotnet") return [];
    const sub = cmd.argv[1];
    let op: DotnetFact["op"] | undefined;
    let args = cmd.argv.slice(2);
    if (sub === "restore" || sub === "publish" || sub === "build" || sub === "test") op = sub;
    else if (sub === "tool" && cmd.argv[2] === "install") {
      op = "tool-install";
      args = cmd.argv.slice(3);
    }
    if (!op) return [];
    const parsed = parseArgs(args, { values: VALUES, attached: ["-p:", "/p:"] });
    const output = parsed.get("-o", "--output");
    const nuget = ctx.env.NUGET_PACKAGES ?? parsed.get("--packages") ?? `${home(ctx)}/.nuget/packages`;
    const outputs: string[] = [];
    if (output) outputs.push(resolvePath(output, ctx.cwd));
    else if (op === "tool-install") outputs.push(parsed.get("--tool-path") ?? `${home(ctx)}/.dotnet/tools`);
    const noRestore = parsed.has("--no-restore");
    if (!noRestore) outputs.push(nuget);
    const fact: DotnetFact = { ...base("dotnet", cmd, !noRestore, outputs), kind: "dotnet", op };
    const project = parsed.positionals.find((p) => p !== "true" && p !== "false");
    if (project !== undefined) fact.project = project;
    const configuration = parsed.get("-c", "--configuration");
    if (configuration !== undefined) fact.configuration = configuration;
    if (output !== undefined) fact.output = output;
    const runtime = parsed.get("-r", "--runtime");
    if (runtime !== undefined) fact.runtime = runtime;
    const sc = parsed.options.find((o) => o.name === "--self-contained" || o.name === "--sc");
    if (sc) fact.selfContained = sc.value === undefined || sc.value === "true";
    else if (parsed.has("--no-self-contained")) fact.selfContained = false;
    return [fact];
  },
};
