// The one list of lint rules, in documentation order: BuildKit's build checks, hadolint's rules, slimstage's
// multi-stage rules. Add a rule by adding its file here (the docs and the rule tests read this list).
import type { Rule } from "../types.js";
import ConsistentInstructionCasing from "./ConsistentInstructionCasing.js";
import DuplicateStageName from "./DuplicateStageName.js";
import ExposeInvalidFormat from "./ExposeInvalidFormat.js";
import ExposeProtoCasing from "./ExposeProtoCasing.js";
import FromAsCasing from "./FromAsCasing.js";
import FromPlatformFlagConstDisallowed from "./FromPlatformFlagConstDisallowed.js";
import InvalidDefaultArgInFrom from "./InvalidDefaultArgInFrom.js";
import InvalidDefinitionDescription from "./InvalidDefinitionDescription.js";
import JSONArgsRecommended from "./JSONArgsRecommended.js";
import LegacyKeyValueFormat from "./LegacyKeyValueFormat.js";
import MaintainerDeprecated from "./MaintainerDeprecated.js";
import MultipleInstructionsDisallowed from "./MultipleInstructionsDisallowed.js";
import NoEmptyContinuation from "./NoEmptyContinuation.js";
import RedundantTargetPlatform from "./RedundantTargetPlatform.js";
import ReservedStageName from "./ReservedStageName.js";
import SecretsUsedInArgOrEnv from "./SecretsUsedInArgOrEnv.js";
import StageNameCasing from "./StageNameCasing.js";
import UndefinedArgInFrom from "./UndefinedArgInFrom.js";
import UndefinedVar from "./UndefinedVar.js";
import WorkdirRelativePath from "./WorkdirRelativePath.js";
import CopyIgnoredFile from "./CopyIgnoredFile.js";
import addUseCopy from "./add-use-copy.js";
import apkNoCache from "./apk-no-cache.js";
import apkPinVersions from "./apk-pin-versions.js";
import aptGetYes from "./apt-get-yes.js";
import aptListsCleanup from "./apt-lists-cleanup.js";
import aptNoInstallRecommends from "./apt-no-install-recommends.js";
import aptPinVersions from "./apt-pin-versions.js";
import binaryLibcMismatch from "./binary-libc-mismatch.js";
import copiedBinaryMissingLibrary from "./copied-binary-missing-library.js";
import cdUseWorkdir from "./cd-use-workdir.js";
import chownUnknownUser from "./chown-unknown-user.js";
import copyDestSlash from "./copy-dest-slash.js";
import copyFromSelf from "./copy-from-self.js";
import copyFromToolchain from "./copy-from-toolchain.js";
import copyFromUndefined from "./copy-from-undefined.js";
import copyRelativeDest from "./copy-relative-dest.js";
import devDependenciesCopied from "./dev-dependencies-copied.js";
import envSelfReference from "./env-self-reference.js";
import finalStageBuildPackages from "./final-stage-build-packages.js";
import heavyFinalBase from "./heavy-final-base.js";
import imageTag from "./image-tag.js";
import lastUserRoot from "./last-user-root.js";
import latestTag from "./latest-tag.js";
import noSudo from "./no-sudo.js";
import npmPinVersions from "./npm-pin-versions.js";
import pipNoCacheDir from "./pip-no-cache-dir.js";
import pipPinVersions from "./pip-pin-versions.js";
import pipefail from "./pipefail.js";
import pointlessCommands from "./pointless-commands.js";
import rpmClean from "./rpm-clean.js";
import rpmYes from "./rpm-yes.js";
import shellShSymlink from "./shell-sh-symlink.js";
import singleStageSplit from "./single-stage-split.js";
import trustedRegistries from "./trusted-registries.js";
import unusedStage from "./unused-stage.js";
import useAptGet from "./use-apt-get.js";
import useraddNoLogInit from "./useradd-no-log-init.js";
import validPort from "./valid-port.js";
import copyFromMissingPath from "./copy-from-missing-path.js";
import caCertificatesMissing from "./ca-certificates-missing.js";
import pythonDevDependenciesCopied from "./python-dev-dependencies-copied.js";
import shellcheck from "./shellcheck.js";
import gemPinVersions from "./gem-pin-versions.js";
import rpmPinVersions from "./rpm-pin-versions.js";
import zypperYes from "./zypper-yes.js";
import zypperNoDistUpgrade from "./zypper-no-dist-upgrade.js";
import zypperClean from "./zypper-clean.js";
import zypperPinVersions from "./zypper-pin-versions.js";
import wgetProgress from "./wget-progress.js";
import wgetOrCurl from "./wget-or-curl.js";
import yarnCacheClean from "./yarn-cache-clean.js";
import labelKey from "./label-key.js";
import labelRequired from "./label-required.js";
import labelSuperfluous from "./label-superfluous.js";
import labelEmpty from "./label-empty.js";
import labelUrl from "./label-url.js";
import labelRfc3339 from "./label-rfc3339.js";
import labelSpdx from "./label-spdx.js";
import labelGitHash from "./label-git-hash.js";
import labelSemver from "./label-semver.js";
import labelEmail from "./label-email.js";
import consecutiveRun from "./consecutive-run.js";
import healthcheckMissing from "./healthcheck-missing.js";
import copyArchiveExtract from "./copy-archive-extract.js";

