import { inflateSync } from 'node:zlib';
import { computeWeeklyReport } from '../domain/weekly-report';
import { FIXTURE_INPUT } from '../domain/weekly-report.fixture';
import { renderBarChartPng } from './bar-chart.png';
import { CHART_CID, weeklyReportEmail } from './weekly-report.email';

/** Reads back what encodePng wrote: size, and the RGB of one pixel. */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 1 + x * 3 + 3)];
  return { width, height, pixel };
}

describe('weekly report e-mail', () => {
  const email = weeklyReportEmail(computeWeeklyReport(FIXTURE_INPUT));

  it('has a French subject naming the week and its days', () => {
    expect(email.subject).toBe('Vigie — Rapport hebdomadaire — semaine 2026-W13 (du 23/03/2026 au 29/03/2026)');
  });

  it('shows every section as a table (week, week before, change) and the chart by cid', () => {
    expect(email.html).toContain(`<img src="cid:${CHART_CID}"`);
    for (const title of ['Caisse', 'Dépôts et IA', 'Synchronisations', 'Disponibilité', 'Anomalies', 'Recommandations de maintenance', 'Site site-1', 'Site site-2']) {
      expect(email.html).toContain(`>${title}</h2>`);
    }
    expect(email.html).toContain(
      '<td style="padding:4px 8px;border-bottom:1px solid #e2e6ec;">Chiffre d\'affaires</td><td style="padding:4px 8px;border-bottom:1px solid #e2e6ec;text-align:right"><b>370,50 €</b></td><td style="padding:4px 8px;border-bottom:1px solid #e2e6ec;text-align:right;color:#4a5568">200,00 €</td><td style="padding:4px 8px;border-bottom:1px solid #e2e6ec;text-align:right">+85,3 %</td>',
    );
    expect(email.html).toContain('>Délai moyen d\'acquittement</td><td style="padding:4px 8px;border-bottom:1px solid #e2e6ec;text-align:right"><b>1 h 30 min</b>');
    expect(email.html).not.toContain('Site global');
  });

  it('has a text part: the Telegram text without markup', () => {
    expect(email.text.split('\n').slice(0, 5)).toEqual([
      '📊 Rapport hebdomadaire — semaine 2026-W13',
      'Du 23/03/2026 au 29/03/2026, comparé à la semaine 2026-W12.',
      '',
      'Caisse',
      'Sessions clôturées : 4 (+2)',
    ]);
  });

  it('attaches the daily sales chart as an inline PNG', () => {
    const [chart] = email.attachments;
    expect(chart).toMatchObject({ cid: CHART_CID, contentType: 'image/png', filename: 'ventes-2026-W13.png' });
    const png = decodePng(chart.content);
    expect({ width: png.width, height: png.height }).toEqual({ width: 560, height: 200 });
  });
});

describe('renderBarChartPng', () => {
  it('draws bars scaled to the largest value from a common baseline', () => {
    const blue = [43, 108, 176] as const;
    const grey = [176, 183, 195] as const;
    const png = decodePng(renderBarChartPng({ width: 100, height: 60, series: [{ values: [10, 5], color: grey }, { values: [20, 0], color: blue }] }));
    // Two groups of 38 px from x=12; bars of 13 px. The tallest bar (20) reaches the top of the plot (y=12).
    expect(png.pixel(31, 12)).toEqual([...blue]);
    expect(png.pixel(31, 11)).toEqual([255, 255, 255]);
    // 10 is half as tall: baseline 48, plot 36 → from y=30.
    expect(png.pixel(18, 30)).toEqual([...grey]);
    expect(png.pixel(18, 29)).toEqual([255, 255, 255]);
    // The axis.
    expect(png.pixel(50, 48)).toEqual([74, 85, 104]);
  });

  it('draws an empty chart when every value is zero', () => {
    const png = decodePng(renderBarChartPng({ width: 40, height: 40, series: [{ values: [0, 0], color: [0, 0, 0] }] }));
    // Baseline at y=28: just above it, no bar.
    expect(png.pixel(20, 27)).toEqual([255, 255, 255]);
    expect(png.pixel(20, 28)).toEqual([74, 85, 104]);
  });
});
