// Syntax nodes → typed instructions, with BuildKit's checks (argument counts, allowed flags, HEALTHCHECK options,
// stage names, ONBUILD triggers). Values stay as written: variables are expanded later, per stage, in stages.ts.
import { DockerfileError, type Range } from "../errors.js";
import { chompHeredocContent, parseHeredocMarker } from "../syntax/heredoc.js";
import type { Heredoc, InstructionNode } from "../syntax/types.js";
import { type FlagSpec, type ParsedFlags, parseFlags } from "./flags.js";
import { suggestion } from "./suggest.js";

interface Base {
  node: InstructionNode;
  range: Range;
}

/** RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: shell form (run through the stage's SHELL) or exec form. */
export interface CommandLine {
  /** Shell form: the command text goes to the shell; exec form: argv as written. */
  shell: boolean;
  /** Exec form: argv; shell form: one element, the command text. */
  cmdLine: string[];
}

export interface FromInstruction extends Base {
  kind: "FROM";
  /** Base as written (may contain variables). */
  image: string;
  /** Stage name, lower-cased as BuildKit does; undefined when the stage has none. */
  stageName: string | undefined;
  /** Stage name as written. */
  stageNameRaw: string | undefined;
  platform: string | undefined;
}

export interface RunInstruction extends Base, CommandLine {
  kind: "RUN";
  heredocs: Heredoc[];
  /** Raw `--mount` values, parsed per stage (their values may use variables). */
  mounts: string[];
  network: string | undefined;
  security: string | undefined;
  devices: string[];
}

export interface CmdInstruction extends Base, CommandLine {
  kind: "CMD";
}
export interface EntrypointInstruction extends Base, CommandLine {
  kind: "ENTRYPOINT";
}

/** An inline source from a heredoc (`COPY <<EOF /dest`). */
export interface SourceContent {
  path: string;
  data: string;
  expand: boolean;
}

interface CopyLike extends Base {
  sources: string[];
  contents: SourceContent[];
  dest: string;
  chown: string | undefined;
  chmod: string | undefined;
  link: boolean;
  exclude: string[];
}

export interface CopyInstruction extends CopyLike {
  kind: "COPY";
  from: string | undefined;
  parents: boolean;
}

export interface AddInstruction extends CopyLike {
  kind: "ADD";
  checksum: string | undefined;
  keepGitDir: boolean | undefined;
  unpack: boolean | undefined;
}

export interface KeyValue {
  key: string;
  value: string;
  /** Legacy `KEY value` form. */
  legacy: boolean;
}

export interface EnvInstruction extends Base {
  kind: "ENV";
  pairs: KeyValue[];
}
export interface LabelInstruction extends Base {
  kind: "LABEL";
  pairs: KeyValue[];
}

export interface ArgDefinition {
  key: string;
  /** Default as written; undefined for `ARG NAME`. */
  value: string | undefined;
}
export interface ArgInstruction extends Base {
  kind: "ARG";
  args: ArgDefinition[];
}

export interface WorkdirInstruction extends Base {
  kind: "WORKDIR";
  path: string;
}
export interface UserInstruction extends Base {
  kind: "USER";
  user: string;
}
export interface ExposeInstruction extends Base {
  kind: "EXPOSE";
  ports: string[];
}
export interface VolumeInstruction extends Base {
  kind: "VOLUME";
  paths: string[];
}
export interface StopsignalInstruction extends Base {
  kind: "STOPSIGNAL";
  signal: string;
}
export interface ShellInstruction extends Base {
  kind: "SHELL";
  shell: string[];
}
export interface MaintainerInstruction extends Base {
  kind: "MAINTAINER";
  maintainer: string;
}

export interface HealthcheckOptions {
  /** Durations in milliseconds; 0 when unset. */
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}
export interface HealthcheckInstruction extends Base {
  kind: "HEALTHCHECK";
  /** NONE disables the base image's health check. */
  test: { type: "NONE" } | ({ type: "CMD" } & CommandLine & HealthcheckOptions);
}

