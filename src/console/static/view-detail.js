// Execution detail: the swimlane timeline (the same SVG component as the chaos and run reports)
// with the selected mark's request, response or checkpoint beside it. Refetched when the
// snapshot says the execution or the journal moved — an event, not a polling loop.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, html, StatusBadge } from './api.js';

export function ExecutionDetail({ id, snapshot }) {
  const [data, setData] = useState();
  const [error, setError] = useState('');
  const [selected, setSelected] = useState();
  const box = useRef();
  const row = snapshot.executions.find((e) => e.executionId === id);
  const version = `${row?.updatedAt ?? ''}|${row?.status === 'RUNNING' || !data ? snapshot.journalSeq : ''}`;
  // one fetch at a time; a change while one is in flight asks for one more when it lands
  const flight = useRef({ busy: false, again: false, id });
  useEffect(() => {
    const f = flight.current;
    if (f.id !== id) {
      f.id = id;
      setData(undefined);
      setSelected(undefined);
    }
    if (f.busy) {
      f.again = true;
      return;
    }
    const load = () => {
      const want = f.id;
      f.busy = true;
      f.again = false;
      api('GET', `/console/api/executions/${encodeURIComponent(want)}`).then(
        (d) => { if (f.id === want) { setData(d); setError(''); } },
        (err) => { if (f.id === want) setError(err.message); },
      ).finally(() => {
        f.busy = false;
        if (f.again) load();
      });
    };
    load();
  }, [id, version]);
  const pick = (e) => {
    const a = e.target.closest?.('a.tl-mark');
    if (!a) return;
    e.preventDefault();
    box.current?.querySelectorAll('a.tl-mark.selected').forEach((m) => m.classList.remove('selected'));
    a.classList.add('selected');
    setSelected(Number(a.dataset.i));
  };
  if (error && !data) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="loading">Loading ${id}…</p>`;
  const ex = data.execution;
  const event = selected === undefined ? undefined : data.events[selected];
  const faults = data.events.filter((e) => e.faults?.length).length;
  const crashes = data.events.filter((e) => e.detail?.kind === 'recovered').length;
  return html`<section>
    <p><a href="#/">← executions</a></p>
    <h2>Execution <span class="mono">${ex.executionId}</span></h2>
    <p class="summary">
      <${StatusBadge} value=${ex.status} /> ${ex.result?.outcome ? html`outcome <${StatusBadge} value=${ex.result.outcome} />` : null}
      ${ex.result?.authorizationNumber ? html` authorization <span class="mono">${ex.result.authorizationNumber}</span>` : null}
      ${ex.result?.reason ? html` — ${ex.result.reason}` : null}
      · ${ex.input?.patientId} · ${ex.input?.procedureCode} · ${ex.invocations} invocations · ${data.events.length} events
      · <span data-testid="fault-count">${faults}</span> injected faults · <span data-testid="crash-count">${crashes}</span> recoveries
    </p>
    ${data.model ? html`<${ModelUsage} model=${data.model} />` : null}
    <p class="tl-legend">Click or focus a mark and press Enter to see its request, response or checkpoint. ● request · <span style="color:#cf222e">◆ injected fault</span> · <span style="color:#8250df">■ step</span> · <span style="color:#d4a72c">■ retry / poll</span> · <span style="color:#1a7f37">● callback</span> · <span style="color:#cf222e">✕ crash, recovery</span> · ⚑ end · ▭ wait / backoff</p>
    <div class="detail-grid">
      <div ref=${box} onClick=${pick} class="timeline" data-testid="timeline" dangerouslySetInnerHTML=${{ __html: data.svg }}></div>
      <aside class="card event" aria-live="polite" data-testid="event-detail">
        ${event ? html`<h3>${event.label}</h3>
          <p class="mono">${new Date(event.at).toISOString()}${event.faults?.length ? ` · fault: ${event.faults.join(', ')}` : ''}</p>
          <pre>${JSON.stringify(event.detail ?? {}, null, 2)}</pre>` : html`<p>Select a mark on the timeline.</p>`}
      </aside>
    </div>
  </section>`;
}

// The model gateway's token ledger for this execution: tokens and cost per agent, and what
// faulted calls or responses lost after the tokens were spent cost on top.
const usd = (v) => (v === 0 ? '$0' : v < 0.0001 ? '<$0.0001' : `$${v.toFixed(4)}`);
const n = (v) => v.toLocaleString('en-US');
function ModelUsage({ model }) {
  const wasted = Object.entries(model.byOutcome).filter(([k]) => k !== 'completed').map(([k, v]) => `${v} ${k}`).join(', ');
  return html`<div class="card model" data-testid="model-usage">
    <h3>Model calls</h3>
    <p><span data-testid="model-calls">${model.calls}</span> calls · ${n(model.inputTokens)} input + ${n(model.outputTokens)} output tokens · <strong data-testid="model-cost">${usd(model.costUsd)}</strong>${wasted ? ` · ${wasted}` : ''}</p>
    <table><thead><tr><th>agent</th><th>calls</th><th>input</th><th>output</th><th>cost</th></tr></thead>
      <tbody>${model.agents.map((a) => html`<tr><td>${a.agent}</td><td>${a.calls}</td><td>${n(a.inputTokens)}</td><td>${n(a.outputTokens)}</td><td>${usd(a.costUsd)}</td></tr>`)}</tbody></table>
  </div>`;
}
