import type { TopLevelSpec } from 'vega-lite';
import type { BuildStats } from './build-stats.js';

/** A chart of a report: a vega-lite spec with its data inline (render-chart.ts draws it). */
export interface ReportChart {
  /** Stable name: the file or CID an image is known by (`builds-per-day`). */
  id: string;
  title: string;
  spec: TopLevelSpec;
}

const OUTCOME_COLORS = { domain: ['succeeded', 'failed', 'other'], range: ['#2e7d32', '#c62828', '#9e9e9e'] };
/** Build counts are whole: ticks at whole numbers only (a count of 2 reads 0, 1, 2, not 0.0 ... 2.0). */
const COUNT_AXIS = { tickMinStep: 1, format: 'd' };
const config = { font: 'DejaVu Sans', background: 'white', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 14 } };

/** The charts of a report (product document 001: build trend, success and failures, methods, team contribution). Pure. */
export function reportCharts(s: BuildStats): ReportChart[] {
  const perDay = s.perDay.flatMap((d) => (['succeeded', 'failed', 'other'] as const).map((outcome) => ({ day: d.day, outcome, builds: d[outcome] })));
  const charts: ReportChart[] = [
    {
      id: 'builds-per-day',
      title: 'Builds per day',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Builds per day', width: 520, height: 180, config, data: { values: perDay },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -45, labelExpr: "slice(datum.value, 5)" } },
          y: { field: 'builds', type: 'quantitative', title: 'builds', stack: 'zero', axis: COUNT_AXIS },
          color: { field: 'outcome', type: 'nominal', title: null, scale: OUTCOME_COLORS, legend: { orient: 'top' } },
          order: { field: 'outcome', sort: 'descending' },
        },
      },
    },
    {
      id: 'builds-by-member',
      title: 'Builds by member',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Builds by member (colour: success rate)', width: 520, height: { step: 18 }, config,
        data: { values: s.byMember.slice(0, 15).map((g) => ({ member: g.key, builds: g.builds, rate: g.successRate ?? 0 })) },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'member', type: 'nominal', sort: '-x', title: null },
          x: { field: 'builds', type: 'quantitative', title: 'builds', axis: COUNT_AXIS },
          color: { field: 'rate', type: 'quantitative', title: 'success', scale: { domain: [0, 1], range: ['#c62828', '#f9a825', '#2e7d32'] }, legend: { format: '.0%' } },
        },
      },
    },
    {
      id: 'builds-by-method',
      title: 'Builds by method',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Builds by method', width: 520, height: { step: 22 }, config,
        data: { values: s.byMethod.map((g) => ({ method: g.key, builds: g.builds })) },
        mark: { type: 'bar', color: '#1565c0' },
        encoding: { y: { field: 'method', type: 'nominal', sort: '-x', title: null }, x: { field: 'builds', type: 'quantitative', title: 'builds', axis: COUNT_AXIS } },
      },
    },
  ];
  if (s.failureReasons.length > 0) {
    charts.push({
      id: 'failure-reasons',
      title: 'Most common failure reasons',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Most common failure reasons', width: 300, height: { step: 22 }, config,
        data: { values: s.failureReasons.map((f) => ({ reason: f.reason.length > 60 ? `${f.reason.slice(0, 59)}…` : f.reason, builds: f.count })) },
        mark: { type: 'bar', color: '#c62828' },
        encoding: { y: { field: 'reason', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 320 } }, x: { field: 'builds', type: 'quantitative', title: 'builds', axis: COUNT_AXIS } },
      },
    });
  }
  return charts;
}
