// The ecosystem strategies live in ./ecosystems/<name>.ts with one registry in ./ecosystems/index.ts; this module
// keeps the names other modules imported from here before the split.
export { detectEcosystem, type Ecosystem } from "./ecosystems/index.js";
export type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./ecosystems/types.js";
export { entryProgram } from "./ecosystems/shared.js";
export { planPython } from "./ecosystems/python.js";
export { planNode } from "./ecosystems/node.js";
export { planGo } from "./ecosystems/go.js";
export { planRust } from "./ecosystems/rust.js";
export { planJava } from "./ecosystems/java.js";
export { planDotnet } from "./ecosystems/dotnet.js";
export { planNative } from "./ecosystems/native.js";
