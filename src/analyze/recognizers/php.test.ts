import { describe, expect, it } from "vitest";
import { analyze, factsOf, useShellParser } from "../test-support.js";
import { apacheConfig, composer, peclPackage, phpExtensions } from "./php.js";

useShellParser();

describe("php extension recogniser", () => {
  it("reads docker-php-ext-install with -j in every spelling, and the extensions", () => {
    for (const line of [
      'docker-php-ext-install -j"$(nproc)" gd pdo_pgsql',
      "docker-php-ext-install -j4 gd pdo_pgsql",
      "docker-php-ext-install --jobs 4 gd pdo_pgsql",
      "docker-php-ext-install -j 4 gd pdo_pgsql",
    ]) {
      const [f] = factsOf(phpExtensions, line);
      expect(f, line).toMatchObject({ kind: "php", op: "ext-install", outputs: ["/usr/local/lib/php/extensions", "/usr/local/etc/php/conf.d"] });
      expect(f!.kind === "php" && f!.extensions.map((e) => e.name), line).toEqual(["gd", "pdo_pgsql"]);
    }
  });

  it("reads configure (one extension, the rest flags), enable with --ini-name, docker-php-source and phpize", () => {
    const [c] = factsOf(phpExtensions, "docker-php-ext-configure gd --with-freetype --with-jpeg");
    expect(c).toMatchObject({ op: "ext-configure", extensions: [{ name: "gd" }] });
    const [e] = factsOf(phpExtensions, "docker-php-ext-enable --ini-name 0-apc.ini apcu apc");
    expect(e).toMatchObject({ op: "ext-enable", extensions: [{ name: "apcu" }, { name: "apc" }] });
    expect(factsOf(phpExtensions, "docker-php-source extract")[0]).toMatchObject({ op: "source", outputs: ["/usr/src/php"] });
    expect(factsOf(phpExtensions, "docker-php-source delete")[0]).toMatchObject({ op: "source", outputs: [] });
    expect(factsOf(phpExtensions, "phpize")[0]).toMatchObject({ op: "phpize" });
  });

  it("reads pecl install (versions and channels stripped), its housekeeping, and leaves other pecl commands alone", () => {
    const [p] = factsOf(phpExtensions, "pecl install -o -f redis-6.0.2 channel://pecl.php.net/mcrypt-1.0.6 xdebug");
    expect(p).toMatchObject({ op: "pecl-install", network: true, outputs: ["/usr/local/lib/php/extensions", "/tmp/pear"] });
    expect(p!.kind === "php" && p!.extensions.map((e) => [e.name, e.version])).toEqual([
      ["redis", "6.0.2"],
      ["mcrypt", "1.0.6"],
      ["xdebug", undefined],
    ]);
    expect(factsOf(phpExtensions, "pecl install -D 'enable-redis-igbinary=\"yes\"' redis")[0]).toMatchObject({ extensions: [{ name: "redis" }] });
    expect(factsOf(phpExtensions, "pecl channel-update pecl.php.net")[0]).toMatchObject({ op: "pecl-other" });
    expect(factsOf(phpExtensions, "pecl list")).toEqual([]);
    expect(peclPackage("imagick-3.7.0")).toEqual({ name: "imagick", version: "3.7.0" });
  });

  it("marks extension names held in unknown variables as dynamic", () => {
    const [f] = factsOf(phpExtensions, "docker-php-ext-install $EXTS intl");
    expect(f!.kind === "php" && f!.extensions.map((e) => [e.raw, e.dynamic ?? false])).toEqual([
      ["$EXTS", true],
      ["intl", false],
    ]);
    const [known] = factsOf(phpExtensions, "docker-php-ext-install $EXTS", { env: { EXTS: "zip" } });
    expect(known!.kind === "php" && known!.extensions.map((e) => e.name)).toEqual(["zip"]);
  });
});

