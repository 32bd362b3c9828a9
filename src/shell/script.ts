// Shell scripts (shell-form RUN, heredoc bodies) → the simple commands that run, in order, with their words,
// env prefixes, redirects, control context, working directory and `set` options. The tree comes from
// tree-sitter-bash (see docs/shell-analysis.md for why); this module turns it into plain data and never throws
// on bad shell: syntax errors come back as diagnostics with locations.
import { posix } from "node:path";
import type { Node, Point } from "web-tree-sitter";
import type { Position, Range } from "../errors.js";
import { shellParser } from "./tree-sitter.js";

export { loadShellParser, isShellParserLoaded } from "./tree-sitter.js";

/** One piece of a word after quote removal. */
type WordPart =
  | { kind: "literal"; value: string; quoted: boolean }
  /** `$X`, `${X}`, `${X:-default}`, `~` (as HOME). `operand` is the static text after the operator, if any. */
  | { kind: "variable"; name: string; text: string; quoted: boolean; operator?: string; operand?: string }
  /** `$(…)`, `` `…` ``, `$((…))`, `<(…)` and anything else whose value only exists at run time. */
  | { kind: "substitution"; text: string; quoted: boolean };

export interface ShellWord {
  /** The word as written. */
  text: string;
  /** Quotes removed and escapes processed; expansions keep their source text (`"/bin/$X"` → `/bin/$X`). */
  value: string;
  /** Contains a parameter expansion, command substitution, arithmetic or tilde: the value is not final. */
  dynamic: boolean;
  /** Contains unquoted `*`, `?`, `[` or `{a,b}`: may expand to other or several words. */
  glob: boolean;
  parts: WordPart[];
  range: Range;
}

interface Assignment {
  name: string;
  /** Undefined for `export NAME` without a value. */
  value: ShellWord | undefined;
  /** `NAME+=value`. */
  append: boolean;
  range: Range;
}

interface Redirect {
  /** The operator as written: `>`, `>>`, `<`, `>&`, `&>`, `<<`, `<<-`, `<<<` … */
  op: string;
  /** The explicit file descriptor (`2>`), if any. */
  fd: number | undefined;
  target: ShellWord | undefined;
  heredoc?: { delimiter: string; body: string; /** unquoted delimiter: the body is expanded */ expands: boolean };
  range: Range;
}

type ControlKind =
  | "subshell"
  | "group"
  | "if-condition"
  | "if-then"
  | "elif-condition"
  | "elif-then"
  | "else"
  | "for-body"
  | "while-condition"
  | "while-body"
  | "until-condition"
  | "until-body"
  | "case-item"
  | "function"
  | "substitution"
  | "negated"
  | "background";

interface ControlFrame {
  kind: ControlKind;
  /** Loop variable, case pattern or function name. */
  detail?: string;
}

/** The operator before a command in its sequence (`start` for the first; nested firsts inherit it). */
type Connector = "start" | "&&" | "||" | ";" | "&" | "|" | "|&";

export interface ShellOptions {
  errexit: boolean;
  pipefail: boolean;
}

type CommandKind =
  /** `name args…` */
  | "simple"
  /** `A=1 B=2` on its own: `assignments` set, `argv` empty. */
  | "assignment"
  /** `export/declare/local/readonly/typeset …`: `argv` plus the parsed `assignments`. */
  | "declaration"
  /** `[ … ]` / `[[ … ]]`. */
  | "test"
  /** Exec-form RUN: no shell involved. */
  | "exec";

export interface ShellCommand {
  /** Position in `ShellScript.commands`. */
  index: number;
  kind: CommandKind;
  /** `argv[0]`, or undefined for a bare assignment. */
  name: string | undefined;
  /** Word values (see `ShellWord.value`). */
  argv: string[];
  words: ShellWord[];
  /** Env prefixes (`CGO_ENABLED=0 go build`), or the assignments of an assignment/declaration. */
  assignments: Assignment[];
  redirects: Redirect[];
  range: Range;
  text: string;
  connector: Connector;
  /** Enclosing constructs, outermost first. */
  context: ControlFrame[];
  pipeline: { index: number; length: number } | undefined;
  /** May not run: after `||`, in a branch, loop body, case item or function body. */
  conditional: boolean;
  /**
   * Working directory: absolute when known; relative (`.`, `src`) when relative to the directory the script
   * started in and that was not given; undefined when unknown.
   */
  cwd: string | undefined;
  options: ShellOptions;
  /** Variables the script itself assigned before this command (`null`: assigned, value not static). */
  vars: ReadonlyMap<string, string | null>;
}

interface ShellDiagnostic {
  message: string;
  range: Range;
}

export interface ShellScript {
  text: string;
  commands: ShellCommand[];
  diagnostics: ShellDiagnostic[];
  /** `set` options in force when the script ends (top level). */
  options: ShellOptions;
  /** Working directory when the script ends (top level), as in `ShellCommand.cwd`. */
  cwd: string | undefined;
}

