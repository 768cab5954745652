"""The configuration: schema validation with key and line, the scs preset, merging, policies."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from minutes_ci.checks.model import Kind, Severity
from minutes_ci.config import ConfigError, find_config, load_config, preset_data

pytestmark = pytest.mark.usefixtures("private_cache")


def schema() -> dict[str, object]:
    text = resources.files("minutes_ci.schemas").joinpath("config.schema.json").read_text()
    loaded: dict[str, object] = json.loads(text)
    return loaded


def config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".minutes-ci.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(config_file(tmp_path, text), display=".minutes-ci.yaml")
    return str(info.value)


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_the_scs_preset_validates_against_the_schema() -> None:
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(preset_data("scs"))


def test_scs_preset_policies() -> None:
    config = load_config(None, preset="scs")
    assert config.repository == "SovereignCloudStack/minutes"
    assert config.default_owner == "SovereignCloudStack"
    assert config.aliases["k8s-capi"] == "SovereignCloudStack/k8s-cluster-api-provider"
    assert config.aliases["cspo"] == "SovereignCloudStack/cluster-stack-provider-openstack"
    assert config.aliases["scs"] == "SovereignCloudStack"
    assert config.templates == ("community-call/template.md",)
    call = config.folders["community-call"]
    assert call.kind is Kind.DECK and call.legacy_before == dt.date(2023, 8, 31)
    container = config.folders["container"]
    assert [sorted(s.weekdays) for s in container.schedule] == [[0], [3], [4]]  # Mon, then Thu, then Fri
    assert container.require_agenda and container.require_housekeeping and container.require_participants
    board = config.folders["product-board"]
    assert board.require_agenda and not board.require_housekeeping  # housekeeping in only 9 % of its files
    assert config.folders["hackathons"].kind is Kind.FREEFORM
    assert config.folders["sig-documentation"].title_pattern


def test_no_config_gives_generic_defaults() -> None:
    config = load_config(None)
    assert config.folders == {} and config.aliases == {} and config.severities == {}


def test_user_file_merges_over_the_preset(tmp_path: Path) -> None:
    path = config_file(tmp_path, """\
preset: scs
folders:
  iaas: {require: [participants]}
  new-team: {schedule: [{since: 2024-01-01, weekdays: [tue, thu]}]}
rules:
  weekday-off-schedule: off
  handle-typo: {severity: notice, distance: 1}
