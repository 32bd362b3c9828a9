// What a RUN step does, as typed facts. Recognisers (./recognizers) produce them from shell commands; the
// analyze command, the linter and the converter read them. A discriminated union on `kind`.
import type { Range } from "../errors.js";
import type { PackageManager } from "../knowledge/install.js";
import type { PhpFact } from "./php-facts.js";

export type { PhpFact };
import type { RubyDepsFact, RubyRunFact } from "./ruby-facts.js";

export interface FactBase {
  /** The recogniser that produced the fact. */
  recognizer: string;
  /** The command's range in its script (map it into the Dockerfile with the RUN's offset). */
  range: Range;
  /** Index of the command in `ShellScript.commands`. */
  command: number;
  /** Paths the step leaves behind, when knowable: build outputs, install prefixes, venvs, caches. Absolute when
   * the working directory is known, else relative to it. */
  outputs: string[];
  /** Needs the network (downloads packages, modules, files). */
  network: boolean;
}

// the package managers the knowledge builds install commands for (src/knowledge/install.ts)
export type { PackageManager };
export type PackageOp = "install" | "remove" | "purge" | "autoremove" | "upgrade" | "update";

/** A package as named on the command line: `gcc`, `libpq5=15.*`, `curl~8`, `python3-3.11*`. */
export interface PackageSpec {
  name: string;
  /** Version pin or constraint, as written after `=`, `==`, `>=`, `~`… (apt/apk/pip/npm syntaxes). */
  version?: string;
  /** The argument as written. */
  raw: string;
  /** The argument contains a variable or substitution: the name may be incomplete. */
  dynamic?: boolean;
}

export interface SystemPackagesFact extends FactBase {
  kind: "system-packages";
  manager: PackageManager;
  op: PackageOp;
  packages: PackageSpec[];
  /** apt `--no-install-recommends`, dnf `--setopt=install_weak_deps=False`/`--nodocs` is separate. */
  noInstallRecommends: boolean;
  /** `-y`/`--yes`/`--assume-yes`/`-qq` with install…: non-interactive. */
  assumeYes: boolean;
  /** apk `--no-cache`: nothing left in /var/cache/apk. */
  noCache: boolean;
  /** apk `--virtual NAME` / `-t NAME`: the group to delete later. */
  virtual?: string;
}

export interface CacheCleanupFact extends FactBase {
  kind: "cache-cleanup";
  /** Whose cache, when known. */
  owner: PackageManager | "pip" | "npm" | "yarn" | "pnpm" | "go" | "cargo" | "maven" | "gradle" | "nuget" | "generic";
  /** Paths removed (for `apt-get clean`/`dnf clean all` the directories the command empties). */
  paths: string[];
}

type PythonTool = "pip" | "poetry" | "pipenv" | "uv" | "setup.py";

export interface PythonDepsFact extends FactBase {
  kind: "python-deps";
  tool: PythonTool;
  /** install, uninstall, sync, lock, export, download, wheel… as the tool calls it. */
  op: string;
  packages: PackageSpec[];
  /** `-r requirements.txt`, `-c constraints.txt` (constraints listed separately). */
  requirements: string[];
  constraints: string[];
  /** `-e PATH` targets. */
  editable: string[];
  /** Local paths installed (`.`, `./pkg`, `dist/*.whl`). */
  localPaths: string[];
  user: boolean;
  prefix?: string;
  target?: string;
  noCacheDir: boolean;
  /** The virtualenv the tool runs in, when visible (`/opt/venv/bin/pip`, `uv … --python /opt/venv`). */
  venv?: string;
  /** Skips dev dependencies (`poetry install --only main`/`--without dev`, `pipenv --deploy` w/o `--dev`). */
  noDev?: boolean;
  /** Installs into the system interpreter (`pipenv install --system`, `uv pip install --system`). */
  system?: boolean;
  /** Builds with the environment's own setuptools/wheel (`--no-build-isolation`, `PIP_NO_BUILD_ISOLATION`). */
  noBuildIsolation?: boolean;
}

interface PythonVenvFact extends FactBase {
  kind: "python-venv";
  tool: "venv" | "virtualenv" | "uv";
  path: string;
}

type NodeTool = "npm" | "yarn" | "pnpm" | "npx";

export interface NodeDepsFact extends FactBase {
  kind: "node-deps";
  tool: "npm" | "yarn" | "pnpm";
  /** yarn classic (1.x) or berry (2+), when the flags tell. */
  variant?: "classic" | "berry";
  op: "install" | "ci" | "add" | "remove" | "prune" | "dedupe" | "rebuild";
  packages: PackageSpec[];
  global: boolean;
  /** `--omit=dev`, `--production`, `--only=prod`, `--prod`, `NODE_ENV=production`, `workspaces focus --production`. */
  omitDev: boolean;
  /** `npm ci`, `--frozen-lockfile`, `--immutable`. */
  frozenLockfile: boolean;
}

