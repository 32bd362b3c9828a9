export { parseDockerfile, positionInArgs, positionInHeredoc, type ParseOptions } from "./parser.js";
export { printDockerfile } from "./print.js";
export { dumpBuildkit, dumpInstruction } from "./dump.js";
export { chompHeredocContent, parseHeredocMarker } from "./heredoc.js";
export { goQuote } from "./chars.js";
export type * from "./types.js";
