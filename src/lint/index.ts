// The linter's public surface.
export { lintDockerfile, lintDockerfileSync, selectRules, INVALID_DOCKERFILE } from "./lint.js";
export { applyFixes, type AppliedFixes } from "./fix.js";
export { allRules, ruleById } from "./rules/index.js";
export { parseConfig, type LintConfig } from "./config.js";
export { formatters, FORMATS, type FileResult, type FormatName, type Formatter } from "./format.js";
export type { BuiltImageLinkage, Finding, Fix, LintOptions, Rule, RuleMeta, Severity, TextEdit } from "./types.js";
export { LABEL_TYPES, type LabelType } from "./label-schema.js";
