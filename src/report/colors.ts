// Terminal colours for every text renderer. Whether to colour is the caller's decision (the CLI checks for a
// terminal and NO_COLOR); the renderers only receive the functions.

export interface Colors {
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  cyan: (s: string) => string;
}

/** ANSI SGR colours when `on`, the identity otherwise. */
export function terminalColors(on: boolean): Colors {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22), cyan: wrap(36, 39) };
}

export const noColors: Colors = terminalColors(false);
