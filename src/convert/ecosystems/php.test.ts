import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../../shell/script.js";
import { parseDockerfile } from "../../syntax/index.js";
import { convertDockerfileSync } from "../convert.js";
import type { ConvertResult } from "../types.js";
import { rerunFlags } from "./php.js";

beforeAll(loadShellParser);

const ctx = (files: Record<string, string>) => ({ read: (p: string) => files[p] });
const convert = (text: string, files?: Record<string, string>): ConvertResult =>
  convertDockerfileSync(parseDockerfile(text), files ? { context: ctx(files) } : {});
function converted(r: ConvertResult) {
  if (r.status !== "converted")
    throw new Error(
      `${r.status}: ${r.status === "declined" ? r.declines.map((d) => d.reason).join("; ") : r.status === "nothing-to-gain" ? r.reasons.join("; ") : ""}`,
    );
  const [builder, final] = r.dockerfile.split("# slimstage: the final stage holds only what the app needs at run time\n") as [string, string];
  return { r, builder, final };
}
const ids = (r: ConvertResult) => (r.status === "declined" ? r.declines.map((d) => d.id) : []);

const GD = `FROM php:8.2-apache
RUN apt-get update && apt-get install -y --no-install-recommends libpng-dev libjpeg62-turbo-dev libfreetype-dev \\
    && docker-php-ext-configure gd --with-freetype --with-jpeg && docker-php-ext-install gd && rm -rf /var/lib/apt/lists/*
COPY . /var/www/html/
`;

describe("PHP extensions", () => {
  it("builds them in a builder on the same php image; the final stage copies the extension dir and conf.d and installs only runtime libraries", () => {
    const { r, builder, final } = converted(convert(GD));
    expect(r.status === "converted" && r.plan).toMatchObject({
      ecosystem: "php",
      builderBase: "php:8.2-apache",
      finalBase: "php:8.2-apache",
      removedPackages: ["libpng-dev", "libjpeg62-turbo-dev", "libfreetype-dev"],
    });
    expect(builder).toContain("docker-php-ext-install gd");
    expect(final).toMatch(/^FROM php:8\.2-apache\n/m);
    // php:8.2 without a release in its tag was last built on trixie: trixie's package names
    expect(final).toContain("apt-get install -y --no-install-recommends libpng16-16t64 libjpeg62-turbo libfreetype6");
    expect(final).toContain("COPY --from=builder /usr/local/lib/php/extensions/ /usr/local/lib/php/extensions/");
    expect(final).toContain("COPY --from=builder /usr/local/etc/php/conf.d/ /usr/local/etc/php/conf.d/");
    const instructions = final
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .join("\n");
    expect(instructions).not.toMatch(/-dev\b|docker-php-ext/);
    expect(final.indexOf("conf.d/")).toBeLessThan(final.indexOf("COPY . /var/www/html/"));
  });

  it("uses the release the tag names (bookworm) for the runtime names", () => {
    const { final } = converted(convert(GD.replace("php:8.2-apache", "php:8.2-apache-bookworm")));
    expect(final).toContain("libpng16-16 libjpeg62-turbo libfreetype6");
  });

  it("adds an extension's libraries from the knowledge when the packages installed imply none of them", () => {
    // Alpine's tidyhtml-dev is not in slimstage's hand table of Alpine -dev packages: the split implies nothing
    const { r, final } = converted(
      convert(`FROM php:8.2-fpm-alpine3.19
RUN apk add --no-cache tidyhtml-dev && docker-php-ext-install tidy
CMD ["php-fpm"]
`),
    );
    expect(final).toContain("RUN apk add --no-cache tidyhtml-libs");
    expect(r.decisions.map((d) => d.message).join("\n")).toContain("the extension tidy links tidyhtml-libs → final stage (from the extension knowledge");
    // when the split implies some of them, the build's own choice stands: gd built without JPEG or FreeType
    const png = converted(
      convert(`FROM php:8.2-fpm-bookworm
RUN apt-get update && apt-get install -y libpng-dev && docker-php-ext-install gd
CMD ["php-fpm"]
`),
    );
    expect(png.r.status === "converted" && png.r.plan.runtimePackages).toEqual(["libpng16-16"]);
  });

  it("takes Alpine's apk runtime names, and declines an extension whose Alpine packages are not known (php-alpine-extension-unknown)", () => {
    const { final } = converted(
      convert(`FROM php:8.2-fpm-alpine3.19
RUN apk add --no-cache icu-dev libxslt-dev && docker-php-ext-install intl xsl
CMD ["php-fpm"]
`),
    );
    expect(final).toContain("RUN apk add --no-cache icu-libs libxslt");
    const unknown = convert(`FROM php:8.2-fpm-alpine3.19
RUN apk add --no-cache enchant2-dev && docker-php-ext-install enchant
CMD ["php-fpm"]
`);
    expect(ids(unknown)).toEqual(["php-alpine-extension-unknown"]);
    // the same on Debian: the -dev package's runtime library is implied by the package split, with a warning
    const debian = converted(
      convert(`FROM php:8.2-fpm-bookworm
RUN apt-get update && apt-get install -y libenchant-2-dev && docker-php-ext-install enchant
CMD ["php-fpm"]
`),
    );
    expect(debian.final).toContain("libenchant-2-2");
    expect(debian.r.decisions.some((d) => d.kind === "warning" && d.message.includes("enchant is not in slimstage's knowledge"))).toBe(true);
  });

  it("has nothing to gain when only extensions without libraries are built (nothing to leave behind)", () => {
    const r = convert(`FROM php:8.2-apache
RUN docker-php-ext-install pdo_mysql mysqli opcache
COPY . /var/www/html/
`);
    expect(r.status).toBe("nothing-to-gain");
  });

  it("keeps a separate a2enmod RUN after the build as it is, and carries one inside the build RUN", () => {
    const after = converted(
      convert(`${GD}RUN a2enmod rewrite headers
`),
    );
    expect(after.final).toContain("RUN a2enmod rewrite headers");
    const inside = converted(convert(GD.replace("&& rm -rf", "&& a2enmod rewrite && rm -rf")));
    expect(inside.final).toContain("COPY --from=builder /etc/apache2/mods-enabled/ /etc/apache2/mods-enabled/");
  });
});

