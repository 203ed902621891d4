import { Inject, Injectable, Logger } from '@nestjs/common';
import { ReplayRequest, type Envelope, type ReplayedAnomaly, type ReplayResult, type StreamId } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { Bus, replayStream } from '@vigie/messaging';
import { databaseName, dropDatabase, withDatabase, type PersistenceOptions } from '@vigie/persistence';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Detector } from '../detectors/detector';
import { DEFAULT_RULES } from '../rules/defaults';
import { validateOverride } from '../rules/rule-overrides';
import { RulesService, type OverrideChange } from '../rules/rules.service';
import { DETECTOR_LIST } from '../usecases/detect-anomalies/detect-anomalies.usecase';
import { redetect, type RedetectProgress } from './redetect';
import { diffAnomalies, foldAnomalies, foldAnomaly, raisedWithin } from './replay-diff';

/** The anomaly service's own persistence options: a replay copies them onto a throwaway database. */
export const REPLAY_PERSISTENCE = Symbol('REPLAY_PERSISTENCE');

export type ParsedReplayRequest = z.infer<typeof ReplayRequest>;

/**
 * How far before its event time a message may have been stored (a producer's clock ahead of the
 * server's). Streams are read from the storage time `warmupFrom - STORED_EARLY_MS`; events are then
 * kept by event time.
 */
export const STORED_EARLY_MS = 24 * 3_600_000;

/** Replays at once per instance: each holds a database and reads whole streams. */
const MAX_RUNNING = 2;

/**
 * Re-runs the detectors (the live list, with the live rules and the changes to try) over the events
 * of `[from − warm-up, to)` into a throwaway database that is dropped afterwards — nothing published,
 * nothing notified, no live table touched — then compares the anomalies first seen in `[from, to)`
 * with those the ANOMALY stream recorded, as of `to`.
 */
@Injectable()
export class ReplayRange {
  private readonly logger = new Logger(ReplayRange.name);
  private running = 0;

  constructor(
    private readonly bus: Bus,
    private readonly rules: RulesService,
    @Inject(DETECTOR_LIST) private readonly detectors: readonly Detector[],
    @Inject(REPLAY_PERSISTENCE) private readonly persistence: PersistenceOptions,
  ) {}

  /** Refuses unknown rules and bad parameters before anything starts (as `PUT /rules/:ruleId` would). */
  check(request: ParsedReplayRequest): void {
    for (const change of request.rules) {
      const base = this.rules.get(change.ruleId);
      const problems = validateOverride(base, change.params);
      if (problems.length) throw new DomainError('validation.failed', `rules: ${change.ruleId}: ${problems.join('; ')}`, 400);
    }
    if (this.running >= MAX_RUNNING) throw new DomainError('replay.busy', `${MAX_RUNNING} replays are running; retry when one is done`, 409);
  }

  async execute(request: ParsedReplayRequest, onProgress?: (p: RedetectProgress) => void, signal?: AbortSignal): Promise<ReplayResult> {
    this.check(request);
    this.running += 1;
    const from = new Date(request.from);
    const to = new Date(request.to);
    const warmupFrom = new Date(from.getTime() - request.warmupHours * 3_600_000);
    const scanFrom = new Date(warmupFrom.getTime() - STORED_EARLY_MS);
    const sandboxUrl = withDatabase(
      this.persistence.databaseUrl,
      `${databaseName(this.persistence.databaseUrl).slice(0, 30)}_replay_${randomBytes(6).toString('hex')}`,
    );
    try {
      const live = this.rules.list();
      const run = await redetect({
        bus: this.bus,
        persistence: { ...this.persistence, databaseUrl: sandboxUrl, poolMax: 2 },
        detectors: this.detectors,
        ...(request.streams ? { streams: request.streams as StreamId[] } : {}),
        from: scanFrom,
        window: { from: warmupFrom, to },
        rules: {
          overrides: live.flatMap((r) => r.overrides),
          revisions: Object.fromEntries(live.map((r) => [r.ruleId, revisionOf(r)])),
        },
        changes: request.rules.map(({ ruleId, ...change }): { ruleId: string; change: OverrideChange } => ({
          ruleId,
          change: { ...change, by: 'audit-replay' },
        })),
        onProgress,
        signal,
      });
      const replayedAll = [...foldAnomalies(run.announced, to).values()];
      const replayed = raisedWithin(replayedAll, from, to);
      const recorded = raisedWithin((await this.recorded(scanFrom, to)).values(), from, to);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        warmupFrom: warmupFrom.toISOString(),
        streams: run.streams,
        events: run.events,
        invalid: run.invalid,
        replayed,
        recorded,
        warmupAnomalies: replayedAll.filter((a) => Date.parse(a.firstSeenAt) < from.getTime()).length,
        diff: diffAnomalies(recorded, replayed),
      };
    } finally {
      this.running -= 1;
      await dropDatabase(sandboxUrl).catch((e: Error) => this.logger.error(`replay database not dropped: ${e.message}`));
    }
  }

  /** The anomalies recorded live: the ANOMALY stream folded up to `to`. */
  private async recorded(scanFrom: Date, to: Date) {
    const fold = new Map<string, ReplayedAnomaly>();
    for await (const item of replayStream(this.bus, 'ANOMALY', { fromTime: scanFrom })) {
      if (item.event) foldAnomaly(fold, item.event as Envelope, to);
    }
    return fold;
  }
}

/** How many times the live configuration of a rule changed: its version over its default's. */
function revisionOf(view: { ruleId: string; version: number }): number {
  return view.version - (DEFAULT_RULES.find((r) => r.ruleId === view.ruleId)?.version ?? view.version);
}
