import type { Kpi } from '../domain/kpi';
import type { ScopeKpis, WeeklyReport } from '../domain/weekly-report';
import { renderBarChartPng } from './bar-chart.png';
import { escapeHtml as e, formatChange, formatDay, formatValue, type Shown } from './format';
import { ruleLabel, SEVERITY_EMOJI } from './labels';
import { GLOBAL_SITE, weeklyReportTelegram } from './weekly-report.telegram';

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Referenced from the HTML as `cid:<cid>`. */
  cid: string;
}

export interface ReportEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

export const CHART_CID = 'ventes-semaine@vigie';
const CURRENT: [number, number, number] = [43, 108, 176];
const PREVIOUS: [number, number, number] = [176, 183, 195];

type Row = [label: string, kpi: Kpi, as: Shown];

function sections(s: ScopeKpis): [title: string, rows: Row[]][] {
  const c = s.cash;
  const a = s.ai;
  const an = s.anomalies;
  return [
    [
      'Caisse',
      [
        ['Sessions ouvertes', c.sessionsOpened, 'count'],
        ['Sessions clôturées', c.sessionsClosed, 'count'],
        ['Ventes', c.salesCount, 'count'],
        ["Chiffre d'affaires", c.salesTotal, 'euros'],
        ['Panier moyen', c.averageBasket, 'euros'],
        ['Écarts de plus de 10 €', c.variances.count, 'count'],
        ['dont manquants', c.variances.shortfalls, 'count'],
        ['Caisses concernées', c.variances.registers, 'count'],
        ['Cumul des écarts', c.variances.totalAbs, 'euros'],
      ],
    ],
    [
      'Dépôts et IA',
      [
        ['Dépôts classés', a.deposits, 'count'],
        ['Tentatives de classification', a.attempts, 'count'],
        ["Taux d'échec IA", a.errorRate, 'ratio'],
        ['Latence p95', a.latencyP95Ms, 'ms'],
        ['Latence moyenne', a.meanLatencyMs, 'ms'],
        ['Taux de correction', a.correctionRate, 'ratio'],
        ['Confiance faible (< 0,70)', a.lowConfidenceShare, 'ratio'],
      ],
    ],
    [
      'Synchronisations',
      [
        ['Exports lancés', s.sync.runs, 'count'],
        ['Taux de réussite', s.sync.successRate, 'ratio'],
        ...Object.entries(s.sync.byTarget).map(([t, k]): Row => [`Réussite ${t}`, k.successRate, 'ratio']),
      ],
    ],
    ['Disponibilité', Object.entries(s.uptime.byService).map(([service, u]): Row => [service, u.uptime, 'ratio'])],
    [
      'Anomalies',
      [
        ['Détectées', an.raised, 'count'],
        ['Critiques', an.bySeverity.critical, 'count'],
        ['Avertissements', an.bySeverity.warning, 'count'],
        ['Acquittées', an.acknowledged, 'count'],
        ["Délai moyen d'acquittement", an.meanTimeToAcknowledgeMs, 'duration'],
        ['Résolues', an.resolved, 'count'],
        ['Délai moyen de résolution', an.meanTimeToResolveMs, 'duration'],
        ...Object.entries(an.byRule).map(([ruleId, r]): Row => [ruleLabel(ruleId), r.raised, 'count']),
      ],
    ],
  ];
}

const CELL = 'padding:4px 8px;border-bottom:1px solid #e2e6ec;';

function table(title: string, rows: Row[], report: WeeklyReport): string {
  if (rows.length === 0) return '';
  const head = ['Indicateur', report.isoWeek, report.previousIsoWeek, 'Évolution']
    .map((h, i) => `<th style="${CELL}text-align:${i === 0 ? 'left' : 'right'}">${e(h)}</th>`)
    .join('');
  const body = rows
    .map(
      ([label, k, as]) =>
        `<tr><td style="${CELL}">${e(label)}</td>` +
        `<td style="${CELL}text-align:right"><b>${e(formatValue(k.value, as))}</b></td>` +
        `<td style="${CELL}text-align:right;color:#4a5568">${e(formatValue(k.previous, as))}</td>` +
        `<td style="${CELL}text-align:right">${e(formatChange(k, as))}</td></tr>`,
    )
    .join('\n');
  return `<h2 style="font-size:16px;margin:20px 0 6px">${e(title)}</h2>\n<table style="border-collapse:collapse;width:100%;font-size:14px">\n<tr>${head}</tr>\n${body}\n</table>`;
}

