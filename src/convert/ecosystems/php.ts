// PHP on the official php images (php:8.2-apache, -fpm, -cli; Debian and Alpine variants). The final stage is
// the SAME php image: PHP itself is the runtime, and the image already carries what docker-php-ext-install needs.
// What the split leaves in the builder: the -dev packages the extensions were built against (the package split
// keeps their runtime libraries), pecl's build tree, Composer and its cache, and dev dependencies when dropping
// them is safe. What crosses stages: the extension directory and conf.d wholesale, and the app directory
// Composer filled (vendor/ and whatever its scripts wrote).
import type { PhpFact } from "../../analyze/php-facts.js";
import { debianReleaseFor } from "../../knowledge/index.js";
import { phpExtensionRuntime } from "../../knowledge/php-extensions.js";
import type { Step } from "../../model/stages.js";
import { appDirCopied, empty } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";
import { linesText } from "../text.js";
import type { Decline } from "../types.js";

/** The official images' PHP_INI_DIR and extension directory (php-config --extension-dir is a subdirectory of it). */
const INI_DIR = "/usr/local/etc/php";
const EXT_ROOT = "/usr/local/lib/php/extensions/";
const CONF_D = `${INI_DIR}/conf.d/`;

type PhpAt = { fact: PhpFact; step: number; line: number };

function phpFacts(input: EcosystemInput): PhpAt[] {
  return input.stage.runs.flatMap((r) => r.facts.flatMap((f) => (f.value.kind === "php" ? [{ fact: f.value, step: r.step, line: f.at.line }] : [])));
}

const EXT_OPS = new Set<PhpFact["op"]>(["ext-install", "ext-configure", "ext-enable", "pecl-install", "source", "phpize"]);
const APP_OPS = new Set<PhpFact["op"]>(["composer-install", "composer-dump-autoload", "composer-change", "composer-script"]);

function decline(plan: EcosystemPlan, d: Decline & { id: string }): EcosystemPlan {
  plan.declines.push(d);
  return plan;
}

