// Work that runs every so often in each Dovira process (the deadline check, the live reminders):
// started and stopped with the server, never overlapping itself, and callable directly in tests.
export abstract class PeriodicCheck<Report> {
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<Report> | undefined;

  protected constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  protected abstract check(): Promise<Report>;

  start(onError: (error: unknown) => void = () => {}): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => { this.runOnce().catch(onError); }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** One run now, after any run in progress; returns what it did. */
  async runOnce(): Promise<Report> {
    while (this.#running) await this.#running.catch(() => undefined);
    this.#running = this.check();
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }
}
