// The physician review inbox: open tasks with the justification letter and the evidence it
// cites (read from the EHR's FHIR API); approve, or reject with a reason. The decision goes to
// the review system's own decision route, which delivers it to the orchestrator exactly as the
// automatic reviewer's does.
import { useEffect, useState } from 'preact/hooks';
import { api, ErrorText, html, StatusBadge, useAction } from './api.js';

/** `[Observation/abc, Procedure/def]` references the letter cites, in order, once each. */
const bracketed = (body) => body.split('[').slice(1).flatMap((part) => {
  // a split, not /\[([^\]]+)\]/g: that regex is quadratic on a long run of '[' (regexp/no-super-linear-move)
  const end = part.indexOf(']');
  return end > 0 ? [part.slice(0, end)] : [];
});
const citedRefs = (body) => [...new Set(bracketed(body).flatMap((inner) => inner.split(',').map((s) => s.trim())).filter((r) => /^[A-Z][A-Za-z]+\/[A-Za-z0-9.-]+$/.test(r)))];

const codingText = (cc) => cc?.text ?? cc?.coding?.map((c) => `${c.code ?? ''} ${c.display ?? ''}`.trim()).join(', ') ?? '';

function summarize(r) {
  const when = r.effectiveDateTime ?? r.performedPeriod?.start ?? r.performedDateTime ?? r.authoredOn ?? r.date ?? r.onsetDateTime ?? '';
  const value = r.valueQuantity ? `${r.valueQuantity.value} ${r.valueQuantity.unit ?? ''}` : r.valueInteger ?? r.valueString ?? '';
  const what = codingText(r.code ?? r.medicationCodeableConcept ?? r.type) || r.description || '';
  const span = r.performedPeriod?.end ? ` → ${r.performedPeriod.end.slice(0, 10)}` : '';
  return `${what}${value !== '' ? ` = ${value}` : ''}${when ? ` (${String(when).slice(0, 10)}${span})` : ''}`;
}

function Evidence({ refs }) {
  const [items, setItems] = useState({});
  useEffect(() => {
    let live = true;
    for (const ref of refs) {
      const [type, id] = ref.split('/');
      api('GET', `/console/api/ehr/${type}/${id}`).then(
        (r) => live && setItems((s) => ({ ...s, [ref]: summarize(r) })),
        (err) => live && setItems((s) => ({ ...s, [ref]: `unavailable: ${err.message}` })));
    }
    return () => { live = false; };
  }, [refs.join(',')]);
  if (refs.length === 0) return html`<p>The letter cites no chart resources.</p>`;
  return html`<ul class="evidence">${refs.map((r) => html`<li><span class="mono">${r}</span> ${items[r] ?? '…'}</li>`)}</ul>`;
}

function TaskPanel({ task }) {
  const [reviewer, setReviewer] = useState('Dr. Demo Reviewer');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const decide = (approved) => run(() => api('POST', `/console/api/review/${encodeURIComponent(task.id)}/decision`, { approved, reviewer, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
  const open = task.status === 'pending';
  return html`<article class="card task" aria-labelledby=${`t-${task.id}`}>
    <h3 id=${`t-${task.id}`}>${task.letter.subject}</h3>
    <p class="mono">${task.id} · execution ${task.executionId} · created ${task.createdAt.replace('T', ' ').slice(0, 19)} · <${StatusBadge} value=${task.status} /></p>
    <pre class="letter">${task.letter.body}</pre>
    <h4>Cited evidence</h4>
    <${Evidence} refs=${citedRefs(task.letter.body)} />
    ${open ? html`<div class="decide">
      <label>Reviewer <input value=${reviewer} onInput=${(e) => setReviewer(e.currentTarget.value)} /></label>
      <label>Reason (required to reject) <textarea rows="2" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea></label>
      <div class="row">
        <button onClick=${() => decide(true)} disabled=${busy}>Approve</button>
        <button class="danger" onClick=${() => decide(false)} disabled=${busy || !reason.trim()} title=${reason.trim() ? '' : 'give a reason to reject'}>Reject</button>
      </div>
      <${ErrorText} error=${error} />
    </div>` : html`<p>Decided: ${task.decision?.approved ? 'approved' : `rejected (${task.decision?.reason ?? ''})`} by ${task.decision?.reviewer}; deliveries: ${task.deliveries.map((d) => d.status ?? d.error).join(', ') || 'none yet'}</p>`}
  </article>`;
}

export function InboxView({ snapshot }) {
  const pending = snapshot.tasks.filter((t) => t.status === 'pending');
  const done = snapshot.tasks.filter((t) => t.status !== 'pending').slice(-10).reverse();
  const [openId, setOpenId] = useState();
  // keep the open task on screen once decided, so the physician sees the delivery
  useEffect(() => {
    if (!snapshot.tasks.some((t) => t.id === openId) && pending[0]) setOpenId(pending[0].id);
  }, [openId, pending[0]?.id]);
  const current = snapshot.tasks.find((t) => t.id === openId) ?? pending[0];
  return html`<section class="inbox">
    <h2>Physician review inbox</h2>
    <div class="split">
      <nav class="card" aria-label="review tasks">
        <h3>Open (${pending.length})</h3>
        ${pending.length === 0 ? html`<p>No task waits for a physician.</p>` : html`<ul class="tasks">${pending.map((t) => html`<li><button class=${`link${current?.id === t.id ? ' current' : ''}`} data-task=${t.id} onClick=${() => setOpenId(t.id)}>${t.id} · ${t.letter.patientId ?? t.executionId} · ${t.letter.procedureCode ?? ''}</button></li>`)}</ul>`}
        <h3>Recently decided</h3>
        <ul class="tasks">${done.map((t) => html`<li><button class="link" onClick=${() => setOpenId(t.id)}>${t.id} · ${t.decision?.approved ? 'approved' : 'rejected'} · <${StatusBadge} value=${t.status} /></button></li>`)}</ul>
      </nav>
      ${current ? html`<${TaskPanel} key=${current.id} task=${current} />` : html`<p>Nothing selected.</p>`}
    </div>
  </section>`;
}
