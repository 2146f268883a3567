// The monthly round (报送审核) of one period: each department's completion (报送率), the approval queue with the
// rules each figure breaks and its 上报说明 beside it (approve or send back in place), and the figures sent back to
// the signed-in user's department. What this user may do — which lines to approve or send back, which to submit — the
// server says (actsOn, submits); the page decides nothing of the round itself.
import { api, ApiError, currentUser, readsThePast } from '../api.js';
import { departmentName } from '../plan.js';
import { escape, number, dueText, escalationText, beijingDate } from '../format.js';

// The month before the business day the server reports, kept inside the plan's own year.
function defaultPeriod(asOf, year) {
  const [y, m] = beijingDate(asOf).split('-').map(Number);
  const previous = m === 1 ? [y - 1, 12] : [y, m - 1];
  if (previous[0] > year) return `${year}-12`;
  if (previous[0] < year) return `${year}-01`;
  return `${previous[0]}-${String(previous[1]).padStart(2, '0')}`;
}

const findingsCell = (line) => line.findings.length
  ? line.findings.map((f) => `<div class="finding ${escape(f.severity)}">${escape(f.clerk)}</div>`).join('')
  : '<span class="muted">无</span>';

export async function renderRound(main, plan, period, view) {
  const id = encodeURIComponent(plan);
  const info = await api(`/api/plans/${id}`);
  if (!period) {
    const summary = await api(`/api/plans/${id}/summary`);
    period = defaultPeriod(summary.asOf, info.year);
  }
  const query = view.asOf ? `?asOf=${encodeURIComponent(view.asOf)}` : '';
  const board = await api(`/api/plans/${id}/rounds/${encodeURIComponent(period)}${query}`);
  const me = currentUser();
  const actsOn = new Set(board.actsOn);
  const queue = board.lines.filter((l) => l.state === 'Awaiting');
  const mine = board.lines.filter((l) => l.state === 'SentBack' && l.department === me?.department);
  // What the user's department may hand in now: figures filled in, and figures corrected after a send-back.
  const drafts = board.lines.filter((l) => board.submits.includes(l.code) && l.department === me?.department);
  const submits = drafts.length > 0;
  main.innerHTML = `
    <section id="round-view" data-period="${escape(period)}">
      <p><a href="#/">← 总览</a></p>
      <div class="card">
        <h2>${escape(period)} 报送审核${view.asOf ? `（${escape(view.asOf)} 当日结束时）` : ''}</h2>
        <div class="toolbar">
          <label for="round-period">期别</label><input id="round-period" type="month" value="${escape(period)}">
          ${readsThePast() ? `<label for="round-asof">按时点查看</label><input type="date" id="round-asof" value="${escape(view.asOf || '')}">` : ''}
          <button id="round-apply">查看</button>
          <span class="muted">审核环节：科室填报 → ${board.policy.levels.map((l) => escape(l.name)).join(' → ')} → 定稿</span>
        </div>
      </div>
      <div class="card" style="margin-top:16px"><h2>审核队列（${queue.length}）</h2>
        <table id="queue"><tr><th>部门</th><th>指标</th><th>期别</th><th>数值</th><th>环节</th><th>催办</th><th>审核规则</th><th>上报说明</th><th>操作</th></tr>
        ${queue.map((l) => `<tr data-code="${escape(l.code)}" data-period="${escape(l.period)}" data-level="${escape(l.awaiting)}">
          <td>${escape(departmentName(l.department))}</td><td><a href="#/indicator/${escape(l.code)}">${escape(l.name)}</a></td><td>${escape(l.period)}</td>
          <td class="num">${number(l.value)} ${escape(l.unit)}</td><td>${escape(l.stateText)}</td><td class="overdue">${escape(escalationText[l.overdue] || '')}</td>
          <td>${findingsCell(l)}</td><td>${escape(l.explanation || '')}</td>
          <td>${actsOn.has(l.code) ? `<button class="approve">通过</button>
            <input class="send-back-message" placeholder="退回意见" size="14"><button class="send-back">退回</button>` : ''}</td></tr>`).join('')
          || '<tr><td colspan="9" class="muted">没有待审核的数据</td></tr>'}
        </table>
        <p class="error" id="round-error"></p>
      </div>
      <div class="card" style="margin-top:16px"><h2>退回给我（${mine.length}）</h2>
        <table id="sent-back"><tr><th>指标</th><th>期别</th><th>数值</th><th>退回意见</th><th></th></tr>
        ${mine.map((l) => `<tr data-code="${escape(l.code)}"><td>${escape(l.name)}</td><td>${escape(l.period)}</td>
          <td class="num">${number(l.value)} ${escape(l.unit)}</td><td class="message">${escape(l.message || '')}</td>
          <td><a href="#/indicator/${escape(l.code)}">去更正</a></td></tr>`).join('') || '<tr><td colspan="5" class="muted">没有退回的数据</td></tr>'}
        </table>
        ${submits ? `<p><button class="primary" id="round-submit">提交本部门本期报送（${drafts.length} 项）</button></p>` : ''}
      </div>
      <div class="card" style="margin-top:16px"><h2>报送率</h2>
        <table id="completion"><tr><th>部门</th><th class="num">应报</th><th class="num">按时</th><th class="num">迟报</th><th class="num">未报</th><th class="num">退回</th><th class="num">待审</th><th class="num">定稿</th><th class="num">报送率</th></tr>
        ${board.completion.filter((c) => c.owed > 0).map((c) => `<tr data-department="${escape(c.department)}"><td>${escape(departmentName(c.department))}</td>
          <td class="num">${c.owed}</td><td class="num">${c.onTime}</td><td class="num">${c.late}</td><td class="num">${c.missing}</td>
          <td class="num">${c.sentBack}</td><td class="num">${c.awaiting}</td><td class="num">${c.final}</td><td class="num">${Number(c.reportedShare).toFixed(1)}%</td></tr>`).join('')}
        </table>
      </div>
      <div class="card" style="margin-top:16px"><h2>全部数据（${board.lines.length}）</h2>
        <table id="round-lines"><tr><th>部门</th><th>指标</th><th>期别</th><th>数值</th><th>报送</th><th>审核</th><th>审核规则</th></tr>
        ${board.lines.map((l) => `<tr data-code="${escape(l.code)}"><td>${escape(departmentName(l.department))}</td><td>${escape(l.name)}</td>
          <td>${escape(l.period)}</td><td class="num">${number(l.value)} ${escape(l.unit)}</td><td>${escape(dueText[l.due])}</td>
          <td>${escape(l.stateText)}</td><td>${l.findings.length ? findingsCell(l) : ''}</td></tr>`).join('')}
        </table>
      </div>
    </section>`;

  main.querySelector('#round-apply').addEventListener('click', () => {
    const chosen = main.querySelector('#round-period').value || period;
    const asOf = main.querySelector('#round-asof')?.value;
    location.hash = `#/round/${chosen}${asOf ? `?asOf=${asOf}` : ''}`;
  });
  const error = main.querySelector('#round-error');
  // After a step the page is drawn again at once, whether or not the live feed brings the change.
  const step = async (path, body) => {
    try {
      await api(path, { method: 'POST', body: JSON.stringify(body) });
      error.textContent = '';
      window.dispatchEvent(new Event('qz:changed'));
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.message : '操作未完成，请检查网络后重试';
    }
  };
  main.querySelectorAll('#queue tr[data-code]').forEach((row) => {
    const path = `/api/plans/${id}/indicators/${encodeURIComponent(row.dataset.code)}/round`;
    const { period: own, level } = row.dataset;
    row.querySelector('.approve')?.addEventListener('click', () => step(path, { action: 'Approve', period: own, level }));
    row.querySelector('.send-back')?.addEventListener('click', () =>
      step(path, { action: 'SendBack', period: own, level, message: row.querySelector('.send-back-message').value.trim() }));
  });
  main.querySelector('#round-submit')?.addEventListener('click', () =>
    step(`/api/plans/${id}/departments/${encodeURIComponent(me.department)}/rounds/${encodeURIComponent(period)}`, { action: 'Submit' }));
}
