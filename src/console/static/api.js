// The console page's link to its server: one EventSource of snapshots, and JSON calls that
// the server forwards to the public APIs (each carries x-console: 1, which other origins cannot send without a preflight).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);

/** Calls a console API route; resolves with the parsed body, or throws an Error whose message is the problem's detail. */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'x-console': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = text; }
  if (!res.ok) {
    const p = data && typeof data === 'object' ? data : {};
    const fields = Array.isArray(p.errors) ? p.errors.map((e) => `${e.path ?? ''} ${e.message ?? ''}`.trim()).join('; ') : '';
    const issues = Array.isArray(p.issue) ? p.issue.map((i) => `${i.expression?.join(', ') ?? ''} ${i.diagnostics ?? ''}`.trim()).join('; ') : '';
    throw new Error(`${res.status}: ${p.detail ?? p.title ?? (typeof data === 'string' ? data : '')}${fields ? ` (${fields})` : ''}${issues ? ` ${issues}` : ''}`.trim());
  }
  return data;
}

/** The newest snapshot the server pushed (undefined until the first arrives) and whether the stream is open. */
export function useSnapshot() {
  const [state, setState] = useState({ snapshot: undefined, connected: false });
  useEffect(() => {
    const source = new EventSource('/console/api/events');
    source.addEventListener('snapshot', (e) => setState({ snapshot: JSON.parse(e.data), connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    return () => source.close();
  }, []);
  return state;
}

/** An action button's state: runs `fn`, shows its error beside the button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (fn) => {
    setBusy(true);
    setError('');
    try { return await fn(); } catch (err) { setError(err.message); return undefined; } finally { setBusy(false); }
  };
  return { busy, error, run };
}

export const ErrorText = ({ error }) => (error ? html`<p class="error" role="alert">${error}</p>` : null);

/** `3 d 4 h`, `2 h 5 min`, `45 s`: a simulated duration. */
export function duration(ms) {
  if (!(ms >= 0)) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return `${hrs} h ${m % 60} min`;
  return `${Math.floor(hrs / 24)} d ${hrs % 24} h`;
}

export const REVIEW_ACTIONS = { A1: 'certified', A2: 'partially certified', A3: 'not certified (denied)', A4: 'pended', A6: 'modified', C: 'cancelled', CT: 'contact payer', NA: 'no action required' };

export const StatusBadge = ({ value }) => html`<span class=${`badge s-${String(value ?? '').toLowerCase()}`}>${value ?? '—'}</span>`;
