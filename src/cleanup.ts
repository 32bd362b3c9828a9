// What must not outlive the process: temporary files and directories, child processes, probe containers. Every
// edge that creates one registers an undo step here and unregisters it once the thing is gone. The CLI installs
// signal handlers that run the pending steps on SIGINT, SIGTERM and SIGHUP before the process dies of the
// signal; a library user who wants the same calls `installSignalCleanup()` (a library never installs handlers on
// its own).
//
// Steps must be synchronous: a signal handler cannot wait for promises, and the process ends right after.

type Step = () => void;

const pending = new Map<number, Step>();
let nextId = 1;

/** Registers an undo step; the returned function unregisters it (call it once the resource is released). */
export function registerCleanup(step: Step): () => void {
  const id = nextId++;
  pending.set(id, step);
  return () => {
    pending.delete(id);
  };
}

/** Runs every pending step, newest first (a container before the process that started it), and forgets them. */
export function runPendingCleanups(): number {
  const steps = [...pending.values()].reverse();
  pending.clear();
  for (const step of steps) {
    try {
      step();
    } catch {
      // best effort: one failing step must not keep the others from running
    }
  }
  return steps.length;
}

/** How many steps are pending (tests). */
export function pendingCleanups(): number {
  return pending.size;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

/**
 * On SIGINT, SIGTERM or SIGHUP: run the pending steps, then die of the same signal (exit status 128+n, as a shell
 * reports it). Installing twice is harmless.
 */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  const handler = (signal: NodeJS.Signals) => {
    runPendingCleanups();
    for (const s of SIGNALS) process.removeListener(s, handler);
    process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, handler);
}