const COMPOSER = `FROM php:8.2-fpm-bookworm
RUN apt-get update && apt-get install -y libzip-dev unzip && docker-php-ext-install zip
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY composer.json composer.lock ./
RUN composer install --no-interaction --optimize-autoloader
COPY . .
CMD ["php-fpm"]
`;
const COMPOSER_JSON = JSON.stringify({ require: { "psr/log": "^3" }, "require-dev": { "phpunit/phpunit": "^10" } });

describe("Composer", () => {
  it("installs in the builder and carries the app directory (vendor/ with it); composer stays in the builder", () => {
    const { r, builder, final } = converted(convert(COMPOSER, { "composer.json": JSON.stringify({ require: { "psr/log": "^3" } }) }));
    expect(builder).toContain("COPY --from=composer:2 /usr/bin/composer /usr/bin/composer");
    expect(final).not.toContain("composer:2");
    expect(final).toContain("COPY --from=builder /var/www/html /var/www/html");
    // the COPY before the install is replaced by the copy of the directory; the one after it stays
    expect(final).not.toContain("COPY composer.json composer.lock ./");
    expect(final).toContain("COPY . .");
    // no require-dev: nothing to drop
    expect(builder).not.toContain("--no-dev");
    expect(r.status === "converted" && r.plan.artifacts.map((a) => a.path)).toEqual([
      "/usr/local/lib/php/extensions/",
      "/usr/local/etc/php/conf.d/",
      "/var/www/html",
    ]);
  });

  it("adds `composer install --no-dev` with the original's autoloader options when composer.json has dev dependencies nothing at start uses", () => {
    const { builder, r } = converted(convert(COMPOSER, { "composer.json": COMPOSER_JSON }));
    expect(builder).toContain("RUN composer install --no-dev --no-interaction --optimize-autoloader\n");
    expect(r.decisions.map((d) => d.message).join("\n")).toContain("Composer installs in the builder, which then drops the dev dependencies");
  });

  it("keeps dev dependencies when it cannot know they are unused: no --context, APP_ENV=local, a vendor/bin tool at start, install scripts skipped, --no-dev already given", () => {
    const noContext = converted(convert(COMPOSER));
    expect(noContext.builder).not.toContain("--no-dev");
    expect(noContext.r.decisions.map((d) => d.message).join("\n")).toContain("composer.json was not readable (no --context)");
    const local = converted(convert(COMPOSER.replace("WORKDIR", "ENV APP_ENV=local\nWORKDIR"), { "composer.json": COMPOSER_JSON }));
    expect(local.builder).not.toContain("--no-dev");
    const tool = converted(convert(COMPOSER.replace('CMD ["php-fpm"]', 'CMD ["vendor/bin/phpunit"]'), { "composer.json": COMPOSER_JSON }));
    expect(tool.builder).not.toContain("--no-dev");
    const skipped = converted(
      convert(COMPOSER.replace("--no-interaction", "--no-scripts --no-interaction"), {
        "composer.json": JSON.stringify({ ...JSON.parse(COMPOSER_JSON), scripts: { "post-install-cmd": ["@php bin/setup"] } }),
      }),
    );
    expect(skipped.builder).not.toContain("--no-dev");
    expect(skipped.r.decisions.map((d) => d.message).join("\n")).toContain("post-install-cmd scripts the Dockerfile skips");
    const given = converted(convert(COMPOSER.replace("--no-interaction", "--no-dev --no-interaction"), { "composer.json": COMPOSER_JSON }));
    expect(given.builder.match(/--no-dev/g)).toHaveLength(1);
  });

  it("re-runs with the autoloader the original ended with: dump-autoload's options, never --no-autoloader", () => {
    const at = (flags: string[], noScripts = false) => ({ fact: { kind: "php", op: "composer-install", extensions: [], flags, noScripts } }) as never;
    expect(rerunFlags([at(["--no-scripts", "--no-autoloader"], true), at(["--optimize"])])).toEqual(["--optimize-autoloader"]);
    expect(rerunFlags([at(["-a", "--ignore-platform-reqs", "--no-scripts"], true)])).toEqual([
      "--classmap-authoritative",
      "--ignore-platform-reqs",
      "--no-scripts",
    ]);
  });

  it("handles Composer installed with curl: it stays in the builder, and a `php artisan` step after the install runs in the final stage", () => {
    const { builder, final, r } = converted(
      convert(`FROM php:8.2-cli-bookworm
RUN apt-get update && apt-get install -y libicu-dev && docker-php-ext-install intl
RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer
WORKDIR /app
COPY . .
RUN composer install --no-dev --prefer-dist
RUN php artisan config:cache
CMD ["php", "artisan", "serve", "--host=0.0.0.0"]
`),
    );
    expect(builder).toContain("getcomposer.org/installer");
    expect(final).not.toContain("getcomposer.org");
    expect(final).toContain("COPY --from=builder /app /app\n");
    expect(final).toContain("RUN php artisan config:cache");
    expect(final.indexOf("COPY --from=builder /app /app")).toBeLessThan(final.indexOf("RUN php artisan config:cache"));
    expect(r.status === "converted" && r.plan.runtimePackages).toEqual(["libicu72"]);
  });
});

