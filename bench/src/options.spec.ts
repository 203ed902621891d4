import { parseOptions } from './options';

describe('bench options', () => {
  it('runs default sizes, the issue sizes with --full and seconds-long ones with --smoke', () => {
    expect(parseOptions([], {})).toMatchObject({ mode: 'default', events: 100_000, out: 'bench/results/latest.json' });
    expect(parseOptions(['--full'], {})).toMatchObject({ mode: 'full', events: 1_000_000, latencySeconds: 60 });
    expect(parseOptions(['--smoke'], {})).toMatchObject({ mode: 'smoke', out: 'bench/results/smoke.json' });
  });

  it('takes sizes and phases from the command line', () => {
    const opts = parseOptions(['--events', '1000000', '--only', 'history,bundle', '--latency-seconds', '10', '--out', '/tmp/x.json'], {});
    expect(opts).toMatchObject({ events: 1_000_000, latencySeconds: 10, out: '/tmp/x.json' });
    expect([...opts.only!]).toEqual(['history', 'bundle']);
    expect(parseOptions(['--full', '--events', '5000'], {}).events).toBe(5000);
    expect(parseOptions([], { BENCH_EVENTS: '3000' }).events).toBe(3000);
  });

  it('refuses what it does not know, with the usage', () => {
    expect(() => parseOptions(['--events'], {})).toThrow(/--events needs a positive whole number[\s\S]*npm run bench/);
    expect(() => parseOptions(['--events', '-3'], {})).toThrow(/positive whole number/);
    expect(() => parseOptions(['--only', 'speed'], {})).toThrow(/--only takes phases among pipeline, history/);
    expect(() => parseOptions(['--fast'], {})).toThrow(/unknown option --fast/);
  });
});
