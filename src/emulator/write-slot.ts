/**
 * Symbl documents "a maximum concurrency of 1" for tracker writes: a write that arrives while another
 * is in flight gets 429 instead of waiting. The slot is taken synchronously when a write arrives and
 * given back when its response is finished or its connection closed.
 */
export interface WriteSlot {
  /** Returns a release function, or undefined when another write holds the slot. */
  tryAcquire(): (() => void) | undefined;
  readonly busy: boolean;
}

export function createWriteSlot(): WriteSlot {
  let holder = 0;
  let generation = 0;
  return {
    tryAcquire() {
      if (holder !== 0) return undefined;
      generation += 1;
      const mine = generation;
      holder = mine;
      return () => {
        if (holder === mine) holder = 0;
      };
    },
    get busy() {
      return holder !== 0;
    },
  };
}
