import type { AnyEvent, EvidenceRef } from '@vigie/contracts';
import { type Detector, evidenceOf } from './detector';

export interface ServiceDownState {
  /** Site of the latest heartbeat: a tick is `global`, the anomaly belongs to the service's site. */
  siteId: string;
  lastHeartbeatAt: string;
  lastHeartbeat: EvidenceRef;
  instanceId: string;
  version: string;
  down: boolean;
}

function serviceOf(event: AnyEvent): string {
  if (event.type === 'ops.heartbeat.emitted') return event.data.service;
  throw new Error(`service.down does not read ${event.type}`);
}

/**
 * Absence of heartbeats, judged on the monitor's ticks (event time), never on the wall clock. Only a
 * service once seen can be missed: state exists from its first heartbeat on.
 */
export const serviceDownDetector: Detector<ServiceDownState> = {
  ruleId: 'service.down',
  eventTypes: ['ops.heartbeat.emitted'],
  stateKey: serviceOf,
  evaluate(state, event, position) {
    if (event.type !== 'ops.heartbeat.emitted') return { state, signals: [] };
    const { service, instanceId, version } = event.data;
    // A heartbeat no newer than the last one (a redelivery, a late copy) says nothing about now.
    if (state && Date.parse(event.occurredAt) <= Date.parse(state.lastHeartbeatAt)) return { state, signals: [] };
    const here = evidenceOf(event, position);
    const signals = state?.down ? [{ kind: 'resolve' as const, key: service, evidence: [here] }] : [];
    return {
      state: { siteId: event.siteId, lastHeartbeatAt: event.occurredAt, lastHeartbeat: here, instanceId, version, down: false },
      signals,
    };
  },
  onTick(key, state, tick, position, rule) {
    const silentMs = Date.parse(tick.occurredAt) - Date.parse(state.lastHeartbeatAt);
    if (state.down || silentMs <= rule.params.silenceAboveSeconds * 1000) return { state, signals: [] };
    const seconds = Math.floor(silentMs / 1000);
    return {
      state: { ...state, down: true },
      signals: [
        {
          kind: 'raise',
          key,
          severity: rule.severity,
          siteId: state.siteId,
          title: `Service indisponible : ${key}`,
          summary:
            `Aucun signal de vie du service ${key} depuis ${seconds} s (seuil ${rule.params.silenceAboveSeconds} s ; ` +
            `dernière instance vue ${state.instanceId}, version ${state.version}).`,
          details: {
            service: key,
            silentForMs: silentMs,
            lastHeartbeatAt: state.lastHeartbeatAt,
            instanceId: state.instanceId,
            version: state.version,
            silenceAboveSeconds: rule.params.silenceAboveSeconds,
          },
          // The tick first: the anomaly id derives from it, so each outage gets its own.
          evidence: [evidenceOf(tick, position), state.lastHeartbeat],
        },
      ],
    };
  },
};
