/**
 * A V8 CPU profile (the inspector's `Profiler.stop` result) summarised as the functions with the
 * most self time and the most inclusive time (a sample counts once for every distinct function on
 * its stack), as percentages of the sampled time. Shared by `profile-serve.ts` and `serve-path.ts`.
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** `name file`, the file shortened to `src/…` or `node_modules/…`. */
function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/^file:.*\//, '');
  return `${frame.functionName || '(anonymous)'} ${file}`;
}

/** Prints the `top` functions by self time, then by inclusive time (only those `keepInclusive` accepts). */
export function printProfile(profile: CpuProfile, top: number, keepInclusive: (name: string) => boolean = () => true): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const own = frameName(byId.get(id)!.callFrame);
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(frameName(byId.get(at)!.callFrame));
    for (const name of seen) if (keepInclusive(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
  });
  const show = (title: string, times: Map<string, number>) => {
    console.log(title);
    for (const [name, us] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
  };
  show('self time:', self);
  show('inclusive time:', inclusive);
}
