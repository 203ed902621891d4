const WIDTH = 30;

/**
 * A progress bar on stderr: redrawn in place on a terminal, one line per tenth otherwise (logs, CI).
 */
export class ProgressBar {
  private lastTenth = -1;

  constructor(
    private readonly out: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown },
    private readonly label: string,
  ) {}

  update(done: number, total: number, note = ''): void {
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * WIDTH);
    const line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${note}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\u001b[K`);
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.out.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
