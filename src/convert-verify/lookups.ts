// The engine edge of the repairs: looks up, by running short-lived containers through the Engine, what the needs
// of a failed verification ask about — which package provides a command or a library in the original image
// (`command -v`/`ldconfig -p`, then `dpkg -S`), which paths the builder stage holds and with what mode, where the
// builder's Python finds a module, where a Node package is, which JDK module has a class. Every answer is parsed by the pure functions below.
import { posix } from "node:path";
import type { Engine, RunRequest } from "../engine/index.js";
import { nodeKey, type BuilderPath, type Need, type Provider, type RepairFacts } from "./repairs.js";

export interface LookupContext {
  engine: Engine;
  /** The original image (its id). */
  original: string;
  /** Builds the candidate's builder stage on demand (cached by BuildKit) and gives its image id; undefined when it cannot. */
  builder: () => Promise<string | undefined>;
  /** Package names the knowledge gives for sonames (no engine needed). */
  packageForSoname: (soname: string) => string | undefined;
  workdir: string;
  network?: string;
  signal?: AbortSignal;
}

// Paths under /usr and the merged / are the same file; dpkg records the name the package shipped.
const PROVIDER_SH = `
p="$1"
[ -n "$p" ] || exit 3
echo "path=$p"
r=$(readlink -f "$p" 2>/dev/null || echo "$p")
for c in "$p" "$r"; do
  for d in "$c" "\${c#/usr}" "/usr$c"; do
    o=$(dpkg -S "$d" 2>/dev/null) && { echo "$o" | grep -v '^diversion by' | head -n 1; exit 0; }
  done
done
exit 0`;

const COMMAND_SH = `p=$(command -v "$1" 2>/dev/null) || exit 3
case "$p" in /*) ;; *) exit 3 ;; esac
set -- "$p"
${PROVIDER_SH}`;

const LIBRARY_SH = `p=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null) | awk -v s="$1" '$1 == s { print $NF; exit }')
[ -n "$p" ] || exit 3
set -- "$p"
${PROVIDER_SH}`;

const PATHS_SH = `for p; do
  if [ -L "$p" ]; then t=symlink; elif [ -d "$p" ]; then t=dir; elif [ -f "$p" ]; then t=file; elif [ -e "$p" ]; then t=other; else echo "none $p"; continue; fi
  echo "$t $(stat -c %a "$p" 2>/dev/null || echo ?) $p"
done`;

// The module's files and the dist-info of the distribution that ships it (importlib.metadata, Python 3.10+).
const PYTHON_PY = `import importlib.util, sys
name = sys.argv[1]
spec = importlib.util.find_spec(name)
if spec is None:
    sys.exit(3)
paths = list(spec.submodule_search_locations or []) or ([spec.origin] if spec.origin and spec.origin not in ("built-in", "frozen") else [])
try:
    import importlib.metadata as md
    for dist in md.packages_distributions().get(name, []):
        for f in md.distribution(dist).files or []:
            if f.parts and f.parts[0].endswith((".dist-info", ".egg-info")):
                paths.append(str(md.distribution(dist).locate_file(f.parts[0])))
                break
except Exception:
    pass
for p in dict.fromkeys(paths):
    print("path=" + p)`;

const PYTHON_SH = `for py in python3 python; do command -v "$py" >/dev/null 2>&1 && exec "$py" -c "$0" "$@"; done; exit 3`;

const NODE_SH = `d="$1"; n="$2"
while :; do
  [ -d "$d/node_modules/$n" ] && { echo "path=$d/node_modules/$n"; exit 0; }
  [ "$d" = / ] && exit 3
  d=$(dirname "$d")
done`;

// The module of the JDK that has a class: jimage lists the runtime image (lib/modules) by module. JAVA_HOME, or the
// home of the `java` on PATH.
const JAVA_MODULE_SH = `h="\${JAVA_HOME:-}"
if [ -z "$h" ]; then j=$(command -v java) || exit 3; j=$(readlink -f "$j"); h="\${j%/bin/java}"; fi
ji=$(command -v jimage 2>/dev/null || echo "$h/bin/jimage")
[ -x "$ji" ] && [ -f "$h/lib/modules" ] || exit 3
"$ji" list "$h/lib/modules" | awk -v c="$1" '/^Module: / { m = $2 } $1 == c { print "module=" m; found = 1; exit } END { if (!found) exit 3 }'`;

/** The `module=…` line of JAVA_MODULE_SH. */
export const parseModule = (stdout: string): string | undefined => /^module=([\w.]+)$/m.exec(stdout)?.[1];

