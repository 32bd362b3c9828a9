// Loads web-tree-sitter and the bash grammar once. Loading is asynchronous (it compiles WebAssembly); after that,
// parsing is synchronous, so the rest of the shell layer can stay a set of plain functions over data.
import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";

let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Resolves the grammar shipped inside the tree-sitter-bash package (no network, no native build). */
export function bashWasmPath(): string {
  return createRequire(import.meta.url).resolve("tree-sitter-bash/tree-sitter-bash.wasm");
}

/** Initialises the bash parser. Safe to call many times and concurrently; the work happens once. */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
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
