import { MikroORM } from '@mikro-orm/postgresql';
import { DETECTOR_INPUT_STREAMS, type Envelope, type StreamId } from '@vigie/contracts';
import { replayStream, type Bus } from '@vigie/messaging';
import { OutboxEvent, ormConfig, prepareDatabase, type PersistenceOptions } from '@vigie/persistence';
import { checkDetectors, DETECTORS } from '../detectors';
import type { Detector } from '../detectors/detector';
import { AnomalyRow } from '../entities/anomaly.entity';
import { RulesService } from '../rules/rules.service';
import { DetectAnomalies, type DetectionItem } from '../usecases/detect-anomalies/detect-anomalies.usecase';
import { mergeByEventTime } from './merge-by-event-time';

export interface RedetectOptions {
  bus: Bus;
  /** An empty database (or schema) of its own: re-detection writes a whole anomaly projection there. */
  persistence: PersistenceOptions;
  streams?: readonly StreamId[];
  from?: Date;
  detectors?: readonly Detector[];
  /** Events per transaction (default 500); the result does not depend on it. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 500;

export interface RedetectResult {
  events: number;
  invalid: number;
  transitions: number;
  /** What the detectors would have announced, in order (nothing is published). */
  announced: Envelope[];
  anomalies: ReturnType<AnomalyRow['toState']>[];
}

/**
 * Runs the detectors over the history of the input streams, merged by event time, into a separate
 * database, publishing nothing: what Vigie would have raised. Deterministic: the same history and
 * rules give the same anomalies, byte for byte.
 */
export async function redetect(opts: RedetectOptions): Promise<RedetectResult> {
  await prepareDatabase(opts.persistence);
  const orm = await MikroORM.init(ormConfig(opts.persistence));
  try {
    const rules = new RulesService(orm.em);
    await rules.onModuleInit();
    const detect = new DetectAnomalies(orm.em, rules, checkDetectors(opts.detectors ?? DETECTORS));
    const streams = opts.streams ?? DETECTOR_INPUT_STREAMS.filter((s) => s !== 'DEADLETTER');
    const sources = streams.map((stream) => tagged(opts.bus, stream, opts.from));
    const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    let events = 0;
    let invalid = 0;
    let transitions = 0;
    let batch: DetectionItem[] = [];
    const flush = async () => {
      transitions += (await detect.executeBatch(batch)).transitions;
      batch = [];
    };
    for await (const item of mergeByEventTime(sources)) {
      if (!item.event) {
        invalid += 1;
        continue;
      }
      events += 1;
      batch.push({ event: item.event, position: { stream: item.stream, seq: item.seq } });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    const em = orm.em.fork();
    const announced = (await em.find(OutboxEvent, {}, { orderBy: { id: 'asc' } })).map((r) => r.envelope as unknown as Envelope);
    const anomalies = (await em.find(AnomalyRow, {}, { orderBy: { anomalyId: 'asc' } })).map((r) => r.toState());
    return { events, invalid, transitions, announced, anomalies };
  } finally {
    await orm.close(true);
  }
}

async function* tagged(bus: Bus, stream: StreamId, from?: Date) {
  for await (const item of replayStream(bus, stream, from ? { fromTime: from } : {})) {
    // Invalid history sorts first (epoch) so it is counted and skipped without blocking the merge.
    yield { ...item, stream, occurredAt: item.event?.occurredAt ?? new Date(0).toISOString() };
  }
}