interface NodeRunFact extends FactBase {
  kind: "node-run";
  tool: NodeTool;
  /** `npm run build` → build; `npx tsc` → tsc. */
  script: string;
  args: string[];
}

export interface GoFact extends FactBase {
  kind: "go";
  op: "build" | "install" | "mod-download" | "get" | "generate" | "test" | "vet" | "mod-tidy" | "mod-vendor";
  /** CGO_ENABLED as set for this command (prefix, ENV or export), if any. */
  cgoEnabled?: string;
  goos?: string;
  goarch?: string;
  /** `-o` as written. */
  output?: string;
  ldflags?: string;
  tags?: string;
  trimpath: boolean;
  packages: string[];
}

export interface CargoFact extends FactBase {
  kind: "cargo";
  op: "build" | "install" | "fetch" | "test" | "chef-cook";
  release: boolean;
  /** `--target-dir` / CARGO_TARGET_DIR, else `target`. */
  targetDir: string;
  /** `--target TRIPLE`. */
  target?: string;
  /** `--bin NAME` values (or the crate for `cargo install NAME`). */
  bins: string[];
  /** `cargo install --root`. */
  root?: string;
  locked: boolean;
}

export interface JavaFact extends FactBase {
  kind: "java";
  tool: "maven" | "gradle" | "jar" | "javac";
  /** Goals/tasks (`package`, `install`, `build`, `bootJar`), or `create`/`extract` for jar, `compile` for javac. */
  goals: string[];
  skipTests: boolean;
  /** Runs offline (`-o`, `--offline`) or resolves only (`dependency:go-offline`). */
  offline: boolean;
  /** `-f pom.xml`, `-p dir`, jar file, javac `-d`. */
  file?: string;
}

export interface DotnetFact extends FactBase {
  kind: "dotnet";
  op: "restore" | "publish" | "build" | "test" | "tool-install";
  project?: string;
  configuration?: string;
  output?: string;
  runtime?: string;
  selfContained?: boolean;
}

export interface CBuildFact extends FactBase {
  kind: "c-build";
  tool: "make" | "cmake" | "configure" | "cc" | "ninja" | "autoreconf";
  /** make targets, cmake `--build`/`--install`, `cc` sources. */
  targets: string[];
  /** configure `--prefix`, cmake `-DCMAKE_INSTALL_PREFIX`, make `PREFIX=`. */
  prefix?: string;
  destdir?: string;
  /** `cc -o`. */
  output?: string;
  /** The compiler for `cc`: gcc, g++, cc, clang, musl-gcc… */
  compiler?: string;
  /** cmake `-B`/`-S`, make `-C`. */
  buildDir?: string;
  install: boolean;
}

export interface DownloadFact extends FactBase {
  kind: "download";
  tool: "curl" | "wget";
  urls: string[];
  /** File written, when named (`-o`, `-O` with the URL's basename, `wget -O`, `-P dir`). */
  output?: string;
  /** Output goes to stdout (piped into `tar`, `sh`, `gpg`…). */
  toStdout: boolean;
}

export interface UnpackFact extends FactBase {
  kind: "unpack";
  tool: "tar" | "unzip" | "gunzip" | "xz";
  archive?: string;
  /** Reads the archive from stdin (`curl … | tar xz`). */
  fromStdin: boolean;
  targetDir?: string;
  /** tar `--strip-components`. */
  strip?: number;
}

export interface UserFact extends FactBase {
  kind: "user";
  op: "create-user" | "create-group" | "add-to-group";
  tool: "useradd" | "adduser" | "groupadd" | "addgroup" | "usermod";
  name: string;
  uid?: string;
  gid?: string;
  group?: string;
  home?: string;
  shell?: string;
  system: boolean;
}

export interface FileOpFact extends FactBase {
  kind: "file-op";
  op: "copy" | "move" | "chmod" | "chown" | "link" | "mkdir" | "remove" | "install";
  paths: string[];
  dest?: string;
  /** chmod mode or chown owner. */
  mode?: string;
  recursive: boolean;
}

export type Fact =
  | SystemPackagesFact
  | CacheCleanupFact
  | PythonDepsFact
  | PythonVenvFact
  | NodeDepsFact
  | NodeRunFact
  | GoFact
  | CargoFact
  | JavaFact
  | DotnetFact
  | CBuildFact
  | DownloadFact
  | UnpackFact
  | UserFact
  | FileOpFact
  | PhpFact
  | RubyDepsFact
  | RubyRunFact;

export type FactKind = Fact["kind"];
