/**
 * The console's server-side reader: while at least one page listens, it reads the public APIs
 * (simulator admin and review API, the orchestrator's HTTP API, the supervisor's process list)
 * a few times a second and pushes a snapshot to every page over server-sent events when
 * anything changed — so pages hold an event stream, never a polling loop. It also tails the
 * simulator's request journal, so an execution's requests can be drawn on its timeline.
 */
import type { JournalEntry } from '../contracts/journal.js';

export interface ConsoleTargets {
  /** Simulator base URL (EHR, payer, review, /__admin). */
  readonly simulatorUrl: string;
  /** Orchestrator base URL (/executions, /prior-auth); absent in simulator-only mode. */
  readonly orchestratorUrl?: string;
  /** Supervisor base URL (/supervisor/processes); absent when no supervisor runs. */
  readonly supervisorUrl?: string;
  /**
   * The admin token of the simulator (and supervisor), when they require one: sent as the bearer on
   * the admin and supervisor calls the console makes server-side, never handed to the page.
   */
  readonly adminToken?: string;
  readonly fetch?: typeof fetch;
}

/** The Authorization header a console call to `url` carries: the admin token on /__admin and /supervisor routes only (a SMART-protected FHIR route would refuse it). */
export function consoleAuth(targets: Pick<ConsoleTargets, 'adminToken'>, url: string): Record<string, string> {
  if (!targets.adminToken) return {};
  const { pathname } = new URL(url);
  const admin = pathname === '/__admin' || pathname.startsWith('/__admin/') || pathname.startsWith('/supervisor/');
  return admin ? { authorization: `Bearer ${targets.adminToken}` } : {};
}

export interface ExecutionRow {
  executionId: string;
  status: string;
  patientId?: string;
  procedureCode?: string;
  /** The newest named operation and its status, e.g. `poll-decision RETRY`. */
  stage?: string;
  outcome?: string;
  reason?: string;
  authorizationNumber?: string;
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
}

export interface Snapshot {
  seq: number;
  simulator: { ok: boolean; error?: string };
  orchestrator: { configured: boolean; ok: boolean; error?: string };
  supervisor: { configured: boolean; ok: boolean; error?: string; processes?: unknown };
  clock?: { now: string; kind: string; factor: number | null };
  scenario?: unknown;
  executions: ExecutionRow[];
  tasks: unknown[];
  claims: unknown[];
  ledger?: unknown;
  faults: unknown[];
  journalSeq: number;
}

const MAX_EXECUTIONS = 50;
const JOURNAL_KEEP = 20_000;

type Listener = (s: Snapshot) => void;

interface ExecutionViewLike {
  executionId: string;
  status: string;
  input?: { patientId?: string; procedureCode?: string };
  result?: { outcome?: string; reason?: string; authorizationNumber?: string };
  error?: { ErrorMessage?: string };
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  operations?: Array<{ name?: string; status: string }>;
}

export const toExecutionRow = (v: ExecutionViewLike): ExecutionRow => {
  const named = (v.operations ?? []).filter((o) => o.name);
  const last = named.at(-1);
  return {
    executionId: v.executionId,
    status: v.status,
    ...(v.input?.patientId ? { patientId: v.input.patientId } : {}),
    ...(v.input?.procedureCode ? { procedureCode: v.input.procedureCode } : {}),
    ...(last ? { stage: `${last.name} ${last.status}` } : {}),
    ...(v.result?.outcome ? { outcome: v.result.outcome } : v.status === 'FAILED' ? { outcome: 'FAILED' } : {}),
    ...(v.result?.reason ? { reason: v.result.reason } : v.error?.ErrorMessage ? { reason: v.error.ErrorMessage } : {}),
    ...(v.result?.authorizationNumber ? { authorizationNumber: v.result.authorizationNumber } : {}),
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    ...(v.endedAt ? { endedAt: v.endedAt } : {}),
  };
};

/**
 * @example
 * const hub = createConsoleHub({ simulatorUrl, orchestratorUrl });
 * const off = hub.subscribe((snapshot) => send(snapshot));
 */
