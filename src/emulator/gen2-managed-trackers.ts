import type { LiveTracker } from "../model/tracker.js";

/**
 * What an account of generation 2 starts with: Symbl's docs say new accounts get some "Managed Trackers"
 * pre-added to Your Trackers, but name neither them nor how the API marks them. These names and phrases
 * are the emulator's own (labelled [INF] in docs/emulator.md); `managed: true` is the emulator's marker.
 */
export const GEN2_MANAGED_SEEDS: ReadonlyArray<Omit<LiveTracker, "id" | "createdOn" | "updatedOn">> = [
  {
    name: "Managed: Pricing",
    description: "Symbl-managed example: talk about prices, quotes and discounts.",
    categories: ["Sales"],
    languages: ["en-US"],
    vocabulary: ["how much does it cost", "pricing plan", "discount", "price quote", "monthly fee"],
    managed: true,
  },
  {
    name: "Managed: Next Steps",
    description: "Symbl-managed example: agreeing on what happens after the call.",
    categories: ["General"],
    languages: ["en-US"],
    vocabulary: ["next steps", "follow up next week", "send you the proposal", "schedule a meeting", "get back to you"],
    managed: true,
  },
  {
    name: "Managed: Cancellation",
    description: "Symbl-managed example: a customer who wants to leave.",
    categories: ["Customer Success"],
    languages: ["en-US"],
    vocabulary: ["cancel my subscription", "close my account", "stop the service", "not renew", "switch to another provider"],
    managed: true,
  },
];
