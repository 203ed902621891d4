import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus registry of ONE app. Never prom-client's global registry: tests run several apps in
 * one process and each must expose only its own series.
 */
export class MetricsService {
  readonly registry = new Registry();

  /** `vigie_events_consumed_total{stream,durable}` — incremented after each acked event. */
  readonly eventsConsumed: Counter<'stream' | 'durable'>;
  /** `vigie_handler_errors_total{stream,durable,kind}` — kind: transient | poison | invalid. */
  readonly handlerErrors: Counter<'stream' | 'durable' | 'kind'>;
  /** `vigie_events_published_total{stream,type}`. */
  readonly eventsPublished: Counter<'stream' | 'type'>;
  /** `vigie_http_requests_total{method,route,status}` — counted by the health module's middleware. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.eventsConsumed = this.counter('vigie_events_consumed_total', 'Events handled and acked', ['stream', 'durable']);
    this.handlerErrors = this.counter('vigie_handler_errors_total', 'Consumer handler failures', ['stream', 'durable', 'kind']);
    this.eventsPublished = this.counter('vigie_events_published_total', 'Events published to JetStream', ['stream', 'type']);
    this.httpRequests = this.counter('vigie_http_requests_total', 'HTTP requests served', ['method', 'route', 'status']);
  }

  /** Returns the counter of that name, creating it on first use, so two callers share one series. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.existing<Counter<L>>(name, Counter) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return this.existing<Gauge<L>>(name, Gauge) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[] = [], buckets?: number[]): Histogram<L> {
    return (
      this.existing<Histogram<L>>(name, Histogram) ??
      new Histogram({ name, help, labelNames, registers: [this.registry], ...(buckets ? { buckets } : {}) })
    );
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private existing<M>(name: string, kind: abstract new (...args: never[]) => unknown): M | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return undefined;
    if (!(metric instanceof kind)) throw new Error(`metric ${name} already exists with another type`);
    return metric as M;
  }
}
