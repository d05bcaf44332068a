/** Small timing and memory helpers shared by the benchmarks. */
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The machine the figures were measured on. */
export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >>> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Milliseconds a synchronous task takes. */
export function timeMs(task: () => void): number {
  const started = performance.now();
  task();
  return performance.now() - started;
}

/** Peak heap and resident set seen by {@link MemoryPeak.sample}, in bytes. */
export class MemoryPeak {
  heapUsed = 0;
  rss = 0;
  private timer: NodeJS.Timeout | undefined;

  sample(): void {
    const { heapUsed, rss } = process.memoryUsage();
    if (heapUsed > this.heapUsed) this.heapUsed = heapUsed;
    if (rss > this.rss) this.rss = rss;
  }

  /** Samples every `ms` while asynchronous work runs (a synchronous loop must call sample itself). */
  start(ms = 20): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), ms);
    return this;
  }

  stop(): this {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this;
  }
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
export const round = (value: number, digits = 0) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

// `npm run bench` starts node without --expose-gc; the flag can still be turned on, and a fresh context
// then has `gc`. Collecting before each measurement keeps the garbage of what came before (generating
// a slice of the council, say) out of it.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Releases what it can before a measurement. */
export function collectGarbage(): void {
  gc();
}
