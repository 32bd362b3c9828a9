// Loads web-tree-sitter and the bash grammar once. Loading is asynchronous (it compiles WebAssembly); after that,
// parsing is synchronous, so the rest of the shell layer can stay a set of plain functions over data.
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { Language, Parser } from "web-tree-sitter";

let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Resolves the grammar shipped inside the tree-sitter-bash package (no network, no native build). */
function bashWasmPath(): string {
  return createRequire(import.meta.url).resolve("tree-sitter-bash/tree-sitter-bash.wasm");
}

/** Initialises the bash parser. Safe to call many times and concurrently; the work happens once. */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    // V8's baseline compiler only: its optimising compiler otherwise keeps compiling the grammar's WebAssembly in
    // the background, and a short-lived process waits about a second for it at exit. Liftoff code parses RUN
    // scripts fast enough (docs/benchmarks.md). Set before the first module compiles; affects only later code.
    setFlagsFromString("--liftoff-only");
    await Parser.init();
    const language = await Language.load(bashWasmPath());
    const parser = new Parser();
    parser.setLanguage(language);
    ready = parser;
    return parser;
  })();
  // A failed load must not poison later attempts (e.g. a transient read error).
  return loading.then(
    () => undefined,
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
}

/** True once `loadShellParser()` has finished. */
export function isShellParserLoaded(): boolean {
  return ready !== undefined;
}

/** The loaded parser; a programming error (not a user error) if `loadShellParser()` was not awaited first. */
export function shellParser(): Parser {
  if (!ready) throw new Error("the shell parser is not loaded: await loadShellParser() before parseScript()");
  return ready;
}
