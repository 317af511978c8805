/**
 * `http://x//` → `http://x`, without a regex: an unanchored `/\/+$/` is quadratic on a long run
 * of slashes (eslint-plugin-regexp's no-super-linear-move flags it). Shared by the simulator's
 * configuration and the orchestrator's clients.
 */
export function trimTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end -= 1;
  return url.slice(0, end);
}
