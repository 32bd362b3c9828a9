// The library's entry points check what callers hand them, so a mistake is one UsageError that names the
// argument, never a TypeError from deep inside, and a string too large to analyse is refused before any work
// (analysis keeps every word, range and fact: about 150 bytes of memory per byte of input).
import { UsageError } from "../errors.js";
import type { DockerfileTree } from "./types.js";

/** The most characters `parseDockerfile` reads unless told otherwise (the CLI's default input cap). */
export const DEFAULT_MAX_DOCKERFILE_LENGTH = 64 * 1024 * 1024;

export function checkDockerfileText(text: unknown, where: string, maxLength = DEFAULT_MAX_DOCKERFILE_LENGTH): string {
  if (typeof text !== "string") throw new UsageError(`${where}: expected the Dockerfile's text as a string, got ${text === null ? "null" : typeof text}`);
  if (!(Number.isSafeInteger(maxLength) && maxLength > 0)) throw new UsageError(`${where}: maxLength must be a positive whole number`);
  if (text.length > maxLength) {
    throw new UsageError(`${where}: the text is ${text.length} characters, more than the ${maxLength} this call reads (pass a larger maxLength to read more)`);
  }
  return text;
}

/** A tree from parseDockerfile(), or a UsageError naming the function that was given something else. */
export function checkTree(tree: unknown, where: string): DockerfileTree {
  const t = tree as { instructions?: unknown; items?: unknown } | null;
  if (typeof t !== "object" || t === null || !Array.isArray(t.instructions) || !Array.isArray(t.items)) {
    throw new UsageError(`${where}: expected a tree from parseDockerfile()`);
  }
  return tree as DockerfileTree;
}

/** Build arguments: an object of strings. */
export function checkBuildArgs(args: unknown, where: string): void {
  if (args === undefined) return;
  if (typeof args !== "object" || args === null || Array.isArray(args)) throw new UsageError(`${where}: buildArgs: expected an object of strings`);
  for (const [k, v] of Object.entries(args)) if (typeof v !== "string") throw new UsageError(`${where}: buildArgs.${k}: expected a string, got ${typeof v}`);
}