export const allRules: readonly Rule[] = [
  StageNameCasing,
  FromAsCasing,
  NoEmptyContinuation,
  ConsistentInstructionCasing,
  DuplicateStageName,
  ReservedStageName,
  JSONArgsRecommended,
  MaintainerDeprecated,
  UndefinedArgInFrom,
  WorkdirRelativePath,
  CopyIgnoredFile,
  UndefinedVar,
  MultipleInstructionsDisallowed,
  LegacyKeyValueFormat,
  RedundantTargetPlatform,
  SecretsUsedInArgOrEnv,
  InvalidDefaultArgInFrom,
  FromPlatformFlagConstDisallowed,
  ExposeProtoCasing,
  ExposeInvalidFormat,
  InvalidDefinitionDescription,
  aptNoInstallRecommends,
  aptGetYes,
  aptPinVersions,
  aptListsCleanup,
  useAptGet,
  apkNoCache,
  apkPinVersions,
  pipNoCacheDir,
  pipPinVersions,
  npmPinVersions,
  cdUseWorkdir,
  noSudo,
  pointlessCommands,
  imageTag,
  latestTag,
  validPort,
  addUseCopy,
  copyDestSlash,
  copyFromUndefined,
  copyFromSelf,
  trustedRegistries,
  envSelfReference,
  copyRelativeDest,
  useraddNoLogInit,
  pipefail,
  shellcheck,
  shellShSymlink,
  rpmYes,
  rpmClean,
  gemPinVersions,
  rpmPinVersions,
  zypperYes,
  zypperNoDistUpgrade,
  zypperClean,
  zypperPinVersions,
  wgetProgress,
  wgetOrCurl,
  yarnCacheClean,
  labelKey,
  labelRequired,
  labelSuperfluous,
  labelEmpty,
  labelUrl,
  labelRfc3339,
  labelSpdx,
  labelGitHash,
  labelSemver,
  labelEmail,
  consecutiveRun,
  healthcheckMissing,
  copyArchiveExtract,
  lastUserRoot,
  finalStageBuildPackages,
  singleStageSplit,
  copyFromToolchain,
  devDependenciesCopied,
  pythonDevDependenciesCopied,
  caCertificatesMissing,
  copyFromMissingPath,
  unusedStage,
  chownUnknownUser,
  binaryLibcMismatch,
  copiedBinaryMissingLibrary,
  heavyFinalBase,
];

/** A rule by id or alias. */
export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id || r.meta.aliases.includes(id));
}
