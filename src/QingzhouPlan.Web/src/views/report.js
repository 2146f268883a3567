// The execution report as a document (报告): a period, and either an instant or a published edition; a preview of
// the PDF in the page and both files to download. Every edition of the plan is listed with its files, one click each.
import { api, readsThePast } from '../api.js';
import { bearer } from '../oidc.js';
import { escape, beijingDate, time } from '../format.js';

// The file as the server writes it, fetched with the bearer token (a plain link could not carry it).
async function fetchFile(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${await bearer()}` } });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new Error(problem?.clerk || problem?.detail || `HTTP ${response.status}`);
  }
  return response.blob();
}

function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export async function renderReport(main, plan, period, view) {
  const id = encodeURIComponent(plan);
  if (!readsThePast()) {
    main.innerHTML = '<p class="error">查看和下载执行情况报告须具有审核员、审计员或管理员角色。</p>';
    return;
  }
  const [info, editions] = await Promise.all([api(`/api/plans/${id}`), api(`/api/plans/${id}/editions`)]);
  if (!period) {
    const summary = await api(`/api/plans/${id}/summary`);
    const [y, m] = beijingDate(summary.asOf).split('-').map(Number);
    period = y > info.year ? `${info.year}-12` : y < info.year || m === 1 ? `${info.year}-01` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  const query = view.edition ? `edition=${encodeURIComponent(view.edition)}` : view.asOf ? `asOf=${encodeURIComponent(view.asOf)}` : '';
  const base = `/api/plans/${id}/reports/${encodeURIComponent(period)}/document`;
  const label = view.edition ? `第 ${view.edition} 版` : view.asOf ? `${view.asOf} 当日结束时` : '当前';
  main.innerHTML = `
    <section id="report-view" data-period="${escape(period)}">
      <p><a href="#/">← 总览</a></p>
      <div class="card">
        <h2>${escape(period)} 执行情况报告 · <span id="report-label">${escape(label)}</span></h2>
        <div class="toolbar">
          <label for="report-period">期别</label><input id="report-period" type="month" value="${escape(period)}">
          <label for="report-asof">按时点</label><input id="report-asof" type="date" value="${escape(view.asOf || '')}">
          <label for="report-edition">已发布版本</label>
          <select id="report-edition"><option value="">—</option>${editions.map((e) => `<option value="${escape(e.number)}" ${String(view.edition) === String(e.number) ? 'selected' : ''}>第${escape(e.number)}版 ${escape(e.title)}</option>`).join('')}</select>
          <button id="report-apply">查看</button>
          <button id="report-pdf">下载 PDF</button><button id="report-docx">下载 Word</button>
        </div>
        <p class="error" id="report-error"></p>
        <iframe id="report-preview" title="报告预览" style="width:100%;height:900px;border:1px solid #e5e7eb"></iframe>
      </div>
      <div class="card" style="margin-top:16px"><h2>已发布版本（${editions.length}）</h2>
        <table id="report-editions"><tr><th>版次</th><th>期别</th><th>标题</th><th>发布时间</th><th>发布人</th><th>文件</th></tr>
        ${editions.map((e) => `<tr data-edition="${escape(e.number)}"><td>第${escape(e.number)}版</td><td>${escape(e.period)}</td><td>${escape(e.title)}</td>
          <td>${escape(time(e.publishedAt))}</td><td>${escape(e.publishedBy)}</td>
          <td><a href="#/report/${escape(e.period)}?edition=${escape(e.number)}">预览</a>
            <button class="link edition-file" data-format="pdf">PDF</button> <button class="link edition-file" data-format="docx">Word</button></td></tr>`).join('')
          || '<tr><td colspan="6" class="muted">尚未发布版本</td></tr>'}
        </table>
      </div>
    </section>`;

  const error = main.querySelector('#report-error');
  const fail = (failure) => { error.textContent = failure.message || '报告生成失败，请稍后重试'; };
  const name = (format) => `${plan}-${period}-${view.edition ? `第${view.edition}版` : view.asOf ? view.asOf : '当前'}.${format}`;
  fetchFile(`${base}?format=pdf${query ? `&${query}` : ''}`)
    .then((blob) => { main.querySelector('#report-preview').src = URL.createObjectURL(blob); main.querySelector('#report-view').dataset.loaded = 'true'; })
    .catch(fail);
  main.querySelector('#report-apply').addEventListener('click', () => {
    const chosen = main.querySelector('#report-period').value || period;
    const edition = main.querySelector('#report-edition').value;
    const asOf = main.querySelector('#report-asof').value;
    location.hash = `#/report/${chosen}${edition ? `?edition=${edition}` : asOf ? `?asOf=${asOf}` : ''}`;
  });
  for (const format of ['pdf', 'docx'])
    main.querySelector(`#report-${format}`).addEventListener('click', () =>
      fetchFile(`${base}?format=${format}${query ? `&${query}` : ''}`).then((blob) => download(blob, name(format))).catch(fail));
  main.querySelectorAll('#report-editions tr[data-edition]').forEach((row) => {
    const edition = editions.find((e) => String(e.number) === row.dataset.edition);
    row.querySelectorAll('.edition-file').forEach((button) => button.addEventListener('click', () =>
      fetchFile(`/api/plans/${id}/reports/${encodeURIComponent(edition.period)}/document?format=${button.dataset.format}&edition=${edition.number}`)
        .then((blob) => download(blob, `${plan}-${edition.period}-第${edition.number}版.${button.dataset.format}`)).catch(fail)));
  });
}
