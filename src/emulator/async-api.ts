import type { ExtensionHandler } from "./extension.js";

// Placeholder: the Async/Conversation/Experience routes are added by the matcher issue.
export const handleAsyncApi: ExtensionHandler = async () => undefined;
