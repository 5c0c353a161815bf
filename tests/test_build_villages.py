"""The villages build's readers of the OKTMO extracts and Moscow oblast's list
(scripts/build_villages.py), on small files written here in the sources' layouts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _build_villages():
    spec = importlib.util.spec_from_file_location("build_villages",
                                                  ROOT / "scripts" / "build_villages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_villages"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BV = _build_villages()


def test_an_sql_extract_gives_codes_and_names_of_both_statement_kinds(tmp_path: Path):
    path = tmp_path / "extract.sql"
    path.write_text(
        "update ref_book_oktmo set version = x where code in ('35000000', '67000000');\n"
        "INSERT INTO ref_book_oktmo(ID, CODE, NAME) VALUES (1,'35604000','Бахчисарайский "
        "муниципальный район',null);\n"
        "INSERT INTO ref_book_oktmo(ID, CODE, NAME) VALUES (2,'35604401106','с Большое "
        "Садовое',null);\n"
        "select to_date('01.03.2019') as version, '46715000103' as code, 'д Абрамцево' as name,"
        " 2 as razd from dual union all\n",
        encoding="utf-8",
    )
    assert BV._extract_rows(path) == [
        ("35604000", "Бахчисарайский муниципальный район"),
        ("35604401106", "с Большое Садовое"),
        ("46715000103", "д Абрамцево"),
    ]


def test_a_dsv_extract_reads_the_code_and_name_columns(tmp_path: Path):
    path = tmp_path / "extract.dsv"
    path.write_text(
        '"ID","RECORD_ID","STATUS","VERSION","CODE","NAME","RAZD"\n'
        '1,2,2,01.01.2016,"58604000000","Бежаницкий муниципальный район",1\n'
        '3,4,2,01.01.2016,"58604420106","д Апарино",2\n',
        encoding="utf-8",
    )
    assert BV._extract_rows(path) == [("58604000000", "Бежаницкий муниципальный район"),
                                      ("58604420106", "д Апарино")]


def test_section_one_names_the_districts_by_their_first_five_digits(tmp_path: Path):
    path = tmp_path / "mreg.json"
    path.write_text(json.dumps({
        "05000000(9)": "Муниципальные образования Приморского края",
        "05602000(5)": "Анучинский муниципальный район",
        "05602400(7)": "Сельские поселения Анучинского муниципального района",
    }, ensure_ascii=False), encoding="utf-8")
    assert BV._municipality_names(path) == {"05602": "Анучинский муниципальный район"}


@pytest.mark.parametrize(("code", "region"), [
    ("35604401106", "UA-43"), ("67302000", "UA-40"), ("58604420106", "RU-PSK"),
    ("71951000", "RU-YAN"), ("71871000", "RU-KHM"), ("11851000", "RU-NEN"),
    ("11654000", "RU-ARK"), ("00000000", None),
])
def test_the_code_gives_the_region(code, region):
    assert BV._oktmo_region(code) == region


@pytest.mark.parametrize(("name", "district"), [
    ("Одинцовский городской округ", ("Одинцовский округ", "Одинцовский")),
    ("посёлок городского типа Лотошино", ("посёлок городского типа Лотошино", "Лотошино")),
    ("Бахчисарайский муниципальный район", ("Бахчисарайский район", "Бахчисарайский")),
    ("Дмитровский", ("Дмитровский округ", "Дмитровский")),
])
def test_a_municipality_name_gives_the_district(name, district):
    assert BV._oktmo_district(name) == district


@pytest.mark.parametrize(("town", "stem"), [
    ("Ступино", "ступинск"), ("Ефремов", "ефремовск"), ("Подольск", "подольск"),
    ("Орехово-Зуево", "орехово-зуевск"), ("Кашира", "каширск"),
])
def test_an_okrug_named_after_its_town_gets_its_adjective_stem(town, stem):
    assert BV._town_stem(town) == stem


def test_moscow_oblast_rows_keep_villages_under_their_okrug(tmp_path: Path):
    csv_path = tmp_path / "settlements.csv"
    csv_path.write_text(
        "id,index,region,city,settlement,okato,oktmo,fias,kladr,latitude,longitude,geoname,"
        "tax_office\n"
        "1,1,Московская область,город Ступино,,1,46776000001,x,x,1,1,1,1\n"
        "2,1,Московская область,город Ступино,деревня Дубки,1,46776000106,x,x,1,1,1,1\n"
        "3,1,Московская область,город Ступино,поселок станции Ситенка,1,46776000111,x,x,1,1,1,1\n"
        "4,1,Московская область,город Дмитров,село Абрамцево,1,46715000105,x,x,1,1,1,1\n",
        encoding="utf-8",
    )
    mreg = tmp_path / "mreg.json"
    mreg.write_text(json.dumps({"46715000(1)": "Дмитровский"}, ensure_ascii=False),
                    encoding="utf-8")
    builder = BV.Builder({"regions": [], "places": [], "names": []})
    builder.moscow_oblast(csv_path, mreg)
    districts = {ident: name for ident, _region, _kind, name in builder.district_rows}
    assert [(row[1], row[2], districts[row[3]]) for row in builder.places] == [
        ("Дубки", "RU-MOS", "город Ступино"),
        ("Абрамцево", "RU-MOS", "Дмитровский округ"),
    ]
    stems = {stem for stem, ident in builder.stems if districts[ident] == "город Ступино"}
    assert stems == {"ступино", "ступинск"}
    assert builder.report["moscow oblast rows not a village"] == 2
