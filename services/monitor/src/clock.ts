/** The monitor's time: `occurredAt` of ticks and probe results, and how long an outage has lasted. */
export class Clock {
  now(): Date {
    return new Date();
  }
}
