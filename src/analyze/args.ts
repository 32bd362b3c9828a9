// A small getopt-style reader for argv: recognisers say which options take a value, and read flags and
// positionals instead of matching regexes against the whole line.

export interface ArgSpec {
  /** Options that take a value (`-o`, `--output`, `-C`). Long options also accept `--name=value`. */
  values?: readonly string[];
  /** Treat `-name` as one option, not a cluster of letters (Go, Java, cmake `-D…` style). */
  singleDashLong?: boolean;
  /** Short options whose value may be attached (`-DNAME=v`, `-I/usr/include`, `-j4`). */
  attached?: readonly string[];
  /** Stop reading options at the first positional (a subcommand): the rest are positionals. */
  stopAtPositional?: boolean;
}

export interface Option {
  name: string;
  value: string | undefined;
  /** Index into the argv given to `parseArgs`. */
  index: number;
}

export class ParsedArgs {
  constructor(
    readonly options: Option[],
    readonly positionals: string[],
    /** Everything after `--`. */
    readonly rest: string[],
  ) {}

  has(...names: string[]): boolean {
    return this.options.some((o) => names.includes(o.name));
  }

  /** The last value given to any of `names` (later flags win, as in most CLIs). */
  get(...names: string[]): string | undefined {
    for (let i = this.options.length - 1; i >= 0; i--) {
      const o = this.options[i]!;
      if (names.includes(o.name) && o.value !== undefined) return o.value;
    }
    return undefined;
  }

  all(...names: string[]): string[] {
    return this.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);
  }
}

export function parseArgs(argv: readonly string[], spec: ArgSpec = {}): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const attached = spec.attached ?? [];
  const options: Option[] = [];
  const positionals: string[] = [];
  let rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      rest = argv.slice(i + 1);
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      if (eq > 0) options.push({ name: a.slice(0, eq), value: a.slice(eq + 1), index: i });
      else if (values.has(a) && i + 1 < argv.length) options.push({ name: a, value: argv[++i], index: i - 1 });
      else options.push({ name: a, value: undefined, index: i });
      continue;
    }
    if (a.startsWith("-") && a.length > 1 && a !== "-") {
      const att = attached.find((p) => a.startsWith(p) && a.length > p.length);
      if (att) {
        options.push({ name: att, value: a.slice(att.length), index: i });
        continue;
      }
      if (spec.singleDashLong) {
        const eq = a.indexOf("=");
        if (eq > 0) options.push({ name: a.slice(0, eq), value: a.slice(eq + 1), index: i });
        else if (values.has(a) && i + 1 < argv.length) options.push({ name: a, value: argv[++i], index: i - 1 });
        else options.push({ name: a, value: undefined, index: i });
        continue;
      }
      // A cluster of short flags: `-qq`, `-yq`, `-xzf file`, `-ofile`.
      for (let j = 1; j < a.length; j++) {
        const name = `-${a[j]}`;
        if (values.has(name)) {
          const attachedValue = a.slice(j + 1);
          if (attachedValue) options.push({ name, value: attachedValue.replace(/^=/, ""), index: i });
          else options.push({ name, value: i + 1 < argv.length ? argv[++i] : undefined, index: i });
          break;
        }
        options.push({ name, value: undefined, index: i });
      }
      continue;
    }
    positionals.push(a);
    if (spec.stopAtPositional) {
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j] as string);
      break;
    }
  }
  return new ParsedArgs(options, positionals, rest);
}
