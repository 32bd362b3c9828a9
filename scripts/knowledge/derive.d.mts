// Types for derive.mjs, so the TypeScript tests in src/knowledge can exercise the generator's rules.
export interface Pkg {
  name: string;
  version: string;
  arch: string;
  source: string;
  section: string;
  priority: string;
  essential: boolean;
  depends: string[][];
  provides: string[];
  transitional: boolean;
}
export interface Index {
  byName: Map<string, Pkg>;
  providers: Map<string, string[]>;
}
export const TRIPLETS: Record<string, string>;
export const TOOLCHAIN_PATTERNS: RegExp[];
export function parseStanzas(text: string): Record<string, string>[];
export function parseRelations(value: string | undefined): string[][];
export function toPackage(st: Record<string, string>): Pkg;
export function indexPackages(pkgs: Pkg[]): Index;
export function resolveName(index: Index, name: string, preferSource?: string): string[];
export function resolveGroup(index: Index, group: string[], preferSource?: string): string[];
export function isDevName(name: string): boolean;
export function isDevPackage(pkg: Pkg): boolean;
export function parseContentsLine(line: string): { path: string; packages: string[] } | undefined;
export function sharedObjectName(path: string, triplet: string): string | undefined;
export function isAnySharedObject(path: string): boolean;
export function isBookkeepingPath(path: string): boolean;
export function isNonRuntimeName(name: string): boolean;
export function sonamesOf(files: string[]): string[];
export function deriveSonames(filesByPackage: Map<string, string[]>, index: Index): Map<string, string[]>;
export function libraryPackages(sonames: Map<string, string[]>, shipsSharedObject?: Set<string>, index?: Index): Set<string>;
export function looksLikeLibraryPackage(pkg: Pkg): boolean;
export function deriveDevMap(
  index: Index,
  libs: Set<string>,
  shipsFiles?: Set<string>,
): { own: Map<string, string[]>; linked: Map<string, string[]> };
export function isBuildOnlyByName(name: string): boolean;
export function closure(index: Index, roots: string[]): Set<string>;
export function deriveBuildOnly(index: Index, libs: Set<string>, patterns?: RegExp[]): Set<string>;
export function policyPackageName(soname: string): string | undefined;
