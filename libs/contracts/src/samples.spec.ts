import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENT_CATALOG, EVENT_TYPES, type EventType } from './catalog';
import { decodeEvent } from './envelope';
import { eventSubject } from './subjects';
import { topology } from './topology';

const SAMPLES = path.join(__dirname, '..', 'samples');

describe('saved samples', () => {
  const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));

  it('exist for every event type and version of the catalog', () => {
    const expected = EVENT_TYPES.flatMap((t) =>
      Object.keys(EVENT_CATALOG[t].versions).map((v) => `${t}.v${v}.json`),
    ).sort();
    expect(files.sort()).toEqual(expected);
  });

  it.each(files)('%s decodes and routes to its stream', (file) => {
    const raw = fs.readFileSync(path.join(SAMPLES, file));
    const event = decodeEvent(new Uint8Array(raw));
    expect(`${event.type}.v${event.version}.json`).toBe(file);
    const subject = eventSubject(topology(), event);
    const domain = EVENT_CATALOG[event.type as EventType].stream.toLowerCase();
    expect(subject.startsWith(`recyclic.${event.type}.${event.siteId}.`)).toBe(true);
    expect(subject.split('.')[1]).toBe(domain);
  });
});
