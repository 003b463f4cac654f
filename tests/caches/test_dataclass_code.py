"""The compiled-code cache behind the model classes (migrator/dataclass_code.py)."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from migrator import dataclass_code
from migrator.dataclass_code import CodeCache


@pytest.fixture
def cache_file(tmp_path, monkeypatch):
    """The process's cache, pointed at a file of the test's own."""
    path = str(tmp_path / "code.marshal")
    monkeypatch.setattr(dataclass_code, "_cache", CodeCache(path))
    return path


def make_model():
    @dataclasses.dataclass(frozen=True)
    class Port:
        number: int
        protocol: str = "tcp"
        aliases: tuple[str, ...] = ()

    return Port


def test_the_pipeline_makes_its_classes_through_the_cache():
    import migrator.ir.manifest  # noqa: F401 - any model module

    assert dataclasses.exec is dataclass_code.cached_exec


def test_a_class_from_cached_code_is_the_class_dataclasses_makes(cache_file):
    compiled = make_model()
    dataclass_code._cache.save()
    dataclass_code._cache = CodeCache(cache_file)
    cached = make_model()
    assert not dataclass_code._cache.changed, "every method came from the file"

    for cls in (compiled, cached):
        port = cls(8080)
        assert port == cls(8080, "tcp") and hash(port) == hash(cls(8080, "tcp"))
        assert port != cls(8080, "udp")
        assert repr(port) == "make_model.<locals>.Port(number=8080, protocol='tcp', aliases=())"
        with pytest.raises(dataclasses.FrozenInstanceError):
            port.number = 1  # type: ignore[misc]
        with pytest.raises(TypeError):
            cls()  # type: ignore[call-arg]
    # The generated code is compiled without this test module's `from __future__ import
    # annotations`: __init__'s annotations are the field types, not strings.
    assert str(inspect.signature(cached)) == str(inspect.signature(compiled))
    assert cached.__init__.__annotations__ == compiled.__init__.__annotations__


def test_saved_code_is_reused_and_new_code_added(cache_file):
    cache = dataclass_code._cache
    first = cache.code("models", "x = 1\n")
    cache.code("other", "y = 1\n")
    cache.save()
    again = CodeCache(cache_file)
    assert again.code("models", "x = 1\n") == first and not again.changed
    assert again.decoded.keys() == {"models"}, "only the table of a module in use is decoded"
    again.code("models", "x = 2\n")
    again.save()
    assert CodeCache(cache_file)._saved("models").keys() == {"x = 1\n", "x = 2\n"}
    assert CodeCache(cache_file)._saved("other").keys() == {"y = 1\n"}


def test_a_module_that_changed_keeps_only_its_current_code(cache_file):
    """Its classes are all made at its import: what it did not use is an older version."""
    cache = dataclass_code._cache
    cache.code("models", "x = 1\n")
    cache.code("other", "y = 1\n")
    cache.save()
    later = CodeCache(cache_file)
    later.code("models", "x = 1 + 1\n")  # the module was edited: its class differs
    later.save()
    assert CodeCache(cache_file)._saved("models").keys() == {"x = 1 + 1\n"}
    assert CodeCache(cache_file)._saved("other").keys() == {"y = 1\n"}, "not imported: kept"


@pytest.mark.parametrize("content", [
    b"", b"garbage", dataclass_code._HEADER + b"\x00\x01 not marshal",
    dataclass_code._HEADER[:-4] + b"\x00\x00\x00\x00" + b"{}",  # another Python's bytecode
])
def test_a_damaged_or_foreign_file_means_compiling(cache_file, content):
    with open(cache_file, "wb") as fh:
        fh.write(content)
    cache = CodeCache(cache_file)
    assert cache.tables == {}
    assert make_model()(1).number == 1


def test_no_cache_directory_means_compiling(monkeypatch):
    monkeypatch.setattr(dataclass_code, "_cache", CodeCache(None))
    assert make_model()(1).protocol == "tcp"
    dataclass_code._cache.save()  # nothing to write to, and no error


def test_other_exec_calls_behave_as_the_builtin(cache_file):
    namespace: dict = {}
    dataclass_code.cached_exec(compile("a = 1", "<t>", "exec"), namespace)
    dataclass_code.cached_exec("b = a + 1", namespace, namespace)
    assert (namespace["a"], namespace["b"]) == (1, 2)
    # With no namespace, exec runs in its caller's: here the module level of `module`.
    module = {"cached_exec": dataclass_code.cached_exec}
    exec("cached_exec('seen = 1')", module)
    assert module["seen"] == 1
    assert dataclass_code._cache.changed == {""}, "the namespace had no __name__"
    assert dataclass_code._cache.used[""].keys() == {"b = a + 1"}
