/** Business time of the facts this service records (the `occurredAt` of their events) and of durations. */
export class Clock {
  now(): Date {
    return new Date();
  }
}
