// PHP on the official php images: the image's own scripts (docker-php-ext-install/-configure/-enable,
// docker-php-source), pecl, phpize, Composer (also as `php composer.phar` and through its installer), and the
// Apache helpers of the php:*-apache images (a2enmod …), which only link configuration files.
import { parseArgs } from "../args.js";
import type { Fact, FileOpFact, PackageSpec } from "../facts.js";
import type { PhpFact, PhpOp } from "../php-facts.js";
import { base, dynamicValues, programName, resolvePath, type RecognizeContext, type Recognizer } from "../recognizer.js";
import type { ShellCommand } from "../../shell/script.js";

/** Where PHP's extensions and their ini files live on the official images (php-config --extension-dir is below). */
const PHP_EXTENSIONS_DIR = "/usr/local/lib/php/extensions";
const PHP_CONF_D = "/usr/local/etc/php/conf.d";

function phpFact(cmd: ShellCommand, op: PhpOp, extra: Partial<PhpFact> & { outputs?: string[]; network?: boolean } = {}): PhpFact {
  const { outputs = [], network = false, ...rest } = extra;
  return { ...base("php", cmd, network, outputs), kind: "php", op, extensions: [], ...rest };
}

function extSpecs(cmd: ShellCommand, names: string[]): PackageSpec[] {
  const dynamic = dynamicValues(cmd);
  return names.map((n) => ({ name: n, raw: n, ...(dynamic.has(n) ? { dynamic: true } : {}) }));
}

