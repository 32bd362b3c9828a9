// A variant is one rewrite of the converter's output that may make the image smaller, explained in one line. The
// search (../search.ts) combines variants into candidates and lets verification on the engine decide.
import type { ConvertResult } from "../../convert/types.js";

export type Converted = Extract<ConvertResult, { status: "converted" }>;

/** What the search learned about the app before trying anything (read at the edges, by search.ts). */
export interface SearchFacts {
  /** Whether the Go sources of the build context were read (false: too many files, or no context). */
  goSourcesRead: boolean;
  /** Build-context .go files that `import "C"` (relative paths). */
  cgoFiles: string[];
  /** Packages installed in the original image (dpkg database), when it was built and read. */
  originalPackages?: ReadonlySet<string>;
  /** The original image's environment (`KEY=value`), when it was built and read. */
  originalEnv?: readonly string[];
  /** The original image's os-release fields (ID, VERSION_ID, VERSION_CODENAME …), when it has one. */
  originalOs?: Readonly<Record<string, string>>;
}

export interface VariantInput {
  result: Converted;
  /** The single-stage Dockerfile as the user wrote it. */
  originalText: string;
  facts: SearchFacts;
}

export interface Variant {
  /** Stable id, `dimension:level` (`final-base:scratch`, `python-venv:no-pip`). */
  id: string;
  /** Variants of one dimension exclude each other (one final base); variants of different ones combine. */
  dimension: string;
  /** One line: what it changes. */
  summary: string;
  /**
   * Config keys the variant's new base image sets and the original image does not have (distroless sets
   * SSL_CERT_FILE to the CA bundle it ships): a setting of the base, not a change the verification should fail on.
   */
  allowConfig?: readonly string[];
  /** Ids of variants of its dimension whose changes it makes too: once it verifies, a candidate with them instead keeps more. */
  covers?: readonly string[];
  /**
   * Whether what a failed candidate printed is explained by this variant's change (`No module named 'pkg_resources'`
   * after setuptools was uninstalled): one line saying so, or undefined. Every later candidate with this variant is
   * then skipped, so the budget goes to candidates that can still verify.
   */
  explains?(output: string): string | undefined;
  /** Rewrites a conversion of the same Dockerfile (the first one, or a repaired one); undefined when it does not apply. */
  apply(dockerfile: string): string | undefined;
}
