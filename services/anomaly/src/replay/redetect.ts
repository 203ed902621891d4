import { MikroORM } from '@mikro-orm/postgresql';
import { type Envelope, type StreamId } from '@vigie/contracts';
import { replayStream, type Bus, type ReplayOptions } from '@vigie/messaging';
import { OutboxEvent, ormConfig, prepareDatabase, type PersistenceOptions } from '@vigie/persistence';
import { inputStreams } from '../consumers/domain-events.consumer';
import { checkDetectors, DETECTORS } from '../detectors';
import { decodeDeadLetterEvent } from '../detectors/dead-letter-event';
import type { Detector, DetectorEvent } from '../detectors/detector';
import { AnomalyRow } from '../entities/anomaly.entity';
import { RuleOverrideRow, RuleRevisionRow } from '../entities/rule-override.entity';
import type { RuleOverride } from '../rules/rule-overrides';
import { RulesService, type OverrideChange } from '../rules/rules.service';
import { DetectAnomalies, type DetectionItem } from '../usecases/detect-anomalies/detect-anomalies.usecase';
import { mergeByEventTime } from './merge-by-event-time';

export interface RedetectOptions {
  bus: Bus;
  /** An empty database (or schema) of its own: re-detection writes a whole anomaly projection there. */
  persistence: PersistenceOptions;
  /** Default: every stream a detector reads (see `inputStreams`). */
  streams?: readonly StreamId[];
  /** Reads each stream from the first message stored at or after this time (server time). */
  from?: Date;
  /** Only events whose event time (`occurredAt`) is in `[from, to)` are detected; the others are read and skipped. */
  window?: { from: Date; to: Date };
  /** The rules to start from (e.g. the live service's overrides and revisions); default: the defaults. */
  rules?: { overrides: readonly RuleOverride[]; revisions: Readonly<Record<string, number>> };
  /** Changes tried on top of `rules`, each as `PUT /rules/:ruleId` would apply it (refused the same way). */
  changes?: readonly { ruleId: string; change: OverrideChange }[];
  /** Called now and then with how many stored messages were read out of those to read. */
  onProgress?: (progress: RedetectProgress) => void;
  /** Stops the re-detection (between two batches) with the signal's reason. */
  signal?: AbortSignal;
  detectors?: readonly Detector[];
  /** Events per transaction (default 5000); the result does not depend on it. */
  batchSize?: number;
}

// 5000 rather than 500: 1.5× faster re-detection in the bench (one state read/write and one commit per
// batch), and the batch tests check identical tables up to 5000.
const DEFAULT_BATCH_SIZE = 5000;

export interface RedetectProgress {
  read: number;
  total: number;
  events: number;
}

export interface RedetectResult {
  streams: StreamId[];
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
  // A context name of its own: inside an HTTP request of the service, MikroORM's request context would
  // otherwise hand the live EntityManager to this ORM's forks.
  const orm = await MikroORM.init({ ...ormConfig(opts.persistence), contextName: 'redetect' });
  let writing: Promise<void> = Promise.resolve();
  try {
    if (opts.rules) await seedRules(orm, opts.rules);
    const rules = new RulesService(orm.em);
    await rules.onModuleInit();
    for (const { ruleId, change } of opts.changes ?? []) await rules.setOverride(ruleId, change);
    const detectors = checkDetectors(opts.detectors ?? DETECTORS);
    const detect = new DetectAnomalies(orm.em, rules, detectors);
    const streams = opts.streams ?? inputStreams(detectors);
    const counters = streams.map(() => ({ read: 0, total: 0 }));
    const sources = streams.map((stream, i) => tagged(opts.bus, stream, counters[i], opts.from, opts.window));
    const progress = () => ({
      read: counters.reduce((n, c) => n + c.read, 0),
      total: counters.reduce((n, c) => n + c.total, 0),
      events,
    });
    const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    let events = 0;
    let invalid = 0;
    let transitions = 0;
    let batch: DetectionItem[] = [];
    opts.signal?.throwIfAborted();
    // The next batch is read from NATS while the previous one is detected and written: transactions
    // still run one at a time, in order, over the same batches, so the result does not change.
    const flush = async () => {
      await writing;
      const items = batch;
      batch = [];
      writing = detect.executeBatch(items).then((r) => {
        transitions += r.transitions;
      });
      // Its failure is thrown where it is awaited: by the next flush, or below.
      writing.catch(() => undefined);
    };
    for await (const item of mergeByEventTime(sources)) {
      if (!item.event) {
        invalid += 1;
        continue;
      }
      events += 1;
      batch.push({ event: item.event, position: { stream: item.stream, seq: item.seq } });
      if (batch.length >= batchSize) {
        opts.signal?.throwIfAborted();
        await flush();
        opts.onProgress?.(progress());
      }
    }
    await flush();
    await writing;
    opts.onProgress?.(progress());
    const em = orm.em.fork();
    const announced = (await em.find(OutboxEvent, {}, { orderBy: { id: 'asc' } })).map((r) => r.envelope as unknown as Envelope);
    const anomalies = (await em.find(AnomalyRow, {}, { orderBy: { anomalyId: 'asc' } })).map((r) => r.toState());
    return { streams: [...streams], events, invalid, transitions, announced, anomalies };
  } finally {
    // Read or aborted mid-way: the transaction under way ends before the ORM closes.
    await writing.catch(() => undefined);
    await orm.close(true);
  }
}

async function seedRules(orm: MikroORM, rules: NonNullable<RedetectOptions['rules']>): Promise<void> {
  const em = orm.em.fork();
  for (const o of rules.overrides) {
    em.create(RuleOverrideRow, {
      ruleId: o.ruleId,
      siteId: o.scope.siteId ?? '',
      subject: o.scope.subject ?? '',
      enabled: o.enabled ?? null,
      severity: o.severity ?? null,
      params: o.params ?? {},
      updatedBy: 'redetect',
      updatedAt: new Date(0),
    });
  }
  for (const [ruleId, revision] of Object.entries(rules.revisions)) {
    if (revision > 0) em.create(RuleRevisionRow, { ruleId, revision });
  }
  await em.flush();
}

async function* tagged(
  bus: Bus,
  stream: StreamId,
  counter: { read: number; total: number },
  from?: Date,
  window?: { from: Date; to: Date },
) {
  const [start, end] = window ? [window.from.getTime(), window.to.getTime()] : [-Infinity, Infinity];
  let first: number | undefined;
  const info = await bus.jsm.streams.info(bus.topo.streamName(stream)).catch((e: Error) => {
    // A stream that was never created holds no history.
    if (e.name === 'StreamNotFoundError') return undefined;
    throw e;
  });
  if (!info) return;
  const last = info.state.last_seq;
  const read: ReplayOptions<DetectorEvent> = {
    toSeq: last,
    ...(from ? { fromTime: from } : {}),
    // As the detection consumer reads it: DEADLETTER records are adapted into detector input.
    ...(stream === 'DEADLETTER' ? { decode: decodeDeadLetterEvent } : {}),
  };
  for await (const item of replayStream<DetectorEvent>(bus, stream, read)) {
    first ??= item.seq;
    counter.read = item.seq - first + 1;
    counter.total = last - first + 1;
    if (item.event) {
      const t = Date.parse(item.event.occurredAt);
      if (t < start || t >= end) continue;
    }
    // Invalid history sorts first (epoch) so it is counted and skipped without blocking the merge.
    yield { ...item, stream, occurredAt: item.event?.occurredAt ?? new Date(0).toISOString() };
  }
  counter.read = counter.total;
}
