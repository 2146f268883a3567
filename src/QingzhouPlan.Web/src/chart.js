// ECharts, imported piece by piece so the bundle carries only the line chart and what it uses.
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkPointComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import langZH from 'echarts/lib/i18n/langZH.js';
import { escape, number, time } from './format.js';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, MarkPointComponent, CanvasRenderer]);
echarts.registerLocale('ZH', langZH);

/**
 * Actual figures against the 序时进度 line and the target governing each period (a step when it was
 * adjusted); revisions (corrections, retractions) marked on the period they changed, with who, when, why.
 */
export function drawIndicator(element, status, revisions) {
  const chart = echarts.getInstanceByDom(element) || echarts.init(element, null, { locale: 'ZH' });
  const periods = status.schedule.map((s) => s.period);
  const actual = Object.fromEntries(status.assessments.map((a) => [a.period, a.actual]));
  const marks = revisions.map((r) => ({
    coord: [r.period, actual[r.period] ?? null],
    value: r.change === 'corrected' ? '改' : '撤',
    tooltip: `${escape(r.period)} ${r.change === 'corrected' ? '更正' : '撤回'}：${escape(r.from)} → ${escape(r.to ?? '—')}<br>${escape(r.user)}，${time(r.recordedAt)}<br>${escape(r.reason)}`,
  })).filter((m) => m.coord[1] !== null);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${number(v)} ${escape(status.unit)}` },
    legend: { top: 0, data: ['实际值', '序时进度', '目标'] },
    grid: { left: 60, right: 30, top: 48, bottom: 30 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: status.unit, scale: true },
    series: [
      {
        name: '实际值', type: 'line', data: periods.map((p) => actual[p] ?? null), connectNulls: false, symbolSize: 8,
        markPoint: {
          symbol: 'pin', symbolSize: 36, data: marks,
          tooltip: { formatter: (p) => p.data.tooltip },
        },
      },
      { name: '序时进度', type: 'line', data: status.schedule.map((s) => s.expected), lineStyle: { type: 'dashed' }, symbol: 'none' },
      { name: '目标', type: 'line', step: 'end', data: status.schedule.map((s) => s.target), symbol: 'none', lineStyle: { width: 1 } },
    ],
  }, true);
  return chart;
}
