/**
 * The visible text of an HTML error page (a gateway's 502 page), in one pass. The regular expressions this
 * replaces backtracked: a 280 KB page of unclosed `<script` or `<` held plan at full CPU for over a minute.
 * Each index is visited a bounded number of times: indexOf moves forward only, never back.
 */
export function stripHtml(html: string): string {
  const parts: string[] = [];
  const lower = html.toLowerCase();
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf("<", index);
    if (open === -1) {
      parts.push(html.slice(index));
      break;
    }
    parts.push(html.slice(index, open), " ");
    const raw = RAW_TEXT_ELEMENTS.find((name) => lower.startsWith(name, open + 1) && /[\s>/]/.test(lower.charAt(open + 1 + name.length)));
    if (raw) {
      const close = lower.indexOf(`</${raw}`, open + 1 + raw.length);
      if (close === -1) break;
      const end = html.indexOf(">", close);
      if (end === -1) break;
      index = end + 1;
      continue;
    }
    const end = html.indexOf(">", open + 1);
    if (end === -1) {
      // An unclosed `<`: the rest is text, as a browser shows it.
      parts.push(html.slice(open + 1));
      break;
    }
    index = end + 1;
  }
  return parts.join("");
}

/** Elements whose content is never shown. */
const RAW_TEXT_ELEMENTS = ["script", "style"];
