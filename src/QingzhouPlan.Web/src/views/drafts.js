// 计划草案: the drafts read from plan documents, and a new one from a file (UTF-8 text or .docx) the administrator picks.
import { api, ApiError } from '../api.js';
import { bearer } from '../oidc.js';
import { escape, time } from '../format.js';

export async function renderDrafts(main) {
  const drafts = await api('/api/plan-drafts');
  main.innerHTML = `
    <section id="drafts-view">
      <div class="card"><h2>从计划文件生成草案</h2>
        <p class="muted">上传新一年的国民经济和社会发展计划（文本或 Word .docx 文件）。系统识别其中的量化目标、上年执行结果和章节，逐项审核后通过为计划。</p>
        <form id="draft-upload" class="toolbar"><input type="file" id="draft-file" accept=".txt,.docx,text/plain" required>
          <button class="primary" type="submit">上传并识别</button><span class="error" id="draft-error"></span></form>
      </div>
      <div class="card" style="margin-top:16px"><h2>草案</h2>
        <table id="draft-list"><tr><th>文件</th><th>年度</th><th>建议项</th><th>上传</th><th>状态</th></tr>
        ${drafts.map((d) => `<tr><td><a href="#/draft/${escape(d.id)}">${escape(d.documentName)}</a></td><td>${escape(d.year ?? '—')}</td>
          <td class="num">${escape(d.proposals)}</td><td>${escape(time(d.openedAt))} · ${escape(d.openedBy)}</td>
          <td>${d.adoptedAs ? `已通过为 <a href="/?plan=${encodeURIComponent(d.adoptedAs)}#/">${escape(d.adoptedAs)}</a>` : '审核中'}</td></tr>`).join('')
          || '<tr><td colspan="5" class="muted">还没有草案</td></tr>'}
        </table>
      </div>
    </section>`;
  main.querySelector('#draft-upload').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = main.querySelector('#draft-file').files[0];
    const error = main.querySelector('#draft-error');
    error.textContent = '';
    // The file as the body, as it was saved: its SHA-256 is the plan's provenance.
    const response = await fetch(`/api/plan-drafts?name=${encodeURIComponent(file.name)}`, {
      method: 'POST', body: file, headers: { Authorization: `Bearer ${await bearer()}` },
    });
    // A refusal is a problem document; anything else (a proxy's error page) is told by its status.
    const body = (response.headers.get('content-type') || '').includes('json') ? await response.json() : null;
    if (!response.ok) {
      error.textContent = response.status === 413 ? '文件过大（不超过 4 MB）' : new ApiError(response.status, body).message;
      return;
    }
    location.hash = `#/draft/${body.id}`;
  });
}
