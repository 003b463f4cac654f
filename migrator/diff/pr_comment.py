"""Create or update the one `startos-migrate diff` comment on a pull request.

    python -m migrator.diff.pr_comment [BODY_FILE]      (the body on stdin without one)

Run by action.yml inside a GitHub workflow. It reads the workflow's environment:
GITHUB_EVENT_PATH (the pull_request event payload), GITHUB_REPOSITORY, GITHUB_TOKEN and
GITHUB_API_URL. The comment is found again by a hidden marker, so each push updates the same
comment instead of adding one. Only the standard library: it runs in the action's Python
before anything else is installed, and must not need more.

Exit codes: 0 done (or nothing to do: not a pull request), 1 the GitHub API failed, 2 the
environment or the event is not what a workflow gives.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MARKER = "<!-- startos-migrate-diff -->"
PER_PAGE = 100
MAX_PAGES = 100  # 10,000 comments: never an endless walk through a hostile Link header
TIMEOUT = 30.0
_MAX_BODY = 65_536  # GitHub's limit on a comment


class ApiError(Exception):
    pass


class SetupError(Exception):
    pass


@dataclass(frozen=True)
class PullRequest:
    api: str  # e.g. https://api.github.com
    repository: str  # owner/name
    number: int
    token: str


def pull_request_from_env(env: dict[str, str]) -> PullRequest | None:
    """The pull request this workflow runs for, or None when the event is not one."""
    missing = [k for k in ("GITHUB_EVENT_PATH", "GITHUB_REPOSITORY", "GITHUB_TOKEN")
               if not env.get(k)]
    if missing:
        raise SetupError(f"{', '.join(missing)} not set (run inside a GitHub workflow, with "
                         f"the token passed as GITHUB_TOKEN)")
    try:
        with open(env["GITHUB_EVENT_PATH"], encoding="utf-8") as f:
            event = json.load(f)
    except (OSError, ValueError) as exc:
        raise SetupError(f"cannot read the event payload {env['GITHUB_EVENT_PATH']}: {exc}") \
            from exc
    pr = event.get("pull_request") if isinstance(event, dict) else None
    if not isinstance(pr, dict):
        return None
    number = pr.get("number", event.get("number"))
    if not isinstance(number, int):
        raise SetupError("the pull_request event has no pull request number")
    api = env.get("GITHUB_API_URL") or "https://api.github.com"
    return PullRequest(api.rstrip("/"), env["GITHUB_REPOSITORY"], number, env["GITHUB_TOKEN"])


def _request(pr: PullRequest, method: str, url: str, payload: dict | None = None
             ) -> tuple[Any, str]:
    """(decoded JSON, Link header) of one API call."""
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Accept": "application/vnd.github+json",
        "Authorization": f"Bearer {pr.token}",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "startos-migrate-pr-comment",
        **({"Content-Type": "application/json"} if data is not None else {}),
    })
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            body = resp.read()
            return (json.loads(body) if body else None), resp.headers.get("Link", "")
    except urllib.error.HTTPError as exc:
        detail = _error_message(exc)
        raise ApiError(f"{method} {url} answered {exc.code} {exc.reason}{detail}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ApiError(f"{method} {url} failed: {getattr(exc, 'reason', exc)}") from exc
    except ValueError as exc:
        raise ApiError(f"{method} {url} answered something that is not JSON") from exc


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        message = json.loads(exc.read()).get("message")
    except (ValueError, AttributeError, OSError):
        return ""
    return f": {message}" if isinstance(message, str) and message else ""


def _next_link(link: str, api: str) -> str | None:
    """The rel="next" URL of a Link header, if it stays on the API's own origin (the token
    is sent with it)."""
    for part in link.split(","):
        if 'rel="next"' in part and "<" in part and ">" in part:
            url = part[part.index("<") + 1:part.index(">")]
            origin = urlsplit(api)
            target = urlsplit(url)
            if (target.scheme, target.netloc) == (origin.scheme, origin.netloc):
                return url
    return None


def find_comment(pr: PullRequest) -> int | None:
    url: str | None = (f"{pr.api}/repos/{pr.repository}/issues/{pr.number}/comments"
                       f"?per_page={PER_PAGE}")
    for _ in range(MAX_PAGES):
        if url is None:
            return None
        comments, link = _request(pr, "GET", url)
        for comment in comments if isinstance(comments, list) else ():
            if isinstance(comment, dict) and MARKER in str(comment.get("body") or ""):
                return int(comment["id"])
        url = _next_link(link, pr.api)
    return None


def comment_body(text: str) -> str:
    body = f"{MARKER}\n{text}"
    if len(body) > _MAX_BODY:  # `diff --format markdown` keeps below this; any other text
        body = body[:_MAX_BODY - 60] + "\n\n… (cut: longer than a GitHub comment may be)\n"
    return body


def upsert_comment(pr: PullRequest, text: str) -> tuple[str, int]:
    """("updated" | "created", comment id)."""
    body = {"body": comment_body(text)}
    existing = find_comment(pr)
    if existing is not None:
        _request(pr, "PATCH", f"{pr.api}/repos/{pr.repository}/issues/comments/{existing}",
                 body)
        return "updated", existing
    created, _ = _request(pr, "POST",
                          f"{pr.api}/repos/{pr.repository}/issues/{pr.number}/comments", body)
    return "created", int(created["id"]) if isinstance(created, dict) else 0


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    env = dict(os.environ) if env is None else env
    try:
        pr = pull_request_from_env(env)
        if pr is None:
            print("startos-migrate pr_comment: not a pull_request event; no comment made")
            return 0
        if argv:
            with open(argv[0], encoding="utf-8") as f:
                text = f.read()
        else:
            text = sys.stdin.read()
        action, comment_id = upsert_comment(pr, text)
    except SetupError as exc:
        print(f"startos-migrate pr_comment: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"startos-migrate pr_comment: error: cannot read the comment body: {exc}",
              file=sys.stderr)
        return 2
    except ApiError as exc:
        print(f"startos-migrate pr_comment: error: the GitHub API refused the comment: {exc}",
              file=sys.stderr)
        return 1
    print(f"startos-migrate pr_comment: {action} comment {comment_id} on "
          f"{pr.repository}#{pr.number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
