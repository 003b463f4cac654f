"""The action's comment script against a fake GitHub API on localhost and a recorded-shape
pull_request event payload (tests/fixtures/diff/events)."""

from __future__ import annotations

from urllib.parse import urlsplit

from migrator.diff import pr_comment
from tests.diff.conftest import EVENTS, REPO, FakeGitHub


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
