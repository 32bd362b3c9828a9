// The one list of CLI commands, in the order `--help` shows them. A command's module (and what it imports) loads
// only when that command runs: importing every command eagerly cost every command ~170 ms of start-up.
import type { CommandModule } from "../context.js";

export const commandLoaders: ReadonlyArray<readonly [name: string, load: () => Promise<CommandModule>]> = [
  ["parse", () => import("./parse.js")],
  ["graph", () => import("./graph.js")],
  ["analyze", () => import("./analyze.js")],
  ["lint", () => import("./lint.js")],
  ["convert", () => import("./convert.js")],
  ["build", () => import("./build.js")],
  ["inspect", () => import("./inspect.js")],
  ["verify", () => import("./verify.js")],
];

/**
 * The command modules to register for these arguments: only the named command's when the first word names one,
 * otherwise all of them (top-level help, `help CMD`, an unknown command's suggestions).
 */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule[]> {
  const first = argv.find((a) => !a.startsWith("-"));
  const named = commandLoaders.find(([name]) => name === first && argv[0] === first);
  return Promise.all((named ? [named] : commandLoaders).map(([, load]) => load()));
}
