// The console's shell: header (simulated clock, health of each system), navigation by URL hash
// (every view is a link, so the browser's back button and the keyboard work), and the views.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, html, useSnapshot } from './api.js';
import { ExecutionsView } from './view-executions.js';
import { ExecutionDetail } from './view-detail.js';
import { InboxView } from './view-inbox.js';
import { PayerDesk } from './view-payer.js';
import { ChaosView } from './view-chaos.js';

const useHash = () => {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
};

const Health = ({ name, state }) => {
  if (!state) return null;
  const label = state.configured === false ? 'not connected' : state.ok ? 'up' : `down: ${state.error ?? ''}`;
  return html`<span class=${`health ${state.configured === false ? 'off' : state.ok ? 'up' : 'down'}`} title=${label}>${name} ${state.configured === false ? 'not connected' : state.ok ? 'up' : 'down'}</span>`;
};

function App() {
  const hash = useHash();
  const { snapshot, connected } = useSnapshot();
  const [catalog, setCatalog] = useState();
  useEffect(() => void api('GET', '/console/api/catalog').then(setCatalog), []);
  const route = hash.replace(/^#\/?/, '').split('/');
  const withOrch = catalog?.orchestrator;
  const tabs = [
    ...(withOrch ? [['', 'Executions']] : []),
    ['inbox', `Review inbox${snapshot ? ` (${snapshot.tasks.filter((t) => t.status === 'pending').length})` : ''}`],
    ['payer', 'Payer desk'],
    ['chaos', 'Chaos controls'],
  ];
  const current = route[0] === 'executions' ? '' : route[0] ?? '';
  let view;
  if (!catalog || !snapshot) view = html`<p class="loading">Connecting…</p>`;
  else if (route[0] === 'executions' && !withOrch) view = html`<p class="warn" role="status" data-testid="no-orchestrator">The orchestrator is not connected: this console serves the simulator alone (prior-auth-sim serve). Executions and their timelines need npm start.</p>`;
  else if (route[0] === 'executions' && route[1]) view = html`<${ExecutionDetail} id=${decodeURIComponent(route[1])} snapshot=${snapshot} />`;
  else if (route[0] === 'inbox') view = html`<${InboxView} snapshot=${snapshot} />`;
  else if (route[0] === 'payer') view = html`<${PayerDesk} snapshot=${snapshot} />`;
  else if (route[0] === 'chaos') view = html`<${ChaosView} snapshot=${snapshot} catalog=${catalog} />`;
  else if (withOrch) view = html`<${ExecutionsView} snapshot=${snapshot} catalog=${catalog} />`;
  else view = html`<${InboxView} snapshot=${snapshot} />`;
  const clock = snapshot?.clock;
  return html`
    <header>
      <h1><a href="#/">prior-auth-sim</a></h1>
      <nav aria-label="views">${tabs.map(([path, label]) => html`<a href=${`#/${path}`} aria-current=${current === path ? 'page' : undefined}>${label}</a>`)}</nav>
      <div class="status">
        <span class="clock" title="simulated time">${clock ? `${clock.now.replace('T', ' ').slice(0, 19)} ${clock.kind}${clock.factor ? ` ×${clock.factor}` : ''}` : ''}</span>
        <${Health} name="simulator" state=${snapshot?.simulator} />
        <${Health} name="orchestrator" state=${snapshot?.orchestrator} />
        <${Health} name="supervisor" state=${snapshot?.supervisor} />
        ${connected ? null : html`<span class="health down">event stream reconnecting</span>`}
      </div>
    </header>
    <main id="main">${view}</main>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
