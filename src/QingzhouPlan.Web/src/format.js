// Words and numbers as the page shows them.
export const statusText = { Met: '已完成', OnTrack: '达到序时进度', Lagging: '滞后', NoData: '无数据' };
export const dueText = { NotYetDue: '未到期', Open: '待报', OnTime: '按时报送', ReportedLate: '迟报', Missing: '逾期未报' };
export const escalationText = { Reminder: '提醒', Urge: '催报', Notice: '通报' };
export const taskText = { NotStarted: '未启动', InProgress: '推进中', AtRisk: '有风险', Done: '已完成', Cancelled: '已取消' };

export const number = (value) => (value === null || value === undefined ? '—' : Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 4 }));
export const percent = (value) => (value === null || value === undefined ? '—' : `${(Number(value) * 100).toFixed(1)}%`);
export const time = (value) => (value ? new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
export const day = (value) => (value ? String(value).slice(0, 10) : '—');

export const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export const badge = (status) => `<span class="status ${escape(status)}">${escape(statusText[status] || status)}</span>`;

/** The day in Beijing, as yyyy-mm-dd. */
export function beijingDate(instant) {
  const shifted = new Date(new Date(instant).getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}
