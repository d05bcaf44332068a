/**
 * Running async work a little at a time, for the stores and for ingest: enough in flight to hide round
 * trips, never so much that a store would throttle. No I/O of its own.
 */

/**
 * Runs tasks with at most `limit` in flight and yields their results in the tasks' order: enough
 * parallelism to hide request latency without a burst that on-demand capacity would throttle.
 */
export async function* inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): AsyncGenerator<T> {
  const running: Promise<T>[] = [];
  let next = 0;
  const start = () => {
    const task = tasks[next++];
    if (!task) return;
    const promise = task();
    // Observed at once, so a failure while an earlier task is still awaited is not an unhandled
    // rejection; it is rethrown when its turn comes.
    promise.catch(() => undefined);
    running.push(promise);
  };
  while (next < Math.min(limit, tasks.length)) start();
  while (running.length > 0) {
    const result = await (running.shift() as Promise<T>);
    start();
    yield result;
  }
}

/**
 * The items of several async iterables, each as soon as it comes, reading all of them at once: a
 * parallel Scan's segments, say. Each source is read one item ahead at most, so memory holds what one
 * page of each holds. A failure in any source is thrown when it comes; the others are then closed.
 */
export async function* merged<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const step = (index: number) => {
    const promise = (iterators[index] as AsyncIterator<T>).next().then((result) => ({ index, result }));
    // Observed at once, so a source failing while another is awaited is not an unhandled rejection.
    promise.catch(() => undefined);
    return promise;
  };
  const pending = new Map(iterators.map((_, index) => [index, step(index)]));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
      } else {
        pending.set(index, step(index));
        yield result.value;
      }
    }
  } finally {
    // Stopped early, or a source failed: the others stop reading.
    await Promise.allSettled([...pending.keys()].map((index) => iterators[index]?.return?.()));
  }
}

/** Runs tasks with at most `limit` in flight and returns their results in the tasks' order. */
export async function allInParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  for await (const result of inParallel(tasks, limit)) results.push(result);
  return results;
}
