"""The action's comment script against a fake GitHub API on localhost and a recorded-shape
pull_request event payload (tests/fixtures/diff/events)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from migrator.diff import pr_comment
from tests.conftest import FIXTURES

EVENTS = FIXTURES / "diff" / "events"
REPO = "example/echo-box-wrapper"


@dataclass
class FakeGitHub:
    """Comments of PR 42, served two per page; every request is recorded."""

    comments: list[dict] = field(default_factory=list)
    fail: int | None = None  # answer every request with this status
    requests: list[tuple[str, str, dict | None, dict]] = field(default_factory=list)
    base: str = ""

    def handle(self, method: str, path: str, body: dict | None, headers: dict):
        self.requests.append((method, path, body, headers))
        if self.fail:
            return self.fail, {"message": "Resource not accessible by integration"}, {}
        url = urlsplit(path)
        if method == "GET" and url.path == f"/repos/{REPO}/issues/42/comments":
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            chunk = self.comments[(page - 1) * 2:page * 2]
            extra = {}
            if page * 2 < len(self.comments):
                nxt = f"{self.base}/repos/{REPO}/issues/42/comments?per_page=100&page={page+1}"
                extra["Link"] = f'<{nxt}>; rel="next", <{self.base}/x?page=9>; rel="last"'
            return 200, chunk, extra
        if method == "POST" and url.path == f"/repos/{REPO}/issues/42/comments":
            new = {"id": 900 + len(self.comments), "body": body["body"]}
            self.comments.append(new)
            return 201, new, {}
        if method == "PATCH" and url.path.startswith(f"/repos/{REPO}/issues/comments/"):
            cid = int(url.path.rsplit("/", 1)[1])
            for c in self.comments:
                if c["id"] == cid:
                    c["body"] = body["body"]
                    return 200, c, {}
        return 404, {"message": "Not Found"}, {}


@pytest.fixture
def github():
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, payload, extra = fake.handle(self.command, self.path, body,
                                                 dict(self.headers))
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def env_for(fake: FakeGitHub, event: str = "pull_request.json") -> dict[str, str]:
    return {"GITHUB_EVENT_PATH": str(EVENTS / event), "GITHUB_REPOSITORY": REPO,
            "GITHUB_TOKEN": "ghs_faketoken", "GITHUB_API_URL": fake.base}


def run(fake, tmp_path, text="### diff\n", event="pull_request.json") -> int:
    body = tmp_path / "body.md"
    body.write_text(text)
    return pr_comment.main([str(body)], env_for(fake, event))


def test_creates_the_comment_when_none_has_the_marker(github, tmp_path, capsys):
    github.comments = [{"id": 1, "body": "LGTM"}]
    assert run(github, tmp_path) == 0
    methods = [(m, urlsplit(p).path) for m, p, _, _ in github.requests]
    assert methods == [("GET", f"/repos/{REPO}/issues/42/comments"),
                       ("POST", f"/repos/{REPO}/issues/42/comments")]
    _, _, body, headers = github.requests[1]
    assert body == {"body": f"{pr_comment.MARKER}\n### diff\n"}
    assert headers["Authorization"] == "Bearer ghs_faketoken"
    assert headers["Accept"] == "application/vnd.github+json"
    assert "created comment 901 on example/echo-box-wrapper#42" in capsys.readouterr().out


def test_updates_the_marked_comment_found_on_a_later_page(github, tmp_path):
    github.comments = [{"id": 1, "body": "a"}, {"id": 2, "body": "b"}, {"id": 3, "body": "c"},
                       {"id": 4, "body": f"{pr_comment.MARKER}\nold"}, {"id": 5, "body": "e"}]
    assert run(github, tmp_path, "new diff\n") == 0
    calls = [(m, p) for m, p, _, _ in github.requests]
    assert calls[0] == ("GET", f"/repos/{REPO}/issues/42/comments?per_page=100")
    assert calls[1] == ("GET", f"/repos/{REPO}/issues/42/comments?per_page=100&page=2")
    assert calls[2] == ("PATCH", f"/repos/{REPO}/issues/comments/4")
    assert len(calls) == 3  # stops at the page holding the marker; no new comment
    assert github.comments[3]["body"] == f"{pr_comment.MARKER}\nnew diff\n"
    assert len(github.comments) == 5


def test_a_second_run_updates_what_the_first_created(github, tmp_path):
    assert run(github, tmp_path, "one\n") == 0
    assert run(github, tmp_path, "two\n") == 0
    assert [c["body"] for c in github.comments] == [f"{pr_comment.MARKER}\ntwo\n"]


def test_an_api_error_is_a_clear_message_and_exit_1(github, tmp_path, capsys):
    github.fail = 403
    assert run(github, tmp_path) == 1
    err = capsys.readouterr().err
    assert "the GitHub API refused the comment" in err
    assert "403" in err and "Resource not accessible by integration" in err
    assert "ghs_faketoken" not in err


def test_an_unreachable_api_is_exit_1(tmp_path, capsys):
    fake = FakeGitHub(base="http://127.0.0.1:9")  # discard port: nothing listens
    assert run(fake, tmp_path) == 1
    assert "failed" in capsys.readouterr().err


def test_not_a_pull_request_event_makes_no_request(github, tmp_path, capsys):
    assert run(github, tmp_path, event="push.json") == 0
    assert github.requests == []
    assert "not a pull_request event" in capsys.readouterr().out


def test_missing_environment_is_exit_2(capsys):
    assert pr_comment.main(["x.md"], {"GITHUB_REPOSITORY": REPO}) == 2
    assert "GITHUB_EVENT_PATH, GITHUB_TOKEN not set" in capsys.readouterr().err


def test_a_next_link_to_another_host_is_not_followed():
    link = '<https://evil.example/steal?page=2>; rel="next"'
    assert pr_comment._next_link(link, "https://api.github.com") is None
    ok = '<https://api.github.com/r?page=2>; rel="next"'
    assert pr_comment._next_link(ok, "https://api.github.com") == "https://api.github.com/r?page=2"


def test_an_oversized_body_is_cut_below_githubs_limit():
    body = pr_comment.comment_body("x" * 100_000)
    assert len(body) <= 65_536 and body.startswith(pr_comment.MARKER)
