import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope, EvidenceRef, Severity } from '@vigie/contracts';
import type { EventPosition } from '../../detectors/detector';
import type { AnomalyState, AnomalyStatus } from '../../domain/anomaly';
import type { FlapRecord } from '../../domain/flapping';
import { asStored, asStoredOwned, byUtf8Bytes } from './stored-json';

/** Rows per statement: keeps every statement well under Postgres' 65 535 parameters. */
const CHUNK = 500;

interface StateSlot {
  /** The state in stored form (see `asStored`), or undefined when the (rule, key) has none. */
  value?: unknown;
  /** Whether a row exists for it in the database (as of the batch's start). */
  inDb: boolean;
  dirty: boolean;
}

interface AnomalyRecord {
  anomaly_id: string;
  rule_id: string;
  rule_version: number;
  site_id: string;
  key: string;
  severity: Severity;
  status: AnomalyStatus;
  title: string;
  summary: string;
  details: Record<string, unknown>;
  evidence: EvidenceRef[];
  count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  flapping: boolean;
}

interface FlapRow {
  rule_id: string;
  key: string;
  raises: string[];
  flapping_anomaly_id: string | null;
  cleared: boolean;
  last_flap_at: Date | null;
}

interface FlapSlot {
  value?: FlapRecord;
  inDb: boolean;
  dirty: boolean;
}

/**
 * The working set of one detection transaction: checkpoints, detector states and open anomalies read
 * once (and locked), changed in memory event after event, written back once. Reads give what a
 * transaction per event would have read from the tables at that point; `save` leaves the tables as a
 * transaction per event would have, outbox rows in the same order.
 */
export class DetectionBatch {
  private readonly checkpoints = new Map<string, number>();
  private readonly movedCheckpoints = new Set<string>();
  private readonly states = new Map<string, Map<string, StateSlot>>();
  /** Rules whose every stored state is in `states` (loaded for absence rules' ticks). */
  private readonly completeRules = new Set<string>();
  private readonly sortedKeys = new Map<string, string[]>();
  /** The unresolved anomaly of (rule, key) as stored, or null when there is none. */
  private readonly open = new Map<string, AnomalyState | null>();
  private readonly changedAnomalies = new Map<string, AnomalyState>();
  /** Flap records of (rule, key) as stored, changed in memory; `allFlapping`: every flapping one is loaded. */
  private readonly flaps = new Map<string, FlapSlot>();
  private allFlapping = false;
  private readonly outbox: Envelope[] = [];

  constructor(private readonly em: EntityManager) {}

  /** Locks the checkpoints of these streams for the rest of the transaction and reads them. */
  async lockCheckpoints(streams: readonly string[]): Promise<void> {
    const rows = await this.em.execute<{ stream: string; seq: string }[]>(
      `select "stream", "seq" from "checkpoint" where "stream" in (${streams.map(() => '?').join(', ')}) order by "stream" for update`,
      [...streams],
    );
    for (const r of rows) this.checkpoints.set(r.stream, Number(r.seq));
  }

  /** True, and moves the stream's checkpoint, when the event is past it: not applied yet. */
  claim(position: EventPosition): boolean {
    if (position.seq <= (this.checkpoints.get(position.stream) ?? 0)) return false;
    this.checkpoints.set(position.stream, position.seq);
    this.movedCheckpoints.add(position.stream);
    return true;
  }

