// Text from Dockerfiles, file names and engine output must reach a terminal as text, never as control sequences:
// an ESC could recolour, move the cursor, retitle the window or hide what follows. Messages escape every C0 and C1
// control character, DEL and the bidirectional overrides (which can reorder what a reader sees) as \xNN / \uNNNN,
// so a message stays one line and shows exactly which bytes were there.

const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_NEWLINES = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** One line, no control characters: for names and reasons inside a message. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Several lines (explanations, reports on stderr): newlines stay, every other control character is escaped. */
export function escapeControlsKeepLines(text: string): string {
  return text.replace(UNSAFE_KEEP_NEWLINES, escapeChar);
}

/** Build output as a display shows it: `\r` progress redraws become lines, every other control is escaped. */
function safeLog(text: string): string {
  return escapeControlsKeepLines(text.replace(/\r\n?/g, "\n"));
}

/**
 * A build progress event with every text that came from the Dockerfile or the build (step names, log lines,
 * warnings, engine output) made safe for a terminal. JSON output needs none of this: JSON escapes controls.
 */
export function safeProgressEvent<E extends { type: string }>(ev: E): E {
  const e = ev as E & { step?: { name: string }; text?: string; detail?: string; name?: string };
  const out: Record<string, unknown> = { ...e };
  if (e.step) out.step = { ...e.step, name: escapeControls(e.step.name) };
  if (typeof e.text === "string") out.text = e.type === "step-log" ? safeLog(e.text) : escapeControls(e.text);
  if (typeof e.detail === "string") out.detail = escapeControls(e.detail);
  if (typeof e.name === "string") out.name = escapeControls(e.name);
  return out as E;
}
