/**
 * A small seeded pseudo-random generator, so a synthetic council is the same on every run and machine.
 * Math.random cannot be seeded, and a benchmark or a failing test is only useful if it can be replayed.
 */

/** A stream of pseudo-random choices, fixed by its seed. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items` (which must not be empty), each equally likely. */
  pick<T>(items: readonly T[]): T;
  /** One of the `choices`, each with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
}

/**
 * A generator using mulberry32: 32 bits of state, fast, and good enough for simulation (not for
 * anything secret). `seed` is read as an unsigned 32-bit integer.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
    weighted(choices) {
      let total = 0;
      for (const [, weight] of choices) total += weight;
      let roll = next() * total;
      for (const [value, weight] of choices) {
        roll -= weight;
        if (roll < 0) return value;
      }
      // Only reachable through rounding at the very top of the range.
      return (choices[choices.length - 1] as (typeof choices)[number])[0];
    },
  };
}

// MurmurHash3's finaliser: spreads every input bit over the output, so neighbouring stream numbers
// give unrelated seeds.
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The seed of stream `stream` under the council seed `seed` (any safe integer). Each case draws from
 * its own stream, so one case's history does not shift when another case changes.
 */
export function deriveSeed(seed: number, stream: number): number {
  const high = Math.floor(seed / 4_294_967_296);
  return mix32(mix32(seed >>> 0) ^ mix32(high + 0x27d4eb2f) ^ Math.imul(stream + 1, 0x9e3779b9));
}