export interface ParseScriptOptions {
  /** Absolute directory the script starts in (the WORKDIR). */
  cwd?: string;
  /** Variables known before the script runs (ENV/ARG), used to follow `cd $DIR`. */
  env?: Readonly<Record<string, string>>;
  /** Options of the shell running it, e.g. from `SHELL ["/bin/bash", "-eo", "pipefail", "-c"]`. */
  options?: Partial<ShellOptions>;
}

// ---------------------------------------------------------------------------------------------------------------

interface State {
  cwd: string | undefined;
  dirStack: (string | undefined)[];
  options: ShellOptions;
  /** Copy-on-write: replaced, never mutated, so commands can keep a reference. */
  vars: Map<string, string | null>;
}

interface Ctx {
  frames: ControlFrame[];
  connector: Connector;
  conditional: boolean;
  pipeline: { index: number; length: number } | undefined;
}

const STATEMENT_TYPES = new Set([
  "command",
  "list",
  "pipeline",
  "subshell",
  "compound_statement",
  "redirected_statement",
  "variable_assignment",
  "variable_assignments",
  "declaration_command",
  "unset_command",
  "test_command",
  "negated_command",
  "if_statement",
  "for_statement",
  "c_style_for_statement",
  "while_statement",
  "case_statement",
  "function_definition",
]);

const CONNECTORS = new Set(["&&", "||", ";", "&", "|", "|&", ";;", ";&", ";;&"]);

/**
 * How deeply statements, words and substitutions may nest before the walk stops descending (with a diagnostic):
 * the walk recurses per level, and 10,000 nested `${a:-…}` or subshells would overflow the stack. Real scripts
 * nest a few levels; `a && b && …` chains and `;` sequences do not count, they are walked in place.
 */
export const MAX_SHELL_NESTING = 200;

/** One open sequence in `Walker.sequence`'s explicit stack. */
interface SequenceFrame {
  children: (Node | null)[];
  next: number;
  last: number;
  pending: Connector | undefined;
  first: boolean;
  ctx: Ctx;
  tail: Redirect[];
}

class Walker {
  readonly commands: ShellCommand[] = [];
  readonly diagnostics: ShellDiagnostic[] = [];
  private depth = 0;
  private tooDeepReported = false;

  constructor(
    readonly text: string,
    readonly env: Readonly<Record<string, string>>,
  ) {}

  // --- statements ------------------------------------------------------------------------------------------------

  /**
   * A sequence of statements separated by operators (program, list, do_group, compound_statement…). Nested lists
   * (tree-sitter nests `a && b && c` to the left) are walked in place on an explicit stack, as `statement` would
   * walk them, so a chain of any length takes no extra stack.
   */
  sequence(children: (Node | null)[], state: State, ctx: Ctx, tailRedirects: Redirect[] = []): void {
    const stack: SequenceFrame[] = [sequenceFrame(children, ctx, tailRedirects)];
    while (stack.length > 0) {
      const f = stack[stack.length - 1] as SequenceFrame;
      if (f.next >= f.children.length) {
        stack.pop();
        continue;
      }
      const i = f.next++;
      const child = f.children[i];
      if (!child) continue;
      if (!child.isNamed && CONNECTORS.has(child.type)) {
        f.pending = child.type.startsWith(";") ? ";" : (child.type as Connector);
        continue;
      }
      if (!STATEMENT_TYPES.has(child.type)) {
        if (child.type === "ERROR") this.error(child);
        continue;
      }
      const connector = f.first ? f.ctx.connector : (f.pending ?? ";");
      const childCtx = { ...f.ctx, connector, conditional: f.ctx.conditional || connector === "||" };
      const redirects = i === f.last ? f.tail : [];
      f.first = false;
      f.pending = undefined;
      if (child.type === "list") stack.push(sequenceFrame(child.children, childCtx, redirects));
      else this.statement(child, state, childCtx, redirects);
    }
  }

  /** Counts one level of nesting around `walk`; past the limit, reports once and skips what is inside. */
  private nest(node: Node, walk: () => void, skipped?: () => void): void {
    if (this.depth >= MAX_SHELL_NESTING) {
      if (!this.tooDeepReported) {
        this.tooDeepReported = true;
        this.diagnostics.push({
          message: `shell constructs nested more than ${MAX_SHELL_NESTING} levels deep (slimstage's limit; what is deeper is not analysed)`,
          range: this.range(node),
        });
      }
      skipped?.();
      return;
    }
    this.depth++;
    try {
      walk();
    } finally {
      this.depth--;
    }
  }

  statement(node: Node, state: State, ctx: Ctx, redirects: Redirect[] = []): void {
    this.nest(node, () => this.statementIn(node, state, ctx, redirects));
  }

