"""The command line, run as a user runs it: ``python -m exactland ...`` in a subprocess."""

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from exactland import kernel
from exactland.instance import point_to_json, random_instance
from exactland.landscape import Landscape


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "exactland", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    inst = random_instance((3, 2, 2, 2), m=4, seed=5)
    (d / "inst.json").write_text(json.dumps(inst.to_json()))
    (d / "zero.json").write_text(json.dumps(point_to_json(inst.zero_point())))
    return d, inst


def test_classify_json_and_verify_round_trip(files):
    d, inst = files
    res = run("classify", d / "inst.json", "--point", d / "zero.json", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert {"critical", "class", "loss", "certificate"} <= set(out)
    assert out["critical"] is True and out["class"] == "non_strict_saddle"
    assert Fraction(out["loss"]) == Landscape(inst).loss(inst.zero_point())
    assert kernel.verify(out["certificate"]) == (True, "valid")
    # the certificate round-trips through `exactland verify`
    cert_path = d / "cert.json"
    cert_path.write_text(json.dumps(out["certificate"]))
    res = run("verify", cert_path)
    assert res.returncode == 0 and res.stdout.strip() == "valid"
    # tampered: one coordinate of the point
    bad = json.loads(cert_path.read_text())
    bad["point"]["W"][0][0][0] = "1"
    bad.pop("loss", None)
    bad_path = d / "bad.json"
    bad_path.write_text(json.dumps(bad))
    res = run("verify", bad_path)
    assert res.returncode == 1
    assert res.stdout.startswith("invalid: ") and len(res.stdout.strip()) > len("invalid: ")
    assert "Traceback" not in res.stderr


def test_classify_text_writes_certificate(files):
    d, inst = files
    point = {"W": [[["1", "0", "0"], ["0", "1", "0"]], [["1", "0"], ["0", "1"]], [["1", "1/2"], ["0", "1"]]]}
    (d / "p.json").write_text(json.dumps(point))
    res = run("classify", d / "inst.json", "--point", d / "p.json", "--certificate", d / "c2.json")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("not_critical")
    assert kernel.verify(json.loads((d / "c2.json").read_text())) == (True, "valid")


def test_float_in_instance_is_a_clean_error(files, tmp_path):
    _, inst = files
    obj = inst.to_json()
    obj["data"]["Y"][1][2] = 0.5
    (tmp_path / "f.json").write_text(json.dumps(obj))
    (tmp_path / "z.json").write_text(json.dumps(point_to_json(inst.zero_point())))
    res = run("classify", tmp_path / "f.json", "--point", tmp_path / "z.json")
    assert res.returncode == 2
    assert "data.Y[1][2]" in res.stderr and "float" in res.stderr
    assert "Traceback" not in res.stderr
    # and --convert-floats accepts it
    res = run("classify", tmp_path / "f.json", "--point", tmp_path / "z.json", "--convert-floats", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["certificate"]["instance"]["data"]["Y"][1][2] == "1/2"


def test_float_in_point_is_a_clean_error(files, tmp_path):
    d, inst = files
    W = point_to_json(inst.zero_point())
    W["W"][1][0][1] = 0.25
    (tmp_path / "fp.json").write_text(json.dumps(W))
    res = run("classify", d / "inst.json", "--point", tmp_path / "fp.json")
    assert res.returncode == 2
    assert "W_2[0][1]" in res.stderr and "Traceback" not in res.stderr


def test_demo_writes_a_verifying_certificate_and_a_png(tmp_path):
    out = tmp_path / "demo"
    res = run("demo", "--out", out, "--seed", "1", timeout=180)
    assert res.returncode == 0, res.stderr
    cert = out / "bad_saddle_certificate.json"
    assert kernel.verify(str(cert)) == (True, "valid")
    assert json.loads(cert.read_text())["claim"] == "non_strict_saddle"
    png = out / "bad_saddle_slice.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 1000
    res = run("verify", cert)
    assert res.returncode == 0 and res.stdout.strip() == "valid"


def test_main_in_process_for_bad_arguments(capsys, tmp_path):
    from exactland.cli import main
    with pytest.raises(SystemExit) as err:
        main(["classify"])
    assert err.value.code == 2
    (tmp_path / "c.json").write_text("{not json")
    assert main(["verify", str(tmp_path / "c.json")]) == 1
    assert capsys.readouterr().out.startswith("invalid: ")
