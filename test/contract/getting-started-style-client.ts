/**
 * A Symbl client written the way Symbl's getting-started samples are (symblai/getting-started-samples,
 * examples/node/common/{common,management,async}.js): plain fetch, configuration from the environment,
 * `200 || 201` as success, the management routes as the samples call them, and a Wait() that polls the job
 * while its status is "in_progress". It knows nothing about the emulator: pointed at api.symbl.ai it would
 * make the same calls. Written for this project (no sample code copied).
 */

export interface SampleEnv {
  /** Base URL; the samples hard-code https://api.symbl.ai. */
  SYMBL_API_URL?: string;
  APP_ID: string;
  APP_SECRET: string;
  /** Milliseconds between job polls; the samples sleep 5 s. */
  POLL_MS?: string;
}

export class SampleClient {
  private readonly base: string;

  constructor(private readonly env: SampleEnv) {
    this.base = (env.SYMBL_API_URL ?? "https://api.symbl.ai").replace(/\/+$/, "");
  }

  private async query(path: string, method: string, token: string | undefined, body?: unknown): Promise<string> {
    const headers: Record<string, string> = { "Content-Type": "application/json", Connection: "keep-alive" };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${this.base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    if (response.status === 200 || response.status === 201) return text;
    throw new Error(`${response.status}: ${text}`);
  }

  async login(): Promise<string> {
    const text = await this.query("/oauth2/token:generate", "POST", undefined, { type: "application", appId: this.env.APP_ID, appSecret: this.env.APP_SECRET });
    return (JSON.parse(text) as { accessToken: string }).accessToken;
  }

  /** Like management.js Create: one tracker, often with a single phrase. Returns the new id. */
  async createTracker(token: string, name: string, vocabulary: string[]): Promise<string> {
    const text = await this.query("/v1/manage/tracker", "POST", token, { name, vocabulary });
    return (JSON.parse(text) as { tracker: { id: string } }).tracker.id;
  }

  /** Like management.js List: the raw body of GET /v1/manage/trackers. */
  async listTrackers(token: string): Promise<string> {
    return this.query("/v1/manage/trackers", "GET", token);
  }

  /** Like management.js Delete: fails unless the answer says deleted. */
  async deleteTracker(token: string, id: string): Promise<string> {
    const answer = JSON.parse(await this.query(`/v1/manage/tracker/${id}`, "DELETE", token)) as { id: string; deleted?: boolean };
    if (!answer.deleted) throw new Error(`${answer.id} was not deleted.`);
    return answer.id;
  }

  async processText(token: string, content: string[], extra: Record<string, unknown> = {}): Promise<{ conversationId: string; jobId: string }> {
    const messages = content.map((text) => ({ payload: { content: text }, from: { name: "Sample", userId: "sample@example.com" } }));
    return JSON.parse(await this.query("/v1/process/text", "POST", token, { name: "my-conversation", messages, ...extra })) as { conversationId: string; jobId: string };
  }

  /** Like common.js Wait: poll while "in_progress" (at most 30 times), then return the last answer. */
  async wait(token: string, jobId: string): Promise<{ id: string; status: string }> {
    let last = { id: jobId, status: "unknown" };
    for (let count = 0; count <= 30; count++) {
      last = JSON.parse(await this.query(`/v1/job/${jobId}`, "GET", token)) as { id: string; status: string };
      if (last.status !== "in_progress") break;
      await new Promise((resolve) => setTimeout(resolve, Number(this.env.POLL_MS ?? 5000)));
    }
    return last;
  }

  /** Like async.js Trackers: the raw trackers-detected array. */
  async trackersDetected(token: string, conversationId: string): Promise<Array<{ id: string; name: string; matches: Array<{ value: string }> }>> {
    return JSON.parse(await this.query(`/v1/conversations/${conversationId}/trackers-detected`, "GET", token)) as Array<{ id: string; name: string; matches: Array<{ value: string }> }>;
  }
}