export interface OnbuildInstruction extends Base {
  kind: "ONBUILD";
  /** The trigger as BuildKit stores it: the text after ONBUILD (heredoc bodies appended). */
  expression: string;
  trigger: Instruction;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | StopsignalInstruction
  | ShellInstruction
  | MaintainerInstruction
  | HealthcheckInstruction
  | OnbuildInstruction;

export type InstructionKind = Instruction["kind"];

export const instructionKinds: readonly InstructionKind[] = [
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
];

const validStageName = /^[a-z][a-z0-9-_.]*$/;

const flagSpecs: Readonly<Record<string, FlagSpec>> = {
  FROM: { platform: "string" },
  RUN: { mount: "strings", network: "string", security: "string", device: "strings" },
  COPY: { chown: "string", from: "string", chmod: "string", link: "bool", exclude: "strings", parents: "bool" },
  ADD: {
    chown: "string",
    chmod: "string",
    link: "bool",
    "keep-git-dir": "bool",
    checksum: "string",
    unpack: "bool",
    exclude: "strings",
  },
  HEALTHCHECK: { interval: "string", timeout: "string", "start-period": "string", "start-interval": "string", retries: "string" },
};

/** Converts one syntax node; throws a located DockerfileError for what BuildKit rejects. */
export function toInstruction(node: InstructionNode, file?: string): Instruction {
  const kind = node.name.toUpperCase();
  const fail = (msg: string, range: Range = node.keywordRange): DockerfileError => new DockerfileError(msg, range, { file });
  const flags = (spec: FlagSpec = {}): ParsedFlags => parseFlags(node.flags, spec, file);
  const base: Base = { node, range: node.range };
  const args = node.args;

  switch (kind) {
    case "FROM": {
      const f = flags(flagSpecs.FROM);
      let stageName: string | undefined;
      let stageNameRaw: string | undefined;
      if (args.length === 3 && (args[1] as string).toLowerCase() === "as") {
        stageNameRaw = args[2] as string;
        stageName = stageNameRaw.toLowerCase();
        if (!validStageName.test(stageName)) {
          throw fail(`invalid name for build stage: ${JSON.stringify(stageNameRaw)}, name can't start with a number or contain symbols`, node.argsRange);
        }
      } else if (args.length !== 1) {
        throw fail("FROM requires either one or three arguments", args.length ? node.argsRange : node.keywordRange);
      }
      return { ...base, kind, image: args[0] as string, stageName, stageNameRaw, platform: f.strings.get("platform") };
    }
    case "RUN": {
      const f = flags(flagSpecs.RUN);
      const network = f.strings.get("network");
      if (network !== undefined && !["default", "none", "host"].includes(network)) {
        throw fail(`invalid network mode ${JSON.stringify(network)}`, f.ranges.get("network"));
      }
      const security = f.strings.get("security");
      if (security !== undefined && !["sandbox", "insecure"].includes(security)) {
        throw fail(`security ${JSON.stringify(security)} is not valid`, f.ranges.get("security"));
      }
      return {
        ...base,
        kind,
        ...commandLine(node),
        heredocs: node.heredocs,
        mounts: f.lists.get("mount") ?? [],
        network,
        security,
        devices: f.lists.get("device") ?? [],
      };
    }
    case "CMD":
    case "ENTRYPOINT":
      flags();
      return { ...base, kind, ...commandLine(node) };
    case "COPY":
    case "ADD": {
      if (args.length < 2) {
        throw fail(`${kind} requires at least two arguments, but only one was provided. Destination could not be determined`);
      }
      const f = flags(flagSpecs[kind]);
      const dest = args[args.length - 1] as string;
      if (parseHeredocMarker(dest)) throw fail(`${kind} cannot accept a heredoc as a destination`, node.argsRange);
      const byName = new Map(node.heredocs.map((h) => [h.name, h]));
      const sources: string[] = [];
      const contents: SourceContent[] = [];
      for (const src of args.slice(0, -1)) {
        const marker = node.json ? undefined : parseHeredocMarker(src);
        if (marker) {
          const h = byName.get(marker.name);
          const data = h ? (marker.chomp ? chompHeredocContent(h.content) : h.content) : "";
          contents.push({ path: marker.name, data, expand: marker.expand });
        } else {
          sources.push(src);
        }
      }
      const common = {
        ...base,
        sources,
        contents,
        dest,
        chown: f.strings.get("chown"),
        chmod: f.strings.get("chmod"),
        link: f.bools.get("link") ?? false,
        exclude: f.lists.get("exclude") ?? [],
      };
      if (kind === "COPY") {
        return { ...common, kind, from: f.strings.get("from"), parents: f.bools.get("parents") ?? false };
      }
      return {
        ...common,
        kind,
        checksum: f.strings.get("checksum"),
        keepGitDir: f.bools.get("keep-git-dir"),
        unpack: f.bools.get("unpack"),
      };
    }
    case "ENV":
    case "LABEL": {
      flags();
      if (args.length === 0) throw fail(`${kind} requires at least one argument`);
      const pairs: KeyValue[] = [];
      if (args.length % 3 !== 0) throw fail(`Bad input to ${kind}, too many arguments`, node.argsRange);
      for (let i = 0; i < args.length; i += 3) {
        const key = args[i] as string;
        if (key === "") throw fail(`${kind} names can not be blank`, node.argsRange);
        pairs.push({ key, value: args[i + 1] as string, legacy: args[i + 2] === "" });
      }
      return kind === "ENV" ? { ...base, kind, pairs } : { ...base, kind, pairs };
    }
    case "ARG": {
      // BuildKit does not check ARG's flags
      if (args.length === 0) throw fail("ARG requires at least one argument");
      const defs: ArgDefinition[] = args.map((a) => {
        const eq = a.indexOf("=");
        if (eq === 0) throw fail("ARG names can not be blank", node.argsRange);
        return eq === -1 ? { key: a, value: undefined } : { key: a.slice(0, eq), value: a.slice(eq + 1) };
      });
      return { ...base, kind, args: defs };
    }
    case "WORKDIR":
    case "USER":
    case "MAINTAINER":
      if (args.length !== 1) throw fail(`${kind} requires exactly one argument`);
      flags();
      if (kind === "WORKDIR") return { ...base, kind, path: args[0] as string };
      if (kind === "USER") return { ...base, kind, user: args[0] as string };
      return { ...base, kind, maintainer: args[0] as string };
    case "STOPSIGNAL":
      // BuildKit does not check STOPSIGNAL's flags
      if (args.length !== 1) throw fail("STOPSIGNAL requires exactly one argument");
      return { ...base, kind, signal: args[0] as string };
    case "EXPOSE":
      if (args.length === 0) throw fail("EXPOSE requires at least one argument");
      flags();
      return { ...base, kind, ports: [...args].sort() };
    case "VOLUME": {
      if (args.length === 0) throw fail("VOLUME requires at least one argument");
      flags();
      const paths = args.map((v) => v.trim());
      if (paths.some((p) => p === "")) throw fail("VOLUME specified can not be an empty string", node.argsRange);
      return { ...base, kind, paths };
    }
    case "SHELL": {
      flags();
      const { shell, cmdLine } = commandLine(node);
      if (cmdLine.length === 0 || (cmdLine.length === 1 && cmdLine[0] === "" && !node.json)) {
        throw fail("SHELL requires at least one argument");
      }
      if (shell) throw fail("SHELL requires the arguments to be in JSON form", node.argsRange);
      return { ...base, kind, shell: cmdLine };
    }
    case "HEALTHCHECK":
      return { ...base, kind, test: healthcheck(node, fail, flags) };
    case "ONBUILD": {
      if (!node.sub) throw fail("ONBUILD requires at least one argument");
      flags();
      const triggerName = node.sub.name.toUpperCase();
      if (triggerName === "ONBUILD") throw fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", node.sub.keywordRange);
      if (triggerName === "MAINTAINER" || triggerName === "FROM") {
        throw fail(`${triggerName} isn't allowed as an ONBUILD trigger`, node.sub.keywordRange);
      }
      const trigger = toInstruction({ ...node.sub, heredocs: node.heredocs }, file);
      let expression = node.original.replace(/^\s*ONBUILD\s*/i, "");
      for (const h of node.heredocs) expression += "\n" + h.content + h.name;
      return { ...base, kind, expression, trigger };
    }
  }
  const hint = suggestion(node.keyword, instructionKinds);
  throw fail(`unknown instruction: ${node.keyword}${hint ? ` (did you mean ${hint.toLowerCase() === hint ? hint : hint.toLowerCase()}?)` : ""}`);
}

function commandLine(node: InstructionNode): CommandLine {
  if (node.json) return { shell: false, cmdLine: [...node.args] };
  return { shell: true, cmdLine: node.args.length ? [node.args.join(" ")] : [] };
}

function healthcheck(
  node: InstructionNode,
  fail: (msg: string, range?: Range) => DockerfileError,
  flags: (spec?: FlagSpec) => ParsedFlags,
): HealthcheckInstruction["test"] {
  if (node.args.length === 0) throw fail("HEALTHCHECK requires at least one argument");
  const type = (node.args[0] as string).toUpperCase();
  const rest = node.args.slice(1);
  if (type === "NONE") {
    if (rest.length) throw fail("HEALTHCHECK NONE takes no arguments", node.argsRange);
    return { type: "NONE" };
  }
  const f = flags(flagSpecs.HEALTHCHECK);
  if (type !== "CMD") throw fail(`Unknown type "${type}" in HEALTHCHECK (try CMD)`, node.argsRange);
  const cmd: CommandLine = node.json ? { shell: false, cmdLine: rest } : { shell: true, cmdLine: rest.length ? [rest.join(" ")] : [] };
  if (cmd.cmdLine.length === 0) throw fail("Missing command after HEALTHCHECK CMD", node.argsRange);
  const duration = (name: string): number => {
    const v = f.strings.get(name);
    if (!v) return 0;
    const ms = parseGoDuration(v);
    if (ms === undefined) throw fail(`time: invalid duration ${JSON.stringify(v)}`, f.ranges.get(name));
    if (ms !== 0 && ms < 1) throw fail(`Interval "${name}" cannot be less than 1ms`, f.ranges.get(name));
    return ms;
  };
  let retries = 0;
  const r = f.strings.get("retries");
  if (r) {
    if (!/^[+-]?\d+$/.test(r)) throw fail(`strconv.ParseInt: parsing ${JSON.stringify(r)}: invalid syntax`, f.ranges.get("retries"));
    retries = Number.parseInt(r, 10);
    if (retries < 0) throw fail(`--retries cannot be negative (${retries})`, f.ranges.get("retries"));
  }
  return {
    type: "CMD",
    ...cmd,
    interval: duration("interval"),
    timeout: duration("timeout"),
    startPeriod: duration("start-period"),
    startInterval: duration("start-interval"),
    retries,
  };
}

const unitMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds; undefined when invalid. */
export function parseGoDuration(s: string): number | undefined {
  let rest = s;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length) {
    const m = part.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (unitMs[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}
