// The monitoring page: sign in, then the plan overview, an indicator or a department, kept live by the
// plan's change feed. Routes are hashes (#/, #/indicator/CODE?asOf=…, #/department/CODE, #/round/PERIOD?asOf=…,
// #/report/PERIOD?asOf=…|edition=N, #/drafts, #/draft/ID).
import { api, setMe } from './api.js';
import { session } from './session.js';
import { setPlan } from './plan.js';
import { watch } from './live.js';
import { completeSignIn, providerSignOut } from './oidc.js';
import { renderSignIn } from './views/signin.js';
import { renderOverview } from './views/overview.js';
import { renderIndicator } from './views/indicator.js';
import { renderDepartment } from './views/department.js';
import { renderRound } from './views/round.js';
import { renderReport } from './views/report.js';
import { renderDrafts } from './views/drafts.js';
import { renderDraft } from './views/draft.js';
import { escape, time, statusText, taskText } from './format.js';

const main = document.getElementById('main');
const feed = [];
let config;
let stop = null;
let pending = null;
let drawing = Promise.resolve();

function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/').split('/').filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || 'overview', code: parts[1], asOf: params.get('asOf'), edition: params.get('edition') };
}

function feedItems(filter = () => true) {
  const items = feed.filter(filter).slice(0, 50);
  return items.length
    ? items.map((c, i) => `<li class="${c.fresh && i === 0 ? 'fresh' : ''}" data-code="${escape(c.code)}">${time(c.at)} <a href="#/indicator/${escape(c.code)}">${escape(c.code)}</a>
        ${escape(statusText[c.status] || taskText[c.status] || c.status)}${c.user ? ` · ${escape(c.user)}` : ''}</li>`).join('')
    : '<li class="muted">等待新的报送…</li>';
}

async function render() {
  const where = route();
  try {
    if (where.view === 'indicator' && where.code) await renderIndicator(main, config.plan, where.code, where);
    else if (where.view === 'department' && where.code) await renderDepartment(main, config.plan, where.code, feedItems);
    else if (where.view === 'round') await renderRound(main, config.plan, where.code, where);
    else if (where.view === 'report') await renderReport(main, config.plan, where.code, where);
    else if (where.view === 'drafts') await renderDrafts(main);
    else if (where.view === 'draft' && where.code) await renderDraft(main, where.code);
    else await renderOverview(main, config.plan, feedItems);
    main.dataset.renderedAt = String(Date.now());
  } catch (error) {
    if (error.status === 401) return signOut();
    main.innerHTML = `<p class="error">加载失败：${escape(error.message)}</p>`;
  }
}

// Whether someone is typing on the page (a send-back's 退回意见): a redraw would take it away.
function typing() {
  const field = document.activeElement;
  return Boolean(field?.matches('main input[type=text], main input:not([type])') && field.value.trim());
}

// Changes that arrive together are drawn together: the first schedules a redraw and later ones join it, and a
// redraw waits for the one still drawing, so there is at most one drawing and one to come. Putting the redraw off
// with each change instead drew a busy plan (a change every few milliseconds) only once it fell quiet. While
// someone is typing on the page, the redraw waits for them.
function refreshSoon() {
  if (pending) return;
  pending = setTimeout(async () => {
    await drawing;
    pending = null;
    if (typing()) refreshSoon();
    else drawing = render();
  }, typing() ? 1000 : 100);
}

async function start() {
  // Who the server says this is (every role the token carries), and the plan's departments by name.
  let me;
  try {
    me = await api('/api/me');
  } catch (error) {
    if (error.status === 401) return signOut();
    throw error;
  }
  setMe(me);
  document.getElementById('who').textContent = `${me.user} · ${me.department} · ${me.roles.join('、')}`;
  document.getElementById('sign-out').hidden = false;
  // The report documents are of the past (as of an instant, or an edition): only for those who read the past.
  document.getElementById('nav-report').hidden = !me.readsThePast;
  // Next year's plan is read from its document by an administrator.
  document.getElementById('nav-drafts').hidden = !me.roles.includes('admin');
  await api(`/api/plans/${encodeURIComponent(config.plan)}`).then((plan) => {
    setPlan(plan);
    document.getElementById('plan-title').textContent = plan.title;
  }).catch(() => {});
  stop = watch(config.plan, {
    onChange: (change) => {
      feed.forEach((c) => { c.fresh = false; });
      feed.unshift({ ...change, fresh: true });
      feed.length = Math.min(feed.length, 200);
      // Only a view the change touches is drawn again; a view of the past does not move at all.
      const where = route();
      const touched = where.view === 'overview' || (where.view === 'round' && !where.asOf)
        || (where.view === 'indicator' && where.code === change.code && !where.asOf && !where.edition)
        || (where.view === 'department' && where.code === change.department);
      if (touched) refreshSoon();
      else {
        const mine = where.view === 'department' ? (c) => c.department === where.code : undefined;
        document.querySelectorAll('#feed').forEach((list) => { list.innerHTML = feedItems(mine); });
      }
    },
    onReset: refreshSoon,
    onState: (on) => document.getElementById('live').classList.toggle('on', on),
    onExpired: signOut,
  });
  window.addEventListener('hashchange', render);
  window.addEventListener('qz:changed', refreshSoon);
  render();
}

// A session the server no longer accepts ends here; signing in again may find the provider's session still open.
function signOut() {
  stop?.();
  session.clear();
  location.hash = '';
  location.reload();
}

// The user's own sign-out also ends the session at the provider, which returns to this page.
function signOutEverywhere() {
  const provider = providerSignOut();
  if (!provider) return signOut();
  stop?.();
  session.clear();
  location.assign(provider);
}

document.getElementById('sign-out').addEventListener('click', signOutEverywhere);
api('/dashboard/config').then(async (c) => {
  // ?plan= opens another plan than the server's default (other years, other counties).
  config = { ...c, plan: new URLSearchParams(location.search).get('plan') || c.plan };
  try {
    await completeSignIn(config);
  } catch (error) {
    main.innerHTML = `<p class="error">${escape(error.message)}</p>`;
  }
  if (session.get()) start();
  else renderSignIn(main, config, start);
});
