// The variables a stage's RUN steps see (ARG values, shadowed by ENV), as snapshots that cost O(1) to take.
// Copying the whole scope for every RUN (and again for every command in it) made `analyze` and `convert`
// quadratic in the number of ENV/ARG lines; a snapshot here is a version number, and a lookup a binary search.

interface History {
  versions: number[];
  values: string[];
}

export class ScopeHistory {
  private readonly env = new Map<string, History>();
  private readonly args = new Map<string, History>();
  private version = 0;

  setEnv(key: string, value: string): void {
    record(this.env, key, value, ++this.version);
  }

  setArg(key: string, value: string): void {
    record(this.args, key, value, ++this.version);
  }

  /**
   * The variables as they are now, read-only: ENV shadows ARG. A record for reading by name (and for
   * `Object.create`), not for enumeration at scale.
   */
  snapshot(): Readonly<Record<string, string>> {
    const at = this.version;
    const lookup = (key: string): string | undefined => valueAt(this.env.get(key), at) ?? valueAt(this.args.get(key), at);
    const keys = (): string[] => [...new Set([...this.env.keys(), ...this.args.keys()])].filter((k) => lookup(k) !== undefined);
    const proxy: Record<string, string> = new Proxy(Object.create(null) as Record<string, string>, {
      get: (_, key) => (typeof key === "string" ? lookup(key) : undefined),
      has: (_, key) => typeof key === "string" && lookup(key) !== undefined,
      ownKeys: () => keys(),
      getOwnPropertyDescriptor: (_, key) => {
        const value = typeof key === "string" ? lookup(key) : undefined;
        return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
      },
      // read-only itself; an object layered on it (`Object.create(snapshot)`) gets its own properties
      set: (_, key, value, receiver) =>
        receiver !== proxy && Reflect.defineProperty(receiver as object, key, { value, writable: true, enumerable: true, configurable: true }),
      deleteProperty: () => false,
    });
    return proxy;
  }
}

function record(map: Map<string, History>, key: string, value: string, version: number): void {
  const h = map.get(key);
  if (h) {
    h.versions.push(version);
    h.values.push(value);
  } else {
    map.set(key, { versions: [version], values: [value] });
  }
}

/** The last value set at or before `version`. */
function valueAt(h: History | undefined, version: number): string | undefined {
  if (!h) return undefined;
  let lo = 0;
  let hi = h.versions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((h.versions[mid] as number) <= version) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found === -1 ? undefined : h.values[found];
}
