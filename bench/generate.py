"""Generate a synthetic, national-scale organisations CSV for `ngoreg import orgs`.

    python bench/generate.py --count 1000000 --out bench/out/orgs.csv [--seed 1]

The output is deterministic for a given seed and count. Names are built from real place names, a topic and an
organisation word, and are unique in both languages; unified social credit codes are valid (check digit from
python-stdnum) and unique. Plain Python only: no numpy needed.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from random import Random
from typing import NamedTuple, TextIO

from stdnum.cn.uscc import calc_check_digit

HEADER = [
    "kind",
    "name_zh",
    "name_en",
    "uscc",
    "origin",
    "province",
    "fields",
    "gongo",
    "public_fundraising",
    "registered_on",
    "aliases",
    "former_names",
]


class Place(NamedTuple):
    zh: str
    en: str


class Province(NamedTuple):
    code: str
    zh: str
    en: str
    weight: float  # population, millions (2020 census, rounded)
    cities: tuple[Place, ...]  # prefecture-level cities (or, for municipalities, districts)
    districts: tuple[Place, ...]  # districts of the capital, used to tell same-named organisations apart


def _places(spec: str) -> tuple[Place, ...]:
    """"北京:Beijing,天津:Tianjin" -> places."""
    out = []
    for item in spec.split(","):
        zh, en = item.split(":")
        out.append(Place(zh, en))
    return tuple(out)


PROVINCES: tuple[Province, ...] = (
    Province("110000", "北京市", "Beijing", 21.9, (),
             _places("海淀区:Haidian District,朝阳区:Chaoyang District,东城区:Dongcheng District,"
                     "西城区:Xicheng District,丰台区:Fengtai District,昌平区:Changping District")),
    Province("120000", "天津市", "Tianjin", 13.9, (),
             _places("和平区:Heping District,南开区:Nankai District,河西区:Hexi District,"
                     "滨海新区:Binhai New Area")),
    Province("130000", "河北省", "Hebei", 74.6,
             _places("石家庄市:Shijiazhuang,唐山市:Tangshan,保定市:Baoding,邯郸市:Handan,廊坊市:Langfang"),
             _places("长安区:Chang'an District,桥西区:Qiaoxi District,裕华区:Yuhua District")),
    Province("140000", "山西省", "Shanxi", 34.9,
             _places("太原市:Taiyuan,大同市:Datong,长治市:Changzhi,运城市:Yuncheng"),
             _places("小店区:Xiaodian District,迎泽区:Yingze District,杏花岭区:Xinghualing District")),
    Province("150000", "内蒙古自治区", "Inner Mongolia", 24.0,
             _places("呼和浩特市:Hohhot,包头市:Baotou,鄂尔多斯市:Ordos,赤峰市:Chifeng"),
             _places("新城区:Xincheng District,赛罕区:Saihan District,回民区:Huimin District")),
    Province("210000", "辽宁省", "Liaoning", 42.6,
             _places("沈阳市:Shenyang,大连市:Dalian,鞍山市:Anshan,锦州市:Jinzhou"),
             _places("和平区:Heping District,沈河区:Shenhe District,皇姑区:Huanggu District")),
    Province("220000", "吉林省", "Jilin", 24.1,
             _places("长春市:Changchun,吉林市:Jilin City,延边朝鲜族自治州:Yanbian,四平市:Siping"),
             _places("朝阳区:Chaoyang District,南关区:Nanguan District,绿园区:Lüyuan District")),
    Province("230000", "黑龙江省", "Heilongjiang", 31.9,
             _places("哈尔滨市:Harbin,齐齐哈尔市:Qiqihar,大庆市:Daqing,牡丹江市:Mudanjiang"),
             _places("南岗区:Nangang District,道里区:Daoli District,香坊区:Xiangfang District")),
    Province("310000", "上海市", "Shanghai", 24.9, (),
             _places("浦东新区:Pudong New Area,徐汇区:Xuhui District,黄浦区:Huangpu District,"
                     "静安区:Jing'an District,闵行区:Minhang District,杨浦区:Yangpu District")),
    Province("320000", "江苏省", "Jiangsu", 84.7,
             _places("南京市:Nanjing,苏州市:Suzhou,无锡市:Wuxi,常州市:Changzhou,南通市:Nantong,徐州市:Xuzhou"),
             _places("玄武区:Xuanwu District,鼓楼区:Gulou District,建邺区:Jianye District")),
    Province("330000", "浙江省", "Zhejiang", 64.6,
             _places("杭州市:Hangzhou,宁波市:Ningbo,温州市:Wenzhou,绍兴市:Shaoxing,金华市:Jinhua"),
             _places("西湖区:Xihu District,上城区:Shangcheng District,拱墅区:Gongshu District")),
    Province("340000", "安徽省", "Anhui", 61.0,
             _places("合肥市:Hefei,芜湖市:Wuhu,蚌埠市:Bengbu,安庆市:Anqing"),
             _places("蜀山区:Shushan District,庐阳区:Luyang District,包河区:Baohe District")),
    Province("350000", "福建省", "Fujian", 41.5,
             _places("福州市:Fuzhou,厦门市:Xiamen,泉州市:Quanzhou,漳州市:Zhangzhou"),
             _places("鼓楼区:Gulou District,台江区:Taijiang District,仓山区:Cangshan District")),
    Province("360000", "江西省", "Jiangxi", 45.2,
             _places("南昌市:Nanchang,赣州市:Ganzhou,九江市:Jiujiang,上饶市:Shangrao"),
             _places("东湖区:Donghu District,西湖区:Xihu District,青山湖区:Qingshanhu District")),
    Province("370000", "山东省", "Shandong", 101.5,
             _places("济南市:Jinan,青岛市:Qingdao,烟台市:Yantai,潍坊市:Weifang,临沂市:Linyi,淄博市:Zibo"),
             _places("历下区:Lixia District,市中区:Shizhong District,槐荫区:Huaiyin District")),
    Province("410000", "河南省", "Henan", 99.4,
             _places("郑州市:Zhengzhou,洛阳市:Luoyang,开封市:Kaifeng,南阳市:Nanyang,新乡市:Xinxiang"),
             _places("金水区:Jinshui District,二七区:Erqi District,中原区:Zhongyuan District")),
    Province("420000", "湖北省", "Hubei", 57.8,
             _places("武汉市:Wuhan,宜昌市:Yichang,襄阳市:Xiangyang,荆州市:Jingzhou"),
             _places("武昌区:Wuchang District,江汉区:Jianghan District,洪山区:Hongshan District")),
    Province("430000", "湖南省", "Hunan", 66.4,
             _places("长沙市:Changsha,株洲市:Zhuzhou,湘潭市:Xiangtan,衡阳市:Hengyang,岳阳市:Yueyang"),
             _places("岳麓区:Yuelu District,芙蓉区:Furong District,天心区:Tianxin District")),
    Province("440000", "广东省", "Guangdong", 126.0,
             _places("广州市:Guangzhou,深圳市:Shenzhen,东莞市:Dongguan,佛山市:Foshan,珠海市:Zhuhai,"
                     "汕头市:Shantou"),
             _places("越秀区:Yuexiu District,天河区:Tianhe District,海珠区:Haizhu District,"
                     "番禺区:Panyu District")),
    Province("450000", "广西壮族自治区", "Guangxi", 50.1,
             _places("南宁市:Nanning,柳州市:Liuzhou,桂林市:Guilin,北海市:Beihai"),
             _places("青秀区:Qingxiu District,兴宁区:Xingning District,西乡塘区:Xixiangtang District")),
    Province("460000", "海南省", "Hainan", 10.1,
             _places("海口市:Haikou,三亚市:Sanya,儋州市:Danzhou"),
             _places("美兰区:Meilan District,龙华区:Longhua District,秀英区:Xiuying District")),
    Province("500000", "重庆市", "Chongqing", 32.1, (),
             _places("渝中区:Yuzhong District,江北区:Jiangbei District,沙坪坝区:Shapingba District,"
                     "九龙坡区:Jiulongpo District,万州区:Wanzhou District")),
    Province("510000", "四川省", "Sichuan", 83.7,
             _places("成都市:Chengdu,绵阳市:Mianyang,德阳市:Deyang,宜宾市:Yibin,南充市:Nanchong,"
                     "凉山彝族自治州:Liangshan"),
             _places("锦江区:Jinjiang District,青羊区:Qingyang District,武侯区:Wuhou District")),
    Province("520000", "贵州省", "Guizhou", 38.6,
             _places("贵阳市:Guiyang,遵义市:Zunyi,六盘水市:Liupanshui,毕节市:Bijie"),
             _places("南明区:Nanming District,云岩区:Yunyan District,观山湖区:Guanshanhu District")),
    Province("530000", "云南省", "Yunnan", 47.2,
             _places("昆明市:Kunming,大理白族自治州:Dali,曲靖市:Qujing,红河哈尼族彝族自治州:Honghe,丽江市:Lijiang"),
             _places("五华区:Wuhua District,盘龙区:Panlong District,官渡区:Guandu District")),
    Province("540000", "西藏自治区", "Tibet", 3.6,
             _places("拉萨市:Lhasa,日喀则市:Shigatse,林芝市:Nyingchi"),
             _places("城关区:Chengguan District,堆龙德庆区:Doilungdêqên District")),
    Province("610000", "陕西省", "Shaanxi", 39.5,
             _places("西安市:Xi'an,宝鸡市:Baoji,咸阳市:Xianyang,榆林市:Yulin,延安市:Yan'an"),
             _places("雁塔区:Yanta District,碑林区:Beilin District,未央区:Weiyang District")),
    Province("620000", "甘肃省", "Gansu", 25.0,
             _places("兰州市:Lanzhou,天水市:Tianshui,酒泉市:Jiuquan,张掖市:Zhangye"),
             _places("城关区:Chengguan District,七里河区:Qilihe District,安宁区:Anning District")),
    Province("630000", "青海省", "Qinghai", 5.9,
             _places("西宁市:Xining,海东市:Haidong,海西蒙古族藏族自治州:Haixi"),
             _places("城东区:Chengdong District,城西区:Chengxi District,城北区:Chengbei District")),
    Province("640000", "宁夏回族自治区", "Ningxia", 7.2,
             _places("银川市:Yinchuan,石嘴山市:Shizuishan,吴忠市:Wuzhong,固原市:Guyuan"),
             _places("兴庆区:Xingqing District,金凤区:Jinfeng District,西夏区:Xixia District")),
    Province("650000", "新疆维吾尔自治区", "Xinjiang", 25.9,
             _places("乌鲁木齐市:Urumqi,喀什地区:Kashgar,伊犁哈萨克自治州:Ili,克拉玛依市:Karamay"),
             _places("天山区:Tianshan District,沙依巴克区:Saybag District,新市区:Xinshi District")),
)


class Topic(NamedTuple):
    zh: str
    en: str
    fields: tuple[str, ...]  # the field codes this topic implies (the first one or two are used)


def _topics(spec: str) -> tuple[Topic, ...]:
    """"青少年发展:Youth Development:youth+education;..." -> topics."""
    out = []
    for item in spec.split(";"):
        zh, en, codes = item.strip().split(":")
        out.append(Topic(zh, en, tuple(codes.split("+"))))
    return tuple(out)


TOPICS = _topics(
    "青少年发展:Youth Development:youth+education; 助残:Disability Assistance:disabilities+social_service;"
    "养老服务:Elderly Care:aging+social_service; 慈善:Charity:social_service+poverty_alleviation;"
    "扶贫:Poverty Alleviation:poverty_alleviation+rural_development;"
    "乡村振兴:Rural Revitalization:rural_development+agriculture;"
    "农村发展:Rural Development:rural_development+economic_development;"
    "环境保护:Environmental Protection:environment; 生态文明:Ecological Civilization:environment+education;"
    "教育:Education:education; 儿童福利:Child Welfare:youth+social_service; 体育:Sports:sport;"
    "篮球:Basketball:sport; 足球:Football:sport+youth; 围棋:Weiqi:sport+arts_culture;"
    "书法家:Calligraphers:arts_culture; 美术家:Artists:arts_culture; 音乐家:Musicians:arts_culture;"
    "摄影家:Photographers:arts_culture; 作家:Writers:arts_culture; 文化艺术:Culture and Arts:arts_culture;"
    "科学技术:Science and Technology:technology; 计算机:Computer:technology+education;"
    "人工智能:Artificial Intelligence:technology+economic_development; 医学:Medical:health;"
    "中医药:Traditional Chinese Medicine:health+arts_culture; 护理:Nursing:health+aging;"
    "心理健康:Mental Health:health+social_service; 卫生健康:Public Health:health;"
    "防灾减灾:Disaster Reduction:disaster_relief+environment;"
    "应急救援:Emergency Rescue:disaster_relief+health;"
    "社会工作:Social Work:social_service; 社区服务:Community Service:social_service;"
    "志愿服务:Volunteer Service:social_service+youth; 企业家:Entrepreneurs:economic_development+trade;"
    "个体劳动者:Self-Employed Workers:economic_development; 进出口:Import and Export:trade;"
    "电子商务:E-Commerce:trade+technology; 物流:Logistics:trade+economic_development;"
    "旅游:Tourism:economic_development+arts_culture; 餐饮:Catering:trade;"
    "农业技术:Agricultural Technology:agriculture+technology; 茶叶:Tea:agriculture+trade;"
    "养殖:Animal Husbandry:agriculture+rural_development; 水产:Aquatic Products:agriculture+trade;"
    "果业:Fruit Growers:agriculture+rural_development; 老年体育:Senior Sports:aging+sport;"
    "残疾人福利:Welfare for Persons with Disabilities:disabilities+social_service;"
    "孤独症:Autism:disabilities+health; 青年创业:Young Entrepreneurs:youth+economic_development;"
    "学前教育:Preschool Education:education+youth;"
    "职业教育:Vocational Education:education+economic_development;"
    "民办教育:Private Education:education; 科普:Popular Science:technology+education;"
    "水资源保护:Water Conservation:environment+agriculture;"
    "文物保护:Cultural Relics Protection:arts_culture;"
    "非物质文化遗产:Intangible Cultural Heritage:arts_culture;"
    "戏剧:Drama:arts_culture; 舞蹈:Dance:arts_culture+sport;"
    "乡村教师:Rural Teachers:education+rural_development;"
    "助学:Student Aid:education+poverty_alleviation; 见义勇为:Good Samaritans:social_service;"
    "妇女发展:Women's Development:social_service+economic_development;"
    "健康促进:Health Promotion:health+sport; 老龄事业:Ageing Affairs:aging"
)

# Brand-like words that grassroots organisations often put in their names.
MODIFIERS: tuple[Place, ...] = _places(
    "阳光:Sunshine,爱心:Caring Hearts,春晖:Spring Light,启明:Qiming,晨曦:Dawn,彩虹:Rainbow,蓝天:Blue Sky,"
    "绿洲:Oasis,同心:Tongxin,新希望:New Hope,春雨:Spring Rain,明德:Mingde,善缘:Shanyuan,益友:Yiyou,"
    "恒爱:Heng'ai,映山红:Azalea,向日葵:Sunflower,萤火虫:Firefly,红丝带:Red Ribbon,微笑:Smile,"
    "同行:Walking Together,乐龄:Leling,心桥:Heart Bridge,星星:Little Stars,善行:Good Deeds,德润:Derun,"
    "和谐:Harmony,惠民:Huimin,福康:Fukang,博爱:Bo'ai,仁爱:Ren'ai,长青:Evergreen,山水:Shanshui,百合:Lily,"
    "青禾:Qinghe,致远:Zhiyuan,思源:Siyuan,弘毅:Hongyi,益行:Yixing,众合:Zhonghe"
)

ORG_WORDS: dict[str, tuple[Place, ...]] = {
    "social_association": _places(
        "协会:Association,学会:Society,研究会:Research Society,促进会:Promotion Association,"
        "联合会:Federation,商会:Chamber of Commerce,志愿者协会:Volunteers Association,"
        "联谊会:Friendship Association,行业协会:Industry Association"
    ),
    "civil_non_enterprise": _places(
        "服务中心:Service Center,社会工作服务中心:Social Work Service Center,发展中心:Development Center,"
        "研究院:Research Institute,研究中心:Research Center,培训学校:Training School,"
        "促进中心:Promotion Center,俱乐部:Club,志愿服务中心:Volunteer Service Center,"
        "公益服务中心:Public Welfare Service Center"
    ),
    "foundation": _places(
        "基金会:Foundation,公益基金会:Public Welfare Foundation,慈善基金会:Charity Foundation,"
        "发展基金会:Development Foundation"
    ),
    "representative_office": _places(
        "基金会:Foundation,协会:Association,研究所:Institute,联合会:Federation,理事会:Council"
    ),
}

# Where foreign NGO representative offices sit (province code -> (city, weight)).
REP_OFFICE_CITIES: tuple[tuple[str, Place, float], ...] = (
    ("110000", Place("北京", "Beijing"), 50),
    ("310000", Place("上海", "Shanghai"), 22),
    ("440000", Place("广州", "Guangzhou"), 9),
    ("530000", Place("云南", "Yunnan"), 6),
    ("510000", Place("四川", "Sichuan"), 5),
    ("320000", Place("江苏", "Jiangsu"), 4),
    ("500000", Place("重庆", "Chongqing"), 4),
)
ORIGINS: tuple[tuple[str, Place, float], ...] = (
    ("US", Place("美国", "United States"), 30),
    ("HK", Place("香港", "Hong Kong"), 20),
    ("GB", Place("英国", "United Kingdom"), 8),
    ("DE", Place("德国", "Germany"), 8),
    ("JP", Place("日本", "Japan"), 8),
    ("KR", Place("韩国", "Korea"), 7),
    ("FR", Place("法国", "France"), 5),
    ("AU", Place("澳大利亚", "Australia"), 4),
    ("CA", Place("加拿大", "Canada"), 4),
    ("SG", Place("新加坡", "Singapore"), 3),
    ("CH", Place("瑞士", "Switzerland"), 2),
    ("NL", Place("荷兰", "Netherlands"), 1),
)

KINDS: tuple[tuple[str, float], ...] = (
    ("social_association", 45.0),
    ("civil_non_enterprise", 53.9),
    ("foundation", 1.0),
    ("representative_office", 0.1),
)
USCC_TYPE = {"social_association": "51", "civil_non_enterprise": "52", "foundation": "53"}

ZH_DIGITS = "零一二三四五六七八九"
FIRST_DAY = date(1990, 1, 1).toordinal()
LAST_DAY = date(2024, 12, 31).toordinal()

# The organisation code (characters 9-17 of a USCC) follows GB 11714: 8 body characters and a check character.
_ORGCODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def zh_ordinal(n: int) -> str:
    """2 -> 第二, 23 -> 第二十三, 105 -> 第一百零五 (n < 10,000)."""
    if n < 10:
        return "第" + ZH_DIGITS[n]
    if n < 20:
        return "第十" + (ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return "第" + ZH_DIGITS[n // 10] + "十" + (ZH_DIGITS[n % 10] if n % 10 else "")
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            out += ZH_DIGITS[digit] + unit
        elif out and not out.endswith("零") and n % value:
            out += "零"
    return "第" + out


def short_name(zh: str) -> str:
    """北京市 -> 北京, 广西壮族自治区 -> 广西, 内蒙古自治区 -> 内蒙古."""
    if zh.endswith("自治区"):
        return zh[:3] if zh.startswith("内蒙古") else zh[:2]
    return zh[:-1]


def org_code(index: int) -> str:
    """A unique 9-character organisation code for row `index` (GB 11714 check character included)."""
    if index < 10_000_000:
        # Old-style numeric codes of civil-affairs registrations, scrambled so neighbours differ.
        body = "5" + f"{(index * 3_141_593 + 2_718_281) % 10_000_000:07d}"
    else:
        # Codes issued by civil affairs since 2016 start with MJ.
        rest = index - 10_000_000
        chars = []
        for _ in range(6):
            rest, digit = divmod(rest, 31)
            chars.append(_USCC_ALPHABET[digit])
        if rest:
            raise ValueError("too many organisations for unique organisation codes")
        body = "MJ" + "".join(reversed(chars))
    total = sum(int(c, 36) * w for c, w in zip(body, _ORGCODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc_for(kind: str, province: str, index: int) -> str:
    first17 = USCC_TYPE[kind] + province + org_code(index)
    return first17 + calc_check_digit(first17)


def _cumulative(weights: list[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


class Generator:
    """Builds rows one by one; all randomness comes from one `Random(seed)` in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.seen_zh: set[str] = set()
        self.seen_en: set[str] = set()
        self.day_iso = [date.fromordinal(d).isoformat() for d in range(FIRST_DAY, LAST_DAY + 1)]

    def _unique(self, zh: str, en: str) -> bool:
        if zh in self.seen_zh or en in self.seen_en:
            return False
        self.seen_zh.add(zh)
        self.seen_en.add(en)
        return True

    def domestic_name(self, kind: str, prov: Province) -> tuple[str, str, Topic]:
        rng = self.rng
        words = ORG_WORDS[kind]
        for attempt in range(12):
            level = rng.random()
            if level < 0.25 or not prov.cities:
                # A few use the short form: 上海书法家协会 beside 上海市书法家协会.
                place_zh, place_en = (prov.zh, prov.en) if level > 0.03 else (short_name(prov.zh), prov.en)
                if not prov.cities and level >= 0.25:  # municipality: district-level organisation
                    district = rng.choice(prov.districts)
                    place_zh += district.zh
                    place_en += " " + district.en
            else:
                city = rng.choice(prov.cities)
                place_zh, place_en = city.zh, city.en
                if level > 0.85 or attempt >= 4:
                    district = rng.choice(prov.districts)
                    if city is prov.cities[0]:
                        place_zh += district.zh
                        place_en += " " + district.en
            topic = rng.choice(TOPICS)
            word = rng.choice(words)
            if attempt < 8:
                modifier = rng.choice(MODIFIERS) if rng.random() < (0.4 if attempt == 0 else 0.9) else None
                mod_zh, mod_en = (modifier.zh, modifier.en + " ") if modifier else ("", "")
            else:
                n = rng.randrange(2, 1000)
                mod_zh, mod_en = zh_ordinal(n), f"No. {n} "
            zh = place_zh + mod_zh + topic.zh + word.zh
            if len(zh) > 20 or len(zh) < 6:
                continue
            en = f"{place_en} {mod_en}{topic.en} {word.en}"
            if self._unique(zh, en):
                return zh, en, topic
        # Practically unreachable: fall back on a numbered name that cannot clash.
        n = len(self.seen_zh)
        zh, en = f"{prov.zh}{topic.zh}{words[0].zh}{n}", f"{prov.en} {topic.en} {words[0].en} {n}"
        self._unique(zh, en)
        return zh, en, topic

    def office_name(self, origin: Place, city: Place) -> tuple[str, str, Topic]:
        rng = self.rng
        words = ORG_WORDS["representative_office"]
        for attempt in range(12):
            topic = rng.choice(TOPICS)
            word = rng.choice(words)
            modifier = rng.choice(MODIFIERS) if attempt > 0 or rng.random() < 0.3 else None
            mod_zh, mod_en = (modifier.zh, modifier.en + " ") if modifier else ("", "")
            zh = f"{origin.zh}{mod_zh}{topic.zh}{word.zh}{city.zh}代表处"
            en = f"{origin.en} {mod_en}{topic.en} {word.en} {city.en} Representative Office"
            if len(zh) <= 20 and self._unique(zh, en):
                return zh, en, topic
        n = len(self.seen_zh)
        zh, en = f"{origin.zh}{topic.zh}{n}{city.zh}代表处", f"{origin.en} {topic.en} {n} {city.en} Office"
        self._unique(zh, en)
        return zh, en, topic

    def former_name(self, kind: str, prov: Province, topic: Topic) -> str | None:
        """An earlier Chinese name: same topic under a different organisation word, if still free."""
        word = self.rng.choice(ORG_WORDS[kind])
        zh = prov.zh + topic.zh + word.zh
        if zh in self.seen_zh:
            return None
        self.seen_zh.add(zh)
        return zh

    def rows(self, count: int) -> Iterator[list[str]]:
        rng = self.rng
        kinds = rng.choices([k for k, _ in KINDS], cum_weights=_cumulative([w for _, w in KINDS]), k=count)
        provs = rng.choices(PROVINCES, cum_weights=_cumulative([p.weight for p in PROVINCES]), k=count)
        span = LAST_DAY - FIRST_DAY
        # Registrations grew over time: density rises linearly from 1990 to 2024.
        days = [self.day_iso[int(span * (rng.random() ** 0.5))] for _ in range(count)]
        gongo_draw = [rng.random() for _ in range(count)]
        office_cum = _cumulative([w for _, _, w in REP_OFFICE_CITIES])
        origin_cum = _cumulative([w for _, _, w in ORIGINS])
        by_code = {p.code: p for p in PROVINCES}

        for i in range(count):
            kind = kinds[i]
            prov = provs[i]
            if kind == "representative_office":
                code, city, _w = rng.choices(REP_OFFICE_CITIES, cum_weights=office_cum)[0]
                iso, origin, _w = rng.choices(ORIGINS, cum_weights=origin_cum)[0]
                prov = by_code[code]
                zh, en, topic = self.office_name(origin, city)
                uscc = ""
                gongo = ""
                fundraising = ""
            else:
                iso = "CN"
                zh, en, topic = self.domestic_name(kind, prov)
                uscc = uscc_for(kind, prov.code, i)
                g = gongo_draw[i]
                gongo = "gongo" if g < 0.3 else "grassroots" if g < 0.9 else ""
                fundraising = ("yes" if rng.random() < 0.25 else "no") if kind == "foundation" else ""
            fields = topic.fields[:1] if len(topic.fields) == 1 or rng.random() < 0.5 else topic.fields[:2]
            aliases = ""
            if i % 10 == 9:
                aliases = "".join(w[0] for w in en.replace("-", " ").split() if w[0].isupper())
                aliases += f" ({prov.en})"
            former = ""
            if kind != "representative_office" and rng.random() < 0.02:
                former = self.former_name(kind, prov, topic) or ""
            yield [kind, zh, en, uscc, iso, prov.code, ";".join(fields), gongo, fundraising, days[i],
                   aliases, former]


def write_csv(rows: Iterable[list[str]], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)


def generate(count: int, out: Path, seed: int = 1) -> Path:
    """Write `count` organisations to `out` (parents created); returns the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as stream:
        write_csv(Generator(seed).rows(count), stream)
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/orgs.csv"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    started = time.perf_counter()
    generate(args.count, args.out, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.count:,} organisations to {args.out} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
