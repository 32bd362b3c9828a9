// Types for official-images.mjs (the generator is plain JavaScript so it runs without a build).
export const FAMILIES: Record<string, number>;
export interface LibraryEntry {
  tags: string[];
  directory: string;
  windows: boolean;
}
export function parseLibrary(text: string): LibraryEntry[];
export function entrySuite(entry: LibraryEntry): string | undefined;
export function versionParts(v: string): number[];
export function compareVersions(a: string, b: string): number;
export function deriveFamily(
  versionsOf: Array<{ date: string; text: string }>,
  lineParts: number,
): {
  lines: Record<string, { firstSeen: string; lastSeen: string; default?: string; defaults?: [string, string][]; alpineDefault?: string; suites: string[] }>;
  aliases: Record<string, string>;
  currentDefault: string | undefined;
  lastPublished: string | undefined;
};
