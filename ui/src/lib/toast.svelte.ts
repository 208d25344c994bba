/**
 * One short-lived in-app message at a time; a new one replaces the old and restarts the clock.
 * A message may carry an action (what clicking it does, e.g. open the lead it is about).
 */
export class Toaster {
  message = $state<string | null>(null);
  action = $state.raw<(() => void) | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms = 5000) {}

  show(text: string, action: (() => void) | null = null): void {
    this.message = text;
    this.action = action;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.dismiss();
    }, this.ms);
  }

  dismiss(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.message = null;
    this.action = null;
  }

  /** Runs the message's action and dismisses it. */
  activate(): void {
    const action = this.action;
    this.dismiss();
    action?.();
  }
}
