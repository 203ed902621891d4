import type { StreamId } from '@vigie/contracts';
import type { Bus } from '@vigie/messaging';

/** How the cluster reports a raft group (a stream or a consumer): its leader and the other peers. */
export interface GroupInfo {
  leader?: string;
  replicas?: { name: string; current: boolean; lag?: number }[];
}

/** A leader and `size - 1` followers that heard from it lately. */
export function isHealthyGroup(group: GroupInfo | undefined, size = 3): boolean {
  const followers = group?.replicas ?? [];
  return !!group?.leader && followers.length === size - 1 && followers.every((r) => r.current);
}

export async function streamGroup(bus: Bus, stream: StreamId): Promise<{ replicas: number; group: GroupInfo }> {
  const info = await bus.jsm.streams.info(bus.topo.streamName(stream));
  return { replicas: info.config.num_replicas, group: info.cluster ?? {} };
}

export async function consumerGroup(bus: Bus, stream: StreamId, durable: string): Promise<GroupInfo> {
  return (await bus.jsm.consumers.info(bus.topo.streamName(stream), durable)).cluster ?? {};
}

export async function durablesOf(bus: Bus, stream: StreamId): Promise<string[]> {
  const names: string[] = [];
  for await (const ci of bus.jsm.consumers.list(bus.topo.streamName(stream))) if (ci.config.durable_name) names.push(ci.name);
  return names.sort();
}
