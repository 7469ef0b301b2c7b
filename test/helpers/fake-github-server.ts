import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake GitHub server saw it; the Authorization header is left out on purpose. */
export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** Raw body text, for "no secret was sent" assertions. */
  rawBody: string;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  /** Set for pull requests, which share the issue number space and appear in the issues list. */
  isPullRequest?: boolean;
}

export interface FakeGitHubState {
  comments: FakeComment[];
  issues: FakeIssue[];
  /** commit sha → pull request numbers associated with it. */
  pullsByCommit: Record<string, number[]>;
  /** pull request number → the head commit it was merged with (`head.sha` in the pulls listing). */
  pullHeadShas: Record<number, string>;
  /** git ref (sha or branch) → repository-relative path → file content. */
  files: Record<string, Record<string, string>>;
  /** pull request number → its changed files, as GET /pulls/{n}/files lists them. */
  pullFiles: Record<number, FakePullFile[]>;
}

export interface FakePullFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  previous_filename?: string;
}

export interface FakeGitHubServer {
  url: string;
  state: FakeGitHubState;
  requests(): RecordedGitHubRequest[];
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /**
   * Who the token authenticates as; comments created through the API get it. A login ending in "[bot]" is
   * an installation token (the workflow's GITHUB_TOKEN): GET /user answers 403 as GitHub does. Any other
   * login is a personal access token: GET /user returns that user.
   */
  login?: string;
  /** Answer every write with 403, as GitHub does for the read-only token of a fork pull request. */
  readOnly?: boolean;
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/**
 * A small, faithful subset of the GitHub REST API on 127.0.0.1, port 0: issue comments (paginated with
 * real Link headers), commits → pulls, pull request files, issues by label, and repository contents.
 * Everything else is 404.
 */
export async function startFakeGitHubServer(options: FakeGitHubOptions = {}): Promise<FakeGitHubServer> {
  const owner = options.owner ?? "acme";
  const repo = options.repo ?? "trackers";
  const login = options.login ?? "github-actions[bot]";
  const state: FakeGitHubState = { comments: [], issues: [], pullsByCommit: {}, pullHeadShas: {}, files: {}, pullFiles: {} };
  const tokenUser = { login, type: login.endsWith("[bot]") ? "Bot" : "User" };
  const recorded: RecordedGitHubRequest[] = [];
  let nextCommentId = 1000;
  let baseUrl = "";

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      send(response, 500, { message: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", baseUrl);
    const rawBody = await readBody(request);
    const body = rawBody === "" ? undefined : JSON.parse(rawBody);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === "authorization" || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const method = request.method ?? "GET";
    recorded.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, rawBody });

    if (options.readOnly && method !== "GET") {
      return send(response, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" });
    }
    if (url.pathname === "/user" && method === "GET") {
      if (tokenUser.type === "Bot")
        return send(response, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user", status: "403" });
      return send(response, 200, { login: tokenUser.login, id: 4242, type: "User" });
    }
    const prefix = `/repos/${owner}/${repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return send(response, 404, notFound());
    const route = url.pathname.slice(prefix.length);
    let match: RegExpMatchArray | null;

    if ((match = route.match(/^\/issues\/(\d+)\/comments$/))) {
      const issueNumber = Number(match[1]);
      if (method === "GET") {
        const all = state.comments.filter((comment) => comment.issueNumber === issueNumber);
        return sendPage(
          response,
          url,
          all.map((comment) => toCommentJson(comment)),
        );
      }
      if (method === "POST") {
        const comment: FakeComment = { id: nextCommentId++, issueNumber, body: requireString(body, "body"), user: { ...tokenUser } };
        state.comments.push(comment);
        return send(response, 201, toCommentJson(comment));
      }
    }
    if ((match = route.match(/^\/issues\/comments\/(\d+)$/))) {
      const comment = state.comments.find((candidate) => candidate.id === Number(match![1]));
      if (!comment) return send(response, 404, notFound());
      if (method === "PATCH") {
        comment.body = requireString(body, "body");
        return send(response, 200, toCommentJson(comment));
      }
      if (method === "DELETE") {
        state.comments.splice(state.comments.indexOf(comment), 1);
        return send(response, 204, undefined);
      }
    }
    if ((match = route.match(/^\/commits\/([^/]+)\/pulls$/)) && method === "GET") {
      const numbers = state.pullsByCommit[match[1]!] ?? [];
      return sendPage(
        response,
        url,
        numbers.map((number) => ({
          number,
          state: "closed",
          merged_at: "2026-01-01T00:00:00Z",
          html_url: `${baseUrl}/pull/${number}`,
          head: { sha: state.pullHeadShas[number] ?? "0".repeat(40), ref: "feature" },
        })),
      );
    }
    if ((match = route.match(/^\/pulls\/(\d+)\/files$/)) && method === "GET") {
      const files = state.pullFiles[Number(match[1])];
      if (!files) return send(response, 404, notFound());
      return sendPage(
        response,
        url,
        files.map((file) => ({ sha: "0".repeat(40), additions: 1, deletions: 1, changes: 2, ...file })),
      );
    }
    if (route === "/issues" && method === "GET") {
      const wanted = url.searchParams.get("labels")?.split(",").filter(Boolean) ?? [];
      const stateFilter = url.searchParams.get("state") ?? "open";
      const issues = state.issues.filter((issue) => (stateFilter === "all" || issue.state === stateFilter) && wanted.every((label) => issue.labels.includes(label)));
      return sendPage(
        response,
        url,
        issues.map((issue) => toIssueJson(issue)),
      );
    }
    if (route === "/issues" && method === "POST") {
      const issue: FakeIssue = {
        number: nextIssueNumber(),
        title: requireString(body, "title"),
        body: typeof (body as { body?: unknown }).body === "string" ? (body as { body: string }).body : "",
        state: "open",
        labels: Array.isArray((body as { labels?: unknown }).labels) ? (body as { labels: string[] }).labels : [],
      };
      state.issues.push(issue);
      return send(response, 201, toIssueJson(issue));
    }
    if ((match = route.match(/^\/issues\/(\d+)$/))) {
      const issue = state.issues.find((candidate) => candidate.number === Number(match![1]));
      if (!issue) return send(response, 404, notFound());
      if (method === "GET") return send(response, 200, toIssueJson(issue));
      if (method === "PATCH") {
        const patch = body as Partial<{ title: string; body: string; state: "open" | "closed"; labels: string[] }>;
        if (patch.title !== undefined) issue.title = patch.title;
        if (patch.body !== undefined) issue.body = patch.body;
        if (patch.state !== undefined) issue.state = patch.state;
        if (patch.labels !== undefined) issue.labels = patch.labels;
        return send(response, 200, toIssueJson(issue));
      }
    }
    if ((match = route.match(/^\/contents(?:\/(.*))?$/)) && method === "GET") {
      const ref = url.searchParams.get("ref") ?? "main";
      const tree = state.files[ref] ?? {};
      const wantedPath = decodeURIComponent(match[1] ?? "").replace(/\/+$/, "");
      const content = tree[wantedPath];
      if (content !== undefined) {
        return send(response, 200, {
          type: "file",
          name: wantedPath.split("/").pop(),
          path: wantedPath,
          encoding: "base64",
          content: Buffer.from(content, "utf8").toString("base64"),
        });
      }
      const entries = listDirectory(tree, wantedPath);
      if (entries.length > 0) return send(response, 200, entries);
      return send(response, 404, notFound());
    }
    return send(response, 404, notFound());
  }

  function nextIssueNumber(): number {
    const used = [...state.issues.map((issue) => issue.number), ...Object.values(state.pullsByCommit).flat()];
    return used.length === 0 ? 1 : Math.max(...used) + 1;
  }

  function toCommentJson(comment: FakeComment) {
    return {
      id: comment.id,
      body: comment.body,
      user: comment.user,
      html_url: `${baseUrl}/${owner}/${repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    };
  }

  function toIssueJson(issue: FakeIssue) {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      labels: issue.labels.map((name) => ({ name })),
      html_url: `${baseUrl}/${owner}/${repo}/issues/${issue.number}`,
      ...(issue.isPullRequest ? { pull_request: { url: `${baseUrl}/pulls/${issue.number}` } } : {}),
    };
  }

  function sendPage(response: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(url.searchParams.get("per_page") ?? DEFAULT_PER_PAGE)));
    const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    const linkTo = (target: number, rel: string) => {
      const next = new URL(url.toString());
      next.searchParams.set("per_page", String(perPage));
      next.searchParams.set("page", String(target));
      links.push(`<${next.toString()}>; rel="${rel}"`);
    };
    if (page < lastPage) {
      linkTo(page + 1, "next");
      linkTo(lastPage, "last");
    }
    if (page > 1) {
      linkTo(1, "first");
      linkTo(page - 1, "prev");
    }
    const headers = links.length > 0 ? { link: links.join(", ") } : undefined;
    send(response, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    state,
    requests: () => [...recorded],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function listDirectory(tree: Record<string, string>, directory: string) {
  const prefix = directory === "" ? "" : `${directory}/`;
  const seen = new Map<string, "file" | "dir">();
  for (const path of Object.keys(tree)) {
    if (!path.startsWith(prefix)) continue;
    const [first, ...rest] = path.slice(prefix.length).split("/");
    if (!first) continue;
    seen.set(first, rest.length > 0 ? "dir" : "file");
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, type]) => ({ type, name, path: `${prefix}${name}` }));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function requireString(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== "string") throw new Error(`Field '${field}' must be a string.`);
  return value;
}

function notFound() {
  return { message: "Not Found", documentation_url: "https://docs.github.com/rest" };
}

function send(response: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  if (json === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(json));
}
