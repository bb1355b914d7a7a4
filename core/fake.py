"""Made-up people: names, mobile numbers, ID numbers and addresses, for the demo county, the
scale data and the tests.

One source for all of them.  Every function draws from the generator it is given (a
`random.Random`, or the `random` module) and calls nothing but its `random()`, so callers keep
their own seeding and the scale generator's hot loop can afford it.
"""

import datetime
from bisect import bisect
from itertools import accumulate

from core import idnumber


class Weighted:
    """Draws from a fixed {value: weight} mapping; the cumulative weights are computed once."""

    def __init__(self, weights):
        self.values = list(weights)
        self.cum = list(accumulate(weights.values()))

    def __call__(self, rng):
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]


def pick(rng, items):
    """One of `items` (a sequence), uniformly."""
    return items[int(rng.random() * len(items))]


# Rough national frequencies (per mille), with the surnames common in Zhejiang (楼 应 傅 金 吕 蒋 施 叶 方 童 俞)
# raised, and 曾 单 解 (read zeng, shan, xie as surnames) present for the pinyin search.
SURNAMES = {
    "王": 71, "李": 70, "张": 67, "刘": 54, "陈": 52, "杨": 31, "黄": 22, "赵": 20, "吴": 22, "周": 21, "徐": 18,
    "孙": 15, "马": 12, "朱": 14, "胡": 14, "郭": 11, "何": 12, "林": 11, "罗": 9, "高": 10, "郑": 12, "梁": 7,
    "谢": 7, "宋": 7, "唐": 7, "许": 7, "韩": 6, "冯": 6, "邓": 6, "曹": 6, "彭": 5, "曾": 6, "肖": 5, "田": 5,
    "董": 5, "袁": 5, "潘": 7, "于": 4, "蒋": 8, "蔡": 5, "余": 5, "杜": 4, "叶": 9, "程": 4, "苏": 4, "魏": 4,
    "吕": 7, "丁": 4, "任": 4, "沈": 5, "姚": 4, "卢": 5, "傅": 7, "钟": 3, "姜": 3, "崔": 3, "谭": 3, "陆": 3,
    "汪": 4, "范": 3, "金": 8, "石": 3, "廖": 3, "贾": 3, "夏": 3, "方": 8, "邹": 2, "毛": 3, "邵": 4, "钱": 3,
    "严": 2, "戴": 2, "孔": 2, "应": 7, "楼": 7, "童": 4, "俞": 4, "施": 4, "葛": 2, "盛": 2, "鲍": 2, "倪": 2,
    "单": 2, "解": 1,
}
SURNAME = Weighted(SURNAMES)

# Given names by the decade of birth: (born before, names).
MALE_NAMES = [
    (1950, "福生 根法 金土 水良 樟松 荣华 德明 长青 忠良 有才 金根 土根 炳生 茂林 松林 汉章 培元 祖德 新华 建国 解放 昌盛"),
    (1966, "建国 国庆 跃进 卫东 爱国 卫国 建华 国强 志明 立新 红兵 向东 建军 援朝 胜利 和平 永明 新民 跃华 国平 国良 海林 振华"),
    (1980, "卫东 红卫 志强 建军 晓东 立新 文斌 国华 建平 海涛 伟民 宏伟 建伟 勇 军 伟 斌 刚 平 明 华 强 林 杰 峰 辉 勇军 小平"),
    (1995, "伟 磊 鹏 杰 斌 俊杰 海涛 晓峰 文杰 志刚 建锋 俊 超 亮 浩 剑 飞 凯 帅 强 阳 波 涛 鑫 晨 晓明 振宇 家乐 伟杰"),
    (9999, "浩 宇 浩然 宇航 晨阳 一鸣 嘉豪 子轩 天宇 博文 志远 泽宇 俊豪 昊天 子豪 家豪 明轩 睿 鑫 航 宇轩 浩宇 子健 文博"),
]
FEMALE_NAMES = [
    (1966, "秀英 桂英 玉兰 春花 红梅 美华 彩霞 月娥 秀兰 金花 爱华 凤英 翠英 菊香"),
    (1985, "丽华 海燕 雪芳 慧敏 丽 敏 静 芳 燕 红 丽萍 晓红 美玲 建英 小燕 丽娟 艳 霞 红英 秀芳"),
    (9999, "婷婷 欣怡 雨婷 佳怡 思雨 梦瑶 晓雯 佳琪 雅婷 诗涵 颖 倩 璐 佳 丹 瑶 雪 琳 蕾 晶 莉 洁 梦婷 静怡"),
]
MALE_NAMES = [(before, names.split()) for before, names in MALE_NAMES]
FEMALE_NAMES = [(before, names.split()) for before, names in FEMALE_NAMES]
# Two-character given names built from parts, for variety.
MALE_PARTS = ("建国志文晓海伟俊宏永家子浩天明振国立荣", "华强明军峰杰涛斌林平东辉龙宇豪轩鹏飞良生")
FEMALE_PARTS = ("丽秀美晓雪海佳雨梦思欣婷慧红玉", "华英芳红燕敏娟萍琳婷怡雯洁霞")

