import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUITE_SEED } from "../helpers/fixed-seed.js";
import { checkListResponse, malformedListResponse, startFakeApi, type FakeApi, type FakeResponse } from "./malformed-api.js";

let fake: FakeApi;
beforeAll(async () => {
  fake = await startFakeApi();
});
afterAll(async () => {
  await fake.close();
});

const json = (body: string): FakeResponse => ({ status: 200, contentType: "application/json", body });

describe("malformed list responses from the API", () => {
  it.each([
    ["bad JSON", json('{"trackers": [')],
    ["an HTML error page with 200", { status: 200, contentType: "text/html", body: "<html><body><h1>Service Unavailable</h1></body></html>" }],
    ["an HTML 502 page", { status: 502, contentType: "text/html", body: "<html><title>502 Bad Gateway</title></html>" }],
    ["an empty body", json("")],
    ["a body cut on the wire", { ...json('{"trackers":[{"id":"1","name":"A","vocabulary":["a"]}]}'), truncateTo: 20 }],
    ["a list under the wrong key", json('{"items":[]}')],
    ["a tracker without a name", json('{"trackers":[{"id":"1","vocabulary":["a"]}]}')],
    ["a tracker without an id", json('{"trackers":[{"name":"A","vocabulary":["a"]}]}')],
    ["vocabulary as a string", json('{"trackers":[{"id":"1","name":"A","vocabulary":"a"}]}')],
    // Found by the fuzzer (seed 1): 9007199254740993 parses to ...992, so the plan would have written to another id.
    ["an id as a number past 2^53", json('{"trackers":[{"id":9007199254740993,"name":"Billing Issue","vocabulary":["money back"]}]}')],
    ["an id as a fraction", json('{"trackers":[{"id":1.5,"name":"A","vocabulary":["a"]}]}')],
  ])("refuses %s with a clear error that names the request", async (_label, response) => {
    expect(await checkListResponse(fake, response)).toEqual([]);
  });

  it("reads small numeric ids exactly", async () => {
    expect(await checkListResponse(fake, json('{"trackers":[{"id":42,"name":"Refund","vocabulary":["money back"]}]}'))).toEqual([]);
  });

  it("never plans from a malformed response (property, 300 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(malformedListResponse, async (response) => {
        expect(await checkListResponse(fake, response)).toEqual([]);
      }),
      { numRuns: 300, seed: SUITE_SEED },
    );
  });
});
