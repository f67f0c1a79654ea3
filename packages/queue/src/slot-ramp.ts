import type { Worker } from 'bullmq';

/**
 * How many jobs a worker may hold, grown as they arrive. BullMQ fills every free slot (one
 * Redis round trip a job, ~0.5 ms here) before it starts any job it fetched, so a worker of
 * 2,000 slots started nothing for a second after each lull. Here a worker with many slots
 * starts with a few, doubles them each time they are all taken, up to its concurrency, and
 * starts with a few again once it has finished every job it had. (Shrinking it as jobs end
 * made BullMQ fetch one job a round trip instead of with each completion; its 'drained'
 * event is no sign of a lull: under load it fired with thousands of jobs still waiting.)
 */
export class SlotRamp {
  static readonly FEW = 32;
  private active = 0;

  constructor(private readonly max: number) {}

  get initial(): number {
    return Math.min(this.max, SlotRamp.FEW);
  }

  started(worker: Worker): void {
    if (++this.active >= worker.concurrency && worker.concurrency < this.max) worker.concurrency = Math.min(this.max, worker.concurrency * 2);
  }

  ended(worker: Worker): void {
    if (--this.active === 0 && worker.concurrency !== this.initial) worker.concurrency = this.initial;
  }
}