/** `path=…` and dpkg -S's `pkg[:arch][, pkg2]: /path` → the provider; undefined when there was no path. */
export function parseProvider(stdout: string): Provider | undefined {
  const lines = stdout.split("\n").map((l) => l.trim());
  const path = lines.find((l) => l.startsWith("path="))?.slice(5);
  if (!path) return undefined;
  const owner = lines.find((l) => /^[a-z0-9][a-z0-9+.-]*(:[\w-]+)?(, [a-z0-9][a-z0-9+.:-]*)*: \//.test(l));
  const pkg = owner ? (owner.split(": ")[0] as string).split(", ")[0]?.replace(/:[\w-]+$/, "") : undefined;
  return { path, ...(pkg ? { package: pkg } : {}) };
}

/** The lines of PATHS_SH: `TYPE MODE PATH` or `none PATH`. */
export function parsePathLines(stdout: string): Map<string, BuilderPath | null> {
  const out = new Map<string, BuilderPath | null>();
  for (const line of stdout.split("\n")) {
    let m = /^none (\/.*)$/.exec(line);
    if (m) {
      out.set(m[1] as string, null);
      continue;
    }
    m = /^(file|dir|symlink|other) ([0-7]+|\?) (\/.*)$/.exec(line);
    if (m) out.set(m[3] as string, { type: m[1] as BuilderPath["type"], mode: m[2] as string });
  }
  return out;
}

const pathsOf = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => l.startsWith("path=/"))
    .map((l) => l.slice(5).trim());

async function sh(
  ctx: LookupContext,
  image: string,
  script: string,
  args: readonly string[],
  workdir?: string,
): Promise<{ code: number | null; stdout: string }> {
  const req: RunRequest = {
    image,
    entrypoint: ["/bin/sh"],
    command: ["-c", script, ...args],
    labels: { "org.slimstage.verify": "repair-lookup" },
    timeoutMs: 60_000,
    ...(workdir ? { workdir } : {}),
    ...(ctx.network ? { network: ctx.network } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  try {
    const r = await ctx.engine.run(req);
    return { code: r.exitCode, stdout: r.stdout };
  } catch {
    // an image without /bin/sh (distroless) cannot answer: nothing is known
    return { code: null, stdout: "" };
  }
}

/** Looks up everything the needs ask about. Two rounds: providers first, then the builder paths they point to. */
export async function gatherFacts(needs: readonly Need[], ctx: LookupContext): Promise<RepairFacts> {
  const libraryPackages = new Map<string, string | undefined>();
  const libraries = new Map<string, Provider | null>();
  const commands = new Map<string, Provider | null>();
  const builderPaths = new Map<string, BuilderPath | null>();
  const pythonModules = new Map<string, string[] | null>();
  const nodeModules = new Map<string, { builder: string | null; original: string | null }>();
  const javaModules = new Map<string, string | null>();
  const wanted = new Set<string>();
  let builderId: string | undefined | null = null;
  const builder = async () => (builderId === null ? (builderId = await ctx.builder()) : builderId);

  for (const n of needs) {
    switch (n.kind) {
      case "missing-library": {
        const pkg = ctx.packageForSoname(n.subject);
        libraryPackages.set(n.subject, pkg);
        if (!pkg) {
          const r = await sh(ctx, ctx.original, LIBRARY_SH, ["slimstage-lookup", n.subject]);
          const p = r.code === 0 ? parseProvider(r.stdout) : undefined;
          libraries.set(n.subject, p ?? null);
          if (p && !p.package) wanted.add(p.path);
        }
        break;
      }
      case "command-not-found": {
        const r = await sh(ctx, ctx.original, COMMAND_SH, ["slimstage-lookup", n.subject]);
        const p = r.code === 0 ? parseProvider(r.stdout) : undefined;
        commands.set(n.subject, p ?? null);
        if (p && !p.package) wanted.add(p.path);
        if (!p) wanted.add(posix.join(ctx.workdir, n.subject));
        break;
      }
      case "permission-denied":
      case "file-not-found":
        wanted.add(n.subject);
        break;
      case "python-module": {
        const id = await builder();
        const r = id ? await sh(ctx, id, PYTHON_SH, [PYTHON_PY, n.subject], ctx.workdir) : { code: null, stdout: "" };
        const paths = r.code === 0 ? pathsOf(r.stdout) : [];
        pythonModules.set(n.subject, paths.length ? paths : null);
        break;
      }
      case "java-module": {
        // the original is the single-stage JDK image: the JDK the builder's jlink uses
        const r = await sh(ctx, ctx.original, JAVA_MODULE_SH, ["slimstage-lookup", `${n.subject.replace(/\./g, "/")}.class`]);
        javaModules.set(n.subject, (r.code === 0 && parseModule(r.stdout)) || null);
        break;
      }
      case "node-module": {
        const from = n.from ?? ctx.workdir;
        const id = await builder();
        const inBuilder = id ? await sh(ctx, id, NODE_SH, ["slimstage-lookup", from, n.subject]) : { code: null, stdout: "" };
        const inOriginal = await sh(ctx, ctx.original, NODE_SH, ["slimstage-lookup", from, n.subject]);
        nodeModules.set(nodeKey(n), {
          builder: inBuilder.code === 0 ? (pathsOf(inBuilder.stdout)[0] ?? null) : null,
          original: inOriginal.code === 0 ? (pathsOf(inOriginal.stdout)[0] ?? null) : null,
        });
        break;
      }
    }
  }
  if (wanted.size) {
    const id = await builder();
    const r = id ? await sh(ctx, id, PATHS_SH, ["slimstage-lookup", ...wanted]) : { code: null, stdout: "" };
    const found = parsePathLines(r.stdout);
    for (const p of wanted) builderPaths.set(p, found.get(p) ?? null);
  }
  return { libraryPackages, libraries, commands, builderPaths, pythonModules, nodeModules, javaModules, workdir: ctx.workdir };
}