function planPhp(input: EcosystemInput): EcosystemPlan {
  const plan = empty("php");
  const facts = phpFacts(input);
  const info = input.stage.baseInfo;
  const first = facts[0];
  if (first && info?.language !== "php") {
    return decline(plan, {
      id: "php-base-not-official",
      lines: [first.line],
      reason: `line ${first.line}: PHP here comes from ${input.stage.baseName}'s own packages, not an official php image, whose extension and ini directories slimstage knows`,
      hint: "build FROM php:<version>-<variant> (and slimstage carries the extensions it builds), or convert by hand",
    });
  }
  const iniDir = input.stage.runtime.env.PHP_INI_DIR;
  if (iniDir !== undefined && iniDir.replace(/\/$/, "") !== INI_DIR) {
    return decline(plan, {
      id: "php-ini-dir-moved",
      lines: [],
      reason: `PHP_INI_DIR is ${iniDir}, not the official images' ${INI_DIR}, so where the extensions' ini files go is not known`,
      hint: "keep PHP_INI_DIR as the image sets it, or convert by hand",
    });
  }
  for (const g of facts.filter((f) => f.fact.op === "composer-global" || f.fact.op === "composer-create-project")) {
    const global = g.fact.op === "composer-global";
    return decline(plan, {
      id: global ? "php-composer-global" : "php-composer-create-project",
      lines: [g.line],
      reason: global
        ? `line ${g.line}: \`composer global\` installs tools into Composer's home ($COMPOSER_HOME/vendor/bin), which slimstage does not carry over`
        : `line ${g.line}: \`composer create-project\` makes a whole project the Dockerfile does not copy in, which slimstage does not follow`,
      hint: global
        ? "require the tool in the app's composer.json (it then lands in vendor/bin), or keep this image single-stage"
        : "commit the project and COPY it in, or convert by hand",
    });
  }
  const exts = facts.filter((f) => EXT_OPS.has(f.fact.op));
  const app = facts.filter((f) => APP_OPS.has(f.fact.op));
  if (!exts.some((f) => f.fact.op === "ext-install" || f.fact.op === "pecl-install") && app.length === 0) {
    // as for Python: with nothing built, a split would only swap the base image
    return decline(plan, {
      id: "php-nothing-built",
      lines: [],
      reason:
        "nothing is built for this PHP app (no docker-php-ext-install, pecl install or composer install), so a builder stage would leave nothing behind: the split would only change the base image",
      hint: "if the app needs nothing the packages it installs provide, remove them from the Dockerfile yourself",
    });
  }
  const startText = startCommands(input.steps);
  if (/(^|[\s"'/[,])composer(\.phar)?\b/.test(startText)) {
    const line = input.steps.find((s) => /(^|[\s"'/[,])composer(\.phar)?\b/.test(startOf(s)))?.instruction.range.start.line ?? 0;
    return decline(plan, {
      id: "php-composer-at-start",
      lines: [line],
      reason: `line ${line}: the container runs Composer when it starts, which only the builder would have`,
      hint: "run `composer install` in the Dockerfile and start the app itself, or keep this image single-stage",
    });
  }
  if (exts.length) planExtensions(input, plan, exts);
  if (app.length) planComposer(input, plan, app, facts, startText);
  return plan;
}

function planExtensions(input: EcosystemInput, plan: EcosystemPlan, exts: PhpAt[]): void {
  const last = exts[exts.length - 1]!;
  const lines = [...new Set(exts.map((e) => e.line))];
  const why =
    "the PHP extensions built in the builder; the whole directory, because the no-debug-non-zts-<API> directory below it (`php-config --extension-dir`) is named after the PHP API version, which only the image knows";
  plan.artifacts.push({ after: last.step, artifact: { path: EXT_ROOT, dest: EXT_ROOT, why, lines } });
  plan.artifacts.push({
    after: last.step,
    artifact: {
      path: CONF_D,
      dest: CONF_D,
      why: "the ini files that load them (docker-php-ext-install and docker-php-ext-enable write conf.d/docker-php-ext-*.ini)",
      lines,
    },
  });
  plan.decisions.push({
    kind: "artifact",
    lines,
    message: `${linesText(lines)}: the extensions are built in the builder on the same php image; the final stage copies ${EXT_ROOT} and ${CONF_D} whole (the extension directory's name depends on the PHP API version)`,
  });
  // the runtime libraries each extension links: from the -dev packages the Dockerfile installs (package split),
  // checked against (and completed from) the extension knowledge
  const alpine = input.stage.family === "alpine";
  const release = debianReleaseFor(input.stage.baseInfo?.release);
  const installed = new Set(input.plans.flatMap((p) => [...(p.install?.implied ?? []), ...(p.install?.keep ?? [])]));
  const built = exts.filter((e) => e.fact.op === "ext-install" || e.fact.op === "pecl-install");
  for (const b of built) {
    for (const ext of b.fact.extensions) {
      if (ext.dynamic) {
        if (alpine)
          plan.declines.push({
            id: "php-alpine-extension-unknown",
            lines: [b.line],
            reason: `line ${b.line}: the extension \`${ext.raw}\` is named by a variable, so the Alpine packages it needs at run time are not known`,
            hint: "name the extensions literally, or convert by hand",
          });
        else
          plan.decisions.push({
            kind: "warning",
            lines: [b.line],
            message: `line ${b.line}: the extension \`${ext.raw}\` is named by a variable; its runtime libraries come only from the -dev packages installed — verify the result`,
          });
        continue;
      }
      const rt = phpExtensionRuntime(ext.name, alpine ? { family: "alpine" } : { family: "debian", ...(release ? { release } : {}) });
      if (!rt) {
        if (alpine) {
          plan.declines.push({
            id: "php-alpine-extension-unknown",
            lines: [b.line],
            reason: `line ${b.line}: which Alpine packages the extension ${ext.name} needs at run time is not known`,
            hint: "convert by hand (keep its runtime libraries with `apk add`), or use the Debian variant of the php image",
          });
        } else {
          plan.decisions.push({
            kind: "warning",
            lines: [b.line],
            message: `line ${b.line}: the extension ${ext.name} is not in slimstage's knowledge; its runtime libraries come from the -dev packages the Dockerfile installs — verify the result`,
          });
        }
        continue;
      }
      // the package split's libraries win when it implies some of them (the build's configure flags decide what
      // the extension links: gd without --with-jpeg needs no libjpeg); when it implies none, the knowledge adds them
      const missing = rt.packages.some((p) => installed.has(p)) ? [] : rt.packages;
      plan.runtimePackages = [...new Set([...(plan.runtimePackages ?? []), ...missing])];
      plan.decisions.push({
        kind: "runtime",
        lines: [b.line],
        message: rt.packages.length
          ? `line ${b.line}: the extension ${ext.name} links ${rt.packages.join(", ")}${missing.length ? " → final stage (from the extension knowledge: the packages installed imply none of them)" : " → final stage"}`
          : `line ${b.line}: the extension ${ext.name} links no library the image lacks`,
      });
    }
  }
  if (exts.some((e) => e.fact.op === "pecl-install")) plan.removes.push("pecl's build tree");
}

function planComposer(input: EcosystemInput, plan: EcosystemPlan, app: PhpAt[], facts: PhpAt[], startText: string): void {
  const last = app[app.length - 1]!;
  const appDir = last.fact.workingDir ?? input.steps[last.step]?.workdir ?? "/";
  if (appDir === "/") {
    plan.declines.push({
      id: "php-composer-in-root",
      lines: [last.line],
      reason: `line ${last.line}: Composer installs the app's dependencies in / (no WORKDIR)`,
      hint: "set a WORKDIR for the app, e.g. WORKDIR /var/www/html",
    });
    return;
  }
  const installs = app.filter((a) => a.fact.op === "composer-install" || a.fact.op === "composer-change");
  const prodOnly = installs.length > 0 && installs.every((a) => a.fact.noDev);
  const noDev = prodOnly ? undefined : addNoDev(input, installs, app, startText);
  if (noDev && "append" in noDev) {
    plan.builderAppends.push({
      after: last.step,
      lines: [[noDev.append]],
      comment: "slimstage: drop Composer's dev dependencies (require-dev) before the app is copied into the final stage",
    });
    plan.removes.push(`Composer's dev dependencies (${noDev.packages.join(", ")})`);
  }
  if (noDev && "note" in noDev) plan.decisions.push({ kind: "note", lines: installs.map((i) => i.line), message: noDev.note });
  // the original's own --chown on what it copied into the app dir, if any; the copy replaces earlier COPYs into it
  const { chown } = appDirCopied(input, plan, appDir, last.step);
  const lines = app.map((a) => a.line);
  plan.artifacts.push({
    after: last.step,
    artifact: {
      path: appDir,
      dest: appDir,
      why: "the app with vendor/ (Composer's dependencies and autoloader) and what Composer's scripts wrote",
      lines,
      ...(chown ? { chown } : {}),
    },
  });
  plan.decisions.push({
    kind: "artifact",
    lines,
    message: `${linesText(lines)}: Composer installs in the builder${noDev && "append" in noDev ? ", which then drops the dev dependencies" : ""}; the final stage copies ${appDir} (the app, vendor/ and what Composer's scripts wrote there)`,
  });
  const setup = facts.find((f) => f.fact.op === "composer-setup");
  if (setup) plan.removes.push(`Composer (installed by line ${setup.line})`);
}

/**
 * Whether `composer install --no-dev` can be added: only with composer.json read from the build context, dev
 * dependencies to drop, and nothing that shows the running app needs them (a vendor/bin tool or a dev package
 * named at start, a development APP_ENV).
 */
function addNoDev(
  input: EcosystemInput,
  installs: PhpAt[],
  app: PhpAt[],
  startText: string,
): { append: string; packages: string[] } | { note: string } | undefined {
  const last = installs[installs.length - 1];
  if (!last || last.fact.op !== "composer-install") return undefined;
  const lines = installs.map((i) => i.line);
  const text = input.context?.read("composer.json");
  if (text === undefined)
    return { note: `${linesText(lines)}: composer.json was not readable (no --context), so Composer's dev dependencies stay as the Dockerfile installs them` };
  let dev: string[];
  let scripts: string[];
  try {
    const json = JSON.parse(text) as { "require-dev"?: Record<string, string>; scripts?: Record<string, unknown> };
    dev = Object.keys(json["require-dev"] ?? {});
    scripts = Object.keys(json.scripts ?? {});
  } catch {
    return { note: `${linesText(lines)}: composer.json does not parse, so Composer's dev dependencies stay as the Dockerfile installs them` };
  }
  if (dev.length === 0) return undefined;
  const env = input.stage.runtime.env;
  const usedAtStart = dev.find((d) => startText.includes(d)) ?? (/vendor\/bin\//.test(startText) ? "vendor/bin" : undefined);
  if (usedAtStart) return { note: `${linesText(lines)}: the container starts with ${usedAtStart}, so Composer's dev dependencies are kept` };
  const appEnv = env.APP_ENV ?? env.SYMFONY_ENV;
  if (appEnv !== undefined && /^(local|dev|development|test|testing)$/i.test(appEnv))
    return { note: `${linesText(lines)}: APP_ENV=${appEnv} is a development environment, so Composer's dev dependencies are kept` };
  // an install runs the install scripts, which the original skipped (--no-scripts): without them, the autoload
  // scripts it did run (Laravel's package:discover) would not see the dev packages leave
  const installScripts = scripts.filter((k) => /^(pre|post)-install-cmd$/.test(k));
  if (installScripts.length && installs.some((i) => i.fact.noScripts))
    return {
      note: `${linesText(lines)}: composer.json has ${installScripts.join(" and ")} scripts the Dockerfile skips (--no-scripts), so a second install cannot drop the dev dependencies the way the original ran: they are kept`,
    };
  const invocation = (last.fact.invocation ?? ["composer"]).join(" ");
  return {
    append: `RUN ${invocation} install --no-dev --no-interaction${rerunFlags(app)
      .map((f) => ` ${f}`)
      .join("")}`,
    packages: dev,
  };
}

/** dump-autoload's spelling of install's autoloader options. */
const INSTALL_SPELLING: Record<string, string> = {
  "-o": "--optimize-autoloader",
  "--optimize": "--optimize-autoloader",
  "-a": "--classmap-authoritative",
  "--apcu": "--apcu-autoloader",
};

/**
 * The options of the `composer install --no-dev` slimstage adds: the autoloader the original ended with (every
 * step's autoloader options, never --no-autoloader: the dev packages' entries must leave the autoloader), the
 * platform and plugin options as written, and --no-scripts only when the last step ran none.
 */
export function rerunFlags(app: Array<{ fact: PhpFact }>): string[] {
  const flags = app.flatMap((a) => (a.fact.flags ?? []).map((f) => INSTALL_SPELLING[f] ?? f)).filter((f) => f !== "--no-autoloader" && f !== "--no-scripts");
  if (app[app.length - 1]?.fact.noScripts) flags.push("--no-scripts");
  return [...new Set(flags)];
}

function startOf(s: Step): string {
  const k = s.instruction.kind;
  return k === "CMD" || k === "ENTRYPOINT" || k === "HEALTHCHECK" ? s.instruction.node.original : "";
}

function startCommands(steps: Step[]): string {
  return steps.map(startOf).filter(Boolean).join("\n");
}

/**
 * PHP: extensions built in a builder on the same php image, composer's vendor/ carried with the app. First in the
 * registry: the php images' own scripts (docker-php-ext-*) pick it before any other ecosystem's steps.
 */
export const php: EcosystemStrategy<"php"> = {
  id: "php",
  factKinds: ["php"],
  languages: ["php"],
  compiled: false,
  // the app's files are judged like a compiled app's (changed paths from the builder), as the php plan copies
  // composer's directory itself
  interpreted: false,
  // `php artisan config:cache` after the install runs the app's own code: the final stage has php too
  interpreter: /^php[0-9.]*$/,
  cachesAreGain: true,
  needsLibc: () => true,
  plan: (input) => planPhp(input),
};
