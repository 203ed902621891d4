/** The reporting service's "now": which week is due, when a run started, what is old enough to delete. */
export class Clock {
  now(): Date {
    return new Date();
  }
}