roster: [alice, "@Bob"]
""")
    config = load_config(path)
    iaas = config.folders["iaas"]
    assert iaas.require_participants and not iaas.require_agenda  # the list replaced the preset's
    assert [sorted(s.weekdays) for s in iaas.schedule] == [[2]]  # the preset's schedule stays
    assert config.folders["new-team"].schedule[0].since == dt.date(2024, 1, 1)
    assert config.folders["new-team"].schedule[0].weekdays == frozenset({1, 3})
    assert config.severities == {"weekday-off-schedule": None, "handle-typo": Severity.NOTICE}
    assert config.options["handle-typo"] == {"distance": 1}
    assert config.roster == ("alice", "bob")
    assert "container" in config.folders  # untouched preset folders stay


def test_command_line_preset_wins(tmp_path: Path) -> None:
    path = config_file(tmp_path, "preset: default\n")
    assert "iaas" in load_config(path, preset="scs").folders


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("folders:\n  iaas:\n    kind: teams\n", ".minutes-ci.yaml:3:11: folders.iaas.kind", "'teams' is not one of"),
        ("exclude: [a]\nfolderz: {}\n", ".minutes-ci.yaml:2:1: folderz", "unknown key 'folderz'"),
        ("folders:\n  iaas:\n    schedule:\n      - {since: 2024-13-01, weekdays: [mon]}\n",
         ".minutes-ci.yaml:4:17: folders.iaas.schedule.0.since", "is not a 'date'"),
        ("folders:\n  iaas:\n    schedule: [{since: 2024-01-01, weekdays: [monday]}]\n",
         ".minutes-ci.yaml:3:47: folders.iaas.schedule.0.weekdays.0", "'monday' is not one of"),
        ("rules:\n  title-date-mismatch: {severity: fatal}\n",
         ".minutes-ci.yaml:2:35: rules.title-date-mismatch.severity", "'fatal' is not one of"),
        ("repository: not a slug\n", ".minutes-ci.yaml:1:13: repository", "does not match"),
        ("preset: nope\n", ".minutes-ci.yaml:1:9: preset", "'nope' is not one of"),
        ("links:\n  timeout: -1\n", ".minutes-ci.yaml:2:12: links.timeout", "less than or equal to the minimum"),
    ],
)
def test_schema_errors_name_key_and_line(tmp_path: Path, text: str, where: str, says: str) -> None:
    message = error_of(tmp_path, text)
    assert message.startswith(where), message
    assert says in message


def test_every_schema_error_is_listed(tmp_path: Path) -> None:
    message = error_of(tmp_path, "preset: nope\nfolders:\n  iaas: {kind: x}\n")
    assert len(message.splitlines()) == 2


def test_yaml_syntax_error_has_the_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, "folders:\n  iaas: [participants\nexclude: []\n")
    assert message.startswith(".minutes-ci.yaml:3:") and "invalid YAML" in message


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    message = error_of(tmp_path, "exclude: [a]\nexclude: [b]\n")
    assert message == ".minutes-ci.yaml:2:1: exclude: duplicate key"


def test_bad_regex_names_the_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, "folders:\n  iaas:\n    title-pattern: '([a-z'\n")
    assert message.startswith(".minutes-ci.yaml:3:5: folders.iaas.title-pattern: invalid regular expression")


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "must be a mapping" in error_of(tmp_path, "- a\n- b\n")


def test_an_empty_file_is_an_empty_config(tmp_path: Path) -> None:
    assert load_config(config_file(tmp_path, "# nothing yet\n")).folders == {}


def test_a_valid_file_is_remembered_and_not_validated_again(tmp_path: Path, private_cache: Path) -> None:
    path = config_file(tmp_path, "exclude: ['drafts/**']\n")
    load_config(path)
    assert list((private_cache / "minutes-ci" / "valid-config").iterdir())
    load_config(path)  # served from the marker; an edit is validated again:
    path.write_text("exclude: 3\n")
    with pytest.raises(ConfigError):
        load_config(path)


def test_find_config_searches_upwards(tmp_path: Path) -> None:
    path = config_file(tmp_path, "{}\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == path


def test_dates_stay_strings_for_the_schema(tmp_path: Path) -> None:
    # PyYAML would load 2024-01-01 as a date, which JSON Schema's "string" refuses
    path = config_file(tmp_path, "folders:\n  x: {legacy-before: 2024-01-01}\n")
    assert load_config(path).folders["x"].legacy_before == dt.date(2024, 1, 1)
    assert yaml.safe_load("a: 2024-01-01")["a"] == dt.date(2024, 1, 1)


def test_every_presets_holiday_region_is_known_to_the_calendar() -> None:
    """The loader trusts a preset's `holiday-region` (the calendar import costs 0.2 s a run): here
    each is looked up for real, as a region a user writes is at load."""
    from minutes_ci.checks.rules._dates import holiday, parse_region
    from minutes_ci.config import PRESETS

    for name in PRESETS:
        region = preset_data(name).get("holiday-region")
        if region is not None:
            assert parse_region(str(region)) is not None, name
            assert holiday(str(region), dt.date(2024, 1, 1)) is not None, (name, region)


def test_a_users_unknown_holiday_region_is_still_refused(tmp_path: Path) -> None:
    cfg = tmp_path / ".minutes-ci.yaml"
    cfg.write_text("preset: scs\nholiday-region: XX-QQ\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="holiday-region"):
        load_config(cfg)
