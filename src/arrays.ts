// Array helpers that stay safe on hostile sizes. `a.push(...b)` passes every element of b as an argument, and V8
// overflows its stack somewhere past 100,000 of them (a heredoc with 500,000 commands did exactly that).

/** Appends `items` to `target` one by one; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
