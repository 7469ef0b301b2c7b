import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConversations } from "../../src/preview/load-conversations.js";

async function makeDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "conversations-"));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

describe("loadConversations", () => {
  it("loads the shipped sample conversations in the Async Text API shape", async () => {
    const conversations = await loadConversations(path.resolve("conversations"));
    expect(conversations.length).toBeGreaterThanOrEqual(20);
    for (const conversation of conversations) {
      expect(conversation.messages.length).toBeGreaterThan(3);
      for (const message of conversation.messages) {
        expect(message.payload.contentType).toBe("text/plain");
        expect(message.from?.userId).toMatch(/@/);
        expect(Date.parse(message.duration?.endTime ?? "")).toBeGreaterThanOrEqual(Date.parse(message.duration?.startTime ?? ""));
      }
    }
  });

  it("reads *.json files sorted by name, ids from the file names, ignoring other files", async () => {
    const dir = await makeDir({
      "b.json": JSON.stringify({ messages: [{ payload: { content: "two" } }] }),
      "a.json": JSON.stringify({ name: "First", messages: [{ payload: { content: "one" } }] }),
      "notes.txt": "not a conversation",
    });
    expect(await loadConversations(dir)).toEqual([
      { id: "a", name: "First", messages: [{ payload: { content: "one" } }] },
      { id: "b", messages: [{ payload: { content: "two" } }] },
    ]);
  });

  it("names the file when JSON is malformed, without a stack trace", async () => {
    const dir = await makeDir({ "broken.json": "{ messages: [" });
    await expect(loadConversations(dir)).rejects.toThrow(new RegExp(`${path.join(dir, "broken.json").replace(/[.\\/]/g, "\\$&")} is not valid JSON`));
    await expect(loadConversations(dir)).rejects.toMatchObject({ name: "UserError" });
  });

  it("names the file and the field when the shape is wrong", async () => {
    const dir = await makeDir({ "bad.json": JSON.stringify({ messages: [{ payload: { content: 3 } }] }) });
    await expect(loadConversations(dir)).rejects.toThrow(/bad\.json is not a conversation: messages\[0\]\.payload\.content must be a string/);
  });

  it("explains a missing directory, or returns nothing when optional", async () => {
    const dir = path.join(await makeDir({}), "missing");
    await expect(loadConversations(dir)).rejects.toThrow(/does not exist/);
    expect(await loadConversations(dir, { optional: true })).toEqual([]);
    await mkdir(dir);
    expect(await loadConversations(dir)).toEqual([]);
  });
});