describe("composer recogniser", () => {
  it("reads composer install: --no-dev, --no-scripts, the shaping options, the working directory and vendor/", () => {
    const [f] = factsOf(composer, "composer install --no-dev --no-interaction --optimize-autoloader --no-scripts --prefer-dist", { cwd: "/var/www/html" });
    expect(f).toMatchObject({
      kind: "php",
      op: "composer-install",
      noDev: true,
      noScripts: true,
      workingDir: "/var/www/html",
      flags: ["--optimize-autoloader", "--no-scripts"],
      invocation: ["composer"],
    });
    expect(f!.outputs).toEqual(["/var/www/html/vendor", "/root/.composer/cache", "/root/.cache/composer"]);
    const [d] = factsOf(composer, "composer --working-dir=app install", { cwd: "/srv" });
    expect(d).toMatchObject({ workingDir: "/srv/app", noDev: false, outputs: ["/srv/app/vendor", "/root/.composer/cache", "/root/.cache/composer"] });
    const [e] = factsOf(composer, "composer install", {
      cwd: "/app",
      env: { COMPOSER_NO_DEV: "1", COMPOSER_VENDOR_DIR: "lib", COMPOSER_HOME: "/tmp/composer" },
    });
    expect(e).toMatchObject({ noDev: true, outputs: ["/app/lib", "/tmp/composer/cache"] });
  });

  it("reads composer run as php composer.phar, dump-autoload, require/update, global, scripts and the rest", () => {
    expect(factsOf(composer, "php -d memory_limit=-1 composer.phar install", { cwd: "/app" })[0]).toMatchObject({
      op: "composer-install",
      invocation: ["php", "-d", "memory_limit=-1", "composer.phar"],
    });
    expect(factsOf(composer, "composer dump-autoload --optimize --classmap-authoritative", { cwd: "/app" })[0]).toMatchObject({
      op: "composer-dump-autoload",
      flags: ["--optimize", "--classmap-authoritative"],
    });
    expect(factsOf(composer, "composer require monolog/monolog", { cwd: "/app" })[0]).toMatchObject({ op: "composer-change" });
    expect(factsOf(composer, "composer global require laravel/pint")[0]).toMatchObject({ op: "composer-global", network: true });
    expect(factsOf(composer, "composer run-script post-install-cmd", { cwd: "/app" })[0]).toMatchObject({ op: "composer-script" });
    expect(factsOf(composer, "composer validate --strict")[0]).toMatchObject({ op: "composer-other", outputs: [] });
    expect(factsOf(composer, "composer clear-cache")[0]).toMatchObject({ kind: "cache-cleanup", paths: ["/root/.composer/cache", "/root/.cache/composer"] });
    expect(factsOf(composer, "php artisan config:cache")).toEqual([]);
    expect(factsOf(composer, "php -r 'echo 1;'")).toEqual([]);
  });

  it("reads Composer's installer: piped into php --, composer-setup.php and getcomposer.org's php -r steps", () => {
    const piped = analyze("curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer").facts;
    expect(piped.find((f) => f.kind === "php")).toMatchObject({
      op: "composer-setup",
      installedAt: "/usr/local/bin/composer",
      outputs: ["/usr/local/bin/composer"],
    });
    expect(factsOf(composer, "php composer-setup.php --install-dir=bin", { cwd: "/app" })[0]).toMatchObject({
      op: "composer-setup",
      installedAt: "/app/bin/composer.phar",
    });
    expect(factsOf(composer, `php -r "copy('https://getcomposer.org/installer', 'composer-setup.php');"`)[0]).toMatchObject({
      op: "composer-setup",
      network: true,
    });
    expect(factsOf(composer, `php -r "unlink('composer-setup.php');"`)[0]).toMatchObject({ op: "composer-setup", network: false });
    // `php --` reading something else than a pipe is not the installer
    expect(factsOf(composer, "php -- --install-dir=/usr/local/bin")).toEqual([]);
  });
});

describe("apache recogniser", () => {
  it("reads a2enmod/a2enconf as links into the *-enabled directory, a2dismod as a removal", () => {
    expect(factsOf(apacheConfig, "a2enmod rewrite headers")[0]).toMatchObject({
      kind: "file-op",
      op: "link",
      paths: ["/etc/apache2/mods-available/rewrite.load", "/etc/apache2/mods-available/headers.load"],
      dest: "/etc/apache2/mods-enabled/",
    });
    expect(factsOf(apacheConfig, "a2enconf security")[0]).toMatchObject({ op: "link", dest: "/etc/apache2/conf-enabled/" });
    expect(factsOf(apacheConfig, "a2dismod -f autoindex")[0]).toMatchObject({ op: "remove", paths: ["/etc/apache2/mods-enabled/autoindex.load"] });
    expect(factsOf(apacheConfig, "a2enmod")).toEqual([]);
  });

  it("is what analyse sees in a typical php-apache RUN (nothing left unrecognised)", () => {
    const a = analyze("apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip && a2enmod rewrite && rm -rf /var/lib/apt/lists/*");
    expect(a.unrecognized).toEqual([]);
    expect(a.facts.map((f) => f.kind)).toEqual(["system-packages", "system-packages", "php", "file-op", "cache-cleanup"]);
  });
});