MOBILE_PREFIXES = ("130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
                   "180 181 182 183 185 186 187 188 189 199").split()
ROADS = "人民路 解放路 中山路 建设路 文化路 振兴路 府前路 新街 老街 迎宾路 环城路 滨江路 胜利路 和平路 溪滨路".split()


def given_name(rng, born_year=1975, female=False):
    pools, parts = (FEMALE_NAMES, FEMALE_PARTS) if female else (MALE_NAMES, MALE_PARTS)
    if rng.random() < 0.35:
        return pick(rng, parts[0]) + pick(rng, parts[1])
    for before, names in pools:
        if born_year < before:
            return pick(rng, names)
    return pick(rng, pools[-1][1])


def person_name(rng, born_year=1975, female=False, surname=None):
    """A name as common as names are for someone born in `born_year`: 王建国, 李婷婷."""
    return (surname or SURNAME(rng)) + given_name(rng, born_year, female)


def mobile(rng):
    """An 11-digit mobile number: 13812345678."""
    return f"{pick(rng, MOBILE_PREFIXES)}{int(rng.random() * 100000000):08d}"


def id_number(rng, born, *, female=False, region="330727", used=None, sequence=None):
    """A valid ID number (GB 11643): region, birth date (a date or "YYYYMMDD"), two sequence digits,
    the sex digit (odd for men), the check digit.  With `used` (a set of 17-digit prefixes) a number
    already given is never given again; `sequence` fixes the two sequence digits."""
    birth = born if isinstance(born, str) else f"{born:%Y%m%d}"
    for _attempt in range(1000):
        seq = int(rng.random() * 100) if sequence is None else sequence % 100
        prefix = f"{region}{birth}{seq:02d}{pick(rng, '02468' if female else '13579')}"
        if used is None:
            return prefix + idnumber.check_digit(prefix)
        if prefix not in used:
            used.add(prefix)
            return prefix + idnumber.check_digit(prefix)
    raise ValueError(f"no unused ID number left for {region} {birth}")


def street(rng, most=320):
    """A road and a house number: 人民路88号."""
    return f"{pick(rng, ROADS)}{1 + int(rng.random() * most)}号"


def address(rng, county, township, village):
    """A household's address (area names): a flat in a community (社区), a house number in a village."""
    if village.endswith("社区"):
        r = rng.random
        return (f"{county}{township}{village}{street(rng)}"
                f"{1 + int(r() * 24)}幢{1 + int(r() * 4)}单元{1 + int(r() * 18)}0{1 + int(r() * 4)}室")
    return f"{county}{township}{village}{1 + int(rng.random() * 260)}号"


def birth_date(rng, age, on):
    """A birth date of someone `age` years old on the day `on`."""
    born = on - datetime.timedelta(days=int((age + rng.random()) * 365.2425))
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return born + datetime.timedelta(days=1 if years > age else -1 if years < age else 0)
