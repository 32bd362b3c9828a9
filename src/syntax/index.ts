export { parseDockerfile, positionInArgs, positionInHeredoc, type ParseOptions } from "./parser.js";
export { printDockerfile } from "./print.js";
export { checkBuildArgs, checkDockerfileText, checkTree, DEFAULT_MAX_DOCKERFILE_LENGTH } from "./check.js";
export { dumpBuildkit, dumpInstruction } from "./dump.js";
export { chompHeredocContent, parseHeredocMarker } from "./heredoc.js";
export { goQuote } from "./chars.js";
export type * from "./types.js";