  /**
   * Reads (and locks, in key order) the states of these (rule, key) pairs and every state of
   * `wholeRules`. Pairs without a row are known to have none.
   */
  async loadStates(pairs: readonly { ruleId: string; key: string }[], wholeRules: readonly string[]): Promise<void> {
    const wanted = new Map<string, { ruleId: string; key: string }>();
    for (const p of pairs) if (!wholeRules.includes(p.ruleId)) wanted.set(`${p.ruleId}\u0000${p.key}`, p);
    const unique = [...wanted.values()];
    for (const ruleId of wholeRules) this.completeRules.add(ruleId);
    for (const p of unique) this.slots(p.ruleId).set(p.key, { inDb: false, dirty: false });
    const conditions: { sql: string; params: string[] }[] = [];
    if (wholeRules.length > 0) {
      conditions.push({ sql: `"rule_id" in (${wholeRules.map(() => '?').join(', ')})`, params: [...wholeRules] });
    }
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      conditions.push({
        sql: `("rule_id", "key") in (${chunk.map(() => '(?, ?)').join(', ')})`,
        params: chunk.flatMap((p) => [p.ruleId, p.key]),
      });
    }
    for (const c of conditions) {
      const rows = await this.em.execute<{ rule_id: string; key: string; state: string }[]>(
        `select "rule_id", "key", "state"::text as "state" from "detector_state" where ${c.sql} order by "rule_id", "key" for update`,
        c.params,
      );
      // The parsed value is referenced nowhere else: frozen in place (jsonb text is already in stored form).
      for (const r of rows) this.slots(r.rule_id).set(r.key, { value: asStoredOwned(JSON.parse(r.state)), inDb: true, dirty: false });
    }
  }

  /** The state as a read of its row gives it (frozen); undefined when none. */
  state(ruleId: string, key: string): unknown {
    const slot = this.states.get(ruleId)?.get(key);
    if (!slot) {
      if (this.completeRules.has(ruleId)) return undefined;
      throw new Error(`detector state ${ruleId}/${key} was not loaded`);
    }
    return slot.value;
  }

  /** Keys holding a state of a rule loaded whole, in key order ("C" collation, as the tables are read). */
  keysOf(ruleId: string): string[] {
    if (!this.completeRules.has(ruleId)) throw new Error(`detector states of ${ruleId} were not loaded`);
    let keys = this.sortedKeys.get(ruleId);
    if (!keys) {
      keys = [...(this.states.get(ruleId) ?? new Map<string, StateSlot>()).entries()]
        .filter(([, slot]) => slot.value !== undefined)
        .map(([key]) => key)
        .sort(byUtf8Bytes);
      this.sortedKeys.set(ruleId, keys);
    }
    return keys;
  }

  /** Keeps `state` for (rule, key); undefined deletes it. */
  keep(ruleId: string, key: string, state: unknown): void {
    const slots = this.slots(ruleId);
    const value = state === undefined ? undefined : asStored(state);
    const slot = slots.get(key);
    if ((slot?.value === undefined) !== (value === undefined)) this.sortedKeys.delete(ruleId);
    // Slots are this batch's own (`state` hands out the value, never the slot): updated in place.
    if (slot) {
      slot.value = value;
      slot.dirty = true;
    } else {
      slots.set(key, { value, inDb: false, dirty: true });
    }
  }

  /** Reads (and locks, in key order) the unresolved anomaly of each of these (rule, key) pairs, if any. */
  async loadOpenAnomalies(pairs: readonly { ruleId: string; key: string }[]): Promise<void> {
    const wanted = new Map<string, { ruleId: string; key: string }>();
    for (const p of pairs) wanted.set(`${p.ruleId}\u0000${p.key}`, p);
    const unique = [...wanted.entries()].filter(([id]) => !this.open.has(id)).map(([, p]) => p);
    for (const p of unique) this.open.set(`${p.ruleId}\u0000${p.key}`, null);
    for (const chunk of chunks(unique)) {
      const rows = await this.em.execute<AnomalyRecord[]>(
        `select * from "anomaly" where "status" <> 'resolved' and ("rule_id", "key") in (${chunk.map(() => '(?, ?)').join(', ')}) ` +
          `order by "rule_id", "key" for update`,
        chunk.flatMap((p) => [p.ruleId, p.key]),
      );
      for (const row of rows) this.open.set(`${row.rule_id}\u0000${row.key}`, stateOf(row));
    }
  }

  /** The unresolved anomaly of (rule, key) as it stands at this point of the batch. */
  openAnomaly(ruleId: string, key: string): AnomalyState | undefined {
    const open = this.open.get(`${ruleId}\u0000${key}`);
    if (open === undefined) throw new Error(`open anomaly of ${ruleId}/${key} was not loaded`);
    return open ?? undefined;
  }

  /** Records a transition: the anomaly's new state and the event that announces it (outbox order). */
  record(state: AnomalyState, announcement: Envelope): void {
    const stored: AnomalyState = {
      ...state,
      details: asStored(state.details),
      evidence: asStored(state.evidence),
      firstSeenAt: new Date(state.firstSeenAt).toISOString(),
      lastSeenAt: new Date(state.lastSeenAt).toISOString(),
    };
    this.changedAnomalies.set(stored.anomalyId, stored);
    this.open.set(`${stored.ruleId}\u0000${stored.key}`, stored.status === 'resolved' ? null : stored);
    this.outbox.push(announcement);
  }

  /**
   * Reads (and locks, in key order) the flap records of these pairs and, with `flapping`, every record
   * of a flapping anomaly (a tick may end them) together with those anomalies.
   */
  async loadFlaps(pairs: readonly { ruleId: string; key: string }[], flapping: boolean): Promise<void> {
    const wanted = new Map<string, { ruleId: string; key: string }>();
    for (const p of pairs) wanted.set(`${p.ruleId}\u0000${p.key}`, p);
    const unique = [...wanted.entries()].filter(([id]) => !this.flaps.has(id)).map(([, p]) => p);
    for (const p of unique) this.flaps.set(`${p.ruleId}\u0000${p.key}`, { inDb: false, dirty: false });
    const read = async (where: string, params: string[]) => {
      const rows = await this.em.execute<FlapRow[]>(
        `select "rule_id", "key", "raises", "flapping_anomaly_id", "cleared", "last_flap_at" from "anomaly_flap" where ${where} ` +
          `order by "rule_id", "key" for update`,
        params,
      );
      for (const row of rows) {
        const id = `${row.rule_id}\u0000${row.key}`;
        if (this.flaps.get(id)?.inDb) continue;
        this.flaps.set(id, { value: flapOf(row), inDb: true, dirty: false });
      }
      return rows;
    };
    for (const chunk of chunks(unique)) {
      await read(`("rule_id", "key") in (${chunk.map(() => '(?, ?)').join(', ')})`, chunk.flatMap((p) => [p.ruleId, p.key]));
    }
    if (flapping && !this.allFlapping) {
      this.allFlapping = true;
      const rows = await read(`"flapping_anomaly_id" is not null`, []);
      await this.loadOpenAnomalies(rows.map((r) => ({ ruleId: r.rule_id, key: r.key })));
    }
  }

  flap(ruleId: string, key: string): FlapRecord | undefined {
    const slot = this.flaps.get(`${ruleId}\u0000${key}`);
    if (!slot) throw new Error(`flap record of ${ruleId}/${key} was not loaded`);
    return slot.value;
  }

  keepFlap(ruleId: string, key: string, value: FlapRecord | undefined): void {
    const id = `${ruleId}\u0000${key}`;
    const slot = this.flaps.get(id) ?? { inDb: false, dirty: false };
    this.flaps.set(id, { ...slot, value: value === undefined ? undefined : asStored(normalised(value)), dirty: true });
  }

  /** (rule, key) pairs of the flapping anomalies at this point of the batch, in key order. */
  flapping(): { ruleId: string; key: string }[] {
    if (!this.allFlapping) throw new Error('flapping records were not loaded');
    return [...this.flaps.entries()]
      .filter(([, slot]) => slot.value?.flappingAnomalyId !== undefined)
      .map(([id]) => {
        const [ruleId, key] = id.split('\u0000');
        return { ruleId, key };
      })
      .sort((a, b) => byUtf8Bytes(a.ruleId, b.ruleId) || byUtf8Bytes(a.key, b.key));
  }

  /** Writes what changed, within the caller's transaction. */
  async save(): Promise<void> {
    // At most one unresolved anomaly per (rule, key) is enforced row by row: close before opening.
    const changed = [...this.changedAnomalies.values()];
    await this.upsertAnomalies(changed.filter((a) => a.status === 'resolved'));
    await this.upsertAnomalies(changed.filter((a) => a.status !== 'resolved'));
    await this.insertOutbox();
    await this.writeStates();
    await this.writeFlaps();
    const moved = [...this.movedCheckpoints].sort();
    if (moved.length > 0) {
      await this.em.execute(
        `insert into "checkpoint" ("stream", "seq") values ${moved.map(() => '(?, ?)').join(', ')} ` +
          `on conflict ("stream") do update set "seq" = excluded."seq"`,
        moved.flatMap((s) => [s, this.checkpoints.get(s)!]),
      );
    }
  }

  private async upsertAnomalies(anomalies: AnomalyState[]): Promise<void> {
    for (const chunk of chunks(anomalies)) {
      await this.em.execute(
        `insert into "anomaly" ("anomaly_id", "rule_id", "rule_version", "site_id", "key", "severity", "status", "title", ` +
          `"summary", "details", "evidence", "count", "first_seen_at", "last_seen_at", "flapping", "updated_at") values ` +
          chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz)').join(', ') +
          ` on conflict ("anomaly_id") do update set "rule_id" = excluded."rule_id", "rule_version" = excluded."rule_version", ` +
          `"site_id" = excluded."site_id", "key" = excluded."key", "severity" = excluded."severity", "status" = excluded."status", ` +
          `"title" = excluded."title", "summary" = excluded."summary", "details" = excluded."details", ` +
          `"evidence" = excluded."evidence", "count" = excluded."count", "first_seen_at" = excluded."first_seen_at", ` +
          `"last_seen_at" = excluded."last_seen_at", "flapping" = excluded."flapping", "updated_at" = excluded."updated_at"`,
        chunk.flatMap((a) => [
          a.anomalyId,
          a.ruleId,
          a.ruleVersion,
          a.siteId,
          a.key,
          a.severity,
          a.status,
          a.title,
          a.summary,
          JSON.stringify(a.details),
          JSON.stringify(a.evidence),
          a.count,
          a.firstSeenAt,
          a.lastSeenAt,
          a.flapping,
          // As the row's `fieldsOf` has it: an anomaly changes when it is last seen.
          a.lastSeenAt,
        ]),
      );
    }
  }

  private async insertOutbox(): Promise<void> {
    for (const chunk of chunks(this.outbox)) {
      const now = new Date().toISOString();
      await this.em.execute(
        `insert into "outbox" ("event_id", "event_type", "envelope", "created_at") values ` +
          chunk.map(() => '(?, ?, ?::jsonb, ?::timestamptz)').join(', '),
        chunk.flatMap((e) => [e.id, e.type, JSON.stringify(e), now]),
      );
    }
  }

  private async writeStates(): Promise<void> {
    const upserts: [string, string, string][] = [];
    const deletes: [string, string][] = [];
    for (const ruleId of [...this.states.keys()].sort(byUtf8Bytes)) {
      const slots = this.states.get(ruleId)!;
      for (const key of [...slots.keys()].sort(byUtf8Bytes)) {
        const slot = slots.get(key)!;
        if (!slot.dirty) continue;
        if (slot.value !== undefined) upserts.push([ruleId, key, JSON.stringify(slot.value)]);
        else if (slot.inDb) deletes.push([ruleId, key]);
      }
    }
    for (const chunk of chunks(upserts)) {
      await this.em.execute(
        `insert into "detector_state" ("rule_id", "key", "state") values ${chunk.map(() => '(?, ?, ?::jsonb)').join(', ')} ` +
          `on conflict ("rule_id", "key") do update set "state" = excluded."state"`,
        chunk.flat(),
      );
    }
    for (const chunk of chunks(deletes)) {
      await this.em.execute(
        `delete from "detector_state" where ("rule_id", "key") in (${chunk.map(() => '(?, ?)').join(', ')})`,
        chunk.flat(),
      );
    }
  }

  private async writeFlaps(): Promise<void> {
    const ids = [...this.flaps.keys()].filter((id) => this.flaps.get(id)!.dirty).sort(byUtf8Bytes);
    const upserts = ids.filter((id) => this.flaps.get(id)!.value !== undefined);
    const deletes = ids.filter((id) => this.flaps.get(id)!.value === undefined && this.flaps.get(id)!.inDb);
    for (const chunk of chunks(upserts)) {
      await this.em.execute(
        `insert into "anomaly_flap" ("rule_id", "key", "raises", "flapping_anomaly_id", "cleared", "last_flap_at") values ` +
          chunk.map(() => '(?, ?, ?::jsonb, ?, ?, ?::timestamptz)').join(', ') +
          ` on conflict ("rule_id", "key") do update set "raises" = excluded."raises", "flapping_anomaly_id" = excluded."flapping_anomaly_id", ` +
          `"cleared" = excluded."cleared", "last_flap_at" = excluded."last_flap_at"`,
        chunk.flatMap((id) => {
          const [ruleId, key] = id.split('\u0000');
          const f = this.flaps.get(id)!.value!;
          return [ruleId, key, JSON.stringify(f.raises), f.flappingAnomalyId ?? null, f.cleared ?? false, f.lastFlapAt ?? null];
        }),
      );
    }
    for (const chunk of chunks(deletes)) {
      await this.em.execute(
        `delete from "anomaly_flap" where ("rule_id", "key") in (${chunk.map(() => '(?, ?)').join(', ')})`,
        chunk.flatMap((id) => id.split('\u0000')),
      );
    }
  }

  private slots(ruleId: string): Map<string, StateSlot> {
    let slots = this.states.get(ruleId);
    if (!slots) {
      slots = new Map();
      this.states.set(ruleId, slots);
    }
    return slots;
  }
}

