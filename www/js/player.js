// The animation loop. JS owns timing; every number and every pixel of the plot comes from the
// wasm Session. Half-steps are queued and taken at the chosen speed; a long one (an M-step on a
// million points) is worked on a few milliseconds per frame, so input is never blocked for long;
// after an M-step the ellipses and means are tweened from the old parameters to the new ones.

const SPEEDS = [0.5, 1, 2, 3, 5, 8, 12, 20, 40, 120]; // half-steps per second
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

export class Player {
  /**
   * @param {object} hooks { step(): report|{pending: true}|null|throws, draw(t), onStep(report), onStop(reason), onError(err) }
   * step() works for at most a few milliseconds; {pending: true} means call it again next frame.
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.playing = false;
    this.queued = 0; // half-steps requested by Step
    this.pending = false; // a half-step is being worked on across frames
    this.speed = 5;
    this.lastStep = 0;
    this.tweenStart = -1;
    this.tweenMs = 0;
    this.dirty = true;
    this.frames = 0;
    this.frame = this.frame.bind(this);
    requestAnimationFrame(this.frame);
  }

  interval() { return 1000 / SPEEDS[Math.min(SPEEDS.length, Math.max(1, this.speed)) - 1]; }

  play() { this.playing = true; this.lastStep = 0; }
  pause() { this.playing = false; this.queued = 0; this.pending = false; }
  /** Queue one whole iteration (E then M), shown as two half-steps. */
  stepIteration(halves) { this.playing = false; this.queued += halves; this.lastStep = 0; }
  invalidate() { this.dirty = true; }
  cancelTween() { this.tweenStart = -1; this.dirty = true; }

  frame(now) {
    requestAnimationFrame(this.frame);
    const wantStep = this.playing || this.queued > 0;
    // A half-step in progress (a long M-step spread over frames) goes on every frame.
    if (this.pending || (wantStep && now - this.lastStep >= this.interval())) {
      if (!this.pending) {
        this.lastStep = now;
        if (this.queued > 0) this.queued--;
      }
      let report = null;
      try {
        report = this.hooks.step();
      } catch (err) {
        this.pause();
        this.hooks.onError(err);
      }
      if (report && report.pending) {
        this.pending = true;
      } else {
        this.pending = false;
        if (report) {
          if (report.half === 'M' && !reducedMotion.matches) {
            this.tweenStart = now;
            this.tweenMs = Math.min(450, this.interval() * 0.85);
          } else {
            this.tweenStart = -1;
          }
          this.hooks.onStep(report);
          this.dirty = true;
        } else if (report === null && wantStep) {
          this.pause();
          this.hooks.onStop();
        }
      }
    }
    let t = 1;
    if (this.tweenStart >= 0) {
      const u = Math.min(1, (now - this.tweenStart) / this.tweenMs);
      t = u < 0.5 ? 2 * u * u : 1 - Math.pow(-2 * u + 2, 2) / 2; // ease in-out
      if (u >= 1) this.tweenStart = -1;
      this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = this.tweenStart >= 0;
      this.frames++;
      this.hooks.draw(t);
    }
  }
}
