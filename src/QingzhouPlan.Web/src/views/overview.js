// Plan overview: counts by chapter and department, the year's 序时进度, what is due this week, open
// escalations, and the live change feed.
import { api } from '../api.js';
import { escape, number, dueText, escalationText, beijingDate, day } from '../format.js';

const countCells = (c) => `
  <td class="num">${c.met}</td><td class="num">${c.onTrack}</td><td class="num">${c.lagging}</td>
  <td class="num">${c.noData}</td><td class="num">${c.late}</td>`;
const countHead = '<th>已完成</th><th>达序时</th><th>滞后</th><th>无数据</th><th>逾期</th>';

export async function renderOverview(main, plan, feedItems) {
  const id = encodeURIComponent(plan);
  // One round of requests: this week's dues are cut from the whole calendar here, since the week is known only
  // from the server's clock (summary.asOf). A redraw under load waits on every round it makes.
  const [summary, info, calendar] = await Promise.all([
    api(`/api/plans/${id}/summary`), api(`/api/plans/${id}`), api(`/api/plans/${id}/calendar`),
  ]);
  const today = beijingDate(summary.asOf);
  const weekEnd = beijingDate(new Date(new Date(summary.asOf).getTime() + 6 * 86400000));
  // Dates as YYYY-MM-DD compare as text; the calendar comes ordered by due date.
  const due = calendar.filter((c) => c.dueOn >= today && c.dueOn <= weekEnd);
  const escalations = calendar.filter((c) => c.escalation && c.state === 'Missing');
  const names = Object.fromEntries(info.departments.map((d) => [d.code, d.name]));
  // The year's 序时进度 as the server's rule gives it (whole months of the plan's own year).
  const share = Number(summary.scheduleShare);
  const months = Math.round(share * 12);
  const c = summary.indicators;
  main.innerHTML = `
    <section id="overview">
      ${summary.errors?.length ? `<p class="banner">有 ${summary.errors.length} 项指标暂无法评估：${summary.errors.map((e) => escape(e.code)).join('、')}</p>` : ''}
      <div class="grid">
        <div class="card"><h2>指标总体（${c.met + c.onTrack + c.lagging + c.noData} 项）</h2>
          <div class="counts">
            <div class="count met"><b id="count-met">${c.met}</b>已完成</div>
            <div class="count ontrack"><b id="count-ontrack">${c.onTrack}</b>达到序时进度</div>
            <div class="count lagging"><b id="count-lagging">${c.lagging}</b>滞后</div>
            <div class="count nodata"><b id="count-nodata">${c.noData}</b>无数据</div>
            <div class="count late"><b id="count-late">${c.late}</b>逾期未报</div>
          </div>
          <p class="muted">截至 ${today}，全年序时进度 ${(share * 100).toFixed(1)}%（${info.year} 年已过 ${months} 个月）</p>
          <div class="progress"><span style="width:${share * 100}%"></span></div>
          <p class="muted">定性任务 ${Object.values(summary.tasks).reduce((a, b) => a + b, 0)} 项：推进中 ${summary.tasks.inProgress}，已完成 ${summary.tasks.done}，有风险 ${summary.tasks.atRisk}</p>
        </div>
        <div class="card"><h2>本周到期（${due.length}）</h2>
          <table id="due-week"><tr><th>指标</th><th>期别</th><th>截止</th><th>部门</th><th>状态</th></tr>
          ${due.slice(0, 12).map((d) => `<tr><td><a href="#/indicator/${escape(d.indicator)}">${escape(d.name)}</a></td><td>${escape(d.period)}</td>
            <td>${escape(day(d.dueOn))}</td><td>${escape(names[d.department] || d.department)}</td><td>${escape(dueText[d.state])}</td></tr>`).join('')}
          </table></div>
        <div class="card"><h2>催报与通报（${escalations.length}）</h2>
          <table id="escalations"><tr><th>指标</th><th>期别</th><th>部门</th><th>阶段</th></tr>
          ${escalations.slice(0, 12).map((d) => `<tr><td><a href="#/indicator/${escape(d.indicator)}">${escape(d.name)}</a></td><td>${escape(d.period)}</td>
            <td>${escape(names[d.department] || d.department)}</td><td>${escape(escalationText[d.escalation])}</td></tr>`).join('')}
          </table></div>
      </div>
      <div class="grid" style="margin-top:16px">
        <div class="card"><h2>按章节</h2><table id="chapters"><tr><th>章节</th>${countHead}</tr>
          ${summary.chapters.map((ch) => `<tr><td>${escape(info.chapters.find((x) => x.code === ch.code)?.title || ch.code)}</td>${countCells(ch.indicators)}</tr>`).join('')}
        </table></div>
        <div class="card"><h2>按部门</h2><table id="departments"><tr><th>部门</th>${countHead}</tr>
          ${summary.departments.filter((d) => Object.values(d.indicators).some((n) => n > 0))
            .map((d) => `<tr><td><a href="#/department/${escape(d.code)}">${escape(names[d.code] || d.code)}</a></td>${countCells(d.indicators)}</tr>`).join('')}
        </table></div>
        <div class="card"><h2>实时动态</h2><ul class="feed" id="feed">${feedItems()}</ul></div>
      </div>
    </section>`;
}

export { number };