/** As `AnomalyRow.toState()` reads a row. */
function stateOf(row: AnomalyRecord): AnomalyState {
  return {
    anomalyId: row.anomaly_id,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    siteId: row.site_id,
    key: row.key,
    severity: row.severity,
    status: row.status,
    title: row.title,
    summary: row.summary,
    details: row.details,
    evidence: row.evidence,
    count: row.count,
    firstSeenAt: new Date(row.first_seen_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    flapping: row.flapping,
  };
}

/** Event times as `timestamptz` gives them back, so a record kept in memory equals the one read back. */
function normalised(f: FlapRecord): FlapRecord {
  return {
    raises: f.raises,
    ...(f.flappingAnomalyId ? { flappingAnomalyId: f.flappingAnomalyId, cleared: f.cleared ?? false } : {}),
    ...(f.lastFlapAt ? { lastFlapAt: new Date(f.lastFlapAt).toISOString() } : {}),
  };
}

/** As a flap record is stored (timestamps in ISO form, absent fields left out). */
function flapOf(row: FlapRow): FlapRecord {
  return asStored({
    raises: row.raises,
    ...(row.flapping_anomaly_id ? { flappingAnomalyId: row.flapping_anomaly_id } : {}),
    ...(row.flapping_anomaly_id ? { cleared: row.cleared } : {}),
    ...(row.last_flap_at ? { lastFlapAt: new Date(row.last_flap_at).toISOString() } : {}),
  });
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
