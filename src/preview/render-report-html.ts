import type { MatchSpan } from "../match/detect-trackers.js";
import type { TrackerDetected } from "../match/trackers-detected.js";

export interface ReportMessage {
  id: string;
  text: string;
  speaker?: string;
  startTime?: string;
}

export interface ReportConversation {
  id: string;
  name?: string;
  messages: ReportMessage[];
  detected: TrackerDetected[];
  spans: MatchSpan[];
}

/** Options of the page; the emulator maps the Experience API's color/font/logo/favicon/readOnly here. */
export interface ReportOptions {
  title: string;
  subtitle?: string;
  /** Hex colours: page background, tracker filter accent, highlight colour. */
  colors?: { background?: string; topicsFilter?: string; insightsFilter?: string };
  fontFamily?: string;
  logoUrl?: string;
  faviconUrl?: string;
  /** When false, the title and speaker names can be edited in the page (not saved anywhere). */
  readOnly?: boolean;
  /** Trackers to list even when they matched nothing (shown with a zero count). */
  trackers?: Array<{ id: string; name: string }>;
}

interface TrackerSummary {
  key: string;
  id: string;
  name: string;
  matches: number;
  messages: number;
}

const DEFAULT_COLORS = { background: "#f7f7fb", topicsFilter: "#3b5bdb", insightsFilter: "#ffe066" };

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] ?? character);
}

function isHexColor(value: string | undefined): value is string {
  return value !== undefined && /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value);
}

// Font names go into CSS; anything beyond letters, digits, spaces and dashes is dropped rather than escaped.
function toCssFontFamily(family: string | undefined): string {
  const safe = (family ?? "").replace(/[^\p{L}\p{N} -]/gu, "").trim();
  const fallback = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  return safe ? `'${safe}', ${fallback}` : fallback;
}

