// The one list of CLI commands, in the order `--help` shows them.
import type { CommandModule } from "../context.js";
import * as analyze from "./analyze.js";
import * as graph from "./graph.js";
import * as parse from "./parse.js";

export const commands: readonly CommandModule[] = [parse, graph, analyze];
