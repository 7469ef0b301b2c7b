import { describe, expect, it } from "vitest";
import type { MatchSpan } from "../../src/match/detect-trackers.js";
import { renderReportHtml, type ReportConversation } from "../../src/preview/render-report-html.js";

function span(start: number, end: number, trackerId: string, trackerName: string, value: string, exact = true): MatchSpan {
  return { messageId: "1", start, end, trackerId, trackerName, value, exact };
}

const conversation: ReportConversation = {
  id: "c-1",
  name: "Call <1>",
  messages: [
    { id: "1", text: "cancel my subscription & refund", speaker: "Ann <admin>", startTime: "2026-03-02T09:00:05Z" },
    { id: "2", text: "nothing here" },
  ],
  detected: [
    { id: "10", name: "Churn", matches: [{ type: "vocabulary", value: "cancel my subscription", messageRefs: [{ id: "1", text: "", offset: 0 }], insightRefs: [] }] },
    { id: "20", name: "<b>Subs</b>", matches: [{ type: "vocabulary", value: "subscription", messageRefs: [{ id: "1", text: "", offset: -1 }], insightRefs: [] }] },
  ],
  spans: [span(0, 22, "10", "Churn", "cancel my subscription"), span(10, 22, "20", "<b>Subs</b>", "subscription", false)],
};

describe("renderReportHtml", () => {
  it("renders the page (golden file)", async () => {
    await expect(renderReportHtml([conversation], { title: "Report", readOnly: true })).toMatchFileSnapshot("golden/report.html");
  });

  it("splits overlapping matches into segments that carry every covering tracker", () => {
    const html = renderReportHtml([conversation], { title: "Report" });
    expect(html).toContain('<mark class="match" data-trackers="t1" title="Churn: &quot;cancel my subscription&quot;">cancel my </mark>');
    expect(html).toMatch(/<mark class="match" data-trackers="t1 t0" title="[^"]*">subscription<\/mark> &amp; refund/);
    expect(html).toContain('<li class="message" data-message-id="2" data-trackers="">');
  });

  it("escapes every text from the conversation, the trackers and the options", () => {
    const html = renderReportHtml([conversation], { title: "<script>alert(1)</script>" });
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>Subs</b>");
    expect(html).toContain("&lt;b&gt;Subs&lt;/b&gt;");
    expect(html).toContain("Ann &lt;admin&gt;");
    expect(html).toContain("Call &lt;1&gt;");
  });

  it("applies valid colours and fonts and ignores unsafe ones", () => {
    const styled = renderReportHtml([conversation], { title: "R", colors: { background: "#123456", topicsFilter: "#abc" }, fontFamily: "Open Sans" });
    expect(styled).toContain("--background: #123456; --accent: #abc; --highlight: #ffe066;");
    expect(styled).toContain("font-family: 'Open Sans', system-ui");
    const unsafe = renderReportHtml([conversation], { title: "R", colors: { background: "red; } body { display: none" }, fontFamily: "x'; } *{" });
    expect(unsafe).toContain("--background: #f7f7fb;");
    expect(unsafe).toContain("font-family: 'x', system-ui");
  });

  it("makes the title and speakers editable unless read-only", () => {
    expect(renderReportHtml([conversation], { title: "R" })).toContain('<span class="speaker" contenteditable="true"');
    const readOnly = renderReportHtml([conversation], { title: "R", readOnly: true });
    expect(readOnly).not.toContain("contenteditable");
    expect(readOnly).toContain('<span class="badge">Read-only</span>');
  });

  it("has no external URL unless a logo or favicon is given", () => {
    expect(renderReportHtml([conversation], { title: "R" })).not.toMatch(/https?:\/\//);
    const branded = renderReportHtml([conversation], { title: "R", logoUrl: "https://example.com/a.png?x=1&y=2", faviconUrl: "https://example.com/f.ico" });
    expect(branded).toContain('<img class="logo" src="https://example.com/a.png?x=1&amp;y=2" alt="">');
    expect(branded).toContain('<link rel="icon" href="https://example.com/f.ico">');
  });
});