  private statementIn(node: Node, state: State, ctx: Ctx, redirects: Redirect[]): void {
    switch (node.type) {
      case "command":
        this.simpleCommand(node, state, ctx, redirects);
        return;
      case "list":
      case "program":
      case "do_group":
        // tree-sitter hangs `a && cat <<EOF > f` 's redirects on the whole list; the shell binds them to `cat`.
        this.sequence(node.children, state, ctx, redirects);
        return;
      case "compound_statement":
        this.sequence(node.children, state, this.push(ctx, { kind: "group" }));
        return;
      case "subshell":
        this.sequence(node.children, cloneState(state), this.push(ctx, { kind: "subshell" }));
        return;
      case "negated_command":
        this.sequence(node.namedChildren, state, this.push(ctx, { kind: "negated" }));
        return;
      case "pipeline":
        this.pipeline(node, state, ctx, redirects);
        return;
      case "redirected_statement":
        this.redirected(node, state, ctx, redirects);
        return;
      case "variable_assignment":
      case "variable_assignments":
        this.bareAssignments(node, state, ctx, redirects);
        return;
      case "declaration_command":
      case "unset_command":
        this.declaration(node, state, ctx, redirects);
        return;
      case "test_command":
        this.testCommand(node, state, ctx, redirects);
        return;
      case "if_statement":
        this.ifStatement(node, state, ctx);
        return;
      case "for_statement":
      case "c_style_for_statement":
        this.forStatement(node, state, ctx);
        return;
      case "while_statement":
        this.whileStatement(node, state, ctx);
        return;
      case "case_statement":
        this.caseStatement(node, state, ctx);
        return;
      case "function_definition": {
        const name = node.childForFieldName("name")?.text ?? "";
        const body = node.childForFieldName("body");
        // A definition runs nothing; its body is listed (marked conditional) but does not change our state.
        const fctx = { ...this.push(ctx, { kind: "function", detail: name }), conditional: true };
        if (body?.type === "compound_statement") this.sequence(body.children, cloneState(state), fctx);
        else if (body) this.statement(body, cloneState(state), fctx);
        return;
      }
      case "ERROR":
        this.error(node);
        return;
      default:
        return;
    }
  }

  private push(ctx: Ctx, frame: ControlFrame): Ctx {
    return { ...ctx, frames: [...ctx.frames, frame] };
  }

