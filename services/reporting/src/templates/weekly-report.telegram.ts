import type { ScopeKpis, WeeklyReport } from '../domain/weekly-report';
import { SEVERITIES } from '../domain/weekly-report';
import { escapeHtml as e, formatCount, formatDay, formatKpi, formatValue, plural } from './format';
import { ruleLabel, SEVERITY_EMOJI, SEVERITY_FR, SEVERITY_FR_PLURAL } from './labels';

/** The site of facts that concern no one site (ARCHITECTURE.md). */
export const GLOBAL_SITE = 'global';

/** Telegram's limit for one message. */
export const TELEGRAM_MAX_CHARS = 4096;

function cash(s: ScopeKpis): string[] {
  const c = s.cash;
  const registers = c.variances.registers.value ?? 0;
  return [
    '<b>Caisse</b>',
    `Sessions clôturées : ${formatKpi(c.sessionsClosed, 'count')}`,
    `Ventes : ${formatKpi(c.salesCount, 'count')}`,
    `Chiffre d'affaires : ${formatKpi(c.salesTotal, 'euros')}`,
    `Panier moyen : ${formatKpi(c.averageBasket, 'euros')}`,
    `Écarts de plus de 10 € : ${formatKpi(c.variances.count, 'count')}, sur ${formatCount(registers)} ${plural(registers, 'caisse', 'caisses')}` +
      (c.variances.registersConcerned.length > 0
        ? ` (${c.variances.registersConcerned.map((r) => `${e(r.registerId)} ${e(r.siteId)}`).join(', ')})`
        : ''),
    `Cumul des écarts : ${formatKpi(c.variances.totalAbs, 'euros')}`,
  ];
}

function ai(s: ScopeKpis): string[] {
  const a = s.ai;
  return [
    '<b>Dépôts et IA</b>',
    `Dépôts classés : ${formatKpi(a.deposits, 'count')}`,
    `Taux d'échec IA : ${formatKpi(a.errorRate, 'ratio')}`,
    `Latence p95 : ${formatKpi(a.latencyP95Ms, 'ms')}`,
    `Taux de correction : ${formatKpi(a.correctionRate, 'ratio')}`,
    `Confiance faible : ${formatKpi(a.lowConfidenceShare, 'ratio')}`,
  ];
}

function sync(s: ScopeKpis): string[] {
  const targets = Object.entries(s.sync.byTarget);
  if (targets.length === 0) return ['<b>Synchronisations</b>', 'Aucune synchronisation.'];
  return [
    '<b>Synchronisations</b>',
    ...targets.map(
      ([target, t]) =>
        `${e(target)} : ${formatValue(t.succeeded.value, 'count')}/${formatValue(t.runs.value, 'count')} réussies, ` +
        `${formatKpi(t.successRate, 'ratio')}`,
    ),
  ];
}

function uptime(s: ScopeKpis): string[] {
  const services = Object.entries(s.uptime.byService).filter(([, u]) => u.probes.value || u.restarts.value);
  if (services.length === 0) return [];
  return [
    '<b>Disponibilité</b>',
    ...services.map(([service, u]) => {
      const restarts = u.restarts.value ?? 0;
      const tail = restarts > 0 ? `, ${formatCount(restarts)} ${plural(restarts, 'redémarrage', 'redémarrages')}` : '';
      return `${e(service)} : ${formatKpi(u.uptime, 'ratio')}${tail}`;
    }),
  ];
}

function anomalies(s: ScopeKpis): string[] {
  const a = s.anomalies;
  const bySeverity = SEVERITIES.filter((sev) => (a.bySeverity[sev].value ?? 0) > 0).map((sev) => {
    const n = a.bySeverity[sev].value ?? 0;
    return `${formatCount(n)} ${n >= 2 ? SEVERITY_FR_PLURAL[sev] : SEVERITY_FR[sev]}`;
  });
  const rules = Object.entries(a.byRule).filter(([, r]) => (r.raised.value ?? 0) > 0);
  return [
    '<b>Anomalies</b>',
    `Détectées : ${formatKpi(a.raised, 'count')}${bySeverity.length ? ` — ${bySeverity.join(', ')}` : ''}`,
    `Acquittées : ${formatValue(a.acknowledged.value, 'count')}, délai moyen ${formatKpi(a.meanTimeToAcknowledgeMs, 'duration')}`,
    `Résolues : ${formatValue(a.resolved.value, 'count')}, délai moyen ${formatKpi(a.meanTimeToResolveMs, 'duration')}`,
    ...rules.map(([ruleId, r]) => `• ${e(ruleLabel(ruleId))} : ${formatKpi(r.raised, 'count')}`),
  ];
}

function recommendations(s: ScopeKpis): string[] {
  if (s.recommendations.length === 0) return [];
  return [
    '<b>Recommandations</b>',
    ...s.recommendations.map((r) => `• ${SEVERITY_EMOJI[r.severity]} ${e(r.title)} (${e(r.siteId)})`),
  ];
}

function perSite(report: WeeklyReport): string[] {
  // `global` holds what concerns no one site (services, logins): shown above, not as a site.
  const sites = Object.entries(report.sites).filter(([site]) => site !== GLOBAL_SITE);
  if (sites.length < 2) return [];
  return [
    '<b>Par site</b>',
    ...sites.map(([site, s]) => {
      const raised = s.anomalies.raised.value ?? 0;
      const variances = s.cash.variances.count.value ?? 0;
      return (
        `${e(site)} : ${formatValue(s.cash.salesTotal.value, 'euros')} de ventes, ` +
        `${formatCount(variances)} ${plural(variances, 'écart', 'écarts')}, ` +
        `${formatCount(raised)} ${plural(raised, 'anomalie', 'anomalies')}`
      );
    }),
  ];
}

/** Keeps whole lines under Telegram's limit; a cut is marked with `…`. */
export function fitLines(lines: readonly string[], max = TELEGRAM_MAX_CHARS): string {
  const text = lines.join('\n');
  if (text.length <= max) return text;
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 + 1 > max) break;
    kept.push(line);
    size += line.length + 1;
  }
  return [...kept, '…'].join('\n');
}

/** The weekly report as one French Telegram message (parse mode HTML), changes against the week before. */
export function weeklyReportTelegram(report: WeeklyReport): string {
  const o = report.overall;
  const sections = [cash(o), ai(o), sync(o), uptime(o), anomalies(o), recommendations(o), perSite(report)].filter((s) => s.length > 0);
  return fitLines([
    `📊 <b>Rapport hebdomadaire — semaine ${report.isoWeek}</b>`,
    `Du ${formatDay(report.from)} au ${formatDay(report.to)}, comparé à la semaine ${report.previousIsoWeek}.`,
    ...sections.flatMap((s) => ['', ...s]),
  ]);
}
