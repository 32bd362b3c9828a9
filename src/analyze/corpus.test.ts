// Every RUN of the shared corpus (../shared/corpus/real) through parseScript + analyzeScript: no crash, syntax
// errors only where the shell really is not sh, and the common package/dependency commands recognised. Prints
// the tally of unrecognised command names (recorded in docs/shell-analysis.md).
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { sharedPath, describeWithShared } from "../../test/support/shared.js";
import { commandFromExec, parseScript, type ShellScript } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import type { InstructionNode } from "../syntax/types.js";
import { analyzeScript, normalizeCommand } from "./analyze.js";
import { programName } from "./recognizer.js";
import { useShellParser } from "./test-support.js";

interface Run {
  file: string;
  line: number;
  script: ShellScript;
  text: string;
}

/** The shell scripts of a RUN: exec form, shell form (with any heredoc bodies it feeds), or heredoc scripts. */
function scriptsOf(node: InstructionNode): { text: string; exec?: string[] }[] {
  if (node.json) return [{ text: JSON.stringify(node.args), exec: node.args }];
  const cmd = node.args.join(" ");
  const onlyHeredoc = node.heredocs.length > 0 && /^<<-?["']?\w+["']?\s*$/.test(cmd.trim());
  const body = (h: InstructionNode["heredocs"][number]) => (h.chomp ? h.content.replace(/^\t+/gm, "") : h.content);
  if (onlyHeredoc) return node.heredocs.map((h) => ({ text: body(h) }));
  const heredocs = node.heredocs.map((h) => `${body(h)}${h.name}\n`).join("");
  return [{ text: heredocs ? `${cmd}\n${heredocs}` : cmd }];
}

function collectRuns(): { runs: Run[]; foreign: number; files: number; parseErrors: string[] } {
  const dir = sharedPath("corpus", "real");
  const runs: Run[] = [];
  const parseErrors: string[] = [];
  let foreign = 0;
  let files = 0;
  for (const file of readdirSync(dir).sort()) {
    if (file === "INDEX.tsv") continue;
    files++;
    let tree;
    try {
      tree = parseDockerfile(readFileSync(`${dir}/${file}`, "utf8"), { file });
    } catch (err) {
      parseErrors.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    // Windows images and PowerShell/cmd SHELLs do not run sh: their RUNs are not ours to parse.
    let foreignShell = false;
    for (const node of tree.instructions) {
      if (node.name === "from") foreignShell = /windows|nanoserver|servercore|ltsc20/i.test(node.args.join(" "));
      if (node.name === "shell") foreignShell = /powershell|pwsh|cmd/i.test(node.args.join(" "));
      if (node.name !== "run") continue;
      if (foreignShell) {
        foreign++;
        continue;
      }
      for (const s of scriptsOf(node)) {
        const script: ShellScript = s.exec
          ? { text: s.text, commands: [commandFromExec(s.exec)], diagnostics: [], options: { errexit: false, pipefail: false }, cwd: "." }
          : parseScript(s.text);
        runs.push({ file, line: node.range.start.line, script, text: s.text });
      }
    }
  }
  return { runs, foreign, files, parseErrors };
}

describeWithShared("corpus: every RUN of ../shared/corpus/real", () => {
  useShellParser();

  it("parses and analyses every RUN without a crash, and tallies what stays unrecognised", () => {
    const { runs, foreign, files, parseErrors } = collectRuns();
    expect(files).toBeGreaterThan(500);
    expect(runs.length).toBeGreaterThan(1500);
    const withErrors = runs.filter((r) => r.script.diagnostics.length > 0);
    let noFacts = 0;
    let withUnrecognized = 0;
    let commands = 0;
    let trivialCount = 0;
    let unrecognizedCount = 0;
    const tally = new Map<string, number>();
    const missed: string[] = [];
    for (const r of runs) {
      const a = analyzeScript(r.script, { cwd: "/" });
      commands += r.script.commands.length;
      trivialCount += a.trivial.length;
      unrecognizedCount += a.unrecognized.length;
      if (a.facts.length === 0) noFacts++;
      if (a.unrecognized.length > 0) withUnrecognized++;
      for (const c of a.unrecognized) {
        // Tally by the command behind wrappers (`gosu node ghost …` counts as ghost).
        const n = normalizeCommand(c, {});
        const name = n.words[0]?.dynamic ? "<dynamic>" : programName(n.name);
        tally.set(name, (tally.get(name) ?? 0) + 1);
      }
      // Commands that must never slip through: package installs and dependency steps.
      for (const c of r.script.commands) {
        const n = programName(c.name);
        const sub = c.argv[1];
        const must =
          (n === "apt-get" && sub === "install") ||
          (n === "apk" && sub === "add") ||
          (/^pip3?$/.test(n) && sub === "install") ||
          (n === "npm" && sub === "ci") ||
          (n === "go" && sub === "build");
        if (must && !a.facts.some((f) => f.command === c.index)) missed.push(`${r.file}:${r.line}: ${c.text.slice(0, 80)}`);
      }
    }
    const top = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 40);
    console.log(
      [
        `corpus: ${files} Dockerfiles, ${runs.length} RUN scripts analysed (${foreign} RUNs skipped: Windows/PowerShell), ${commands} commands`,
        `Dockerfile parse errors: ${parseErrors.length}; RUN scripts with shell syntax diagnostics: ${withErrors.length}`,
        `RUNs with no fact at all: ${noFacts}; RUNs with at least one unrecognised command: ${withUnrecognized}`,
        `commands: ${commands - trivialCount - unrecognizedCount} recognised, ${trivialCount} trivial, ${unrecognizedCount} unrecognised`,
        "most common unrecognised commands:",
        ...top.map(([n, c]) => `  ${String(c).padStart(5)}  ${n}`),
        ...withErrors.map((r) => `diagnostic: ${r.file}:${r.line}: ${r.script.diagnostics[0]!.message}`),
      ].join("\n"),
    );
    expect(missed).toEqual([]);
    // Shell syntax errors are rare in real Dockerfiles: a jump means the parser or extraction regressed.
    expect(withErrors.length).toBeLessThanOrEqual(5);
  });
});
