// ShellCheck's output as the shellcheck rule reads it. Running the binary is a side effect, so it lives at the
// edge (src/cli/shellcheck-runner.ts) and reaches the rule as the `shellcheck` lint option.

export interface ShellcheckComment {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: "error" | "warning" | "info" | "style";
  code: number;
  message: string;
}

// Codes that cannot be right for a RUN: sourced files are not in the build context's view (SC1090/SC1091), and
// variables come from ENV/ARG and the base image (SC2154).
export const EXCLUDED = ["SC1090", "SC1091", "SC2154"];

/** Runs shellcheck on scripts (all as `dialect`): comments per script, or undefined when it cannot run. */
export type ShellcheckRunner = (scripts: readonly string[], dialect: "sh" | "bash") => ShellcheckComment[][] | undefined;

/** Offset of a 1-based (line, column) in text; shellcheck's json1 counts a tab as one column. */
export function offsetAt(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + column - 1);
}