const WEEKDAYS = ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'];

function chartBlock(report: WeeklyReport): string {
  const cells = (values: number[]) => values.map((v) => `<td style="${CELL}text-align:right">${e(formatValue(v, 'euros'))}</td>`).join('');
  return [
    `<h2 style="font-size:16px;margin:20px 0 6px">Ventes par jour</h2>`,
    `<img src="cid:${CHART_CID}" width="560" height="200" alt="Ventes par jour : en bleu la semaine ${report.isoWeek}, en gris la semaine ${report.previousIsoWeek}" style="display:block;border:0">`,
    `<p style="font-size:12px;color:#4a5568;margin:4px 0">Du lundi au dimanche. En bleu : semaine ${report.isoWeek} ; en gris : semaine ${report.previousIsoWeek}.</p>`,
    `<table style="border-collapse:collapse;font-size:12px"><tr><th style="${CELL}"></th>${WEEKDAYS.map((d) => `<th style="${CELL}text-align:right">${d}</th>`).join('')}</tr>`,
    `<tr><td style="${CELL}">${report.isoWeek}</td>${cells(report.chart.sales)}</tr>`,
    `<tr><td style="${CELL}">${report.previousIsoWeek}</td>${cells(report.chart.previousSales)}</tr></table>`,
  ].join('\n');
}

function recommendationsBlock(s: ScopeKpis): string {
  if (s.recommendations.length === 0) return '';
  const items = s.recommendations
    .map((r) => `<li>${SEVERITY_EMOJI[r.severity]} <b>${e(r.title)}</b> (${e(r.siteId)})<br><span style="color:#4a5568">${e(r.summary)}</span></li>`)
    .join('\n');
  return `<h2 style="font-size:16px;margin:20px 0 6px">Recommandations de maintenance</h2>\n<ul style="font-size:14px">\n${items}\n</ul>`;
}

function sitesBlock(report: WeeklyReport): string {
  const sites = Object.entries(report.sites).filter(([site]) => site !== GLOBAL_SITE);
  if (sites.length < 2) return '';
  return sites
    .map(([site, s]) => {
      const rows: Row[] = [
        ["Chiffre d'affaires", s.cash.salesTotal, 'euros'],
        ['Ventes', s.cash.salesCount, 'count'],
        ['Écarts de plus de 10 €', s.cash.variances.count, 'count'],
        ['Dépôts classés', s.ai.deposits, 'count'],
        ['Anomalies détectées', s.anomalies.raised, 'count'],
      ];
      return table(`Site ${site}`, rows, report);
    })
    .join('\n');
}

function plainText(telegramHtml: string): string {
  return (
    telegramHtml
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&') + '\n'
  );
}

/** The weekly report e-mail: French HTML with a PNG chart of daily sales (inline, by cid), and a text part. */
export function weeklyReportEmail(report: WeeklyReport): ReportEmail {
  const title = `Rapport hebdomadaire — semaine ${report.isoWeek}`;
  const subject = `Vigie — ${title} (du ${formatDay(report.from)} au ${formatDay(report.to)})`;
  const o = report.overall;
  const html = [
    '<!doctype html>',
    '<html lang="fr"><head><meta charset="utf-8"><title>' + e(title) + '</title></head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#1a202c;max-width:640px;margin:0 auto;padding:16px">',
    `<h1 style="font-size:20px;margin:0 0 4px">${e(title)}</h1>`,
    `<p style="margin:0 0 12px;color:#4a5568">Du ${formatDay(report.from)} au ${formatDay(report.to)}, comparé à la semaine ${report.previousIsoWeek}. Tous sites.</p>`,
    chartBlock(report),
    ...sections(o).map(([t, rows]) => table(t, rows, report)),
    recommendationsBlock(o),
    sitesBlock(report),
    '<p style="font-size:12px;color:#718096;margin-top:24px">Vigie — supervision de Recyclic. Le détail est téléchargeable en CSV depuis le tableau de bord.</p>',
    '</body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
  const chart = renderBarChartPng({
    width: 560,
    height: 200,
    series: [
      { values: report.chart.previousSales, color: PREVIOUS },
      { values: report.chart.sales, color: CURRENT },
    ],
  });
  return {
    subject,
    text: plainText(weeklyReportTelegram(report)),
    html,
    attachments: [{ filename: `ventes-${report.isoWeek}.png`, content: chart, contentType: 'image/png', cid: CHART_CID }],
  };
}
