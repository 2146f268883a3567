// One plan draft under review: the document on the left with every proposal marked in it, the items on the right.
// The reviewer accepts, edits, splits, merges or drops proposals, adds what was missed by selecting text, describes
// the plan, and adopts it. Every step is one request and one event of the draft; the page redraws from the answer.
import { api, ApiError } from '../api.js';
import { escape, number, time } from '../format.js';

const kindText = { Target: '目标', Result: '上年结果', Task: '任务' };
const statusText = { Proposed: '待审', Accepted: '已采用', Dropped: '已舍弃', Replaced: '已拆并' };
const comparatorText = { Approximately: '左右', AtLeast: '以上', Exceed: '突破', Strive: '力争', Reach: '达到', AtMost: '以内' };
const frequencyText = { Monthly: '月报', Quarterly: '季报', HalfYearly: '半年报', Annual: '年报' };
const standingText = { New: '新增', Agrees: '一致', Differs: '不一致' };
const options = (texts, selected) => Object.entries(texts)
  .map(([value, text]) => `<option value="${value}" ${value === selected ? 'selected' : ''}>${text}</option>`).join('');

export async function renderDraft(main, id) {
  const base = `/api/plan-drafts/${encodeURIComponent(id)}`;
  let draft = await api(base);
  const selected = new Set();
  let filter = 'open';
  let editing = null;
  // While a run of steps is under way (suggestions applied item by item), the page says so and takes no other.
  let busy = false;
  // The last refusal, in its Chinese words, shown until the next step succeeds.
  let refusal = '';

  // A step's answer is the draft after it; a refusal is shown in its Chinese words and changes nothing.
  async function step(path, method, body) {
    try {
      draft = await api(`${base}${path}`, { method, body: JSON.stringify({ ...body, expectedVersion: draft.version }) });
      refusal = '';
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      refusal = e.message;
      return false;
    } finally {
      draw();
    }
  }

  function draw() {
    const plan = draft.plan;
    const header = draft.header;
    const adopted = Boolean(draft.adoptedAs);
    const visible = draft.items.filter((i) => i.status !== 'Replaced'
      && (filter === 'all' || (filter === 'open' ? i.status !== 'Dropped' : i.status === filter)));
    const guessId = draft.previousPlanId && header.year ? draft.previousPlanId.replace(/\d{4}/, header.year) : '';
    main.innerHTML = `
      <section id="draft-view" data-version="${draft.version}" ${busy ? 'data-busy="true" inert' : ''}>
        <p><a href="#/drafts">← 计划草案</a></p>
        <div class="card"><h2>${escape(header.title || draft.documentName)}</h2>
          <p class="muted">文件 ${escape(draft.documentName)} · SHA-256 ${escape(draft.documentSha256.slice(0, 16))}… ·
            ${header.documentNumber ? `${escape(header.documentNumber)} · ` : ''}第 ${draft.version} 步 ·
            <b id="draft-state">${adopted ? `已通过为计划 <a href="/?plan=${encodeURIComponent(draft.adoptedAs)}#/">${escape(draft.adoptedAs)}</a>` : '审核中'}</b></p>
          <p class="error" id="draft-error">${escape(refusal)}</p>
        </div>
        <div class="grid" style="margin-top:16px">
          <form class="card" id="plan-form"><h2>计划信息</h2>
            <div class="toolbar"><label>编号</label><input id="plan-id" value="${escape(plan?.id || guessId)}" required size="16">
              <label>年度</label><input id="plan-year" type="number" value="${escape(plan?.year || header.year || '')}" required style="width:6em">
              <label>地区</label><input id="plan-region" value="${escape(plan?.region || (header.issuer || '').replace(/人民政府|发展和改革(委员会|局)/, ''))}" size="8"></div>
            <div class="toolbar"><label>标题</label><input id="plan-title-input" value="${escape(plan?.title || header.title || '')}" required size="36"></div>
            <div class="toolbar"><label>通过日期</label><input id="plan-adopted-on" type="date" value="${escape(plan?.adoptedOn || header.adoptedOn || '')}" required>
              <label>通过/印发</label><input id="plan-adopted-by" value="${escape(plan?.adoptedBy || header.issuer || '')}" size="20"></div>
            <div class="toolbar"><label>上年计划</label><input id="plan-previous" value="${escape(plan?.previousPlanId || draft.previousPlanId || '')}" size="16">
              <label><input type="checkbox" id="plan-copy" ${draft.previousPlanId || plan?.previousPlanId ? 'checked' : ''}> 沿用上年计划的部门和审核规则</label></div>
            <div class="toolbar"><label for="plan-departments">责任部门（不沿用时填写，每行“编码 名称”）</label></div>
            <textarea id="plan-departments" rows="3" cols="40">${escape((plan?.departments || []).map((d) => `${d.code} ${d.name}`).join('\n'))}</textarea>
            ${plan ? `<p class="muted">部门 ${plan.departments.length} 个 · 章节 ${plan.chapters.map((c) => escape(c.code)).join('、')}</p>` : ''}
            ${plan?.round?.rules.length ? `<details id="plan-rules" open><summary>审核规则（取消勾选即删除）</summary>
              ${plan.round.rules.map((r) => `<div><label><input type="checkbox" class="keep-rule" value="${escape(r.id)}" checked> ${escape(r.name)}（${escape(r.indicator)}）</label></div>`).join('')}
              </details>` : ''}
            <button class="primary" type="submit" ${adopted ? 'disabled' : ''}>保存计划信息</button>
          </form>
          <div class="card"><h2>通过前须解决</h2>
            <ul id="draft-problems">${draft.problems.map((p) => `<li class="error">${escape(p.clerk)}</li>`).join('') || '<li class="muted">没有待解决的问题</li>'}</ul>
            ${draft.results.length ? `<h2 style="margin-top:12px">上年结果与库中数据核对</h2><table id="draft-results"><tr><th>编码</th><th>名称</th><th>期别</th><th>文件</th><th>库中</th><th>结果</th></tr>
              ${draft.results.map((r) => `<tr class="${r.standing}"><td>${escape(r.code)}</td><td>${escape(r.name)}</td><td>${escape(r.period)}</td>
                <td class="num">${number(r.value)} ${escape(r.unit)}</td><td class="num">${r.stored == null ? '—' : `${number(r.stored)} ${escape(r.storedUnit || '')}`}</td>
                <td class="${r.standing === 'Differs' ? 'error' : ''}">${standingText[r.standing]}</td></tr>`).join('')}</table>` : ''}
            <p style="margin-top:12px"><button class="primary" id="adopt" ${adopted || draft.problems.length ? 'disabled' : ''}>通过为计划</button>
              <a href="#" id="show-history">审核记录</a></p>
            <table id="draft-history" hidden></table>
          </div>
        </div>
        <div class="draft-review" style="margin-top:16px">
          <div class="card"><h2>计划文件</h2>
            <div class="toolbar" id="selection-tools" hidden><span>所选文字添加为：</span>
              <button data-add="Target">目标</button><button data-add="Result">上年结果</button><button data-add="Task">任务</button></div>
            <pre id="document"></pre>
          </div>
          <div class="card"><h2>建议项</h2>
            <div class="toolbar"><select id="item-filter">${options({ open: '待审和已采用', Proposed: '待审', Accepted: '已采用', Dropped: '已舍弃', all: '全部' }, filter)}</select>
              <button id="select-proposed">全选待审</button><button id="apply-suggestions">采用建议的编码和部门</button>
              <button class="primary" id="accept-selected">采用所选</button>
              <input id="drop-reason" placeholder="舍弃理由" size="10"><button id="drop-selected">舍弃所选</button>
              <button id="merge-selected">合并所选</button><button id="split-selected">拆分所选</button>
              <span class="muted" id="selected-count">已选 ${selected.size} 项</span></div>
            <table id="draft-items"><tr><th></th><th>类别</th><th>原文</th><th>名称</th><th>数值</th><th>编码</th><th>责任部门</th><th>续接上年</th><th>状态</th><th></th></tr>
            ${visible.map((i) => row(i, plan)).join('')}</table>
          </div>
        </div>
      </section>`;
    drawDocument(main.querySelector('#document'));
    wire();
  }

  function row(i, plan) {
    const f = i.fields;
    const s = i.suggestion;
    const figure = i.kind === 'Task' ? '' : `${number(f.value)} ${escape(f.unit)}${f.comparator ? ` ${comparatorText[f.comparator]}` : ''}`;
    const owner = plan?.departments.find((d) => d.code === f.owner)?.name || f.owner;
    const line = `<tr data-item="${escape(i.id)}" class="item ${i.status}">
      <td><input type="checkbox" class="pick" value="${escape(i.id)}" ${selected.has(i.id) ? 'checked' : ''}></td>
      <td>${kindText[i.kind]}</td><td class="clause">${escape(i.clause)}</td><td>${escape(f.name)}</td><td class="num">${figure}</td>
      <td>${escape(f.code)}</td><td>${escape(owner)}${!f.owner && s ? `<span class="muted"> 建议 ${escape(s.owner)}</span>` : ''}</td>
      <td>${escape(f.continues || '')}${!f.continues && s && i.kind === 'Target' ? `<span class="muted"> 建议 ${escape(s.code)}（${escape(s.name)}）</span>` : ''}</td>
      <td>${statusText[i.status]}</td><td><button class="link edit" data-edit="${escape(i.id)}">编辑</button></td></tr>`;
    if (editing !== i.id) return line;
    const departments = Object.fromEntries((plan?.departments || []).map((d) => [d.code, d.name]));
    return `${line}<tr class="editing"><td colspan="10"><form id="edit-form" class="toolbar">
      <label>编码</label><input name="code" value="${escape(f.code)}" size="14"><label>名称</label><input name="name" value="${escape(f.name)}" size="20">
      <label>章节</label><input name="chapter" value="${escape(f.chapter)}" size="3">
      ${i.kind === 'Task' ? '' : `<label>数值</label><input name="value" type="number" step="any" value="${escape(f.value ?? '')}" style="width:7em">
        <label>单位</label><input name="unit" value="${escape(f.unit)}" size="5">`}
      ${i.kind === 'Target' ? `<select name="comparator">${options(comparatorText, f.comparator)}</select>
        <select name="frequency">${options(frequencyText, f.frequency)}</select><label>续接</label><input name="continues" value="${escape(f.continues || '')}" size="12">
        <label>基数</label><input name="baseline" value="${escape(f.baseline || '')}" size="10">` : ''}
      ${i.kind === 'Result' ? `<label>期别</label><input name="period" value="${escape(f.period || '')}" size="7">` : ''}
      <label>责任部门</label><select name="owner"><option value=""></option>${options(departments, f.owner)}</select>
      <button class="primary" type="submit">保存</button><button type="button" id="edit-cancel">取消</button></form></td></tr>`;
  }

  // The document as text nodes, so every offset the server gives counts the same characters the page shows.
  function drawDocument(pre) {
    const text = draft.text;
    const spans = draft.items.filter((i) => i.status !== 'Replaced').sort((a, b) => a.start - b.start);
    let at = 0;
    for (const item of spans) {
      if (item.start < at) continue;
      pre.append(document.createTextNode(text.slice(at, item.start)));
      const mark = document.createElement('mark');
      mark.dataset.item = item.id;
      mark.className = item.status;
      mark.title = `${kindText[item.kind]} · ${statusText[item.status]}`;
      mark.textContent = text.slice(item.start, item.start + item.length);
      pre.append(mark);
      at = item.start + item.length;
    }
    pre.append(document.createTextNode(text.slice(at)));
  }

  // Where the selection lies in the document: characters before it, and its length.
  function selectionSpan() {
    const pre = main.querySelector('#document');
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!pre.contains(range.startContainer) || !pre.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(pre, 0);
    before.setEnd(range.startContainer, range.startOffset);
    return { start: before.toString().length, length: range.toString().length };
  }

  function picked() { return [...selected].filter((id) => draft.items.some((i) => i.id === id && i.status !== 'Replaced')); }

  function wire() {
    const on = (selector, handler) => main.querySelector(selector)?.addEventListener('click', async (event) => { event.preventDefault(); await handler(event); });
    main.querySelector('#plan-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = (name) => main.querySelector(name).value.trim();
      const round = draft.plan?.round;
      const kept = new Set([...main.querySelectorAll('.keep-rule:checked')].map((c) => c.value));
      await step('/plan', 'PUT', {
        id: value('#plan-id'), year: Number(value('#plan-year')), region: value('#plan-region'), title: value('#plan-title-input'),
        adoptedOn: value('#plan-adopted-on'), adoptedBy: value('#plan-adopted-by'), previousPlanId: value('#plan-previous'),
        copyFromPrevious: main.querySelector('#plan-copy').checked,
        ...(round ? { round: { levels: round.levels, rules: round.rules.filter((r) => kept.has(r.id)), window: round.window } } : {}),
        ...(main.querySelector('#plan-copy').checked ? {} : {
          departments: main.querySelector('#plan-departments').value.split('\n').map((line) => line.trim()).filter(Boolean)
            .map((line) => { const [code, ...name] = line.split(/\s+/); return { code, name: name.join(' ') }; }),
        }),
      });
    });
    main.querySelector('#item-filter').addEventListener('change', (event) => { filter = event.target.value; draw(); });
    main.querySelectorAll('.pick').forEach((box) => box.addEventListener('change', () => {
      if (box.checked) selected.add(box.value); else selected.delete(box.value);
      main.querySelector('#selected-count').textContent = `已选 ${selected.size} 项`;
    }));
    on('#select-proposed', () => { draft.items.filter((i) => i.status === 'Proposed').forEach((i) => selected.add(i.id)); draw(); });
    on('#accept-selected', async () => { if (await step('/accepted', 'POST', { items: picked() })) selected.clear(); draw(); });
    on('#drop-selected', async () => {
      if (await step('/dropped', 'POST', { items: picked(), reason: main.querySelector('#drop-reason').value })) selected.clear();
      draw();
    });
    on('#merge-selected', async () => { if (await step('/merges', 'POST', { items: picked() })) selected.clear(); draw(); });
    // A clause that lists several figures (分别增长6.5%、8%) splits at its 、 and ，: one part per piece, each to edit.
    on('#split-selected', async () => {
      const [id] = picked();
      const item = draft.items.find((i) => i.id === id);
      if (!item) return;
      const parts = [];
      let start = item.start;
      const end = item.start + item.length;
      for (let at = item.start; at <= end; at++) {
        if (at === end || '、，,'.includes(draft.text[at])) {
          if (at > start) parts.push({ start, length: at - start });
          start = at + 1;
        }
      }
      if (await step(`/items/${encodeURIComponent(id)}/split`, 'POST', { parts })) selected.clear();
      draw();
    });
    // Each selected item takes the code and department of the previous plan's item it most likely continues.
    on('#apply-suggestions', async () => {
      busy = true;
      try {
        for (const id of picked()) {
          const item = draft.items.find((i) => i.id === id);
          const s = item?.suggestion;
          if (!s) continue;
          const fields = item.kind === 'Task' ? { owner: s.owner } : { code: s.code, owner: s.owner, ...(item.kind === 'Target' ? { continues: s.code } : {}) };
          if (!await step(`/items/${encodeURIComponent(id)}`, 'PUT', { fields })) return;
        }
      } finally {
        busy = false;
        draw();
      }
    });
    main.querySelectorAll('[data-edit]').forEach((button) => button.addEventListener('click', () => { editing = button.dataset.edit; draw(); }));
    on('#edit-cancel', () => { editing = null; draw(); });
    main.querySelector('#edit-form')?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const fields = {};
      for (const [name, value] of form.entries()) fields[name] = name === 'value' ? (value === '' ? null : Number(value)) : value;
      const id = editing;
      editing = null;
      await step(`/items/${encodeURIComponent(id)}`, 'PUT', { fields });
    });
    main.querySelectorAll('#document mark').forEach((mark) => mark.addEventListener('click', () => {
      const row = main.querySelector(`tr[data-item="${mark.dataset.item}"]`);
      row?.scrollIntoView({ block: 'center' });
      row?.classList.add('flash');
    }));
    main.querySelector('#document').addEventListener('mouseup', () => { main.querySelector('#selection-tools').hidden = !selectionSpan(); });
    main.querySelectorAll('[data-add]').forEach((button) => button.addEventListener('click', async () => {
      const span = selectionSpan();
      if (span) await step('/items', 'POST', { kind: button.dataset.add, ...span });
    }));
    on('#adopt', async () => {
      try {
        const adopted = await api(`${base}/adoption`, { method: 'POST', body: JSON.stringify({ expectedVersion: draft.version }) });
        draft = await api(base);
        refusal = '';
        draw();
        main.querySelector('#draft-state').insertAdjacentHTML('beforeend', `（指标 ${adopted.indicators} 项，任务 ${adopted.tasks} 项）`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        refusal = e.message;
        draw();
      }
    });
    on('#show-history', async () => {
      const history = await api(`${base}/history`);
      const table = main.querySelector('#draft-history');
      table.hidden = false;
      table.innerHTML = `<tr><th>步</th><th>时间</th><th>操作</th><th>操作人</th></tr>${history.map((h) => `<tr><td>${h.version}</td>
        <td>${escape(time(h.recordedAt))}</td><td>${escape(stepText[h.step] || h.step)}</td><td>${escape(h.by)}</td></tr>`).join('')}`;
    });
  }

  draw();
}

// The steps by the names the store keeps them under.
const stepText = {
  draft_opened: '上传并识别', draft_plan_described: '填写计划信息', draft_items_accepted: '采用', draft_items_dropped: '舍弃', draft_item_edited: '编辑',
  draft_item_split: '拆分', draft_items_merged: '合并', draft_item_added: '补充', draft_adopted: '通过为计划',
};
