/**
 * Tracker ids look like Symbl's: 16-digit strings. They come from a bijection of a counter over the
 * 9e15 16-digit numbers (multiply by a constant coprime to the range, add a seeded offset), so two ids
 * from one generator never collide and the sequence is reproducible from its persisted state.
 */
const ID_SPACE = 9_000_000_000_000_000n;
const ID_BASE = 1_000_000_000_000_000n;
// Not divisible by 2, 3 or 5, the prime factors of ID_SPACE, so multiplication permutes the range.
const ID_MULTIPLIER = 6_364_136_223_846_793n;

export interface IdGeneratorState {
  offset: string;
  counter: number;
}

export function createIdGeneratorState(seed: number): IdGeneratorState {
  const mixed = (BigInt(Math.trunc(Math.abs(seed))) * 2_862_933_555_777_941_757n + 3_037_000_493n) % ID_SPACE;
  return { offset: mixed.toString(), counter: 0 };
}

/** Returns the next id not in `taken` and the generator state after it. */
export function generateId(state: IdGeneratorState, taken: ReadonlySet<string>): { id: string; state: IdGeneratorState } {
  let counter = state.counter;
  const offset = BigInt(state.offset);
  for (;;) {
    const id = (ID_BASE + ((BigInt(counter) * ID_MULTIPLIER + offset) % ID_SPACE)).toString();
    counter += 1;
    if (!taken.has(id)) return { id, state: { offset: state.offset, counter } };
  }
}

export function isIdGeneratorState(value: unknown): value is IdGeneratorState {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.offset === "string" &&
    /^\d+$/.test(candidate.offset) &&
    BigInt(candidate.offset) < ID_SPACE &&
    typeof candidate.counter === "number" &&
    Number.isSafeInteger(candidate.counter) &&
    candidate.counter >= 0
  );
}
