"""Generate synthetic ChinaFile-format CSVs of foreign NGO representative offices and temporary activities, for
`ngoreg import chinafile-offices` and `ngoreg import chinafile-activities`.

    python bench/generate_fngo.py --offices 100000 --activities 1000000 --out bench/out [--seed 1]

Writes OUT/fngo-offices-N-seedS.csv and OUT/fngo-activities-M-seedS.csv with ChinaFile's headers (90 and 122
columns; the columns ChinaFile derives — one-hot fields and provinces, sums — are left empty where the
importers do not read them). Deterministic for a seed and the counts. Plain Python, about 30 s for 1,000,000
activities.

The data imitates the real lists: foreign NGOs named from a place-neutral brand, an origin, a topic and an
organisation word (`Sunrise Dutch Rural Health Foundation / 荷兰晨光农村健康基金会`), origins weighted like the
published lists (Hong Kong and the United States first), offices of one NGO in several provinces named
`NGO (Province)`, supervisory units per province and nationally, some renamed and written `New (formerly Old)`
on some rows and plain `New` on others; activities with a Chinese partner unit of each ChinaFile `CPU Type` in
the published proportions (a few LLCs and `Unknown`), one to five provinces (`All of China` now and then),
dates 2017–2024 lasting a day to a year (a few exactly a year, a handful longer, one in 10,000 ending before it
starts), and the partner's own supervisory unit or `Not Applicable`. About one activity in eight is by an NGO
that also has an office, spelt the same way.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import NamedTuple

from generate import PROVINCES, Place

OFFICE_HEADER = [
    "long/lat", "C/E'd", "Uploaded on map", "Multiple offices?", "The?",
    "Organization Name (English)", "Organization Name (Chinese)",
    "Professional Supervisory Unit (English)", "Professional Supervisory Unit (Chinese)",
    "Organization Origin", "Field of Work", "Field of Work (Chinese)", "Registration Location",
    "Date of Registration", "Permitted Area(s) of Operation", "Website (English)",
    "Website (Chinese)", "Address", "Month", "Aging", "Agriculture", "Animal Protection",
    "Arts and Culture", "Civil Soc'y Cap'y building", "Disabilities", "Disaster Relief",
    "Econ. Development", "Education", "Energy", "Environment", "Ethnic Affairs", "Gender Issues",
    "Health", "Human Rights", "Infrastructure", "Int'l Relations/Exchange", "Labor",
    "Law and Governance", "LGBTQ Issues", "Media", "Migrants", "Poverty Alleviation", "Religion",
    "Rural Issues/Devt", "Sport", "Technology", "Tourism", "Trade", "Urban Issues/Devt", "Youth",
    "ALL OF CHINA", "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi",
    "Guizhou", "Hainan", "Hebei", "Heilongjiang", "Henan", "Hubei", "Hunan", "Inner Mongolia",
    "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Ningxia", "Qinghai", "Shaanxi", "Shandong",
    "Shanghai", "Shanxi", "Sichuan", "Tianjin", "Tibet", "Xinjiang", "Xinjiang Bingtuan", "Yunnan",
    "Zhejiang", "Unknown", "Sum sectors", "Sum provinces", "actarea_ch", "Date of Change",
    "Type of change", "US Location",
]  # fmt: skip
ACTIVITY_HEADER = [
    " checked", "uploaded", "# of Activities", "Activity Name (English)",
    "Activity Name (Chinese)", "Organization Name (English)", "Organization Name (Chinese)",
    "Organization Origin", "Chinese Partner Unit (CPU) (English)", "CPU (Chinese)",
    "Field of Work", "Provinces", "Activity Location (English)", "Activity Location (Chinese)",
    "Start Date", "End Date", "Dates of Activity", "Website EN", "Website CH", "CPU Type",
    "CPU Professional Supervisory Unit (English)", "CPU Professional Supervisory Unit (Chinese)",
    "Direct Registration?", "Multiple NGOs or CPUs?", "Month", "Aging", "Agriculture",
    "Animal Protection", "Arts and Culture", "Civil Society Capacity Building", "Disabilities",
    "Disaster Relief", "Economic Development", "Education", "Energy", "Environment",
    "Ethnic Affairs", "Gender Issues", "Health", "Human Rights", "Infrastructure",
    "International Relations/Exchange", "Labor", "Law and Governance", "LGBTQ Issues", "Media",
    "Migrants", "Poverty Alleviation", "Religion", "Rural Issues/Development", "Sport",
    "Technology", "Tourism", "Trade", "Urban Issues/Development", "Youth", "Field Unknown",
    "Length in days", "Length in months", "All of China", "Anhui", "Beijing", "Chongqing",
    "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou", "Hainan", "Hebei", "Heilongjiang",
    "Henan", "Hubei", "Hunan", "Inner Mongolia", "Jiangsu", "Jiangxi", "Jilin", "Liaoning",
    "Ningxia", "Qinghai", "Shaanxi", "Shandong", "Shanghai", "Shanxi", "Sichuan", "Tianjin",
    "Tibet", "Xinjiang", "Xinjiang Bingtuan", "Yunnan", "Zhejiang", "Location Unknown",
    "Sum sectors", "Sum provinces", "", "Int'l locations", "civil affairs", "Education",
    "science and tech", "health and fam planning", "intellectual property", "environment",
    "poverty alleviation", "youth league", "agriculture", "commerce", "religion", "culture, arts",
    "disabilities", "women", "forestry", "Taiwan", "others", "unknown", "num of entry per row",
    "CPU's PSU sector (spelled out)", "CPU province", "CPU PSU highest-level body",
    "CPU PSU hierarchy level ", "Prefecture(s)", "County / Counties",
]  # fmt: skip


class Origin(NamedTuple):
    en: str  # as ChinaFile writes it
    zh: str
    adjective: str
    weight: float


ORIGINS = (
    Origin("Hong Kong", "香港", "Hong Kong", 40), Origin("United States", "美国", "American", 22),
    Origin("Japan", "日本", "Japanese", 6), Origin("South Korea", "韩国", "Korean", 4),
    Origin("Germany", "德国", "German", 4), Origin("United Kingdom", "英国", "British", 4),
    Origin("Macau", "澳门", "Macau", 4), Origin("Taiwan", "台湾", "Taiwan", 3),
    Origin("Canada", "加拿大", "Canadian", 2),
    Origin("Australia", "澳大利亚", "Australian", 2), Origin("The Netherlands", "荷兰", "Dutch", 2),
    Origin("Switzerland", "瑞士", "Swiss", 1.5), Origin("France", "法国", "French", 1.5),
    Origin("Singapore", "新加坡", "Singapore", 1), Origin("Italy", "意大利", "Italian", 1),
    Origin("Sweden", "瑞典", "Swedish", 1), Origin("Malaysia", "马来西亚", "Malaysian", 0.7),
    Origin("Thailand", "泰国", "Thai", 0.5), Origin("Denmark", "丹麦", "Danish", 0.4),
    Origin("Belgium", "比利时", "Belgian", 0.4), Origin("New Zealand", "新西兰", "New Zealand", 0.3),
)  # fmt: skip


class Topic(NamedTuple):
    en: str
    zh: str
    fields: tuple[str, ...]
    department: int  # index into DEPARTMENTS of the usual supervisory unit


TOPICS = (
    Topic("Rural Health", "农村健康", ("Health", "Rural Issues/Development"), 3),
    Topic("Education", "教育", ("Education",), 1), Topic("Children's Welfare", "儿童福利", ("Youth", "Education"), 2),
    Topic("Environmental", "环境", ("Environment",), 9), Topic("Trade Promotion", "贸易促进", ("Trade",), 0),
    Topic("Cultural Exchange", "文化交流", ("Arts and Culture", "International Relations/Exchange"), 4),
    Topic("Poverty Relief", "扶贫", ("Poverty Alleviation",), 2),
    Topic("Disability Support", "助残", ("Disabilities",), 2),
    Topic("Elderly Care", "养老", ("Aging",), 2), Topic("Disaster Relief", "救灾", ("Disaster Relief",), 2),
    Topic("Technology", "科技", ("Technology",), 5), Topic("Legal Aid", "法律援助", ("Law and Governance",), 8),
    Topic("Agricultural Development", "农业发展", ("Agriculture", "Economic Development"), 6),
    Topic("Forest Conservation", "森林保护", ("Environment", "Animal Protection"), 7),
    Topic("Economic Cooperation", "经济合作", ("Economic Development", "Trade"), 0),
    Topic("Youth Sports", "青少年体育", ("Sport", "Youth"), 1),
    Topic("Women's Development", "妇女发展", ("Gender Issues",), 2),
    Topic("Civil Society", "公益能力建设", ("Civil Society Capacity-Building",), 2),
)  # fmt: skip

_BRANDS_EN = ("Sunrise Bridge Harmony Lotus Evergreen Pioneer Compass Maple Pearl Horizon Lantern Cedar Willow "
              "Beacon Summit Orchid Jade Crane Phoenix Rainbow Harbor Meadow Silver Golden Unity Hope Grace Star "
              "River Mountain Ocean Garden Spring Autumn Light Heart Seed Wing Tree Stone")
_BRANDS_ZH = ("晨光 桥梁 和谐 莲花 常青 先锋 指南 枫叶 明珠 地平线 灯笼 雪松 柳树 灯塔 峰顶 兰花 玉石 仙鹤 "
              "凤凰 彩虹 港湾 草原 银色 金色 团结 希望 恩典 星辰 江河 山峰 海洋 花园 春天 秋天 光明 心连心 "
              "种子 翅膀 大树 磐石")
BRANDS = tuple(zip(_BRANDS_EN.split(" "), _BRANDS_ZH.split(" "), strict=True))
ORG_WORDS = (("Foundation", "基金会"), ("Association", "协会"), ("Council", "理事会"), ("Society", "学会"),
             ("Fund", "基金"), ("Institute", "研究所"), ("Alliance", "联盟"), ("Center", "中心"))  # fmt: skip

# (English, Chinese, former English, former Chinese): a provincial department, as `{Province} …`.
DEPARTMENTS = (
    ("Department of Commerce", "商务厅", None, None), ("Department of Education", "教育厅", None, None),
    ("Department of Civil Affairs", "民政厅", None, None),
    ("Health Commission", "卫生健康委员会", "Health and Family Planning Commission", "卫生和计划生育委员会"),
    ("Department of Culture and Tourism", "文化和旅游厅", "Department of Culture", "文化厅"),
    ("Department of Science and Technology", "科学技术厅", None, None),
    ("Department of Agriculture and Rural Affairs", "农业农村厅", "Department of Agriculture", "农业厅"),
    ("Forestry and Grassland Administration", "林业和草原局", "Forestry Administration", "林业厅"),
    ("Department of Justice", "司法厅", None, None),
    ("Department of Ecology and Environment", "生态环境厅", "Department of Environmental Protection", "环境保护厅"),
    ("People’s Government Office of Foreign Affairs", "人民政府外事办公室", None, None),
)  # fmt: skip
NATIONAL_UNITS = (
    ("Ministry of Commerce", "商务部", None, None), ("Ministry of Education", "教育部", None, None),
    ("Ministry of Civil Affairs", "民政部", None, None),
    ("National Health Commission", "国家卫生健康委员会", "National Health and Family Planning Commission",
     "国家卫生和计划生育委员会"),
    ("Ministry of Culture and Tourism", "文化和旅游部", "Ministry of Culture", "文化部"),
    ("Ministry of Science and Technology", "科学技术部", None, None),
    ("Ministry of Agriculture and Rural Affairs", "农业农村部", "Ministry of Agriculture", "农业部"),
    ("National Forestry and Grassland Administration", "国家林业和草原局", "State Forestry Administration",
     "国家林业局"),
    ("Ministry of Justice", "司法部", None, None),
    ("Ministry of Ecology and Environment", "生态环境部", "Ministry of Environmental Protection", "环境保护部"),
    ("Chinese People’s Association for Friendship with Foreign Countries", "中国人民对外友好协会", None, None),
)  # fmt: skip

# ChinaFile's `CPU Type` values and their share of the published activities.
CPU_TYPES = (("Non-profit or Foundation", 52.4), ("Party or Government Entity", 18.5),
             ("School, College, University, or Training Institution", 18.5), ("Hospital or Medical Center", 4.6),
             ("Unknown", 2.7), ("Think Tank or Research Institution", 2.1), ("Non-Profit or Foundation", 0.7),
             ("LLC", 0.2), ("Industry Association", 0.13), ("Foreign Chamber of Commerce", 0.09))  # fmt: skip
ACTIVITY_KINDS = (("Training Workshop", "培训班"), ("Summer Camp", "夏令营"), ("Scholarship Program", "助学金项目"),
                  ("Exchange Visit", "交流访问"), ("Forum", "论坛"), ("Volunteer Service", "志愿服务"),
                  ("Relief Distribution", "物资发放"), ("Research Project", "研究项目"), ("Clinic Day", "义诊活动"),
                  ("Building Project", "援建项目"))  # fmt: skip
GOVERNMENT_UNITS = (("Civil Affairs Bureau", "民政局"), ("Education Bureau", "教育局"),
                    ("Overseas Chinese Affairs Office", "侨务办公室"), ("Health Bureau", "卫生健康局"),
                    ("Poverty Alleviation Office", "扶贫办公室"), ("Women's Federation", "妇女联合会"))
MAINLAND = [p for p in PROVINCES if p.code not in ("660000",)]
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
FIRST_DAY, LAST_DAY = date(2017, 1, 17), date(2024, 12, 31)


class Unit(NamedTuple):
    en: str
    zh: str
    former_en: str | None
    province: str | None  # English name of its province, None for a national unit


class Ngo(NamedTuple):
    en: str
    zh: str
    origin: Origin
    topic: Topic


def supervisory_units() -> list[Unit]:
    units = [Unit(e, z, f"{f}" if f else None, None) for e, z, f, _ in NATIONAL_UNITS]
    for p in MAINLAND:
        municipal = p.code in MUNICIPALITIES
        for e, z, f, _fz in DEPARTMENTS:
            if municipal:
                e, z = e.replace("Department of", "Bureau of"), z.replace("厅", "局")
                f = f.replace("Department of", "Bureau of") if f else None
            units.append(Unit(f"{p.en} {e}", f"{p.zh}{z}", f"{p.en} {f}" if f else None, p.en))
    return units


def ngo(i: int, rng: Random) -> Ngo:
    """The i-th NGO: unique in both languages (brand, second brand, topic and organisation word from i)."""
    b1, rest = i % len(BRANDS), i // len(BRANDS)
    t, rest = rest % len(TOPICS), rest // len(TOPICS)
    w, rest = rest % len(ORG_WORDS), rest // len(ORG_WORDS)
    b2 = rest % (len(BRANDS) + 1)  # 0: no second brand word
    origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
    brand_en = BRANDS[b1][0] + ("" if b2 == 0 else f" {BRANDS[b2 - 1][0]}")
    brand_zh = BRANDS[b1][1] + ("" if b2 == 0 else BRANDS[b2 - 1][1])
    topic, word = TOPICS[t], ORG_WORDS[w]
    if rest >= len(BRANDS) + 1:
        brand_en, brand_zh = f"{brand_en} {rest}", f"{brand_zh}{rest}"
    return Ngo(f"{brand_en} {origin.adjective} {topic.en} {word[0]}", f"{origin.zh}{brand_zh}{topic.zh}{word[1]}",
               origin, topic)  # fmt: skip


def weighted_province(rng: Random) -> object:
    return rng.choices(MAINLAND, weights=[p.weight for p in MAINLAND])[0]


def day_between(rng: Random, first: date, last: date) -> date:
    # later years a little more often, as the lists grew
    span = (last - first).days
    return first + timedelta(days=int(span * rng.random() ** 0.8))


def unit_cell(u: Unit, rng: Random) -> tuple[str, str]:
    """How a row names its supervisory unit: a renamed one as `New (formerly Old)` on most rows, `New` on some."""
    if u.former_en and rng.random() < 0.7:
        return f"{u.en} (formerly {u.former_en})", u.zh
    return u.en, u.zh


def write_offices(path: Path, count: int, rng: Random, units: Sequence[Unit]) -> list[Ngo]:
    by_province: dict[str, list[Unit]] = {}
    for u in units:
        by_province.setdefault(u.province or "", []).append(u)
    col = {h: i for i, h in enumerate(OFFICE_HEADER)}
    ngos: list[Ngo] = []
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(OFFICE_HEADER)
        while written < count:
            n = ngo(len(ngos), rng)
            ngos.append(n)
            offices = min(count - written, 1 if rng.random() < 0.85 else rng.randint(2, 6))
            places = rng.sample(MAINLAND, offices) if offices > 1 else [weighted_province(rng)]
            for p in places:
                row = [""] * len(OFFICE_HEADER)
                local = by_province[p.en]  # type: ignore[attr-defined]
                unit = local[n.topic.department] if rng.random() < 0.8 else rng.choice(by_province[""])
                unit_en, unit_zh = unit_cell(unit, rng)
                registered = day_between(rng, FIRST_DAY, LAST_DAY)
                if rng.random() < 0.3:
                    permitted = "China"
                else:
                    extra = rng.sample(MAINLAND, rng.randint(0, 4))
                    permitted = ", ".join(sorted({p.en, *(x.en for x in extra)}))  # type: ignore[attr-defined]
                city: Place = rng.choice(p.cities or p.districts)  # type: ignore[attr-defined]
                values = {
                    "Uploaded on map": "x", "Multiple offices?": "1" if offices > 1 else "",
                    "Organization Name (English)": f"{n.en} ({p.en})" if offices > 1 else n.en,  # type: ignore[attr-defined]
                    "Organization Name (Chinese)": n.zh, "Professional Supervisory Unit (English)": unit_en,
                    "Professional Supervisory Unit (Chinese)": unit_zh, "Organization Origin": n.origin.en,
                    "Field of Work": ", ".join(n.topic.fields), "Registration Location": p.en,  # type: ignore[attr-defined]
                    "Date of Registration": registered.isoformat(), "Permitted Area(s) of Operation": permitted,
                    "Address": f"{p.zh}{city.zh}某路{rng.randint(1, 999)}号",  # type: ignore[attr-defined]
                    "Month": str((registered.year - 2017) * 12 + registered.month),
                }  # fmt: skip
                for k, v in values.items():
                    row[col[k]] = v
                w.writerow(row)
                written += 1
    return ngos


def partner(rng: Random, cpu_type: str, topic: Topic) -> tuple[str, str, object]:
    """(English name, Chinese name, province) of a Chinese partner unit of a type; about 200,000 distinct."""
    p = weighted_province(rng)
    city: Place = rng.choice(p.cities or p.districts)  # type: ignore[attr-defined]
    en_place, zh_place = city.en, city.zh
    k = rng.randint(1, 30)
    if cpu_type == "Party or Government Entity":
        e, z = rng.choice(GOVERNMENT_UNITS)
        return f"{en_place} {e}", f"{zh_place}{z}", p
    if cpu_type.startswith("School"):
        return f"{en_place} No. {k} Middle School", f"{zh_place}第{k}中学", p
    if cpu_type.startswith("Hospital"):
        return f"{en_place} No. {k} People's Hospital", f"{zh_place}第{k}人民医院", p
    if cpu_type.startswith("Think Tank"):
        return f"{p.en} Academy of Social Sciences", f"{p.zh}社会科学院", p  # type: ignore[attr-defined]
    if cpu_type == "LLC":
        b = rng.choice(BRANDS)
        return f"{en_place} {b[0]} Consulting Limited", f"{zh_place}{b[1]}咨询有限公司", p
    if cpu_type == "Foreign Chamber of Commerce":
        return "German Chamber of Commerce", "中国德国商会", p
    b = rng.choice(BRANDS)
    e, z = rng.choice((("Charity Federation", "慈善总会"), ("Foundation", "基金会"), ("Service Center", "服务中心"),
                       ("Volunteers Association", "志愿者协会"), ("Promotion Association", "促进会")))  # fmt: skip
    return f"{en_place} {b[0]} {topic.en} {e}", f"{zh_place}{b[1]}{topic.zh}{z}", p


def write_activities(path: Path, count: int, rng: Random, office_ngos: Sequence[Ngo], units: Sequence[Unit],
                     first_ngo: int) -> None:  # fmt: skip
    col = {h: i for i, h in enumerate(ACTIVITY_HEADER) if h}
    own = [ngo(first_ngo + i, rng) for i in range(max(1, count // 7))]  # NGOs without an office
    by_province: dict[str, list[Unit]] = {}
    for u in units:
        by_province.setdefault(u.province or "", []).append(u)
    types, weights = zip(*CPU_TYPES, strict=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ACTIVITY_HEADER)
        for _ in range(count):
            n = rng.choice(office_ngos) if office_ngos and rng.random() < 0.125 else rng.choice(own)
            cpu_type = rng.choices(types, weights=weights)[0]
            p_en, p_zh, home = partner(rng, cpu_type, n.topic)
            r = rng.random()
            if r < 0.01:
                provinces, loc_en, loc_zh = ["All of China"], "All of China", "全国"
            else:
                places = [home] + (rng.sample(MAINLAND, rng.randint(1, 4)) if r > 0.9 else [])
                names = list(dict.fromkeys(x.en for x in places))  # type: ignore[attr-defined]
                provinces = sorted(names)
                loc_en = " / ".join(f"{n_} Province" for n_ in names)
                loc_zh = "、".join(dict.fromkeys(x.zh for x in places))  # type: ignore[attr-defined]
            start = day_between(rng, date(2017, 3, 1), LAST_DAY)
            r = rng.random()
            if r < 0.0001:
                end = start - timedelta(days=rng.randint(1, 10))
            elif r < 0.001:
                end = start + timedelta(days=rng.randint(367, 400))
            elif r < 0.02:
                end = start.replace(year=start.year + 1) if (start.month, start.day) != (2, 29) else start + \
                    timedelta(days=365)  # fmt: skip
            else:
                end = start + timedelta(days=int(rng.random() ** 2 * 364))
            kind = rng.choice(ACTIVITY_KINDS)
            if cpu_type == "Party or Government Entity":
                psu_en = psu_zh = "Not Applicable"
            elif rng.random() < 0.15:
                psu_en = psu_zh = "Unknown"
            else:
                unit = by_province[home.en][2] if rng.random() < 0.7 else rng.choice(units)  # type: ignore[attr-defined]
                psu_en, psu_zh = unit_cell(unit, rng)
            ngo_en = ("The " + n.en) if rng.random() < 0.02 else n.en
            values = {
                " checked": "x", "uploaded": "x", "Activity Name (English)": f"{n.topic.en} {kind[0]} {start.year}",
                "Activity Name (Chinese)": f"{start.year}年{n.topic.zh}{kind[1]}",
                "Organization Name (English)": ngo_en,
                "Organization Name (Chinese)": n.zh, "Organization Origin": n.origin.en,
                "Chinese Partner Unit (CPU) (English)": p_en, "CPU (Chinese)": p_zh,
                "Field of Work": ", ".join(n.topic.fields), "Provinces": ", ".join(provinces),
                "Activity Location (English)": loc_en, "Activity Location (Chinese)": loc_zh,
                "Start Date": start.isoformat(), "End Date": end.isoformat(),
                "Dates of Activity": f"{start:%Y.%m.%d}-{end:%Y.%m.%d}", "CPU Type": cpu_type,
                "CPU Professional Supervisory Unit (English)": psu_en,
                "CPU Professional Supervisory Unit (Chinese)": psu_zh,
                "Month": str((start.year - 2017) * 12 + start.month), "Length in days": str((end - start).days),
                "Sum provinces": str(len(provinces)),
            }  # fmt: skip
            row = [""] * len(ACTIVITY_HEADER)
            for k, v in values.items():
                row[col[k]] = v
            w.writerow(row)


def generate(offices: int, activities: int, out: Path, seed: int) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    office_path = out / f"fngo-offices-{offices}-seed{seed}.csv"
    activity_path = out / f"fngo-activities-{activities}-seed{seed}.csv"
    units = supervisory_units()
    rng = Random(seed)
    ngos = write_offices(office_path, offices, rng, units)
    write_activities(activity_path, activities, Random(seed * 31 + 7), ngos, units, first_ngo=len(ngos))
    return office_path, activity_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--offices", type=int, default=100_000)
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.offices, args.activities, args.out, args.seed)
    print(f"wrote {paths[0]} and {paths[1]} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
