// A department: its items, what it owes (due, late, missing), and its recent activity from the live feed.
import { api } from '../api.js';
import { escape, badge, number, dueText, escalationText, day, taskText } from '../format.js';

export async function renderDepartment(main, plan, code, feedItems) {
  const [summary, calendar, info] = await Promise.all([
    api(`/api/plans/${encodeURIComponent(plan)}/departments/${encodeURIComponent(code)}/summary`),
    api(`/api/plans/${encodeURIComponent(plan)}/departments/${encodeURIComponent(code)}/calendar`),
    api(`/api/plans/${encodeURIComponent(plan)}`),
  ]);
  const name = info.departments.find((d) => d.code === code)?.name || code;
  const owing = calendar.filter((c) => c.state === 'Missing' || c.state === 'Open');
  main.innerHTML = `
    <section id="department-view">
      <p><a href="#/">← 总览</a></p>
      <div class="grid">
        <div class="card"><h2>${escape(name)}：指标 ${summary.indicatorItems.length} 项</h2>
          <table id="department-items"><tr><th>指标</th><th>最新</th><th>目标</th><th>状态</th><th>逾期</th></tr>
          ${summary.indicatorItems.map((i) => `<tr><td><a href="#/indicator/${escape(i.code)}">${escape(i.name)}</a></td>
            <td class="num">${number(i.latest?.actual)} ${escape(i.unit)}</td><td>${escape(i.targetText)}</td><td>${badge(i.status)}</td>
            <td>${i.late ? '是' : ''}</td></tr>`).join('')}
          </table>
          <h2 style="margin-top:14px">定性任务 ${summary.taskItems.length} 项</h2>
          <table>${summary.taskItems.map((t) => `<tr><td>${escape(t.text)}</td><td>${escape(taskText[t.status])}</td></tr>`).join('')}</table>
        </div>
        <div class="card"><h2>待报与逾期（${owing.length}）</h2>
          <table id="department-due"><tr><th>指标</th><th>期别</th><th>截止</th><th>状态</th><th>催办</th></tr>
          ${owing.map((c) => `<tr><td>${escape(c.name)}</td><td>${escape(c.period)}</td><td>${escape(day(c.dueOn))}</td>
            <td>${escape(dueText[c.state])}</td><td>${escape(escalationText[c.escalation] || '')}</td></tr>`).join('')}
          </table></div>
        <div class="card"><h2>近期动态</h2><ul class="feed" id="feed">${feedItems((change) => change.department === code)}</ul></div>
      </div>
    </section>`;
}
