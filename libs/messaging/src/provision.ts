import { nanos } from '@nats-io/nats-core';
import {
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { STREAM_IDS, type StreamId } from '@vigie/contracts';
import type { Bus } from './bus';
import { isStreamNotFound, STREAM_NAME_IN_USE } from './nats-errors';

export interface ProvisionOptions {
  /** 1 on a single server; production runs a 3-node cluster with 3 replicas. */
  replicas?: number;
}

/** The window in which a repeated `Nats-Msg-Id` is dropped: longer than any publish retry. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export class StreamConfigMismatchError extends Error {
  constructor(
    readonly stream: string,
    readonly differences: string[],
  ) {
    super(`stream ${stream} does not have the expected configuration: ${differences.join('; ')}`);
    this.name = 'StreamConfigMismatchError';
  }
}

/**
 * Creates or updates each stream, then reads its configuration back and throws if the server did
 * not apply it (an old nats-server may silently ignore fields). Idempotent and safe when several
 * services boot at once: a lost creation race falls through to the update path.
 */
export async function provisionStreams(
  bus: Bus,
  streams: readonly StreamId[] = STREAM_IDS,
  opts: ProvisionOptions = {},
): Promise<StreamInfo[]> {
  const infos: StreamInfo[] = [];
  for (const id of streams) {
    try {
      infos.push(await provisionStream(bus, id, opts));
    } catch (e) {
      if (e instanceof StreamConfigMismatchError) throw e;
      throw new Error(`cannot provision stream ${bus.topo.streamName(id)}: ${(e as Error).message}`, { cause: e });
    }
  }
  return infos;
}

function desiredConfig(bus: Bus, id: StreamId, opts: ProvisionOptions) {
  return {
    name: bus.topo.streamName(id),
    subjects: bus.topo.streamSubjects(id),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: opts.replicas ?? 1,
  } satisfies Partial<StreamConfig>;
}

async function provisionStream(bus: Bus, id: StreamId, opts: ProvisionOptions): Promise<StreamInfo> {
  const want = desiredConfig(bus, id, opts);
  let current = await infoOrNull(bus, want.name);
  if (!current) {
    try {
      current = await bus.jsm.streams.add(want);
    } catch (e) {
      if (!(e instanceof JetStreamApiError && e.code === STREAM_NAME_IN_USE)) throw e;
      current = await bus.jsm.streams.info(want.name);
    }
  }
  if (differences(current.config, want).length > 0) {
    if (current.config.storage !== want.storage) {
      throw new StreamConfigMismatchError(want.name, [
        `storage is ${current.config.storage}, expected ${want.storage} (storage cannot be changed in place)`,
      ]);
    }
    await bus.jsm.streams.update(want.name, {
      subjects: want.subjects,
      duplicate_window: want.duplicate_window,
      num_replicas: want.num_replicas,
    });
  }
  const readBack = await bus.jsm.streams.info(want.name);
  const diff = differences(readBack.config, want);
  if (diff.length > 0) throw new StreamConfigMismatchError(want.name, diff);
  return readBack;
}

async function infoOrNull(bus: Bus, name: string): Promise<StreamInfo | null> {
  try {
    return await bus.jsm.streams.info(name);
  } catch (e) {
    if (isStreamNotFound(e)) return null;
    throw e;
  }
}

function differences(actual: StreamConfig, want: ReturnType<typeof desiredConfig>): string[] {
  const out: string[] = [];
  const a = [...(actual.subjects ?? [])].sort().join(',');
  const w = [...want.subjects].sort().join(',');
  if (a !== w) out.push(`subjects are [${a}], expected [${w}]`);
  if (actual.storage !== want.storage) out.push(`storage is ${actual.storage}, expected ${want.storage}`);
  if (actual.num_replicas !== want.num_replicas) {
    out.push(`replicas are ${actual.num_replicas}, expected ${want.num_replicas}`);
  }
  if (actual.duplicate_window !== want.duplicate_window) {
    out.push(`duplicate_window is ${actual.duplicate_window}ns, expected ${want.duplicate_window}ns`);
  }
  if (actual.retention !== want.retention) out.push(`retention is ${actual.retention}, expected ${want.retention}`);
  return out;
}