describe("PHP declines (with ids)", () => {
  it("php-composer-global: tools in Composer's home", () => {
    expect(
      ids(
        convert(`FROM php:8.2-cli
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN composer global require laravel/pint
WORKDIR /app
COPY . .
CMD ["pint", "--test"]
`),
      ),
    ).toEqual(["php-composer-global"]);
  });

  it("php-composer-create-project: a project the Dockerfile does not copy in", () => {
    expect(
      ids(
        convert(`FROM php:8.2-cli
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /srv
RUN composer create-project laravel/laravel app
CMD ["php", "app/artisan", "serve"]
`),
      ),
    ).toEqual(["php-composer-create-project"]);
  });

  it("php-composer-at-start: the container runs composer when it starts (an install at start is the start-programs decline)", () => {
    const dockerfile = (cmd: string) => `FROM php:8.2-cli
RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer
WORKDIR /app
COPY . .
RUN composer install
CMD ${cmd}
`;
    expect(ids(convert(dockerfile('["composer", "run-script", "serve"]')))).toEqual(["php-composer-at-start"]);
    const install = convert(dockerfile('["sh", "-c", "composer install && php app.php"]'));
    expect(install.status === "declined" && install.declines[0]!.reason).toMatch(/installs PHP packages when it starts \(composer install\)/);
  });

  it("php-composer-in-root: no WORKDIR for the app", () => {
    expect(
      ids(
        convert(`FROM php:8.2-cli
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
COPY . .
RUN composer install
CMD ["php", "app.php"]
`),
      ),
    ).toEqual(["php-composer-in-root"]);
  });

  it("php-base-not-official: PHP from the distribution", () => {
    expect(
      ids(
        convert(`FROM debian:bookworm
RUN apt-get update && apt-get install -y php-cli composer
WORKDIR /app
COPY . .
RUN composer install
CMD ["php", "app.php"]
`),
      ),
    ).toEqual(["php-base-not-official"]);
  });

  it("php-nothing-built: -dev packages installed but nothing built", () => {
    expect(
      ids(
        convert(`FROM php:8.2-apache
RUN apt-get update && apt-get install -y libpq-dev
COPY . /var/www/html/
CMD ["apache2-foreground"]
`),
      ),
    ).toEqual(["php-nothing-built"]);
  });

  it("php-ini-dir-moved: PHP_INI_DIR changed", () => {
    expect(
      ids(
        convert(`FROM php:8.2-apache
ENV PHP_INI_DIR=/etc/php
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip
COPY . /var/www/html/
CMD ["apache2-foreground"]
`),
      ),
    ).toEqual(["php-ini-dir-moved"]);
  });
});
