/** GitHub rejects a step summary above 1 MiB; stay below it with room for what other steps add. */
export const JOB_SUMMARY_LIMIT = 1_000_000;
