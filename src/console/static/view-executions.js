// Executions: the start form (persona and procedure, with the persona's clinical story so the
// audience knows what should happen) and the live list with status, stage, outcome and simulated age.
import { useState } from 'preact/hooks';
import { api, duration, ErrorText, html, StatusBadge, useAction } from './api.js';

function StartForm({ catalog }) {
  const [personaId, setPersonaId] = useState(catalog.personas[0]?.id);
  const persona = catalog.personas.find((p) => p.id === personaId);
  const [procedure, setProcedure] = useState(persona?.procedure.code);
  const [started, setStarted] = useState();
  const { busy, error, run } = useAction();
  const choose = (id) => {
    setPersonaId(id);
    setProcedure(catalog.personas.find((p) => p.id === id)?.procedure.code);
  };
  const submit = (e) => {
    e.preventDefault();
    void run(async () => {
      const r = await api('POST', '/console/api/executions', { patientId: personaId, procedureCode: procedure });
      setStarted(r.executionId);
    });
  };
  return html`<form class="card start" onSubmit=${submit} aria-labelledby="start-title">
    <h2 id="start-title">Start a prior-auth request</h2>
    <div class="row">
      <label>Persona
        <select name="persona" value=${personaId} onChange=${(e) => choose(e.currentTarget.value)}>
          ${catalog.personas.map((p) => html`<option value=${p.id}>${p.id}</option>`)}
        </select></label>
      <label>Procedure
        <select name="procedure" value=${procedure} onChange=${(e) => setProcedure(e.currentTarget.value)}>
          ${catalog.procedures.map((p) => html`<option value=${p.code}>${p.code} ${p.display}</option>`)}
        </select></label>
      <button type="submit" disabled=${busy}>Start request</button>
    </div>
    ${persona && html`<div class="story" data-testid="persona-story">
      <p><b>${persona.procedure.display}</b> (${persona.procedure.code}) — ${persona.story}.</p>
      <p>Expected: ${persona.expects}${persona.criterion !== 'all' ? ` (criterion: ${persona.criterion})` : ''}.</p>
      ${procedure !== persona.procedure.code ? html`<p class="warn">This persona's chart is about ${persona.procedure.code}; the payer will judge ${procedure} against it.</p>` : null}
    </div>`}
    ${started && html`<p>Started <a href=${`#/executions/${encodeURIComponent(started)}`}>${started}</a>.</p>`}
    <${ErrorText} error=${error} />
  </form>`;
}

export function ExecutionsView({ snapshot, catalog }) {
  const now = Date.parse(snapshot.clock?.now ?? '');
  const rows = snapshot.executions;
  return html`<section>
    <${StartForm} catalog=${catalog} />
    <h2>Executions</h2>
    ${!snapshot.orchestrator.ok && html`<p class="warn" role="status">Orchestrator unreachable (${snapshot.orchestrator.error}); the list shows the last one read.</p>`}
    ${rows.length === 0 ? html`<p>No executions yet: start one above.</p>` : html`
    <table class="list" aria-label="executions">
      <thead><tr><th>execution</th><th>patient</th><th>procedure</th><th>status</th><th>stage</th><th>outcome</th><th>simulated age</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-execution=${r.executionId}>
        <td><a href=${`#/executions/${encodeURIComponent(r.executionId)}`}>${r.executionId}</a></td>
        <td>${r.patientId}</td><td>${r.procedureCode}</td>
        <td><${StatusBadge} value=${r.status} /></td>
        <td class="mono">${r.stage ?? ''}</td>
        <td>${r.outcome ? html`<${StatusBadge} value=${r.outcome} />` : ''}${r.authorizationNumber ? html` <span class="mono">${r.authorizationNumber}</span>` : ''}</td>
        <td>${duration((r.endedAt ? Date.parse(r.endedAt) : now) - Date.parse(r.createdAt))}</td>
      </tr>`)}</tbody>
    </table>`}
  </section>`;
}
