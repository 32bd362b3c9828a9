// THE list of recognisers, in the order analyzeScript tries them. Each command is offered to every recogniser;
// a recogniser that does not know the command returns [].
import type { Recognizer } from "../recognizer.js";
import { apk } from "./apk.js";
import { apt } from "./apt.js";
import { archive } from "./archive.js";
import { bundler } from "./bundler.js";
import { cargo } from "./cargo.js";
import { cBuild } from "./c-build.js";
import { dnf } from "./dnf.js";
import { dotnet } from "./dotnet.js";
import { download } from "./download.js";
import { files } from "./files.js";
import { go } from "./go.js";
import { java } from "./java.js";
import { npm } from "./npm.js";
import { apacheConfig, composer, phpExtensions } from "./php.js";
import { pip } from "./pip.js";
import { pipenv } from "./pipenv.js";
import { pnpm } from "./pnpm.js";
import { setupPy } from "./setup-py.js";
import { poetry } from "./poetry.js";
import { users } from "./users.js";
import { uv } from "./uv.js";
import { venv } from "./venv.js";
import { yarn } from "./yarn.js";

export const RECOGNIZERS: readonly Recognizer[] = [
  apt,
  apk,
  dnf,
  pip,
  setupPy,
  poetry,
  pipenv,
  uv,
  venv,
  npm,
  yarn,
  pnpm,
  bundler,
  go,
  cargo,
  java,
  dotnet,
  phpExtensions,
  composer,
  apacheConfig,
  cBuild,
  download,
  archive,
  users,
  files,
];
