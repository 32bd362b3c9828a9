// The runner: builds what the selected rules need (model, graph, shell analysis) once, runs each rule, applies
// pragmas, configured ignores and severity overrides, and returns the findings in source order.
import { analyzeDockerfileSync, type DockerfileAnalysis } from "../analyze/dockerfile.js";
import { DockerfileError, UsageError } from "../errors.js";
import { checkBuildArgs, checkTree } from "../syntax/check.js";
import { stageGraph, type StageGraph } from "../model/graph.js";
import type { DockerfileModel } from "../model/stages.js";
import { imageWorkdir } from "../knowledge/index.js";
import { isShellParserLoaded, loadShellParser } from "../shell/script.js";
import { printDockerfile } from "../syntax/print.js";
import type { DockerfileTree } from "../syntax/types.js";
import { readPragmas } from "./pragmas.js";
import { allRules } from "./rules/index.js";
import { defaultLintOptions, type Finding, type Severity, type LintOptions, type Rule, type RuleContext } from "./types.js";

/** The pseudo-rule for a Dockerfile BuildKit itself rejects (then only rules that read the syntax tree run). */
export const INVALID_DOCKERFILE = "invalid-dockerfile";

/** Rules selected by ids or aliases (`only`) minus ignored ones; matching is case-sensitive like BuildKit/hadolint. */
export function selectRules(opts: Partial<LintOptions> = {}, rules: readonly Rule[] = allRules): Rule[] {
  const names = (r: Rule) => [r.meta.id, ...r.meta.aliases];
  const ignore = new Set(opts.ignore ?? []);
  return rules.filter((r) => {
    if (opts.only && !names(r).some((n) => opts.only?.includes(n))) return false;
    if (names(r).some((n) => ignore.has(n))) return false;
    const sev = names(r)
      .map((n) => opts.severity?.[n])
      .find((s) => s !== undefined);
    if (r.meta.experimental && !opts.only && sev === undefined) return false;
    return sev !== "off";
  });
}

/** True when some of the rules read the shell analysis (which needs the tree-sitter parser loaded). */
export function needsShellParser(rules: readonly Rule[]): boolean {
  return rules.some((r) => r.meta.needs === "analysis");
}

/**
 * Lints a parsed Dockerfile. Loads the shell parser first when a selected rule needs the shell analysis.
 */
export async function lintDockerfile(tree: DockerfileTree, options: Partial<LintOptions> = {}, rules: readonly Rule[] = allRules): Promise<Finding[]> {
  if (needsShellParser(selectRules(options, rules)) && !isShellParserLoaded()) await loadShellParser();
  return lintDockerfileSync(tree, options, rules);
}

/** The same, synchronous: rules that need the shell analysis are skipped unless the shell parser is loaded. */
export function lintDockerfileSync(tree: DockerfileTree, options: Partial<LintOptions> = {}, rules: readonly Rule[] = allRules): Finding[] {
  checkTree(tree, "lintDockerfile");
  if (typeof options !== "object" || options === null) throw new UsageError("lintDockerfile: options must be an object");
  checkBuildArgs(options.buildArgs, "lintDockerfile");
  const opts: LintOptions = { ...defaultLintOptions, ...options };
  const selected = selectRules(opts, rules);
  const text = printDockerfile(tree);
  const pragmas = readPragmas(tree);
  const findings: Finding[] = [];

  let model: DockerfileModel | undefined;
  let graph: StageGraph | undefined;
  let modelError: DockerfileError | undefined;
  try {
    graph = stageGraph(tree, { imageWorkdir, target: opts.target, buildArgs: opts.buildArgs });
    model = graph.model;
  } catch (e) {
    if (!(e instanceof DockerfileError)) throw e;
    modelError = e;
  }
  if (modelError) {
    const r = modelError.range ?? tree.instructions[0]?.range ?? { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    findings.push({ ruleId: INVALID_DOCKERFILE, aliases: [], severity: "error", message: modelError.reason, file: tree.file, range: r });
  }
  let analysis: DockerfileAnalysis | undefined;
  const analysisFor = (): DockerfileAnalysis => {
    analysis ??= analyzeDockerfileSync(model as DockerfileModel, { imageWorkdir, target: opts.target, buildArgs: opts.buildArgs });
    return analysis;
  };

  for (const rule of selected) {
    const { meta } = rule;
    if (meta.needs !== "tree" && !model) continue;
    if (meta.needs === "analysis" && !isShellParserLoaded()) continue;
    if (meta.source === "buildkit" && (pragmas.checkSkip.has("all") || pragmas.checkSkip.has(meta.id))) continue;
    const names = [meta.id, ...meta.aliases];
    if (names.some((n) => pragmas.global.has(n))) continue;
    const configured = names.map((n) => opts.severity[n]).find((s): s is Severity => s !== undefined && s !== "off");
    const severity = configured ?? (meta.source === "buildkit" && pragmas.checkError ? "error" : meta.severity);
    const ctx: RuleContext = {
      text,
      tree,
      get model() {
        return model as DockerfileModel;
      },
      get graph() {
        return graph as StageGraph;
      },
      get analysis() {
        return analysisFor();
      },
      options: opts,
      report: (r) => {
        const lineIgnores = pragmas.byLine.get(r.range.start.line);
        const extra = r.aliases ?? [];
        if (lineIgnores && [...names, ...extra].some((n) => lineIgnores.has(n))) return;
        if (extra.some((n) => pragmas.global.has(n) || opts.ignore.includes(n))) return;
        const aliases = extra.length ? [...meta.aliases, ...extra] : meta.aliases;
        findings.push({
          ruleId: meta.id,
          aliases,
          severity: configured ?? r.severity ?? severity,
          message: r.message,
          file: tree.file,
          range: r.range,
          ...(r.fix ? { fix: r.fix } : {}),
        });
      },
    };
    rule.check(ctx);
  }
  return findings.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
}
