import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";

let clock = Date.parse("2026-03-01T10:00:00Z");
let emulator: RunningEmulator;
let token: string;

async function call(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; json: any; text: string; type: string | null }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${emulator.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, type: response.headers.get("content-type") };
}

const AUDIO = "https://example.com/call.mp3";

const messages = [
  {
    payload: { content: "Hi, we're running a sale right now.", contentType: "text/plain" },
    from: { name: "Agent", userId: "agent@example.com" },
    duration: { startTime: "2026-03-01T10:00:00Z", endTime: "2026-03-01T10:00:04Z" },
  },
  { payload: { content: "Great, I want a refund for my last order though." }, from: { name: "Customer", userId: "c@example.com" } },
];

async function waitForCompletion(jobId: string): Promise<string[]> {
  const seen: string[] = [];
  for (let poll = 0; poll < 5; poll += 1) {
    const response = await call("GET", `/v1/job/${jobId}`);
    expect(response.status).toBe(200);
    expect(response.json.id).toBe(jobId);
    seen.push(response.json.status);
    if (response.json.status === "completed") return seen;
  }
  throw new Error(`job ${jobId} never completed: ${seen.join(", ")}`);
}

async function refreshToken(): Promise<void> {
  const response = await fetch(`${emulator.url}/oauth2/token:generate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "application", appId: DEFAULT_EMULATOR_APP_ID, appSecret: DEFAULT_EMULATOR_APP_SECRET }),
  });
  token = ((await response.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    now: () => clock,
    initialTrackers: [
      { name: "Refund", vocabulary: ["refund", "money back"] },
      { name: "Unused", vocabulary: ["zebra"] },
    ],
  });
  await refreshToken();
});

afterAll(async () => {
  await emulator.close();
});

describe("emulator Async Text, Job and Conversation routes", () => {
  it("processes text with inline trackers and enableAllTrackers; a poll never answers scheduled: in_progress, then completed", async () => {
    const created = await call("POST", "/v1/process/text", { name: "Sale call", messages, trackers: [{ name: "Promotion", vocabulary: ["run sale"] }], enableAllTrackers: true });
    expect(created.status).toBe(201);
    expect(created.json.conversationId).toMatch(/^\d{16}$/);
    expect(created.json.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // Before the job completes, the results are not there yet (documented: wait for completed).
    expect((await call("GET", `/v1/conversations/${created.json.conversationId}/trackers-detected`)).json).toEqual([]);
    expect(await waitForCompletion(created.json.jobId)).toEqual(["in_progress", "completed"]);

    const detected = await call("GET", `/v1/conversations/${created.json.conversationId}/trackers-detected`);
    expect(detected.status).toBe(200);
    const refundId = emulator.trackers().find((tracker) => tracker.name === "Refund")!.id;
    expect(detected.json).toEqual([
      {
        id: refundId,
        name: "Refund",
        matches: [{ type: "vocabulary", value: "refund", messageRefs: [{ id: expect.stringMatching(/^\d{16}$/), text: messages[1]!.payload.content, offset: 16 }], insightRefs: [] }],
      },
      {
        id: expect.stringMatching(/^\d{16}$/),
        name: "Promotion",
        matches: [{ type: "vocabulary", value: "run sale", messageRefs: [{ id: expect.stringMatching(/^\d{16}$/), text: messages[0]!.payload.content, offset: -1 }], insightRefs: [] }],
      },
    ]);
    // The deprecated path serves the same body.
    expect((await call("GET", `/v1/conversations/${created.json.conversationId}/trackers`)).json).toEqual(detected.json);
  });

  it("only detects account trackers when asked: by id or with enableAllTrackers", async () => {
    const plain = await call("POST", "/v1/process/text", { messages });
    clock += 5_000; // a job also completes on its own after 2 s of emulator time
    expect((await call("GET", `/v1/job/${plain.json.jobId}`)).json.status).toBe("completed");
    expect((await call("GET", `/v1/conversations/${plain.json.conversationId}/trackers-detected`)).json).toEqual([]);

    const refundId = emulator.trackers().find((tracker) => tracker.name === "Refund")!.id;
    const byId = await call("POST", "/v1/process/text", { messages, trackers: [{ id: refundId }] });
    clock += 5_000;
    const detected = (await call("GET", `/v1/conversations/${byId.json.conversationId}/trackers-detected`)).json;
    expect(detected.map((tracker: { name: string }) => tracker.name)).toEqual(["Refund"]);
  });

  it("appends messages with PUT in a new job, keeping earlier detections (not retroactive)", async () => {
    const created = await call("POST", "/v1/process/text", { messages: [messages[0]], trackers: [{ name: "Promotion", vocabulary: ["sale", "discount"] }] });
    clock += 5_000;
    const appended = await call("PUT", `/v1/process/text/${created.json.conversationId}`, { messages: [{ payload: { content: "Is there a discount on the sale?" } }] });
    expect(appended.status).toBe(201);
    expect(appended.json.conversationId).toBe(created.json.conversationId);
    expect(appended.json.jobId).not.toBe(created.json.jobId);
    // Until the new job completes, the previous job's result stays visible.
    const before = (await call("GET", `/v1/conversations/${created.json.conversationId}/trackers-detected`)).json;
    expect(before[0].matches.map((match: { value: string }) => match.value)).toEqual(["sale"]);
    await waitForCompletion(appended.json.jobId);
    const after = (await call("GET", `/v1/conversations/${created.json.conversationId}/trackers-detected`)).json;
    expect(after[0].matches.map((match: { value: string; messageRefs: unknown[] }) => [match.value, match.messageRefs.length])).toEqual([
      ["sale", 2],
      ["discount", 1],
    ]);
  });

  it("computes detections at processing time: later account changes do not alter them", async () => {
    const created = await call("POST", "/v1/process/text", { messages, enableAllTrackers: true });
    const refundId = emulator.trackers().find((tracker) => tracker.name === "Refund")!.id;
    const put = await call("PUT", `/v1/manage/tracker/${refundId}`, { id: refundId, name: "Refund", vocabulary: ["zebra crossing"] });
    expect(put.status).toBe(200);
    clock += 5_000;
    const detected = (await call("GET", `/v1/conversations/${created.json.conversationId}/trackers-detected`)).json;
    expect(detected[0].matches[0].value).toBe("refund");
    await call("PUT", `/v1/manage/tracker/${refundId}`, { id: refundId, name: "Refund", vocabulary: ["refund", "money back"] });
  });

  it("rejects bad requests with 400 and unknown ids with 404", async () => {
    expect((await call("POST", "/v1/process/text", {})).status).toBe(400);
    expect((await call("POST", "/v1/process/text", { messages: [] })).json.message).toMatch(/messages/);
    expect((await call("POST", "/v1/process/text", { messages: [{ payload: {} }] })).json.message).toMatch(/messages\[0\]\.payload\.content/);
    expect((await call("POST", "/v1/process/text", { messages, trackers: [{ id: "1234" }] })).json.message).toMatch(/1234 does not exist/);
    expect((await call("POST", "/v1/process/text", { messages, trackers: [{ name: "X" }] })).status).toBe(400);
    expect(await call("POST", "/v1/process/text", { messages, enableAllTrackers: "yes" })).toMatchObject({
      status: 400,
      json: { statusCode: 400, message: expect.stringMatching(/enableAllTrackers/) },
    });
    expect((await call("GET", "/v1/job/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await call("GET", "/v1/conversations/1234567890123456/trackers-detected")).status).toBe(404);
    expect((await call("PUT", "/v1/process/text/1234567890123456", { messages })).status).toBe(404);
    expect((await call("GET", "/v1/process/text")).status).toBe(405);
  });

  it("requires a token for the Async routes", async () => {
    expect((await call("POST", "/v1/process/text", { messages }, false)).status).toBe(401);
  });
});

describe("emulator Experience API", () => {
  async function createConversation(): Promise<string> {
    const created = await call("POST", "/v1/process/text", { name: "Refund <call>", messages, enableAllTrackers: true });
    clock += 5_000;
    return created.json.conversationId;
  }

  it("returns an experience URL on the emulator that serves the Trackers & Analytics page with the options applied", async () => {
    const conversationId = await createConversation();
    const created = await call("POST", `/v1/conversations/${conversationId}/experiences`, {
      name: "audio-summary",
      audioUrl: "https://example.com/call.mp3",
      color: { background: "#101010", topicsFilter: "#ff0000", insightsFilter: "#00ff00" },
      font: { family: "Roboto" },
      logo: "https://example.com/logo.png",
      favicon: "https://example.com/favicon.ico",
      readOnly: true,
    });
    expect(created.status).toBe(201);
    expect(created.json.name).toBe("audio-summary");
    expect(created.json.url).toMatch(new RegExp(`^${emulator.url}/experience/[A-Za-z0-9_-]{20,}$`));

    const page = await fetch(created.json.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain("Trackers &amp; Analytics: Refund &lt;call&gt;");
    expect(html).toContain("--background: #101010");
    expect(html).toContain("'Roboto'");
    expect(html).toContain('src="https://example.com/logo.png"');
    expect(html).toContain('href="https://example.com/favicon.ico"');
    expect(html).toContain('data-read-only="true"');
    expect(html).not.toContain("contenteditable");
    expect(html).toMatch(/<mark class="match" data-trackers="t0"[^>]*>refund<\/mark>/);
  });

  it("expires the URL after summaryURLExpiresIn seconds (410), and 0 never expires", async () => {
    const conversationId = await createConversation();
    const short = await call("POST", `/v1/conversations/${conversationId}/experiences`, { name: "audio-summary", audioUrl: AUDIO, summaryURLExpiresIn: 60 });
    const forever = await call("POST", `/v1/conversations/${conversationId}/experiences`, { name: "verbose-text-summary", summaryURLExpiresIn: 0 });
    const fallback = await call("POST", `/v1/conversations/${conversationId}/experiences`, { name: "audio-summary", audioURL: AUDIO });
    expect((await fetch(short.json.url)).status).toBe(200);
    clock += 61_000;
    const expired = await fetch(short.json.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/);
    clock += 2_592_000_000;
    await refreshToken(); // the jump outlives the 24 h access token
    expect((await fetch(fallback.json.url)).status).toBe(410);
    const kept = await fetch(forever.json.url);
    expect(kept.status).toBe(200);
    expect(await kept.text()).toContain("Text Summary:");
  });

  it("rejects bad experience requests with {message, statusCode} and unknown URLs", async () => {
    const conversationId = await createConversation();
    const post = (body: unknown) => call("POST", `/v1/conversations/${conversationId}/experiences`, body);
    const expectBad = async (body: unknown, message?: RegExp) => {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json).toEqual({ message: expect.any(String), statusCode: 400 });
      if (message) expect(response.json.message).toMatch(message);
    };
    await expectBad({});
    await expectBad({ name: "audio-summary" }, /'audioUrl' is mandatory for 'audio-summary'/);
    await expectBad({ name: "video-summary" }, /'videoUrl' is mandatory for 'video-summary'/);
    await expectBad({ name: "video-summary", videoUrl: "file:///etc/passwd" }, /videoUrl/);
    const audio = { name: "audio-summary", audioUrl: AUDIO };
    await expectBad({ ...audio, color: { background: "red;}" } });
    await expectBad({ ...audio, font: { family: "x'}<script>" } });
    await expectBad({ ...audio, font: "Roboto" });
    await expectBad({ ...audio, logo: "javascript:alert(1)" });
    await expectBad({ ...audio, summaryURLExpiresIn: -1 });
    await expectBad({ ...audio, readOnly: "no" });
    await expectBad({ ...audio, enableCustomDomain: true }, /enableCustomDomain/);
    await expectBad({ name: "verbose-text-summary", disableSummaryURLAuthentication: true }, /not supported/);
    const missing = await call("POST", "/v1/conversations/1234567890123456/experiences", audio);
    expect(missing).toMatchObject({ status: 404, json: { statusCode: 404 } });
    const unknown = await fetch(`${emulator.url}/experience/not-a-real-token`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("accepts the documented verbose-text-summary and video-summary requests, and font: {} as Pipedream sends it", async () => {
    const conversationId = await createConversation();
    const post = (body: unknown) => call("POST", `/v1/conversations/${conversationId}/experiences`, body);
    const options = {
      logo: "https://example.com/logo.png",
      favicon: "https://example.com/favicon.png",
      color: { background: "#0A2136", topicsFilter: "#FF0000", insightsFilter: "#FF0000" },
      font: { family: "roboto" },
      summaryURLExpiresIn: 0,
      readOnly: true,
      enableCustomDomain: true,
    };
    const text = await post({ name: "verbose-text-summary", ...options });
    expect(text).toMatchObject({ status: 201, json: { name: "verbose-text-summary" } });
    expect(await (await fetch(text.json.url)).text()).toContain("Text Summary: Refund &lt;call&gt;");
    const video = await post({ name: "video-summary", videoUrl: "https://example.com/small.mp4", ...options });
    expect(video).toMatchObject({ status: 201, json: { name: "video-summary" } });
    const videoPage = await (await fetch(video.json.url)).text();
    expect(videoPage).toContain("Video Summary: Refund &lt;call&gt;");
    expect(videoPage).toContain("https://example.com/small.mp4");
    const plainFont = await post({ name: "audio-summary", audioUrl: AUDIO, font: {} });
    expect(plainFont.status).toBe(201);
  });

  it("keeps async state per emulator instance", async () => {
    const conversationId = await createConversation();
    const other = await startEmulator({ port: 0 });
    try {
      const tokenResponse = await fetch(`${other.url}/oauth2/token:generate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "application", appId: DEFAULT_EMULATOR_APP_ID, appSecret: DEFAULT_EMULATOR_APP_SECRET }),
      });
      const otherToken = ((await tokenResponse.json()) as { accessToken: string }).accessToken;
      const response = await fetch(`${other.url}/v1/conversations/${conversationId}/trackers-detected`, { headers: { authorization: `Bearer ${otherToken}` } });
      expect(response.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe("resetAsyncState", () => {
  it("forgets the conversations of one emulator context only", async () => {
    const { getAsyncState, resetAsyncState } = await import("../../src/emulator/async/async-state.js");
    const { handleAsyncApi } = await import("../../src/emulator/async-api.js");
    const makeContext = () => ({ listTrackers: () => [], getTracker: () => undefined, baseUrl: "http://127.0.0.1:1", now: () => 0 });
    const first = makeContext();
    const second = makeContext();
    const request = { method: "POST", pathname: "/v1/process/text", searchParams: new URLSearchParams(), headers: {}, body: { messages } };
    await handleAsyncApi(request, first);
    await handleAsyncApi(request, second);
    resetAsyncState(first);
    expect(getAsyncState(first).conversations.size).toBe(0);
    expect(getAsyncState(second).conversations.size).toBe(1);
  });
});

describe("POST /__emulator/reset", () => {
  it("forgets processed conversations and jobs as well as trackers", async () => {
    const created = await call("POST", "/v1/process/text", { messages, enableAllTrackers: true });
    expect(created.status).toBe(201);
    const { conversationId, jobId } = created.json as { conversationId: string; jobId: string };
    expect((await call("GET", `/v1/job/${jobId}`)).status).toBe(200);
    const reset = await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
    expect(reset.status).toBe(200);
    expect(emulator.trackers()).toEqual([]);
    expect((await call("GET", `/v1/job/${jobId}`)).status).toBe(404);
    expect((await call("GET", `/v1/conversations/${conversationId}/trackers-detected`)).status).toBe(404);
  });
});

describe("what Symbl's own clients send", () => {
  it('accepts enableAllTrackers as the strings "true" and "false" (Symbl\'s Python SDK examples send strings)', async () => {
    await call("POST", "/v1/manage/tracker", { name: "Refund", vocabulary: ["refund", "money back"] });
    for (const [flag, expected] of [
      ["true", ["Refund"]],
      ["false", []],
    ] as const) {
      const created = await call("POST", "/v1/process/text", { messages, enableAllTrackers: flag });
      expect(created.status).toBe(201);
      await waitForCompletion(created.json.jobId);
      const detected = (await call("GET", `/v1/conversations/${created.json.conversationId}/trackers-detected`)).json as Array<{ name: string }>;
      expect(detected.map((tracker) => tracker.name)).toEqual(expected);
    }
  });

  it("answers PUT /v1/process/text with 201, as Symbl's documented Python sample expects", async () => {
    const created = await call("POST", "/v1/process/text", { messages });
    const appended = await call("PUT", `/v1/process/text/${created.json.conversationId}`, { messages });
    expect(appended.status).toBe(201);
  });
});