/** `redis-5.3.7`, `channel://pecl.php.net/mcrypt-1.0.6`, `xdebug-beta` → name and version. */
export function peclPackage(raw: string): { name: string; version?: string } {
  const last = raw.replace(/^channel:\/\/[^/]+\//, "").replace(/\.tgz$/, "");
  const m = /^([A-Za-z0-9_]+)(?:-(.+))?$/.exec(last);
  if (!m) return { name: last };
  return m[2] ? { name: m[1]!.toLowerCase(), version: m[2] } : { name: m[1]!.toLowerCase() };
}

export const phpExtensions: Recognizer = {
  id: "php",
  recognize(cmd) {
    const name = programName(cmd.argv[0]);
    const args = cmd.argv.slice(1);
    switch (name) {
      case "docker-php-ext-install": {
        const p = parseArgs(args, { values: ["-j", "--jobs", "--ini-name"], attached: ["-j"] });
        return [phpFact(cmd, "ext-install", { extensions: extSpecs(cmd, p.positionals), outputs: [PHP_EXTENSIONS_DIR, PHP_CONF_D] })];
      }
      case "docker-php-ext-configure": {
        // the first word is the extension, every other one a configure flag
        const ext = args.find((a) => !a.startsWith("-"));
        return [phpFact(cmd, "ext-configure", { extensions: extSpecs(cmd, ext ? [ext] : []) })];
      }
      case "docker-php-ext-enable": {
        const p = parseArgs(args, { values: ["--ini-name"] });
        return [phpFact(cmd, "ext-enable", { extensions: extSpecs(cmd, p.positionals), outputs: [PHP_CONF_D] })];
      }
      case "docker-php-source":
        return [phpFact(cmd, "source", { outputs: args[0] === "extract" ? ["/usr/src/php"] : [] })];
      case "phpize":
        return [phpFact(cmd, "phpize")];
      case "pecl": {
        const sub = args.find((a) => !a.startsWith("-"));
        if (sub === "install") {
          const p = parseArgs(args.slice(args.indexOf(sub) + 1), { values: ["-D", "--configureoptions", "-P", "--packagingroot", "-R", "--installroot"] });
          const dynamic = dynamicValues(cmd);
          const exts = p.positionals.map((raw) => ({ ...peclPackage(raw), raw, ...(dynamic.has(raw) ? { dynamic: true } : {}) }));
          return [phpFact(cmd, "pecl-install", { extensions: exts, outputs: [PHP_EXTENSIONS_DIR, "/tmp/pear"], network: true })];
        }
        if (sub === "channel-update" || sub === "update-channels" || sub === "clear-cache")
          return [phpFact(cmd, "pecl-other", { network: sub !== "clear-cache" })];
        return [];
      }
      default:
        return [];
    }
  },
};

const COMPOSER_GLOBAL_VALUES = ["-d", "--working-dir"];
/** Options whose result the final image sees: autoloader, scripts, plugins and platform checks. */
const SHAPING =
  /^(-o|-a|--optimize|--apcu|--optimize-autoloader|--classmap-authoritative|--apcu-autoloader|--apcu-autoloader-prefix|--no-autoloader|--no-scripts|--no-plugins|--ignore-platform-reqs|--ignore-platform-req)$/;
const COMPOSER_OPS: Record<string, PhpOp> = {
  install: "composer-install",
  i: "composer-install",
  "dump-autoload": "composer-dump-autoload",
  dumpautoload: "composer-dump-autoload",
  require: "composer-change",
  update: "composer-change",
  upgrade: "composer-change",
  u: "composer-change",
  remove: "composer-change",
  rm: "composer-change",
  "run-script": "composer-script",
  run: "composer-script",
  global: "composer-global",
  "create-project": "composer-create-project",
};

/** `composer …`, `composer.phar …`, `php [-d x=y] composer.phar …`, `php /usr/bin/composer …`: where Composer's own argv starts. */
function composerArgv(cmd: ShellCommand): { invocation: string[]; args: string[] } | undefined {
  const name = programName(cmd.argv[0]);
  if (name === "composer" || name === "composer.phar") return { invocation: [cmd.argv[0]!], args: cmd.argv.slice(1) };
  if (!/^php[0-9.]*$/.test(name)) return undefined;
  for (let i = 1; i < cmd.argv.length; i++) {
    const a = cmd.argv[i]!;
    if (a === "-d" || a === "-c") {
      i++;
      continue;
    }
    if (a.startsWith("-")) continue;
    const script = programName(a);
    return script === "composer" || script === "composer.phar" ? { invocation: cmd.argv.slice(0, i + 1), args: cmd.argv.slice(i + 1) } : undefined;
  }
  return undefined;
}

export const composer: Recognizer = {
  id: "composer",
  recognize(cmd, ctx) {
    const setup = composerSetup(cmd, ctx);
    if (setup) return [setup];
    const c = composerArgv(cmd);
    if (!c) return [];
    // global options come before the command; -d/--working-dir takes a value
    let i = 0;
    let dir: string | undefined;
    for (; i < c.args.length; i++) {
      const a = c.args[i]!;
      if (COMPOSER_GLOBAL_VALUES.includes(a)) dir = c.args[++i];
      else if (a.startsWith("--working-dir=")) dir = a.slice("--working-dir=".length);
      else if (!a.startsWith("-")) break;
    }
    const sub = c.args[i];
    if (sub === undefined) return [];
    const rest = c.args.slice(i + 1);
    for (let j = 0; j < rest.length; j++) {
      if (rest[j] === "-d" || rest[j] === "--working-dir") dir = rest[j + 1];
      else if (rest[j]!.startsWith("--working-dir=")) dir = rest[j]!.slice("--working-dir=".length);
    }
    if (sub === "clear-cache" || sub === "clearcache" || sub === "cc") {
      return [{ ...base("composer", cmd), kind: "cache-cleanup", owner: "generic", paths: composerCaches(ctx) }];
    }
    const op = COMPOSER_OPS[sub] ?? "composer-other";
    const workingDir = dir !== undefined ? resolvePath(dir, ctx.cwd) : ctx.cwd;
    const vendor =
      ctx.env.COMPOSER_VENDOR_DIR !== undefined
        ? resolvePath(ctx.env.COMPOSER_VENDOR_DIR, workingDir)
        : workingDir !== undefined
          ? resolvePath("vendor", workingDir)
          : "vendor";
    const installs = op === "composer-install" || op === "composer-change" || op === "composer-dump-autoload";
    const noDev = rest.includes("--no-dev") || ctx.env.COMPOSER_NO_DEV === "1";
    const flags = rest.filter((a) => SHAPING.test(a.replace(/=.*$/, "")));
    const fact = phpFact(cmd, op, {
      invocation: c.invocation,
      ...(workingDir !== undefined ? { workingDir } : {}),
      outputs: installs ? [vendor, ...composerCaches(ctx)] : [],
      network: op === "composer-install" || op === "composer-change" || op === "composer-global" || op === "composer-create-project",
      ...(installs ? { noDev, noScripts: rest.includes("--no-scripts") || ctx.env.COMPOSER_NO_SCRIPTS === "1", flags } : {}),
    });
    return [fact];
  },
};

/**
 * Composer's download cache: $COMPOSER_CACHE_DIR, else $COMPOSER_HOME/cache, else ~/.composer/cache, or
 * ~/.cache/composer where Composer follows the XDG directories (it decides from the environment at run time).
 */
function composerCaches(ctx: RecognizeContext): string[] {
  if (ctx.env.COMPOSER_CACHE_DIR) return [ctx.env.COMPOSER_CACHE_DIR];
  if (ctx.env.COMPOSER_HOME) return [`${ctx.env.COMPOSER_HOME.replace(/\/$/, "")}/cache`];
  const home = ctx.env.HOME ?? "/root";
  return [`${home}/.composer/cache`, `${home}/.cache/composer`];
}

/**
 * Composer's installer: `curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin
 * --filename=composer`, `php composer-setup.php [--install-dir=… --filename=…]`, and the `php -r` steps of
 * getcomposer.org's instructions (download, check the hash, unlink the setup script).
 */
function composerSetup(cmd: ShellCommand, ctx: RecognizeContext): PhpFact | undefined {
  if (!/^php[0-9.]*$/.test(programName(cmd.argv[0]))) return undefined;
  const args = cmd.argv.slice(1);
  const r = args.indexOf("-r");
  if (r >= 0) {
    const code = args[r + 1] ?? "";
    return /getcomposer\.org|composer-setup/.test(code) ? phpFact(cmd, "composer-setup", { network: /getcomposer\.org/.test(code) }) : undefined;
  }
  const fromStdin = args[0] === "--" && ctx.pipedIn;
  const script = args.find((a) => !a.startsWith("-"));
  if (!fromStdin && !(script !== undefined && /(^|\/)composer-setup\.php$/.test(script))) return undefined;
  const p = parseArgs(
    args.filter((a) => a !== "--" && a !== script),
    { values: ["--install-dir", "--filename", "--version"] },
  );
  const dir = resolvePath(p.get("--install-dir") ?? ".", ctx.cwd);
  const installedAt = `${dir.replace(/\/$/, "")}/${p.get("--filename") ?? "composer.phar"}`;
  return phpFact(cmd, "composer-setup", { installedAt, outputs: [installedAt], network: true });
}

const APACHE: Record<string, { dir: string; ext: string; enable: boolean }> = {
  a2enmod: { dir: "mods", ext: ".load", enable: true },
  a2dismod: { dir: "mods", ext: ".load", enable: false },
  a2enconf: { dir: "conf", ext: ".conf", enable: true },
  a2disconf: { dir: "conf", ext: ".conf", enable: false },
  a2ensite: { dir: "sites", ext: ".conf", enable: true },
  a2dissite: { dir: "sites", ext: ".conf", enable: false },
};

/** `a2enmod rewrite headers`: links from /etc/apache2/mods-available into mods-enabled (php:*-apache images). */
export const apacheConfig: Recognizer = {
  id: "apache",
  recognize(cmd) {
    const a = APACHE[programName(cmd.argv[0])];
    if (!a) return [];
    const names = cmd.argv.slice(1).filter((x) => !x.startsWith("-"));
    if (names.length === 0) return [];
    const enabled = `/etc/apache2/${a.dir}-enabled`;
    const fact: FileOpFact = a.enable
      ? {
          ...base("apache", cmd, false, [enabled]),
          kind: "file-op",
          op: "link",
          paths: names.map((n) => `/etc/apache2/${a.dir}-available/${n}${a.ext}`),
          dest: `${enabled}/`,
          recursive: false,
        }
      : { ...base("apache", cmd), kind: "file-op", op: "remove", paths: names.map((n) => `${enabled}/${n}${a.ext}`), recursive: false };
    return [fact as Fact];
  },
};
