/** Business time of the facts this service records (the `occurredAt` of their events). */
export class Clock {
  now(): Date {
    return new Date();
  }
}
