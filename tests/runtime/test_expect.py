"""The legacy facts the harness judges against, and the values it generates."""

from __future__ import annotations

import re

from tests.conftest import WRAPPERS
from tests.runtime.expect import exver, expectations
from tests.runtime.samples import form_samples, string_for
from tests.runtime.shape import lost_values, object_errors


def test_emver_becomes_exver():
    assert exver((1, 4, 2, 3)) == "1.4.2:3"
    assert exver((2, 0)) == "2.0.0:0"


def test_hello_v03_expectations_come_from_the_legacy_wrapper():
    ex = expectations(WRAPPERS / "hello-v03")
    assert ex["lastVersion"] == "1.4.2:3"
    assert ex["olderVersion"] == "1.2.0:0"  # the newest literal below it in migrations.from
    assert ex["healthChecks"][0] == "web-ui"
    assert ["main", "/root/data"] in ex["mainMounts"]
    assert ex["ownAddressPointers"] == ["tor-address", "lan-address"]
    config = ex["legacyConfig"]
    # a config as 0.3 stored it: unions flat, a listed variant id as that variant's value
    assert config["bitcoin"]["type"] == "internal"
    assert config["nodes"] == [{"type": "lnd", "macaroon": "harness"}]
    assert object_errors(config, ex["shape"]) == []


def test_the_shape_check_rejects_form_shaped_unions_and_missing_keys():
    ex = expectations(WRAPPERS / "hello-v03")
    bad = {**ex["legacyConfig"], "bitcoin": {"selection": "internal", "value": {}}}
    del bad["quiet"]
    errors = object_errors(bad, ex["shape"])
    assert "quiet: missing" in errors
    assert any("form shape" in e for e in errors)


def test_lost_values_ignores_pointers_only():
    shape = {"t": "root", "fields": {"a": {"t": "str"}, "p": {"t": "pointer"}}}
    assert lost_values({"a": "x", "p": "old"}, {"a": "x", "p": "new"}, shape) == []
    assert lost_values({"a": "x", "p": "old"}, {"p": "new"}, shape) == ["a: lost"]


def test_generated_strings_match_the_legacy_patterns():
    for pattern in ["^[a-z2-7]{56}\\.onion$", "npub1[a-zA-Z0-9]{58}", "^[0-9a-f]{64}$"]:
        assert re.search(pattern, string_for([pattern]))
    spec = {
        "a": {
            "type": "text",
            "required": True,
            "default": None,
            "patterns": [{"regex": "^x[0-9]{3}$", "description": ""}],
        }
    }
    assert form_samples(spec) == {'["^x[0-9]{3}$"]': "x000"}
