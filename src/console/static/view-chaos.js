// Chaos controls: load a scenario; arm and disarm fault rules from the palette per system and
// route; the clock's speed and "advance 1 hour / 1 day"; crash the orchestrator (SIGKILL of its
// process through the supervisor, which restarts it) — disabled, with the reason, when no supervisor runs.
import { useState } from 'preact/hooks';
import { api, ErrorText, html, useAction } from './api.js';

function ScenarioLoader({ catalog, snapshot }) {
  const [name, setName] = useState(catalog.scenarios[0]?.name);
  const { busy, error, run } = useAction();
  const chosen = catalog.scenarios.find((s) => s.name === name);
  return html`<div class="card"><h3>Scenario</h3>
    <p>Loaded: <b>${snapshot.scenario?.name ?? 'none (the demo configuration)'}</b></p>
    <div class="row">
      <select aria-label="scenario" value=${name} onChange=${(e) => setName(e.currentTarget.value)}>${catalog.scenarios.map((s) => html`<option value=${s.name}>${s.name}</option>`)}</select>
      <button disabled=${busy} onClick=${() => run(() => api('POST', '/console/api/scenario', { name }))}>Load scenario</button>
    </div>
    ${chosen && html`<p>${chosen.description} Expected outcome: ${chosen.expected}. Loading resets the simulator's state (claims, tasks, faults); the clock keeps running.</p>`}
    <${ErrorText} error=${error} />
  </div>`;
}

function FaultPalette({ catalog, snapshot }) {
  const { routes, faults } = catalog.faultPalette;
  const systems = Object.keys(routes);
  const [system, setSystem] = useState('payer');
  const [routeIdx, setRouteIdx] = useState(0);
  const [faultId, setFaultId] = useState(faults[0].id);
  const { busy, error, run } = useAction();
  const route = routes[system][routeIdx] ?? routes[system][0];
  const preset = faults.find((f) => f.id === faultId);
  const arm = () => run(() => api('POST', '/console/api/faults', {
    match: { system, route: route.route, ...(route.method ? { method: route.method } : {}) }, schedule: preset.schedule, fault: preset.fault,
  }));
  return html`<div class="card"><h3>Faults</h3>
    <div class="row">
      <label>System <select name="fault-system" value=${system} onChange=${(e) => { setSystem(e.currentTarget.value); setRouteIdx(0); }}>${systems.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <label>Route <select name="fault-route" value=${routeIdx} onChange=${(e) => setRouteIdx(Number(e.currentTarget.value))}>${routes[system].map((r, i) => html`<option value=${i}>${r.label}</option>`)}</select></label>
      <label>Fault <select name="fault-kind" value=${faultId} onChange=${(e) => setFaultId(e.currentTarget.value)}>${faults.map((f) => html`<option value=${f.id}>${f.label}</option>`)}</select></label>
      <button disabled=${busy} onClick=${arm}>Arm</button>
    </div>
    <${ErrorText} error=${error} />
    ${snapshot.faults.length === 0 ? html`<p>No fault rule armed.</p>` : html`<table class="list" aria-label="armed faults">
      <thead><tr><th>rule</th><th>system</th><th>route</th><th>fault</th><th>schedule</th><th>matched</th><th>fired</th><th></th></tr></thead>
      <tbody>${snapshot.faults.map((f) => html`<tr data-fault=${f.id}>
        <td class="mono">${f.id}</td><td>${f.match.system ?? 'any'}</td><td class="mono">${f.match.method ?? ''} ${f.match.route ?? '*'}</td>
        <td>${f.fault.kind}${f.fault.status ? ` ${f.fault.status}` : ''}</td><td>${f.schedule.kind}${f.schedule.n ? ` ${f.schedule.n}` : ''}${f.schedule.p !== undefined ? ` ${f.schedule.p}` : ''}</td>
        <td>${f.matched}</td><td>${f.fired}</td>
        <td><button class="small" onClick=${() => run(() => api('DELETE', `/console/api/faults/${encodeURIComponent(f.id)}`))}>Disarm</button></td>
      </tr>`)}</tbody></table>
      <button class="small" onClick=${() => run(() => api('DELETE', '/console/api/faults'))}>Disarm all</button>`}
  </div>`;
}

const SPEEDS = [[60, '1 min / s'], [600, '10 min / s'], [3600, '1 h / s'], [86400, '1 day / s']];

function ClockControls({ snapshot }) {
  const clock = snapshot.clock;
  const { busy, error, run } = useAction();
  const adjustable = clock?.factor !== null && clock?.factor !== undefined;
  const movable = adjustable || clock?.kind === 'virtual';
  return html`<div class="card"><h3>Clock</h3>
    <p>Simulated time <b class="mono">${clock?.now ?? '?'}</b> (${clock?.kind ?? '?'}${adjustable ? `, ${clock.factor} simulated s per real s` : ''})</p>
    <div class="row">
      <label>Speed <select aria-label="clock speed" disabled=${!adjustable || busy} value=${clock?.factor} onChange=${(e) => run(() => api('POST', '/console/api/clock/speed', { factor: Number(e.currentTarget.value) }))}>
        ${SPEEDS.some(([f]) => f === clock?.factor) ? null : html`<option value=${clock?.factor}>${clock?.factor ?? 'fixed'}</option>`}
        ${SPEEDS.map(([f, l]) => html`<option value=${f}>${l}</option>`)}</select></label>
      <button disabled=${!movable || busy} title=${movable ? '' : 'this clock cannot be moved'} onClick=${() => run(() => api('POST', '/console/api/clock/advance', { seconds: 3600 }))}>Advance 1 hour</button>
      <button disabled=${!movable || busy} title=${movable ? '' : 'this clock cannot be moved'} onClick=${() => run(() => api('POST', '/console/api/clock/advance', { seconds: 86400 }))}>Advance 1 day</button>
    </div>
    <${ErrorText} error=${error} />
  </div>`;
}

function CrashControl({ catalog, snapshot }) {
  const { busy, error, run } = useAction();
  const [last, setLast] = useState();
  const why = !catalog.supervisor ? 'No supervisor runs here: the crash button needs npm start\'s supervisor, which kills the orchestrator process (SIGKILL) and restarts it.'
    : !snapshot.supervisor.ok ? `The supervisor is unreachable: ${snapshot.supervisor.error}` : '';
  const crash = () => run(async () => setLast(await api('POST', '/console/api/crash')));
  return html`<div class="card"><h3>Crash</h3>
    <p>Kill the orchestrator process now (SIGKILL); the supervisor restarts it and every running execution resumes from its last checkpoint.</p>
    <span title=${why} class="tooltip-host"><button class="danger" disabled=${!!why || busy} aria-describedby="crash-why" onClick=${crash}>Crash the orchestrator now</button></span>
    ${why ? html`<p id="crash-why" class="muted">${why}</p>` : null}
    ${last ? html`<pre class="mono">${JSON.stringify(last)}</pre>` : null}
    ${snapshot.supervisor.processes ? html`<details><summary>Processes</summary><pre>${JSON.stringify(snapshot.supervisor.processes, null, 2)}</pre></details>` : null}
    <${ErrorText} error=${error} />
  </div>`;
}

export function ChaosView({ snapshot, catalog }) {
  return html`<section class="chaos">
    <h2>Chaos controls</h2>
    <div class="grid">
      <${FaultPalette} catalog=${catalog} snapshot=${snapshot} />
      <${ClockControls} snapshot=${snapshot} />
      <${ScenarioLoader} catalog=${catalog} snapshot=${snapshot} />
      ${catalog.orchestrator ? html`<${CrashControl} catalog=${catalog} snapshot=${snapshot} />` : null}
    </div>
  </section>`;
}