function summariseTrackers(conversations: readonly ReportConversation[], listed: ReportOptions["trackers"] = []): TrackerSummary[] {
  const byId = new Map<string, { id: string; name: string; matches: number; messages: Set<string> }>();
  for (const tracker of listed) byId.set(tracker.id, { id: tracker.id, name: tracker.name, matches: 0, messages: new Set() });
  for (const conversation of conversations) {
    for (const tracker of conversation.detected) {
      let entry = byId.get(tracker.id);
      if (!entry) {
        entry = { id: tracker.id, name: tracker.name, matches: 0, messages: new Set() };
        byId.set(tracker.id, entry);
      }
      for (const match of tracker.matches) {
        entry.matches += match.messageRefs.length;
        for (const ref of match.messageRefs) entry.messages.add(`${conversation.id}\u0000${ref.id}`);
      }
    }
  }
  return [...byId.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
    .map((entry, index) => ({ key: `t${index}`, id: entry.id, name: entry.name, matches: entry.matches, messages: entry.messages.size }));
}

/** Splits a message into runs of text, each with the trackers (and phrases) that cover it. */
function renderMessageText(text: string, spans: readonly MatchSpan[], keyOf: (trackerId: string) => string): string {
  if (spans.length === 0) return escapeHtml(text);
  const cuts = new Set<number>([0, text.length]);
  for (const span of spans) {
    cuts.add(Math.max(0, Math.min(text.length, span.start)));
    cuts.add(Math.max(0, Math.min(text.length, span.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  let html = "";
  for (let index = 0; index + 1 < points.length; index += 1) {
    const from = points[index]!;
    const to = points[index + 1]!;
    const segment = escapeHtml(text.slice(from, to));
    const covering = spans.filter((span) => span.start <= from && span.end >= to);
    if (covering.length === 0) {
      html += segment;
      continue;
    }
    const keys = [...new Set(covering.map((span) => keyOf(span.trackerId)))].join(" ");
    const exact = covering.some((span) => span.exact);
    const title = [...new Set(covering.map((span) => `${span.trackerName}: "${span.value}"${span.exact ? "" : " (word forms)"}`))].join("\n");
    html += `<mark class="match${exact ? "" : " word-forms"}" data-trackers="${keys}" title="${escapeHtml(title)}">${segment}</mark>`;
  }
  return html;
}

function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(11, 19);
}

const SCRIPT = `
(function () {
  var select = document.getElementById("tracker-filter");
  var onlyMatched = document.getElementById("only-matched");
  var status = document.getElementById("filter-status");
  function apply() {
    var key = select.value;
    var shown = 0;
    document.querySelectorAll(".message").forEach(function (message) {
      var trackers = (message.getAttribute("data-trackers") || "").split(" ").filter(Boolean);
      var visible = key === "all" ? (!onlyMatched.checked || trackers.length > 0) : trackers.indexOf(key) >= 0;
      message.hidden = !visible;
      if (visible) shown += 1;
    });
    document.querySelectorAll("mark.match").forEach(function (mark) {
      var trackers = (mark.getAttribute("data-trackers") || "").split(" ");
      mark.classList.toggle("dimmed", key !== "all" && trackers.indexOf(key) < 0);
    });
    document.querySelectorAll(".conversation").forEach(function (conversation) {
      conversation.hidden = conversation.querySelectorAll(".message:not([hidden])").length === 0;
    });
    document.querySelectorAll(".tracker-button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-key") === key));
    });
    status.textContent = "Showing " + shown + " message" + (shown === 1 ? "" : "s");
  }
  select.addEventListener("change", apply);
  onlyMatched.addEventListener("change", apply);
  document.querySelectorAll(".tracker-button").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-key");
      select.value = select.value === key ? "all" : key;
      apply();
    });
  });
  apply();
})();
`;

/**
 * Renders the Trackers & Analytics page: per-tracker counts, a tracker filter, and every message with
 * its matches highlighted (solid for exact matches, dashed for word-form matches). Self-contained: inline
 * CSS and JS; the only external URLs are a logo or favicon the caller passes.
 */
export function renderReportHtml(conversations: readonly ReportConversation[], options: ReportOptions): string {
  const colors = {
    background: isHexColor(options.colors?.background) ? options.colors.background : DEFAULT_COLORS.background,
    accent: isHexColor(options.colors?.topicsFilter) ? options.colors.topicsFilter : DEFAULT_COLORS.topicsFilter,
    highlight: isHexColor(options.colors?.insightsFilter) ? options.colors.insightsFilter : DEFAULT_COLORS.insightsFilter,
  };
  const trackers = summariseTrackers(conversations, options.trackers);
  const keys = new Map(trackers.map((tracker) => [tracker.id, tracker.key]));
  const keyOf = (id: string) => keys.get(id) ?? "t-unknown";
  const editable = options.readOnly ? "" : ' contenteditable="true" spellcheck="false"';
  const messageCount = conversations.reduce((total, conversation) => total + conversation.messages.length, 0);
  const matchedMessages = conversations.reduce((total, conversation) => total + new Set(conversation.spans.map((span) => span.messageId)).size, 0);

  const trackerItems = trackers.length
    ? trackers
        .map(
          (tracker) =>
            `<li><button type="button" class="tracker-button" data-key="${tracker.key}" aria-pressed="false"><span class="tracker-name">${escapeHtml(tracker.name)}</span> <span class="count" data-count-matches="${tracker.matches}">${tracker.matches} ${tracker.matches === 1 ? "match" : "matches"}</span> <span class="count-messages">in ${tracker.messages} message${tracker.messages === 1 ? "" : "s"}</span></button></li>`,
        )
        .join("\n")
    : `<li class="empty">No tracker matched.</li>`;
  const filterOptions = [`<option value="all">All trackers</option>`, ...trackers.map((tracker) => `<option value="${tracker.key}">${escapeHtml(tracker.name)} (${tracker.matches})</option>`)].join(
    "",
  );

  const sections = conversations
    .map((conversation) => {
      const messages = conversation.messages
        .map((message) => {
          const spans = conversation.spans.filter((span) => span.messageId === message.id);
          const messageKeys = [...new Set(spans.map((span) => keyOf(span.trackerId)))].join(" ");
          return `<li class="message" data-message-id="${escapeHtml(message.id)}" data-trackers="${messageKeys}"><div class="meta"><span class="speaker"${editable}>${escapeHtml(message.speaker ?? "Unknown speaker")}</span><time>${escapeHtml(formatTime(message.startTime))}</time></div><p class="text">${renderMessageText(message.text, spans, keyOf)}</p></li>`;
        })
        .join("\n");
      return `<section class="conversation" data-conversation-id="${escapeHtml(conversation.id)}"><h2>${escapeHtml(conversation.name ?? conversation.id)}</h2><ol class="messages">\n${messages}\n</ol></section>`;
    })
    .join("\n");

  const favicon = options.faviconUrl ? `<link rel="icon" href="${escapeHtml(options.faviconUrl)}">` : "";
  const logo = options.logoUrl ? `<img class="logo" src="${escapeHtml(options.logoUrl)}" alt="">` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${favicon}
<style>
:root { --background: ${colors.background}; --accent: ${colors.accent}; --highlight: ${colors.highlight}; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${toCssFontFamily(options.fontFamily)}; background: var(--background); color: #1f2330; }
header { display: flex; align-items: center; gap: 1rem; padding: 1rem 1.5rem; background: #fff; border-bottom: 3px solid var(--accent); }
header .logo { max-height: 40px; }
header h1 { margin: 0; font-size: 1.3rem; }
header p { margin: 0.2rem 0 0; color: #5c6170; font-size: 0.9rem; }
.badge { font-size: 0.75rem; border: 1px solid #8a8fa0; border-radius: 4px; padding: 0.1rem 0.4rem; color: #5c6170; }
.layout { display: grid; grid-template-columns: minmax(220px, 300px) 1fr; gap: 1.5rem; padding: 1.5rem; }
aside { background: #fff; border-radius: 8px; padding: 1rem; align-self: start; position: sticky; top: 1rem; }
aside h2 { font-size: 1rem; margin: 0 0 0.5rem; }
aside ul { list-style: none; margin: 0.75rem 0 0; padding: 0; }
.tracker-button { width: 100%; text-align: left; border: 1px solid #dde0ea; background: #fff; border-radius: 6px; padding: 0.45rem 0.6rem; margin-bottom: 0.4rem; cursor: pointer; font: inherit; }
.tracker-button[aria-pressed="true"] { border-color: var(--accent); box-shadow: inset 4px 0 0 var(--accent); }
.tracker-name { font-weight: 600; }
.count, .count-messages { color: #5c6170; font-size: 0.85rem; }
label { display: block; font-size: 0.9rem; margin-top: 0.5rem; }
select { width: 100%; margin-top: 0.25rem; font: inherit; }
#filter-status { color: #5c6170; font-size: 0.85rem; margin-top: 0.5rem; }
.conversation { background: #fff; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1.25rem; }
.conversation h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
.messages { list-style: none; margin: 0; padding: 0; }
.message { padding: 0.5rem 0; border-top: 1px solid #eef0f5; }
.meta { font-size: 0.8rem; color: #5c6170; display: flex; gap: 0.75rem; }
.speaker { font-weight: 600; color: #2b3040; }
.text { margin: 0.2rem 0 0; line-height: 1.5; }
mark.match { background: var(--highlight); border-radius: 3px; padding: 0 1px; }
mark.match.word-forms { background: transparent; border-bottom: 2px dashed var(--accent); }
mark.match.dimmed { background: transparent; border-bottom: none; }
[hidden] { display: none !important; }
@media (max-width: 720px) { .layout { grid-template-columns: 1fr; } aside { position: static; } }
</style>
</head>
<body data-read-only="${options.readOnly ? "true" : "false"}">
<header>${logo}<div><h1${editable}>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.subtitle ?? `${conversations.length} conversation${conversations.length === 1 ? "" : "s"}, ${messageCount} messages, ${matchedMessages} with tracker matches`)}</p></div>${options.readOnly ? '<span class="badge">Read-only</span>' : ""}</header>
<div class="layout">
<aside>
<h2>Trackers</h2>
<label for="tracker-filter">Filter by tracker<select id="tracker-filter">${filterOptions}</select></label>
<label><input type="checkbox" id="only-matched"> Only messages with matches</label>
<div id="filter-status" role="status"></div>
<ul class="trackers">
${trackerItems}
</ul>
</aside>
<main>
${sections || "<p>No conversations.</p>"}
</main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
