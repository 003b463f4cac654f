"""A fake GitHub REST API on localhost for the comment script and the action's steps."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

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
