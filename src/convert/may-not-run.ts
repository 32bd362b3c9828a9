// Whether a build command may leave no output behind and the RUN still succeed: the command is after `||`, in a
// branch or loop (`conditional`), or its and-or list ends in `|| …` so that its own failure, or the failure of a
// guard before it (`[ "$(uname -m)" = x86_64 ] && gcc … -o /usr/bin/x || true`), is rescued. What such a command
// builds cannot be copied into the final stage with an unconditional `COPY --from`.
import type { ShellCommand } from "../shell/script.js";

const LIST_CONNECTORS = new Set(["&&", "||", "|", "|&"]);

export function mayNotRun(cmd: ShellCommand, commands: readonly ShellCommand[]): boolean {
  if (cmd.conditional) return true;
  const depth = cmd.context.length;
  const at = commands.findIndex((c) => c.index === cmd.index);
  if (at < 0) return false;
  // the rest of the and-or list the command belongs to, at its own nesting depth
  for (const next of commands.slice(at + 1)) {
    if (next.context.length > depth) continue;
    if (next.context.length < depth || !LIST_CONNECTORS.has(next.connector)) break;
    if (next.connector === "||") return true;
  }
  return false;
}