export function createConsoleHub(targets: ConsoleTargets, refreshMs = 250) {
  const doFetch = targets.fetch ?? fetch;
  const listeners = new Set<Listener>();
  const finished = new Map<string, ExecutionRow>();
  let journal: JournalEntry[] = [];
  let journalSeq = 0;
  let last: Snapshot | undefined;
  let lastJson = '';
  let timer: NodeJS.Timeout | undefined;
  let looping = false;
  let reading: Promise<void> | undefined;
  let seq = 0;

  const getJson = async (url: string): Promise<unknown> => {
    const res = await doFetch(url, { headers: { accept: 'application/json', ...consoleAuth(targets, url) }, signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`${res.status} from ${new URL(url).pathname}`);
    return res.json() as Promise<unknown>;
  };
  const why = (err: unknown) => (err as Error)?.cause ? `${(err as Error).message}: ${((err as Error).cause as Error).message ?? ''}` : (err as Error)?.message ?? String(err);

  async function readSimulator(s: Snapshot): Promise<void> {
    const sim = targets.simulatorUrl;
    try {
      const [clock, scenario, tasks, claims, ledger, faults] = await Promise.all([
        getJson(`${sim}/__admin/clock/speed`), getJson(`${sim}/__admin/scenario`), getJson(`${sim}/__admin/review/tasks`), getJson(`${sim}/__admin/claims`),
        getJson(`${sim}/__admin/ledger`), getJson(`${sim}/__admin/faults`), tailJournal(),
      ]) as [Snapshot['clock'], unknown, { tasks: unknown[] }, { claims: unknown[] }, unknown, { faults: unknown[] }, void];
      Object.assign(s, { clock, scenario, tasks: tasks.tasks, claims: claims.claims, ledger, faults: faults.faults });
      s.simulator = { ok: true };
    } catch (err) {
      s.simulator = { ok: false, error: why(err) };
      if (last) Object.assign(s, { clock: last.clock, scenario: last.scenario, tasks: last.tasks, claims: last.claims, ledger: last.ledger, faults: last.faults });
    }
    s.journalSeq = journalSeq;
  }

  /** New journal entries since the last read, page by page (bounded per read); one tail at a time. */
  let tailing: Promise<void> | undefined;
  function tailJournal(): Promise<void> {
    tailing ??= tailPages().finally(() => {
      tailing = undefined;
    });
    return tailing;
  }

  async function tailPages(): Promise<void> {
    for (let pages = 0; pages < 10; pages++) {
      const page = (await getJson(`${targets.simulatorUrl}/__admin/journal?since=${journalSeq}&limit=2000`)) as { lastSeq: number; entries: JournalEntry[] };
      if (page.lastSeq < journalSeq) {
        // a restarted simulator numbers its journal from 1 again
        journalSeq = 0;
        continue;
      }
      const fresh = page.entries.filter((e) => e.seq > journalSeq);
      if (fresh.length === 0) return;
      journal = journal.concat(fresh);
      if (journal.length > JOURNAL_KEEP) journal = journal.slice(journal.length - JOURNAL_KEEP);
      journalSeq = fresh.at(-1)!.seq;
      if (page.entries.length < 2000) return;
    }
  }

  async function readOrchestrator(s: Snapshot): Promise<void> {
    const orch = targets.orchestratorUrl;
    if (!orch) return;
    try {
      const list = (await getJson(`${orch}/executions`)) as { executions: Array<{ executionId: string; status: string; updatedAt: string; createdAt: string }> };
      const recent = [...list.executions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_EXECUTIONS);
      s.executions = await Promise.all(recent.map(async (e) => {
        const known = finished.get(e.executionId);
        if (known && known.updatedAt === e.updatedAt) return known;
        const row = toExecutionRow((await getJson(`${orch}/executions/${encodeURIComponent(e.executionId)}`)) as ExecutionViewLike);
        if (row.status !== 'RUNNING') finished.set(row.executionId, row);
        return row;
      }));
      s.orchestrator = { configured: true, ok: true };
    } catch (err) {
      s.orchestrator = { configured: true, ok: false, error: why(err) };
      s.executions = last?.executions ?? [];
    }
  }

  async function readSupervisor(s: Snapshot): Promise<void> {
    const sup = targets.supervisorUrl;
    if (!sup) return;
    try {
      s.supervisor = { configured: true, ok: true, processes: await getJson(`${sup}/supervisor/processes`) };
    } catch (err) {
      s.supervisor = { configured: true, ok: false, error: why(err) };
    }
  }

  async function read(): Promise<void> {
    const s: Snapshot = {
      seq: 0, executions: [], tasks: [], claims: [], faults: [], journalSeq,
      simulator: { ok: false },
      orchestrator: { configured: !!targets.orchestratorUrl, ok: false },
      supervisor: { configured: !!targets.supervisorUrl, ok: false },
    };
    await Promise.all([readSimulator(s), readOrchestrator(s), readSupervisor(s)]);
    const json = JSON.stringify({ ...s, seq: 0 });
    if (json === lastJson) return;
    lastJson = json;
    s.seq = ++seq;
    last = s;
    for (const l of [...listeners]) l(s);
  }

  /** Read now (coalescing with a read in flight); resolves when the snapshot went out. */
  function refresh(): Promise<void> {
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  }

  /** One read loop at most, running while anyone listens. */
  function loop(): void {
    timer = undefined;
    if (listeners.size === 0) {
      looping = false;
      return;
    }
    looping = true;
    void refresh().finally(() => {
      if (listeners.size === 0) {
        looping = false;
        return;
      }
      timer = setTimeout(loop, refreshMs);
      timer.unref();
    });
  }

  return {
    /** Receive every new snapshot (the current one at once, when there is one); returns the unsubscribe function. */
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      if (last) listener(last);
      if (!looping) loop();
      return () => void listeners.delete(listener);
    },
    refresh,
    /** Read the journal's new entries now (before drawing a timeline). */
    catchUpJournal: () => tailJournal().catch(() => undefined),
    /** Journal entries the orchestrator sent for this execution (tagged `x-request-id: <id>#<invocation>`). */
    journalFor(executionId: string): JournalEntry[] {
      const prefix = `${executionId}#`;
      return journal.filter((e) => e.requestHeaders['x-request-id']?.startsWith(prefix));
    },
    close(): void {
      listeners.clear();
      if (timer) clearTimeout(timer);
      timer = undefined;
      looping = false;
    },
  };
}

export type ConsoleHub = ReturnType<typeof createConsoleHub>;
