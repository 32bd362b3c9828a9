// The final stage's install commands and the packages of runtime tools come from the package knowledge
// (src/knowledge/install.ts, src/knowledge/tools.ts); re-exported here for the converter's existing imports.
export { installLines, RUNTIME_TOOL_PACKAGES, type InstallOptions } from "../knowledge/index.js";
