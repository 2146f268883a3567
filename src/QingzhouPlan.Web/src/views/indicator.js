// One indicator: its chart, figures, reporting calendar and history — now, as it stood at a chosen
// instant, or as an edition published it.
import { api, readsThePast, readsPeople, ApiError } from '../api.js';
import { departmentName } from '../plan.js';
import { drawIndicator } from '../chart.js';
import { escape, badge, number, percent, dueText, escalationText, day, time } from '../format.js';

export async function renderIndicator(main, plan, code, view) {
  const base = `/api/plans/${encodeURIComponent(plan)}/indicators/${encodeURIComponent(code)}`;
  // Only what this user may read is asked for; what they may do, the indicator itself answers.
  const readsPast = readsThePast();
  const past = Boolean(view.asOf || view.edition);
  const query = view.edition ? `?edition=${encodeURIComponent(view.edition)}` : view.asOf ? `?asOf=${encodeURIComponent(view.asOf)}` : '';
  const editions = readsPast ? await api(`/api/plans/${encodeURIComponent(plan)}/editions`) : [];
  const edition = editions.find((e) => String(e.number) === String(view.edition));
  // History as it was known then, cut where the server cuts an as-of view (the chosen day's end) or at the edition's publication.
  const to = edition ? edition.publishedAt : view.asOf;
  const [definition, status, history, permissions, years] = await Promise.all([
    api(base),
    api(`${base}/status${query}`),
    readsPeople() ? api(`${base}/history?pageSize=500${to ? `&to=${encodeURIComponent(to)}` : ''}`) : null,
    past ? null : api(`${base}/permissions`),
    // The same indicator in the plans before and after this one (it continues under its code): today's, so not in a view of the past.
    past ? [] : api(`${base}/years`),
  ]);
  const entries = history?.entries || [];
  const revisions = entries.filter((h) => h.change === 'corrected' || h.change === 'retracted');
  const writes = Boolean(permissions?.actions.includes('Report'));
  const label = view.edition ? `第 ${view.edition} 版（已发布）` : view.asOf ? `${view.asOf} 当日结束时` : '当前';
  main.innerHTML = `
    <section id="indicator-view" data-as-of="${escape(view.asOf || '')}">
      <p><a href="#/">← 总览</a></p>
      <div class="card">
        <h2>${escape(definition.name)}（${escape(definition.code)}）</h2>
        <p class="muted">${escape(definition.source)} · 责任部门 ${escape(departmentName(status.department))} · 目标 ${escape(status.targetText)} · 显示：<b id="as-of-label">${escape(label)}</b></p>
        ${readsPast ? `<div class="toolbar">
          <label for="asof">按时点查看</label><input type="date" id="asof" value="${escape(view.asOf || '')}">
          <button id="asof-apply">查看</button>
          <label for="edition">已发布版本</label>
          <select id="edition"><option value="">—</option>${editions.map((e) => `<option value="${escape(e.number)}" ${String(view.edition) === String(e.number) ? 'selected' : ''}>第${escape(e.number)}版 ${escape(e.title)}</option>`).join('')}</select>
          <a href="#/indicator/${escape(code)}">回到当前</a></div>` : ''}
        <div id="chart"></div>
      </div>
      <div class="grid" style="margin-top:16px">
        <div class="card"><h2>各期数据</h2>
          <table id="figures"><tr><th>期别</th><th>实际值</th><th>序时进度</th><th>目标</th><th>完成率</th><th>状态</th></tr>
          ${status.assessments.map((a) => `<tr data-period="${escape(a.period)}"><td>${escape(a.period)}</td><td class="num figure">${number(a.actual)}</td>
            <td class="num">${number(a.expected)}</td><td class="num">${number(a.target)}</td><td class="num">${percent(a.completion)}</td><td>${badge(a.status)}</td></tr>`).join('')}
          </table>
          ${writes ? `<form id="report-form" data-write="report"><h2 style="margin-top:14px">上报数据</h2>
            <div class="toolbar"><input id="report-period" placeholder="期别 如 2024-06" required>
            <input id="report-value" type="number" step="any" placeholder="数值" required>
            <input id="report-unit" value="${escape(definition.unit)}" size="6">
            <input id="report-explanation" placeholder="上报说明（审核规则要求时填写）" size="28">
            <input id="report-reason" placeholder="更正原因（更正已报数据时填写）" size="24">
            <button class="primary" type="submit">上报</button></div><p class="error" id="report-error"></p></form>` : ''}
        </div>
        <div class="card"><h2>报送日历</h2>
          <table id="calendar"><tr><th>期别</th><th>截止</th><th>状态</th><th>部门</th><th>催办</th></tr>
          ${status.calendar.map((c) => `<tr><td>${escape(c.period)}</td><td>${escape(day(c.dueOn))}</td><td>${escape(dueText[c.state])}</td>
            <td>${escape(departmentName(c.department))}</td><td>${escape(escalationText[c.escalation] || '')}</td></tr>`).join('')}
          </table></div>
        ${years.length > 1 ? `<div class="card"><h2>历年情况</h2><table id="years"><tr><th>年度</th><th>计划</th><th>目标</th><th>基数</th><th>年末实际</th><th>各期</th></tr>
          ${years.map((y) => `<tr data-year="${escape(y.year)}" class="${y.planId === plan ? 'current' : ''}"><td>${escape(y.year)}</td>
            <td>${y.planId === plan ? escape(y.planId) : `<a href="/?plan=${encodeURIComponent(y.planId)}#/indicator/${encodeURIComponent(y.code)}">${escape(y.planId)}</a>`}</td>
            <td>${escape(y.targetText || '')}</td><td class="num">${y.baseline ? `${number(y.baseline.value)} ${escape(y.baseline.unit)}` : ''}</td>
            <td class="num year-end">${y.yearEnd ? `${number(y.yearEnd.value)} ${escape(y.unit)}（${escape(y.yearEnd.period)}）` : '—'}</td>
            <td class="muted">${y.figures.map((f) => `${escape(f.period)}：${number(f.value)}`).join('；')}</td></tr>`).join('')}
          </table></div>` : ''}
        ${history ? `<div class="card"><h2>变更历史</h2><table id="history"><tr><th>时间</th><th>变更</th><th>期别</th><th>原值</th><th>新值</th><th>操作人</th><th>原因</th></tr>
          ${entries.slice().reverse().map((h) => `<tr><td>${escape(time(h.recordedAt))}</td><td>${escape(h.change)}</td><td>${escape(h.period || '')}</td>
            <td>${escape(h.from || '')}</td><td>${escape(h.to || '')}</td><td>${escape(h.user || '')}</td><td>${escape(h.reason || '')}</td></tr>`).join('')}
          </table></div>` : ''}
      </div>
    </section>`;
  drawIndicator(main.querySelector('#chart'), status, revisions);

  main.querySelector('#asof-apply')?.addEventListener('click', () => {
    const value = main.querySelector('#asof').value;
    location.hash = value ? `#/indicator/${code}?asOf=${value}` : `#/indicator/${code}`;
  });
  main.querySelector('#edition')?.addEventListener('change', (event) => {
    location.hash = event.target.value ? `#/indicator/${code}?edition=${event.target.value}` : `#/indicator/${code}`;
  });
  // One id per submission: a double click, or a retry after a timeout, sends the same report again, which the
  // indicator records once. A new id only after it was recorded, or once the clerk edits what is sent.
  const form = main.querySelector('#report-form');
  let submission = null;
  form?.addEventListener('input', () => { submission = null; });
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      period: main.querySelector('#report-period').value.trim(),
      value: Number(main.querySelector('#report-value').value),
      unit: main.querySelector('#report-unit').value.trim(),
    };
    const explanation = main.querySelector('#report-explanation').value.trim();
    if (explanation) body.explanation = explanation;
    // With a reason it corrects the period's standing figure (退回后更正); without, it is a new report.
    const reason = main.querySelector('#report-reason').value.trim();
    submission ??= crypto.randomUUID();
    const id = submission;
    try {
      if (reason) await api(`${base}/corrections`, { method: 'POST', headers: { 'Idempotency-Key': id }, body: JSON.stringify({ ...body, reason }) });
      else await api(`${base}/reports`, { method: 'POST', headers: { 'Idempotency-Key': id }, body: JSON.stringify({ reportId: `page-${id}`, ...body }) });
      if (submission === id) submission = null;
      main.querySelector('#report-error').textContent = '';
    } catch (error) {
      main.querySelector('#report-error').textContent = error instanceof ApiError ? error.message : String(error);
    }
  });
}
