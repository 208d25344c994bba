/** One short-lived in-app message at a time; a new one replaces the old and restarts the clock. */
export class Toaster {
  message = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms = 5000) {}

  show(text: string): void {
    this.message = text;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.dismiss();
    }, this.ms);
  }

  dismiss(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.message = null;
  }
}
