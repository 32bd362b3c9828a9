// What a RUN does for a PHP app on an official php image: extensions built with the image's docker-php-ext-*
// scripts or pecl, the PHP source tarball unpacked, and Composer installing the app's dependencies.
import type { FactBase, PackageSpec } from "./facts.js";

export type PhpOp =
  /** `docker-php-ext-install EXT…`: configure, make and install extensions from the bundled PHP source. */
  | "ext-install"
  /** `docker-php-ext-configure EXT FLAGS…`: configure flags for a later ext-install. */
  | "ext-configure"
  /** `docker-php-ext-enable EXT…`: writes conf.d/docker-php-ext-EXT.ini. */
  | "ext-enable"
  /** `pecl install EXT[-VERSION]…`: builds PECL extensions into the extension dir (not enabled). */
  | "pecl-install"
  /** `pecl channel-update`, `pecl update-channels`: PEAR housekeeping of the build. */
  | "pecl-other"
  /** `docker-php-source extract|delete`: the PHP source tree in /usr/src/php. */
  | "source"
  /** `phpize`: prepares an extension's source for a build by hand. */
  | "phpize"
  /** `composer install`. */
  | "composer-install"
  /** `composer dump-autoload` (`dumpautoload`). */
  | "composer-dump-autoload"
  /** `composer require` / `update` / `remove`: change the dependencies, then install them. */
  | "composer-change"
  /** `composer run-script` / `run`: the package's own scripts. */
  | "composer-script"
  /** `composer global require|install`: tools in $COMPOSER_HOME/vendor/bin. */
  | "composer-global"
  /** `composer create-project`: a new project from a package. */
  | "composer-create-project"
  /** The Composer installer: `curl … getcomposer.org/installer | php -- --install-dir=…`, `php composer-setup.php`. */
  | "composer-setup"
  /** Any other Composer command (config, validate, self-update, show …). */
  | "composer-other";

export interface PhpFact extends FactBase {
  kind: "php";
  op: PhpOp;
  /** Extensions named (ext-install/configure/enable, pecl install without the version), as written. */
  extensions: PackageSpec[];
  /** Composer: `--no-dev` (or COMPOSER_NO_DEV=1). */
  noDev?: boolean;
  /** Composer: `--no-scripts`. */
  noScripts?: boolean;
  /** Composer: the directory it works in (`-d`/`--working-dir`, else the command's cwd). */
  workingDir?: string;
  /** Composer: the options that shape what it leaves (autoloader, scripts, plugins, platform checks), as written. */
  flags?: string[];
  /** Composer: the words that run Composer (`composer`, `php composer.phar`, `/usr/local/bin/composer`). */
  invocation?: string[];
  /** composer-setup: where the installer puts composer (`--install-dir` + `--filename`). */
  installedAt?: string;
}

/** One line for `slimstage analyze`. */
export function describePhpFact(f: PhpFact): string {
  const exts = f.extensions.map((e) => e.raw).join(" ");
  if (f.op === "composer-setup") return `installs composer${f.installedAt ? ` at ${f.installedAt}` : ""}`;
  if (f.op.startsWith("composer-"))
    return `composer ${f.op.slice("composer-".length)}${f.noDev ? " --no-dev" : ""}${f.workingDir ? ` in ${f.workingDir}` : ""}`;
  return `php ${f.op}${exts ? ` ${exts}` : ""}`;
}
