/**
 * The demo request of `npm start`, over the orchestrator's public API: says which executions a
 * restart resumed, starts a new request with a fresh request id (the simulated instant, which
 * never repeats because the clock never goes back), and logs its progress until it ends.
 */
interface ExecutionSummary { executionId: string; name?: string; status: string }
interface ExecutionView { status: string; result?: { outcome?: string; authorizationNumber?: string; reason?: string }; error?: { ErrorMessage?: string }; operations: { name?: string; type: string; status: string }[] }

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function startDemoRequest(o: { simulatorUrl: string; orchestratorUrl: string; log: (line: string) => void; pollMs?: number; adminToken?: string }): Promise<{ stop(): void }> {
  const { log } = o;
  const running = (await getJson<{ executions: ExecutionSummary[] }>(`${o.orchestratorUrl}/executions?status=RUNNING`)).executions;
  if (running.length) log(`resumed ${running.length} running execution(s): ${running.map((e) => e.name ?? e.executionId).join(', ')}`);
  const { now } = await getJson<{ now: string }>(`${o.simulatorUrl}/__admin/clock`, o.adminToken ? { headers: { authorization: `Bearer ${o.adminToken}` } } : undefined);
  const requestId = `demo-${now}`;
  const { executionId } = await getJson<{ executionId: string }>(`${o.orchestratorUrl}/prior-auth`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: 'pat-lumbar-meets', procedureCode: '72148', requestId }),
  });
  log(`demo request ${requestId} started: execution ${executionId}`);
  let last = '';
  let done = false;
  const timer = setInterval(() => {
    void getJson<ExecutionView>(`${o.orchestratorUrl}/executions/${executionId}`).then((view) => {
      if (done) return;
      const op = view.operations.at(-1);
      const line = `${view.status}${op ? `  last operation: ${op.name ?? op.type} ${op.status}` : ''}`;
      if (line !== last) log(`demo ${requestId}  ${line}`);
      last = line;
      if (view.status === 'RUNNING') return;
      done = true;
      clearInterval(timer);
      const r = view.result;
      log(`demo ${requestId}  outcome ${r?.outcome ?? view.error?.ErrorMessage}${r?.authorizationNumber ? `, authorization ${r.authorizationNumber}` : ''}${r?.reason ? ` (${r.reason})` : ''}`);
      log(`     details: curl -s ${o.orchestratorUrl}/executions/${executionId}`);
    }, () => {
      // the orchestrator is restarting: ask again on the next tick
    });
  }, o.pollMs ?? 250);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
