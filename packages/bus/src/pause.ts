/** A sleep that can be cut short, so `stop()` does not wait for an idle poll interval to pass. */
export class Pause {
  #wake: (() => void) | undefined;

  /** Resolves after `ms`, or earlier when {@link Pause.interrupt} is called. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current wait, if any. */
  interrupt(): void {
    this.#wake?.();
    this.#wake = undefined;
  }
}
