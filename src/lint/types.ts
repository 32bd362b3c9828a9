// The linter's data: rules (metadata + a check over one Dockerfile), findings with ranges, fixes as text edits.
import type { DockerfileAnalysis } from "../analyze/dockerfile.js";
import type { Range } from "../errors.js";
import type { StageGraph } from "../model/graph.js";
import type { DockerfileModel } from "../model/stages.js";
import type { DockerfileTree } from "../syntax/types.js";
import type { LabelType } from "./label-schema.js";
import type { ShellcheckRunner } from "./shellcheck.js";

/** Ordered from most to least serious; `none` is only a failure threshold. */
export type Severity = "error" | "warning" | "info" | "style";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "style"];

type Category = "buildkit" | "correctness" | "security" | "size" | "multi-stage" | "maintainability" | "style";

/** Where a rule comes from: BuildKit's build checks, hadolint's rules (DL ids as aliases), or slimstage's own. */
type RuleSource = "buildkit" | "hadolint" | "slimstage";

/** What a rule reads; the runner builds the model and the (shell) analysis only when a selected rule needs them. */
type RuleNeeds = "tree" | "model" | "analysis";

/** Replace `range` with `text` (an empty text deletes). */
export interface TextEdit {
  range: Range;
  text: string;
}

export interface Fix {
  /** What the fix does, e.g. `add --no-install-recommends`. */
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  /** hadolint ids the rule also answers to (DL3008 …). */
  aliases: readonly string[];
  severity: Severity;
  message: string;
  file: string | undefined;
  range: Range;
  fix?: Fix;
}

interface ExpectedError {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring the message must contain. */
  message?: string;
}

interface InvalidCase {
  code: string;
  errors: ExpectedError[];
  /** The text after applying the rule's fixes; omitted when the rule offers none for this case. */
  output?: string;
  options?: Partial<LintOptions>;
}

interface RuleTests {
  /** Dockerfiles the rule must accept. */
  valid: Array<string | { code: string; options?: Partial<LintOptions> }>;
  invalid: InvalidCase[];
}

export interface RuleMeta {
  id: string;
  aliases: readonly string[];
  source: RuleSource;
  severity: Severity;
  category: Category;
  /** One line: what the rule flags. */
  summary: string;
  /** Why it matters (a paragraph, Markdown). */
  rationale: string;
  /** A Dockerfile the rule reports and one it accepts (with the options they need, e.g. trustedRegistries). */
  examples: { bad: string; good: string; options?: Partial<LintOptions> };
  fixable: boolean;
  needs: RuleNeeds;
  /** Off unless selected (`--only`, or a severity in the config), like BuildKit's experimental checks. */
  experimental?: boolean;
  /** Upstream documentation (BuildKit / hadolint). */
  url?: string;
}

interface ReportInput {
  range: Range;
  message: string;
  fix?: Fix;
  /** Per-finding severity (the shellcheck rule keeps ShellCheck's level); a configured severity still wins. */
  severity?: Severity;
  /** Extra names this finding answers to in ignores (the shellcheck rule's SC codes). */
  aliases?: readonly string[];
}

export interface RuleContext {
  readonly text: string;
  readonly tree: DockerfileTree;
  /** The stage model (rules with needs "model" or "analysis"). */
  readonly model: DockerfileModel;
  readonly graph: StageGraph;
  /** The shell analysis (rules with needs "analysis"). */
  readonly analysis: DockerfileAnalysis;
  readonly options: ResolvedLintOptions;
  report(r: ReportInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
  tests: RuleTests;
}

export interface LintOptions {
  /** Rule ids or aliases to skip. */
  ignore: readonly string[];
  /** Only these rules (ids or aliases); default all. */
  only: readonly string[] | undefined;
  /** Severity per rule id or alias. */
  severity: Readonly<Record<string, Severity | "off">>;
  /** Registries images may come from (hadolint's trustedRegistries); empty: any. */
  trustedRegistries: readonly string[];
  target: string | undefined;
  buildArgs: Readonly<Record<string, string>>;
  /** hadolint's label schema: labels the image must carry, with the format of their values (`label-schema`). */
  labelSchema: Readonly<Record<string, LabelType>>;
  /** hadolint's `strict-labels`: labels outside the schema are reported. */
  strictLabels: boolean;
  /** The build context's .dockerignore lines (read by the caller; the library reads no files); absent: not checked. */
  dockerignore?: readonly string[];
  /** The built image's linkage (`slimstage lint --image`; the caller reads the image): its ELF files with NEEDED
   * libraries the image does not have. Absent: copied binaries are judged from the Dockerfile alone. */
  image?: BuiltImageLinkage;
  /** Runs ShellCheck for the shellcheck rule (a side effect the caller provides); absent: the rule reports nothing. */
  shellcheck?: ShellcheckRunner;
}

export interface BuiltImageLinkage {
  /** The image as the user named it (for messages). */
  ref: string;
  /** Dynamic ELF files (absolute paths) and the NEEDED sonames the loader would not find in the image. */
  unresolved: Array<{ path: string; missing: string[] }>;
}

type ResolvedLintOptions = LintOptions;

export const defaultLintOptions: LintOptions = {
  ignore: [],
  only: undefined,
  severity: {},
  trustedRegistries: [],
  target: undefined,
  buildArgs: {},
  labelSchema: {},
  strictLabels: false,
};
