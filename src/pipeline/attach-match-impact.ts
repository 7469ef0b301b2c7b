import type { ProjectLoad } from "../load/load-project.js";
import { resolveConversationsDir } from "../load/project-paths.js";
import type { Plan } from "../model/plan.js";
import type { LiveTracker } from "../model/tracker.js";
import { loadMatcher } from "../match/analyze-text.js";
import { computePlanMatchImpact } from "../plan/compute-plan-match-impact.js";
import { loadConversations } from "../preview/load-conversations.js";

/**
 * Adds the detections gained and lost on the sample conversations, when the repository has them. Plans
 * without changes skip the conversations (and the language model) entirely.
 */
export async function attachMatchImpact(plan: Plan, context: { cwd: string; load: ProjectLoad; live: LiveTracker[] }): Promise<Plan> {
  if (plan.changes.length === 0) return plan;
  const conversations = await loadConversations(resolveConversationsDir(context.cwd, context.load), { optional: true, boundary: context.load.boundary });
  if (conversations.length > 0) await loadMatcher();
  const matchImpact = computePlanMatchImpact({ plan, live: context.live, desired: context.load.trackers, conversations });
  return matchImpact ? { ...plan, matchImpact } : plan;
}
