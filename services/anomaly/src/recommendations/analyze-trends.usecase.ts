import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type ReportRecommendation } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { deterministicEventId } from '../domain/ids';
import type { KpiRow } from '../projections/kpi';
import { KpiDailyRow } from '../projections/kpi-daily.entity';
import { recommendationIdFor, type Analyser, type Recommendation } from './recommendation';
import { RecommendationRow, viewOf, type RecommendationView } from './recommendation.entity';
import { shiftDay } from './windows';

export const ANALYSER_LIST = Symbol('ANALYSER_LIST');

export interface AnalysisResult {
  /** The latest event day in the projection; null when it is empty. */
  asOf: string | null;
  active: RecommendationView[];
  /** Ids announced by `report.recommendation.issued` in this run. */
  issued: string[];
  /** Ids announced by `report.recommendation.cleared` in this run. */
  cleared: string[];
}

type Em = EntityManager;

/**
 * Runs every analyser over `kpi_daily` as of its latest event day (or a given day), and reconciles the result with the
 * stored set in ONE transaction: a new recommendation is issued, one whose condition is gone is
 * cleared (both through the outbox), one still there is refreshed silently.
 */
@Injectable()
export class AnalyzeTrends {
  constructor(
    private readonly em: EntityManager,
    private readonly relay: OutboxRelay,
    @Inject(ANALYSER_LIST) private readonly analysers: readonly Analyser[],
  ) {}

  /** `at`: the day to analyse as of; default the latest event day in the projection. */
  async execute(at?: string): Promise<AnalysisResult> {
    const now = new Date();
    const result = await this.em.fork().transactional(async (em) => {
      // One analysis at a time (timer, HTTP, other instances): each change is announced once.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', ['vigie.anomaly.recommendations']);
      const [{ as_of: latest }] = await em.execute<{ as_of: string | null }[]>(
        `select to_char(max("day"), 'YYYY-MM-DD') as "as_of" from "kpi_daily"`,
      );
      const asOf = at ?? latest;
      const current = asOf ? await this.analyse(em, asOf) : new Map<string, Recommendation>();
      const issued = asOf ? await this.issueNew(em, current, asOf, now) : [];
      const cleared = await this.clearGone(em, current, now);
      await em.flush();
      const active = await em.find(RecommendationRow, { status: 'active' }, { orderBy: { kind: 'asc', siteId: 'asc', subject: 'asc' } });
      return { asOf, active: active.map(viewOf), issued, cleared };
    });
    if (result.issued.length > 0 || result.cleared.length > 0) this.relay.kick();
    return result;
  }

  /** Issues what is not active yet; refreshes the numbers of what already is, without announcing it again. */
  private async issueNew(em: Em, current: Map<string, Recommendation>, asOf: string, now: Date): Promise<string[]> {
    const stored = await em.find(RecommendationRow, { recommendationId: { $in: [...current.keys()] } });
    const byId = new Map(stored.map((r) => [r.recommendationId, r]));
    const issued: string[] = [];
    for (const [id, rec] of current) {
      const row = byId.get(id);
      if (row?.status === 'active') {
        Object.assign(row, content(rec), { asOf, updatedAt: now });
        continue;
      }
      const generation = (row?.generation ?? 0) + 1;
      const fields = { ...content(rec), status: 'active' as const, generation, asOf, issuedAt: now, clearedAt: null, updatedAt: now };
      if (row) Object.assign(row, fields);
      else {
        const identity = { recommendationId: id, kind: rec.kind, siteId: rec.siteId, subject: rec.subject };
        em.persist(Object.assign(new RecommendationRow(), identity, fields));
      }
      enqueue(em, announcement('report.recommendation.issued', id, generation, rec, now));
      issued.push(id);
    }
    return issued;
  }

  private async clearGone(em: Em, current: Map<string, Recommendation>, now: Date): Promise<string[]> {
    const gone = await em.find(
      RecommendationRow,
      { status: 'active', recommendationId: { $nin: [...current.keys()] } },
      { orderBy: { recommendationId: 'asc' } },
    );
    for (const row of gone) {
      Object.assign(row, { status: 'cleared', clearedAt: now, updatedAt: now });
      enqueue(em, announcement('report.recommendation.cleared', row.recommendationId, row.generation, row, now));
    }
    return gone.map((r) => r.recommendationId);
  }

  private async analyse(em: Em, asOf: string): Promise<Map<string, Recommendation>> {
    const lookback = new Map<string, number>();
    for (const a of this.analysers) lookback.set(a.reads, Math.max(lookback.get(a.reads) ?? 0, a.lookbackDays));
    const rowsByKind = new Map<string, KpiRow[]>();
    for (const [kind, days] of lookback) {
      const rows = await em.find(
        KpiDailyRow,
        { kind: kind as KpiRow['kind'], day: { $gte: shiftDay(asOf, -(days - 1)), $lte: asOf } },
        { orderBy: { day: 'asc', siteId: 'asc', key: 'asc' } },
      );
      rowsByKind.set(kind, rows);
    }
    const out = new Map<string, Recommendation>();
    for (const analyser of this.analysers) {
      for (const rec of analyser.analyse(rowsByKind.get(analyser.reads) ?? [], asOf)) {
        out.set(recommendationIdFor(rec), rec);
      }
    }
    return out;
  }
}

function content(rec: Recommendation) {
  return { severity: rec.severity, title: rec.title, summary: rec.summary, evidence: rec.evidence, actions: rec.actions };
}

type Announced = Pick<Recommendation, 'kind' | 'siteId' | 'severity' | 'title' | 'actions' | 'summary' | 'evidence'>;

function announcement(
  type: 'report.recommendation.issued' | 'report.recommendation.cleared',
  recommendationId: string,
  generation: number,
  rec: Announced,
  at: Date,
) {
  // A trend rests on daily aggregates, not on single events: no event references, the numbers instead.
  const data: ReportRecommendation = {
    recommendationId,
    kind: rec.kind,
    severity: rec.severity,
    title: rec.title,
    evidence: [],
    actions: rec.actions,
    summary: rec.summary.slice(0, 2000),
    figures: rec.evidence,
  };
  return createEvent(type, data, {
    id: deterministicEventId(type, recommendationId, String(generation)),
    source: 'anomaly',
    siteId: rec.siteId,
    occurredAt: at,
  });
}
