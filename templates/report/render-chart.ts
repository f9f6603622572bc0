import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { ReportChart } from './report-charts.js';

/** A chart drawn: its SVG, and a PNG of it for PDFs and mail clients (inline CID images), at `scale`. */
export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
  png: Buffer;
  /** Of the PNG, in pixels. */
  width: number;
  height: number;
}

/**
 * vega-lite → vega → SVG (vega's headless renderer, no browser, no canvas) → PNG (resvg, with the system's
 * fonts; DejaVu Sans on Debian). The data is inline: nothing is loaded. Shared by the PDF report and the
 * digest email.
 */
export async function renderChart(chart: ReportChart, opts: { scale?: number } = {}): Promise<RenderedChart> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const image = new Resvg(svg, { fitTo: { mode: 'zoom', value: opts.scale ?? 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
    return { id: chart.id, title: chart.title, svg, png: image.asPng(), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}

/** Every chart, one after the other (each is quick; in parallel they would only contend for the CPU). */
export async function renderCharts(charts: readonly ReportChart[], opts: { scale?: number } = {}): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const c of charts) out.push(await renderChart(c, opts));
  return out;
}
