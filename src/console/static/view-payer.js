// The payer desk: every claim with its X12 306 review action; pended claims with "decide now"
// (approve, partial, modify, deny with a reason, or evaluate the policy); the ledger with every
// absorbed duplicate and the mechanism that absorbed it.
import { useState } from 'preact/hooks';
import { api, ErrorText, html, REVIEW_ACTIONS, useAction } from './api.js';

const CHOICES = [['A1', 'Approve (A1)'], ['A2', 'Partial (A2)'], ['A6', 'Modify (A6)'], ['A3', 'Deny (A3)'], ['CT', 'Contact payer (CT)'], ['evidence', 'Evaluate the policy']];

function DecideNow({ claim }) {
  const [decision, setDecision] = useState('A1');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const needsReason = decision === 'A3';
  const submit = (e) => {
    e.preventDefault();
    void run(() => api('POST', `/console/api/claims/${encodeURIComponent(claim.id)}/release`, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
  };
  return html`<form class="row decide-now" onSubmit=${submit} aria-label=${`decide ${claim.id} now`}>
    <select name="decision" value=${decision} onChange=${(e) => setDecision(e.currentTarget.value)}>${CHOICES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
    <input name="reason" placeholder=${needsReason ? 'reason (required to deny)' : 'reason (optional)'} value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} />
    <button type="submit" disabled=${busy || (needsReason && !reason.trim())}>Decide now</button>
    <${ErrorText} error=${error} />
  </form>`;
}

const MECHANISMS = [['idempotency-key-replay', 'Idempotency-Key replay'], ['idempotency-key-conflict', 'key reused, other payload (422)'], ['idempotency-key-in-flight', 'key in flight (409)'], ['business-identifier', 'same business identifier']];

export function PayerDesk({ snapshot }) {
  const claims = [...snapshot.claims].reverse();
  const ledger = snapshot.ledger;
  return html`<section>
    <h2>Payer desk</h2>
    <h3>Claims</h3>
    ${claims.length === 0 ? html`<p>No claims yet.</p>` : html`<table class="list" aria-label="claims">
      <thead><tr><th>claim</th><th>authorization</th><th>created</th><th>review action (X12 306)</th><th>reason</th><th>decide now</th></tr></thead>
      <tbody>${claims.map((c) => html`<tr data-claim=${c.id}>
        <td class="mono" title=${c.businessKey}>${c.id}</td><td class="mono">${c.authorizationNumber}</td>
        <td>${c.createdAt.replace('T', ' ').slice(0, 19)}</td>
        <td>${c.reviewActions.map((a) => html`<span class=${`badge ra-${a}`} title=${REVIEW_ACTIONS[a] ?? a}>${a} ${REVIEW_ACTIONS[a] ?? ''}</span>`)}</td>
        <td>${(c.reasons ?? []).filter(Boolean).join('; ')}</td>
        <td>${c.pended ? html`<${DecideNow} claim=${c} />` : '—'}</td>
      </tr>`)}</tbody></table>`}
    <h3>Ledger</h3>
    ${ledger ? html`<p>Totals: ${ledger.totals.claims} claims, ${ledger.totals.adjudications} adjudications, ${ledger.totals.reviewTasks} review tasks, ${ledger.totals.notificationsSent} notifications sent; duplicates absorbed: ${MECHANISMS.map(([k, l]) => `${l} ${ledger.totals.duplicates[k]}`).join(', ')}.</p>
    <table class="list" aria-label="ledger">
      <thead><tr><th>business key</th><th>claims</th><th>adjudications</th>${MECHANISMS.map(([, l]) => html`<th>${l}</th>`)}<th>notifications sent / dropped / duplicated</th><th>review tasks</th></tr></thead>
      <tbody>${ledger.entries.map((e) => html`<tr data-ledger=${e.businessKey}>
        <td class="mono">${e.businessKey}</td><td>${e.claimIds.length}</td><td>${e.adjudications}</td>
        ${MECHANISMS.map(([k]) => html`<td class=${e.duplicates[k] ? 'absorbed' : ''}>${e.duplicates[k]}</td>`)}
        <td>${e.notificationsSent} / ${e.notificationsDropped} / ${e.notificationsDuplicated}</td><td>${e.reviewTasks}</td>
      </tr>`)}</tbody></table>` : html`<p>Ledger unavailable.</p>`}
  </section>`;
}
