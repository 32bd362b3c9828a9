// The one list of CLI commands, in the order `--help` shows them.
import type { CommandModule } from "../context.js";
import * as analyze from "./analyze.js";
import * as build from "./build.js";
import * as convert from "./convert.js";
import * as graph from "./graph.js";
import * as inspect from "./inspect.js";
import * as lint from "./lint.js";
import * as parse from "./parse.js";
import * as verify from "./verify.js";

export const commands: readonly CommandModule[] = [parse, graph, analyze, lint, convert, build, inspect, verify];
