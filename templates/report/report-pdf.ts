import PDFDocument from 'pdfkit';
import { complianceSections } from './compliance-sections.js';
import type { RenderedChart } from './render-chart.js';
import { statsSections, type ReportSection } from './report-sections.js';
import { reportTitle, type ReportContent } from './report-text.js';

const MARGIN = 48;
const FONT_SIZE = 8.5;
const HEADER_FILL = '#eceff1';

type Doc = InstanceType<typeof PDFDocument>;

const usable = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc) => doc.page.height - MARGIN;

/** Column widths: each column's longest text, scaled to the page width. */
function widths(doc: Doc, s: ReportSection): number[] {
  const head = s.columns.map((c) => doc.font('Helvetica-Bold').fontSize(FONT_SIZE).widthOfString(c));
  doc.font('Helvetica').fontSize(FONT_SIZE);
  const natural = s.columns.map((_, i) => Math.min(220, Math.max(head[i], ...s.rows.map((r) => doc.widthOfString(r[i]))) + 10));
  const total = natural.reduce((a, b) => a + b, 0);
  const k = Math.min(1, usable(doc) / total);
  return natural.map((w) => w * k);
}

function row(doc: Doc, cells: string[], w: number[], numeric: number[], header: boolean): void {
  doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: w[i] - 6 }))) + 5;
  if (doc.y + height > bottom(doc)) doc.addPage();
  const y = doc.y;
  if (header) doc.rect(MARGIN, y, w.reduce((a, b) => a + b, 0), height).fill(HEADER_FILL).fillColor('black');
  let x = MARGIN;
  cells.forEach((c, i) => {
    doc.text(c, x + 3, y + 2.5, { width: w[i] - 6, align: numeric.includes(i) ? 'right' : 'left' });
    x += w[i];
  });
  doc.moveTo(MARGIN, y + height).lineTo(x, y + height).lineWidth(0.3).strokeColor('#b0bec5').stroke();
  doc.x = MARGIN;
  doc.y = y + height;
}

function section(doc: Doc, s: ReportSection): void {
  if (doc.y + 60 > bottom(doc)) doc.addPage();
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).fillColor('black').text(s.title, MARGIN);
  doc.moveDown(0.3);
  if (s.rows.length === 0) {
    doc.font('Helvetica').fontSize(FONT_SIZE).text(s.empty ?? 'none', MARGIN);
    return;
  }
  const w = widths(doc, s);
  row(doc, s.columns, w, s.numeric, true);
  for (const r of s.rows) row(doc, r, w, s.numeric, false);
}

function chart(doc: Doc, c: RenderedChart): void {
  const width = Math.min(usable(doc), c.width / 2);
  const height = (c.height * width) / c.width;
  if (doc.y + height + 20 > bottom(doc)) doc.addPage();
  doc.moveDown(0.6);
  doc.image(c.png, MARGIN, doc.y, { width });
  doc.y += height;
  doc.x = MARGIN;
}

/**
 * `--format pdf`: the title, the period and scope, the summary, the charts, then every table (for a
 * compliance report, its tables first). Built in memory with pdfkit's standard fonts; returns the file.
 */
export function reportPdf(r: ReportContent, charts: readonly RenderedChart[], opts: { generatedAt: Date }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: reportTitle(r), Producer: 'Image Factory', CreationDate: opts.generatedAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const s = r.stats;
  doc.font('Helvetica-Bold').fontSize(16).text(r.compliance ? 'Compliance report' : 'Build report');
  doc.font('Helvetica').fontSize(10).moveDown(0.3).text(reportTitle(r).replace(/^[^:]*: /, ''));
  doc.text(`Projects: ${s.scope.projects.join(', ') || 'none'}`);
  doc.text(`Compared with ${s.previousPeriod.since.slice(0, 10)} to ${s.previousPeriod.until.slice(0, 10)}. Generated ${opts.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
  const [summary, ...rest] = statsSections(s);
  for (const sec of r.compliance ? complianceSections(r.compliance) : []) section(doc, sec);
  section(doc, summary);
  for (const c of charts) chart(doc, c);
  for (const sec of rest) section(doc, sec);
  doc.end();
  return done;
}