  private pipeline(node: Node, state: State, ctx: Ctx, tailRedirects: Redirect[]): void {
    const parts = node.namedChildren.filter((c): c is Node => c !== null && STATEMENT_TYPES.has(c.type));
    let op: Connector = ctx.connector;
    let i = 0;
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed && (child.type === "|" || child.type === "|&")) {
        op = child.type;
        continue;
      }
      if (!STATEMENT_TYPES.has(child.type)) continue;
      // Each element of a pipeline runs in its own subshell: `cd` there does not leak.
      const redirects = i === parts.length - 1 ? tailRedirects : [];
      this.statement(child, cloneState(state), { ...ctx, connector: op, pipeline: { index: i, length: parts.length } }, redirects);
      i++;
    }
  }

  private redirected(node: Node, state: State, ctx: Ctx, outer: Redirect[]): void {
    const redirects: Redirect[] = [];
    const after: { node: Node; connector: Connector }[] = [];
    let body: Node | null = null;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      if (node.fieldNameForChild(i) === "body") body = c;
      else if (c.type.endsWith("_redirect")) redirects.push(...this.redirect(c, state, ctx, after));
      else if (c.type === "ERROR") this.error(c);
    }
    if (body) this.statement(body, state, ctx, [...redirects, ...outer]);
    // `cat <<EOF > f && chmod +x f`: tree-sitter hangs what follows the heredoc start off the heredoc redirect.
    for (const a of after) this.statement(a.node, state, { ...ctx, connector: a.connector, conditional: ctx.conditional || a.connector === "||" });
  }

  private redirect(node: Node, state: State, ctx: Ctx, after: { node: Node; connector: Connector }[]): Redirect[] {
    const fdNode = node.childForFieldName("descriptor");
    const fd = fdNode ? Number(fdNode.text) : undefined;
    if (node.type === "heredoc_redirect") {
      const out: Redirect[] = [];
      const start = node.children.find((c) => c?.type === "heredoc_start");
      const bodyNode = node.children.find((c) => c?.type === "heredoc_body");
      const op = node.child(0)?.type ?? "<<";
      const delimRaw = start?.text ?? "";
      const expands = !/['"\\]/.test(delimRaw);
      let body = bodyNode?.text ?? "";
      if (!bodyNode) {
        // An empty heredoc body has no node: nothing to do.
        body = "";
      }
      out.push({
        op,
        fd,
        target: undefined,
        heredoc: { delimiter: delimRaw.replace(/['"\\]/g, ""), body, expands },
        range: this.range(node),
      });
      const operator = node.childForFieldName("operator");
      for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i);
        if (!c || !c.isNamed) continue;
        const field = node.fieldNameForChild(i);
        if (field === "redirect") out.push(...this.redirect(c, state, ctx, after));
        else if (field === "right") after.push({ node: c, connector: (operator?.type as Connector | undefined) ?? ";" });
        else if (c.type === "pipeline" || (field === null && STATEMENT_TYPES.has(c.type))) after.push({ node: c, connector: "|" });
      }
      return out;
    }
    const dest = node.childForFieldName("destination") ?? node.namedChildren.find((c) => c !== null && c.type !== "file_descriptor") ?? null;
    const opNode = node.children.find((c) => c !== null && !c.isNamed);
    return [
      {
        op: opNode?.type ?? "",
        fd,
        target: dest ? this.word(dest, state, ctx) : undefined,
        range: this.range(node),
      },
    ];
  }

  private ifStatement(node: Node, state: State, ctx: Ctx): void {
    const branches: State[] = [];
    let hasElse = false;
    const condition: Node[] = [];
    const thenPart: Node[] = [];
    let seenThen = false;
    let thenDone = false;
    const flushThen = (): void => {
      if (thenDone) return;
      thenDone = true;
      const t = cloneState(state);
      this.sequence(thenPart.splice(0), t, { ...this.push(ctx, { kind: "if-then" }), conditional: true });
      branches.push(t);
    };
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      if (node.fieldNameForChild(i) === "condition") {
        condition.push(c);
      } else if (!c.isNamed && c.type === "then") {
        this.sequence(condition, state, this.push(ctx, { kind: "if-condition" }));
        seenThen = true;
      } else if (c.type === "elif_clause" || c.type === "else_clause") {
        flushThen();
        const b = cloneState(state);
        if (c.type === "elif_clause") {
          const parts = splitAtThen(c);
          this.sequence(parts.condition, b, this.push(ctx, { kind: "elif-condition" }));
          this.sequence(parts.body, b, { ...this.push(ctx, { kind: "elif-then" }), conditional: true });
        } else {
          hasElse = true;
          this.sequence(c.children, b, { ...this.push(ctx, { kind: "else" }), conditional: true });
        }
        branches.push(b);
      } else if (seenThen) {
        thenPart.push(c);
      }
    }
    if (!seenThen) this.sequence(condition, state, this.push(ctx, { kind: "if-condition" }));
    flushThen();
    if (!hasElse) branches.push(cloneState(state));
    mergeInto(state, branches);
  }

  private forStatement(node: Node, state: State, ctx: Ctx): void {
    const variable = node.childForFieldName("variable")?.text;
    for (const v of node.childrenForFieldName("value")) if (v) this.word(v, state, ctx);
    const body = node.childForFieldName("body");
    if (!body) return;
    const b = cloneState(state);
    const frame: ControlFrame = variable ? { kind: "for-body", detail: variable } : { kind: "for-body" };
    this.statement(body, b, { ...this.push(ctx, frame), conditional: true });
    mergeInto(state, [b, cloneState(state)]);
  }

  private whileStatement(node: Node, state: State, ctx: Ctx): void {
    const until = node.child(0)?.type === "until";
    const condition = node.childrenForFieldName("condition").filter((c): c is Node => c !== null);
    this.sequence(condition, state, this.push(ctx, { kind: until ? "until-condition" : "while-condition" }));
    const body = node.childForFieldName("body");
    if (!body) return;
    const b = cloneState(state);
    this.statement(body, b, { ...this.push(ctx, { kind: until ? "until-body" : "while-body" }), conditional: true });
    mergeInto(state, [b, cloneState(state)]);
  }

  private caseStatement(node: Node, state: State, ctx: Ctx): void {
    const value = node.childForFieldName("value");
    if (value) this.word(value, state, ctx);
    const branches: State[] = [cloneState(state)];
    for (const item of node.namedChildren) {
      if (item?.type !== "case_item") continue;
      const pattern = item
        .childrenForFieldName("value")
        .map((v) => v?.text ?? "")
        .join("|");
      const b = cloneState(state);
      const body: Node[] = [];
      for (let i = 0; i < item.childCount; i++) {
        const c = item.child(i);
        if (c && item.fieldNameForChild(i) !== "value") body.push(c);
      }
      this.sequence(body, b, {
        ...this.push(ctx, { kind: "case-item", detail: pattern }),
        conditional: true,
      });
      branches.push(b);
    }
    mergeInto(state, branches);
  }

  // --- commands --------------------------------------------------------------------------------------------------

  private simpleCommand(node: Node, state: State, ctx: Ctx, redirects: Redirect[]): void {
    const assignments: Assignment[] = [];
    const words: ShellWord[] = [];
    const own: Redirect[] = [];
    const nested: Node[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      const field = node.fieldNameForChild(i);
      if (c.type === "variable_assignment") assignments.push(this.assignment(c, state, ctx));
      else if (field === "name") words.push(this.word(c.firstNamedChild ?? c, state, ctx));
      else if (field === "argument") words.push(this.word(c, state, ctx));
      else if (field === "redirect") own.push(...this.redirect(c, state, ctx, []));
      else if (c.type === "subshell") nested.push(c);
      else if (c.type === "ERROR") this.error(c);
    }
    const cmd = this.emit(node, "simple", words, assignments, [...own, ...redirects], state, ctx);
    this.applyBuiltin(cmd, state);
    for (const n of nested) this.statement(n, state, ctx);
  }

  private bareAssignments(node: Node, state: State, ctx: Ctx, redirects: Redirect[]): void {
    const nodes = node.type === "variable_assignment" ? [node] : node.namedChildren.filter((c): c is Node => c?.type === "variable_assignment");
    const assignments = nodes.map((n) => this.assignment(n, state, ctx));
    this.emit(node, "assignment", [], assignments, redirects, state, ctx);
    setVars(state, assignments);
  }

  private declaration(node: Node, state: State, ctx: Ctx, redirects: Redirect[]): void {
    const words: ShellWord[] = [];
    const assignments: Assignment[] = [];
    const keyword = node.child(0);
    if (keyword) words.push(literalWord(keyword.text, this.range(keyword)));
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "variable_assignment") {
        const a = this.assignment(c, state, ctx);
        assignments.push(a);
        words.push(this.word(c, state, ctx));
      } else {
        if (c.type === "variable_name" && node.type === "declaration_command") {
          assignments.push({ name: c.text, value: undefined, append: false, range: this.range(c) });
        }
        words.push(this.word(c, state, ctx));
      }
    }
    const cmd = this.emit(node, "declaration", words, assignments, redirects, state, ctx);
    if (node.type === "unset_command") {
      const vars = new Map(state.vars);
      for (const w of cmd.words.slice(1)) if (!w.value.startsWith("-")) vars.delete(w.value);
      state.vars = vars;
    } else if (keyword?.type !== "local" || ctx.frames.some((f) => f.kind === "function")) {
      setVars(state, assignments);
    }
  }

  private testCommand(node: Node, state: State, ctx: Ctx, redirects: Redirect[]): void {
    const words: ShellWord[] = [];
    const collect = (n: Node): void => {
      if (!n.isNamed) {
        words.push(literalWord(n.text, this.range(n)));
      } else if (WORD_TYPES.has(n.type) || n.namedChildCount === 0) {
        words.push(this.word(n, state, ctx));
      } else {
        for (const c of n.children) if (c) collect(c);
      }
    };
    for (const c of node.children) if (c) collect(c);
    this.emit(node, "test", words, [], redirects, state, ctx);
  }

  private assignment(node: Node, state: State, ctx: Ctx): Assignment {
    const name = node.childForFieldName("name")?.text ?? "";
    const valueNode = node.childForFieldName("value");
    const append = node.children.some((c) => c?.type === "+=");
    return { name, value: valueNode ? this.word(valueNode, state, ctx) : undefined, append, range: this.range(node) };
  }

  private emit(node: Node, kind: CommandKind, words: ShellWord[], assignments: Assignment[], redirects: Redirect[], state: State, ctx: Ctx): ShellCommand {
    const cmd: ShellCommand = {
      index: this.commands.length,
      kind,
      name: words[0]?.value,
      argv: words.map((w) => w.value),
      words,
      assignments,
      redirects,
      range: this.range(node),
      text: node.text,
      connector: ctx.connector,
      context: ctx.frames,
      pipeline: ctx.pipeline,
      conditional: ctx.conditional,
      cwd: state.cwd,
      options: { ...state.options },
      vars: state.vars,
    };
    this.commands.push(cmd);
    return cmd;
  }

  /** The builtins that change what later commands see: cd, pushd, popd, set. */
  private applyBuiltin(cmd: ShellCommand, state: State): void {
    switch (cmd.name) {
      case "cd":
      case "pushd": {
        const args = cmd.words.slice(1).filter((w) => !/^-[LPe@]+$/.test(w.value));
        if (cmd.name === "pushd") state.dirStack = [...state.dirStack, state.cwd];
        state.cwd = this.changeDir(state, args[0]);
        return;
      }
      case "popd":
        state.cwd = state.dirStack.length > 0 ? state.dirStack[state.dirStack.length - 1] : undefined;
        state.dirStack = state.dirStack.slice(0, -1);
        return;
      case "set":
        state.options = applySet(state.options, cmd.argv.slice(1));
        return;
    }
  }

  private changeDir(state: State, target: ShellWord | undefined): string | undefined {
    const home = this.env.HOME;
    if (!target) return home;
    // the script's own variables shadow the environment (null: assigned, value unknown)
    const lookup = (name: string): string | undefined => {
      const own = state.vars.get(name);
      return own === null ? undefined : (own ?? this.env[name]);
    };
    const value = resolveWord(target, lookup);
    if (value === undefined || value === "-") return undefined;
    if (value.startsWith("/")) return posix.normalize(value);
    if (state.cwd === undefined) return undefined;
    const joined = posix.normalize(posix.join(state.cwd, value));
    return state.cwd.startsWith("/") || !joined.startsWith("..") ? joined : undefined;
  }

  // --- words -----------------------------------------------------------------------------------------------------

  word(node: Node, state: State, ctx: Ctx): ShellWord {
    const parts: WordPart[] = [];
    this.wordParts(node, false, parts, state, ctx);
    const merged = mergeLiterals(expandTilde(parts));
    const value = merged.map((p) => (p.kind === "literal" ? p.value : p.text)).join("");
    return {
      text: node.text,
      value,
      dynamic: merged.some((p) => p.kind !== "literal"),
      glob: merged.some((p) => p.kind === "literal" && !p.quoted && hasGlob(p.value)),
      parts: merged,
      range: this.range(node),
    };
  }

  private wordParts(node: Node, quoted: boolean, out: WordPart[], state: State, ctx: Ctx): void {
    this.nest(
      node,
      () => this.wordPartsIn(node, quoted, out, state, ctx),
      () => out.push({ kind: "substitution", text: node.text, quoted }),
    );
  }

  private wordPartsIn(node: Node, quoted: boolean, out: WordPart[], state: State, ctx: Ctx): void {
    switch (node.type) {
      case "word":
      case "command_name":
        if (node.type === "command_name" && node.firstNamedChild) {
          this.wordParts(node.firstNamedChild, quoted, out, state, ctx);
          return;
        }
        out.push({ kind: "literal", value: quoted ? node.text : unescapeUnquoted(node.text), quoted });
        // Backslash-escaped glob characters are not globs: re-mark them as quoted literals.
        if (!quoted && /\\[*?[{]/.test(node.text)) (out[out.length - 1] as { quoted: boolean }).quoted = true;
        return;
      case "number":
      case "file_descriptor":
      case "test_operator":
      case "regex":
      case "extglob_pattern":
      case "brace_expression":
      case "heredoc_content":
        if (node.namedChildCount > 0) break;
        out.push({ kind: "literal", value: node.text, quoted });
        return;
      case "raw_string":
        out.push({ kind: "literal", value: node.text.slice(1, -1), quoted: true });
        return;
      case "ansi_c_string":
        out.push({ kind: "literal", value: unescapeAnsiC(node.text.slice(2, -1)), quoted: true });
        return;
      case "string_content":
        out.push({ kind: "literal", value: unescapeDouble(node.text), quoted: true });
        return;
      case "string":
      case "translated_string":
      case "heredoc_body": {
        // Text between child nodes (e.g. spaces around an expansion) is literal content too.
        const open = node.type === "translated_string" ? 2 : node.type === "string" ? 1 : 0;
        const close = node.type === "heredoc_body" ? 0 : 1;
        let pos = node.startIndex + open;
        const end = node.endIndex - close;
        const s = this.text;
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (c.startIndex > pos) out.push({ kind: "literal", value: unescapeDouble(s.slice(pos, c.startIndex)), quoted: true });
          if (c.type === "string" && node.type === "translated_string") this.wordParts(c, true, out, state, ctx);
          else this.wordParts(c, true, out, state, ctx);
          pos = Math.max(pos, c.endIndex);
        }
        if (end > pos) out.push({ kind: "literal", value: unescapeDouble(s.slice(pos, end)), quoted: true });
        return;
      }
      case "concatenation":
        for (const c of node.children) if (c) this.wordParts(c, quoted, out, state, ctx);
        return;
      case "simple_expansion": {
        const name = node.namedChildren[0]?.text ?? node.text.slice(1);
        out.push({ kind: "variable", name, text: node.text, quoted });
        return;
      }
      case "expansion": {
        const nameNode = node.namedChildren.find((c) => c?.type === "variable_name" || c?.type === "special_variable_name");
        const opNode = node.childForFieldName("operator");
        if (!nameNode || node.children[1]?.type === "#" || node.children[1]?.type === "!") {
          // ${#X}, ${!X}: a length or indirection, not the value of X.
          out.push({ kind: "substitution", text: node.text, quoted });
          this.nestedCommands(node, state, ctx);
          return;
        }
        const part: WordPart = { kind: "variable", name: nameNode.text, text: node.text, quoted };
        if (opNode) {
          part.operator = opNode.text;
          const operand = this.text.slice(opNode.endIndex, node.endIndex - 1);
          if (!/[$`\\"']/.test(operand)) part.operand = operand;
        } else if (node.namedChildCount > 1) {
          // ${X[0]}, ${X/a/b} without a recognised operator field: treat as opaque.
          out.push({ kind: "substitution", text: node.text, quoted });
          return;
        }
        out.push(part);
        this.nestedCommands(node, state, ctx);
        return;
      }
      case "command_substitution":
      case "process_substitution":
      case "arithmetic_expansion":
        out.push({ kind: "substitution", text: node.text, quoted });
        this.nestedCommands(node, state, ctx);
        return;
      case "variable_assignment": {
        // Inside `export A=b`: the whole assignment as one word.
        const nameNode = node.childForFieldName("name");
        out.push({ kind: "literal", value: (nameNode?.text ?? "") + (node.children.some((c) => c?.type === "+=") ? "+=" : "="), quoted });
        const v = node.childForFieldName("value");
        if (v) this.wordParts(v, quoted, out, state, ctx);
        return;
      }
      case "ERROR":
        this.error(node);
        out.push({ kind: "substitution", text: node.text, quoted });
        return;
      default:
        break;
    }
    if (node.namedChildCount === 0) {
      out.push({ kind: "literal", value: node.text, quoted });
    } else {
      out.push({ kind: "substitution", text: node.text, quoted });
      this.nestedCommands(node, state, ctx);
    }
  }

  /** Commands inside `$(…)` run while the word is expanded, i.e. before the command that uses the word. */
  private nestedCommands(node: Node, state: State, ctx: Ctx): void {
    this.nest(node, () => {
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (STATEMENT_TYPES.has(c.type)) {
          this.statement(c, cloneState(state), { ...this.push(ctx, { kind: "substitution" }), connector: "start", pipeline: undefined });
        } else if (c.namedChildCount > 0) {
          this.nestedCommands(c, state, ctx);
        }
      }
    });
  }

  // --- locations and errors --------------------------------------------------------------------------------------

  range(node: Node): Range {
    return { start: toPosition(node.startPosition, node.startIndex), end: toPosition(node.endPosition, node.endIndex) };
  }

  private error(node: Node): void {
    const text = node.text.length > 40 ? `${node.text.slice(0, 40)}…` : node.text;
    this.diagnostics.push({ message: `shell syntax error near ${JSON.stringify(text)}`, range: this.range(node) });
  }

  /** MISSING nodes (e.g. an unclosed quote or `fi`) are not ERROR nodes; find them too. Iterative: any depth. */
  collectMissing(root: Node): void {
    if (!root.hasError) return;
    const cursor = root.walk();
    try {
      if (!cursor.gotoFirstChild()) return;
      for (;;) {
        const n = cursor.currentNode;
        if (n.isMissing) {
          this.diagnostics.push({ message: `shell syntax error: missing ${JSON.stringify(n.type)}`, range: this.range(n) });
        } else if (n.hasError && n.type !== "ERROR" && cursor.gotoFirstChild()) {
          continue;
        }
        // next sibling, or climb until a parent has one; back at the root's level means done
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent() || cursor.currentNode.id === root.id) return;
        }
      }
    } finally {
      cursor.delete();
    }
  }
}

const WORD_TYPES = new Set([
  "word",
  "string",
  "raw_string",
  "ansi_c_string",
  "translated_string",
  "concatenation",
  "simple_expansion",
  "expansion",
  "command_substitution",
  "process_substitution",
  "arithmetic_expansion",
  "number",
  "test_operator",
  "regex",
  "extglob_pattern",
]);

function sequenceFrame(children: (Node | null)[], ctx: Ctx, tail: Redirect[]): SequenceFrame {
  let last = -1;
  children.forEach((c, i) => {
    if (c && STATEMENT_TYPES.has(c.type)) last = i;
  });
  return { children, next: 0, last, pending: undefined, first: true, ctx, tail };
}

function splitAtThen(clause: Node): { condition: Node[]; body: Node[] } {
  const condition: Node[] = [];
  const body: Node[] = [];
  let seenThen = false;
  for (const c of clause.children) {
    if (!c) continue;
    if (!c.isNamed && c.type === "then") {
      seenThen = true;
      continue;
    }
    (seenThen ? body : condition).push(c);
  }
  return { condition, body };
}

function toPosition(p: Point, offset: number): Position {
  return { line: p.row + 1, column: p.column + 1, offset };
}

function cloneState(s: State): State {
  return { cwd: s.cwd, dirStack: [...s.dirStack], options: { ...s.options }, vars: s.vars };
}

/** After a branch or loop, keep what every path agrees on and forget the rest. */
function mergeInto(state: State, paths: State[]): void {
  const [first, ...rest] = paths;
  if (!first) return;
  state.cwd = rest.every((p) => p.cwd === first.cwd) ? first.cwd : undefined;
  state.options = {
    errexit: rest.every((p) => p.options.errexit === first.options.errexit) ? first.options.errexit : state.options.errexit,
    pipefail: rest.every((p) => p.options.pipefail === first.options.pipefail) ? first.options.pipefail : state.options.pipefail,
  };
  if (paths.some((p) => p.vars !== state.vars)) {
    const names = new Set<string>();
    for (const p of paths) for (const k of p.vars.keys()) names.add(k);
    const vars = new Map<string, string | null>();
    for (const name of names) {
      const values = new Set(paths.map((p) => (p.vars.has(name) ? p.vars.get(name) : undefined)));
      if (values.size === 1) {
        const v = [...values][0];
        if (v !== undefined) vars.set(name, v);
      } else {
        vars.set(name, null);
      }
    }
    state.vars = vars;
  }
}

function setVars(state: State, assignments: Assignment[]): void {
  if (assignments.length === 0) return;
  const vars = new Map(state.vars);
  for (const a of assignments) {
    if (!a.value) {
      if (!vars.has(a.name)) continue;
    } else {
      const previous = vars.get(a.name);
      const v = a.value.dynamic ? null : a.value.value;
      vars.set(a.name, a.append ? (previous == null || v === null ? null : previous + v) : v);
    }
  }
  state.vars = vars;
}

/** `set -e`, `set -eux`, `set +e`, `set -o pipefail`, `set -euo pipefail`. */
export function applySet(options: ShellOptions, args: string[]): ShellOptions {
  const next = { ...options };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--") break;
    if (!/^[-+][a-zA-Z]+$/.test(a)) continue;
    const on = a[0] === "-";
    for (const flag of a.slice(1)) {
      if (flag === "e") next.errexit = on;
      else if (flag === "o") {
        const name = args[++i];
        if (name === "errexit") next.errexit = on;
        else if (name === "pipefail") next.pipefail = on;
      }
    }
  }
  return next;
}

function literalWord(text: string, range: Range): ShellWord {
  return { text, value: text, dynamic: false, glob: false, parts: [{ kind: "literal", value: text, quoted: false }], range };
}

function mergeLiterals(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === "literal" && last?.kind === "literal" && last.quoted === p.quoted) last.value += p.value;
    else out.push(p.kind === "literal" ? { ...p } : p);
  }
  return out;
}

/** A leading unquoted `~` or `~/…` is $HOME. */
function expandTilde(parts: WordPart[]): WordPart[] {
  const first = parts[0];
  if (first?.kind !== "literal" || first.quoted || !first.value.startsWith("~")) return parts;
  const m = /^~(?=\/|$)/.exec(first.value);
  if (!m) return [{ kind: "substitution", text: first.value, quoted: false }, ...parts.slice(1)];
  const rest = first.value.slice(1);
  return [{ kind: "variable", name: "HOME", text: "~", quoted: false }, ...(rest ? [{ ...first, value: rest }] : []), ...parts.slice(1)];
}

function hasGlob(s: string): boolean {
  return /[*?[]/.test(s) || /\{[^}]*[,.][^}]*\}/.test(s);
}

function unescapeUnquoted(s: string): string {
  return s.replace(/\\(\n|.)/g, (_, c: string) => (c === "\n" ? "" : c));
}

function unescapeDouble(s: string): string {
  return s.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === "\n" ? "" : c));
}

function unescapeAnsiC(s: string): string {
  const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", e: "\x1b", f: "\f", v: "\v" };
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (m, c: string) => {
    if (c.startsWith("x")) return String.fromCharCode(parseInt(c.slice(1), 16));
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    return map[c] ?? m;
  });
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The value of a word with its variables looked up; undefined if any part stays unknown (a substitution, an
 * unset variable without a default, or an operator other than `:-`/`-`).
 */
export function resolveWord(word: ShellWord, lookup: (name: string) => string | undefined): string | undefined {
  let out = "";
  for (const p of word.parts) {
    if (p.kind === "literal") out += p.value;
    else if (p.kind === "substitution") return undefined;
    else {
      const v = lookup(p.name);
      if (p.operator === undefined) {
        if (v === undefined) return undefined;
        out += v;
      } else if (p.operator === ":-" || p.operator === "-") {
        const useDefault = v === undefined || (p.operator === ":-" && v === "");
        if (useDefault && p.operand === undefined) return undefined;
        out += useDefault ? (p.operand ?? "") : v;
      } else {
        return undefined;
      }
    }
  }
  return out;
}

/** Parses a shell script. Synchronous; `loadShellParser()` must have been awaited once. Never throws on bad shell. */
export function parseScript(text: string, opts: ParseScriptOptions = {}): ShellScript {
  const tree = shellParser().parse(text);
  const state: State = {
    cwd: opts.cwd !== undefined ? posix.normalize(opts.cwd) : ".",
    dirStack: [],
    options: { errexit: opts.options?.errexit ?? false, pipefail: opts.options?.pipefail ?? false },
    vars: new Map(),
  };
  const walker = new Walker(text, opts.env ?? {});
  if (!tree) {
    const end = toPosition({ row: 0, column: 0 }, 0);
    return {
      text,
      commands: [],
      diagnostics: [{ message: "the shell parser gave no result", range: { start: end, end } }],
      options: state.options,
      cwd: state.cwd,
    };
  }
  try {
    const root = tree.rootNode;
    walker.sequence(root.children, state, { frames: [], connector: "start", conditional: false, pipeline: undefined });
    walker.collectMissing(root);
  } finally {
    // The tree lives in WebAssembly memory: free it, the result is plain data.
    tree.delete();
  }
  walker.diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { text, commands: walker.commands, diagnostics: walker.diagnostics, options: state.options, cwd: state.cwd };
}

/** Exec-form RUN (`RUN ["a", "b"]`): one command, no shell, every word static. */
export function commandFromExec(argv: string[], opts: { range?: Range; cwd?: string } = {}): ShellCommand {
  const zero: Position = { line: 1, column: 1, offset: 0 };
  const range = opts.range ?? { start: zero, end: zero };
  const words = argv.map((a) => ({ ...literalWord(a, range), parts: [{ kind: "literal" as const, value: a, quoted: true }] }));
  return {
    index: 0,
    kind: "exec",
    name: argv[0],
    argv: [...argv],
    words,
    assignments: [],
    redirects: [],
    range,
    text: JSON.stringify(argv),
    connector: "start",
    context: [],
    pipeline: undefined,
    conditional: false,
    cwd: opts.cwd ?? ".",
    options: { errexit: false, pipefail: false },
    vars: new Map(),
  };
}
