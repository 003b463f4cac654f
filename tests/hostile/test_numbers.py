"""Numbers out of what the legacy OS accepted: located errors or warnings, never a crash.

Before issue 9 each of these reached the user as a Python OverflowError/ValueError (exit 3),
or (negative durations, unknown arches) went through silently."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import check_json, copy_fixture, replace_in, run_cli

SIGTERM = "sigterm-timeout: 45s"


def _only(diags: list[dict], code: str) -> dict:
    found = [d for d in diags if d["code"] == code]
    assert len(found) == 1, diags
    return found[0]


@pytest.mark.parametrize("value", [".inf", ".nan", "-.inf", "1e400", "-5", "-0.5"])
def test_sigterm_timeout_not_finite_or_negative_is_located_error(capsys, v03, value):
    replace_in(v03 / "manifest.yaml", SIGTERM, f"sigterm-timeout: {value}")
    code, diags = check_json(capsys, v03)
    assert code == 2
    d = _only(diags, "M427")
    assert d["severity"] == "error" and (d["line"], d["column"]) == (39, 20)
    assert d["key_path"] == "main.sigterm-timeout"


def test_sigterm_timeout_huge_duration_string_is_out_of_range(capsys, v03):
    replace_in(v03 / "manifest.yaml", SIGTERM, "sigterm-timeout: " + "9" * 35 + "s")
    code, diags = check_json(capsys, v03)
    assert code == 2 and _only(diags, "M427")["line"] == 39


def test_decimal_duration_of_400_digits_is_out_of_range(capsys, v03):
    replace_in(v03 / "manifest.yaml", SIGTERM, "sigterm-timeout: " + "9" * 400 + ".5s")
    code, diags = check_json(capsys, v03)
    assert code == 2 and _only(diags, "M427")["severity"] == "error"


def test_duration_beyond_the_runtime_timer_is_capped_with_a_warning(capsys, v03, tmp_path):
    # Fits the legacy u64 seconds, but setTimeout in the 0.4 runtime fires at once above
    # 2^31-1 ms: the generated daemon would be SIGKILLed immediately.
    replace_in(v03 / "manifest.yaml", SIGTERM, "sigterm-timeout: 30d")
    code, out, _ = run_cli(capsys, "convert", str(v03), "-o", str(tmp_path / "out"),
                           "--format", "json")
    assert code == 0 and '"M428"' in out
    main_ts = (tmp_path / "out" / "startos" / "main.ts").read_text()
    assert "2147483647" in main_ts and "2592000000" not in main_ts


@pytest.mark.parametrize("value", [".inf", "1e400", "-5", "99999999999999999999999d"])
def test_health_check_timeout_out_of_range_is_located_error(capsys, v03, value):
    replace_in(v03 / "manifest.yaml", "    inject: true\n",
               f"    inject: true\n    timeout: {value}\n")
    code, diags = check_json(capsys, v03)
    assert code == 2
    d = _only(diags, "M427")
    assert d["key_path"] == "health-checks.web-ui.timeout" and d["line"] == 51


@pytest.mark.parametrize("digits", [21, 400, 5000])
def test_ram_beyond_u64_is_located_error(capsys, v03, digits):
    replace_in(v03 / "manifest.yaml", "ram: 2147483648", "ram: " + "9" * digits)
    code, diags = check_json(capsys, v03)
    assert code == 2
    d = _only(diags, "M429")
    assert d["key_path"] == "hardware-requirements.ram" and d["line"] == 225
    assert len(d["message"]) < 200  # the number itself is not echoed


def test_ram_at_u64_max_is_accepted(capsys, v03):
    replace_in(v03 / "manifest.yaml", "ram: 2147483648", f"ram: {2**64 - 1}")
    code, diags = check_json(capsys, v03)
    assert code == 0 and not [d for d in diags if d["code"] == "M429"]


def test_port_string_of_many_digits_is_out_of_range(capsys, v03):
    replace_in(v03 / "manifest.yaml", '80: "8080"', '80: "' + "9" * 5000 + '"')
    code, diags = check_json(capsys, v03)
    assert code == 2 and _only(diags, "M411")["line"] > 0


def test_json_integer_over_python_digit_limit_is_located_error(capsys, tmp_path):
    wrapper = copy_fixture(tmp_path, "hello-json")
    replace_in(wrapper / "manifest.json", '"id": "hello-json",', '"id": "hello-json", "x": '
               + "9" * 5000 + ",")
    code, diags = check_json(capsys, wrapper)
    assert code == 2
    d = _only(diags, "R121")
    assert (d["line"], d["column"]) == (2, 28) and len(d["message"]) < 200


def test_json_float_overflow_is_located_error(capsys, tmp_path):
    wrapper = copy_fixture(tmp_path, "hello-json")
    replace_in(wrapper / "manifest.json", '"id": "hello-json",', '"id": "hello-json", "x": 1e400,')
    code, diags = check_json(capsys, wrapper)
    assert code == 2 and _only(diags, "R121")["line"] == 2


def test_json_integer_beyond_u64_is_read_as_a_float_like_serde(tmp_path):
    from tests.helpers import check_dir

    wrapper = copy_fixture(tmp_path, "hello-json")
    replace_in(wrapper / "manifest.json", '"id": "hello-json",',
               '"id": "hello-json", "hardware-requirements": {"ram": 18446744073709551616},')
    package, diags = check_dir(wrapper)
    assert [d.code for d in diags if d.is_error] == ["M429"]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_json_lone_surrogate_is_located_error_and_output_is_printed(capsys, tmp_path, fmt):
    wrapper = copy_fixture(tmp_path, "hello-json")
    replace_in(wrapper / "manifest.json", '"title": "Hello JSON"', '"title": "Hello \\udc80"')
    code, out, err = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                             "--format", fmt)
    assert code == 2 and "internal error" not in err
    assert "R122" in out and "3:12" in out or '"line": 3' in out


def test_get_config_ts_infinite_default_becomes_null_with_warning(capsys, tmp_path):
    wrapper = copy_fixture(tmp_path, "hello-ts")
    replace_in(wrapper / "scripts/services/getConfig.ts", "default: -1,", "default: 1e400,")
    code, out, err = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                             "--format", "json")
    assert code == 0, err
    assert '"R123"' in out
    text = "".join(p.read_text() for p in (tmp_path / "o" / "startos").rglob("*.ts"))
    assert "Infinity" not in text and "1e400" not in text


def test_get_config_ts_huge_hex_literal_is_read_as_a_double(tmp_path):
    from tests.helpers import check_dir

    wrapper = copy_fixture(tmp_path, "hello-ts")
    replace_in(wrapper / "scripts/services/getConfig.ts", "default: -1,",
               "default: 0x" + "f" * 5000 + ",")
    package, diags = check_dir(wrapper)
    assert "R123" in [d.code for d in diags]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e400"])
def test_yaml_spec_number_default_not_finite_is_a_located_warning(capsys, v03, tmp_path, value):
    replace_in(v03 / "assets/compat/config_spec.yaml", "  default: 8\n", f"  default: {value}\n")
    code, out, err = run_cli(capsys, "convert", str(v03), "-o", str(tmp_path / "o"),
                             "--format", "json")
    assert code == 0, err
    assert '"M431"' in out and '"line": 32' in out


def test_unknown_arch_is_a_located_warning(capsys, v03):
    replace_in(v03 / "manifest.yaml", "arch: [x86_64, aarch64]", "arch: [x86_64, sparc]")
    code, diags = check_json(capsys, v03)
    d = _only(diags, "M430")
    assert d["severity"] == "warning" and "sparc" in d["message"]
    assert (d["line"], d["column"]) == (226, 18)


@pytest.mark.parametrize("old,new,line", [
    ('name: "API Key",', 'name: "API \\udc80 Key",', 7),
    ('"api-key": {', '"api\\udc80": {', 5),
])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_get_config_ts_lone_surrogate_is_located_error(capsys, tmp_path, old, new, line, fmt):
    wrapper = copy_fixture(tmp_path, "hello-ts")
    replace_in(wrapper / "scripts/services/getConfig.ts", old, new)
    code, out, err = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                             "--format", fmt)
    assert code == 2 and "internal error" not in err
    assert "R122" in out and (f"getConfig.ts:{line}:" in out or f'"line": {line}' in out)


@pytest.mark.parametrize("text,value", [
    ("18446744073709551615", 2**64 - 1), ("-9223372036854775808", -(2**63)),
    ("18446744073709551616", 1.8446744073709552e19), ("-9223372036854775809", -9.223372036854776e18),
])
def test_json_and_yaml_integers_read_like_serde(text, value):
    from migrator.diagnostics import Diagnostics
    from migrator.read.json_reader import parse_json
    from migrator.read.yaml_reader import parse_yaml

    for parse in (parse_json, parse_yaml):
        node = parse(text, "x", Diagnostics())
        assert node.value == value and type(node.value) is type(value)


@pytest.mark.parametrize("number", ["9" * 30, "0x" + "f" * 5000, "-9223372036854775809"])
def test_toml_integer_beyond_64_bits_is_located_error(capsys, tmp_path, number):
    wrapper = copy_fixture(tmp_path, "hello-toml")
    path = wrapper / "manifest.toml"
    path.write_text(path.read_text() + f"\n[hardware-requirements]\nram = {number}\n")
    code, diags = check_json(capsys, wrapper)
    assert code == 2
    d = _only(diags, "R121")
    assert d["key_path"] == "hardware-requirements.ram" and d["line"] > 1
