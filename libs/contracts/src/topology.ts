import { STREAM_DOMAIN, STREAM_IDS, type StreamId } from './streams';
import { TOKEN_PATTERN } from './ids';

const NAMESPACE_PATTERN = /^[a-z0-9]{0,16}$/;

/**
 * Where the streams and subjects of one Vigie installation live. The default namespace ('') gives the
 * names of ARCHITECTURE.md (`CASH`, `recyclic.cash.>`). A namespace `t1a2` gives `T1A2_CASH` and
 * `recyclic-t1a2.cash.>`: same token count, so tests can share one NATS server without seeing each other.
 */
export interface Topology {
  readonly namespace: string;
  readonly root: string;
  streamName(stream: StreamId): string;
  streamSubjects(stream: StreamId): string[];
}

export function topology(namespace = ''): Topology {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(`namespace must match ${NAMESPACE_PATTERN} (got "${namespace}")`);
  }
  const root = namespace ? `recyclic-${namespace}` : 'recyclic';
  const prefix = namespace ? `${namespace.toUpperCase()}_` : '';
  return {
    namespace,
    root,
    streamName: (stream) => `${prefix}${stream}`,
    streamSubjects: (stream) => [`${root}.${STREAM_DOMAIN[stream]}.>`],
  };
}

export function streamOfDomain(domain: string): StreamId | undefined {
  return STREAM_IDS.find((s) => STREAM_DOMAIN[s] === domain);
}

export function assertToken(value: string, what: string): string {
  if (!TOKEN_PATTERN.test(value)) throw new Error(`${what} "${value}" is not a valid subject token`);
  return value;
}
