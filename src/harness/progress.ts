/**
 * The progress bar of `prior-auth-sim chaos`: one line redrawn in place on a terminal, e.g.
 * `[#############.................] 45/100  2 failed  12.3 runs/s`, and silence anywhere else so
 * piped output and CI logs stay clean. Redraws are throttled so thousands of runs stay cheap.
 */
import { performance } from 'node:perf_hooks';

export interface Progress {
  tick(failed: boolean): void;
  done(): void;
}

const WIDTH = 30;
const REDRAW_MS = 100;

/**
 * On a TTY stream (stream.isTTY): redraws one line `\r[#####.....] 45/100  2 failed  12.3 runs/s`
 * (width 30 bar), done() ends the line with \n. Not a TTY: prints nothing at all. `now` injectable
 * for tests (default performance.now). Total may be unknown (0) → show count without the bar.
 * @example
 * const progress = createProgress(runs, process.stderr);
 * for (const seed of seeds) progress.tick(!(await runOnce(seed)).ok);
 * progress.done();
 */
export function createProgress(
  total: number,
  stream: { isTTY?: boolean; write(s: string): unknown },
  now: () => number = () => performance.now(),
): Progress {
  if (!stream.isTTY) return { tick: () => {}, done: () => {} };

  const start = now();
  let count = 0;
  let failed = 0;
  let lastDraw = -Infinity;
  let finished = false;

  const draw = (at: number): void => {
    lastDraw = at;
    const seconds = (at - start) / 1000;
    const rate = seconds > 0 ? (count / seconds).toFixed(1) : '0.0';
    const filled = total > 0 ? Math.min(WIDTH, Math.round((count / total) * WIDTH)) : 0;
    const bar = total > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ` : '';
    const counts = total > 0 ? `${count}/${total}` : `${count}`;
    // Trailing spaces wipe what a longer previous line left behind.
    stream.write(`\r${bar}${counts}  ${failed} failed  ${rate} runs/s  `);
  };

  return {
    tick(didFail) {
      count += 1;
      if (didFail) failed += 1;
      const at = now();
      if (count === total || at - lastDraw >= REDRAW_MS) draw(at);
    },
    done() {
      if (finished) return;
      finished = true;
      draw(now());
      stream.write('\n');
    },
  };
}
