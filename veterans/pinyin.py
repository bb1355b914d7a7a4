"""Pinyin of names for search: full pinyin and initials, surnames read as surnames.

pypinyin reads 曾 as ceng, 单 as dan and 解 as jie, as in ordinary words; as
surnames they are zeng, shan and xie.  Compound surnames come first.
"""

from pypinyin import Style, lazy_pinyin

SURNAMES = {
    "万俟": "mo qi", "尉迟": "yu chi", "单于": "chan yu", "长孙": "zhang sun", "澹台": "tan tai", "令狐": "ling hu",
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha", "区": "ou", "盖": "ge",
    "乐": "yue", "员": "yun", "覃": "qin", "翟": "zhai", "缪": "miao", "召": "shao", "种": "chong", "秘": "bi",
    "繁": "po", "黑": "he", "任": "ren", "华": "hua", "纪": "ji", "葛": "ge", "柏": "bai", "尉": "yu",
    "沈": "shen", "重": "chong", "隗": "wei", "句": "gou", "冼": "xian", "宓": "mi", "逄": "pang", "过": "guo",
    "相": "xiang", "藏": "zang", "都": "du", "蕃": "pi", "折": "she", "燕": "yan", "占": "zhan",
    "贾": "jia", "阚": "kan", "殷": "yin", "应": "ying", "卜": "bu", "薄": "bo", "长": "chang", "调": "diao",
}


def name_pinyin(name):
    """The syllables of a name, the surname read as a surname: 曾国藩 -> [zeng, guo, fan]."""
    name = (name or "").strip()
    for length in (2, 1):
        surname = name[:length]
        if len(name) > length and surname in SURNAMES:
            return SURNAMES[surname].split() + lazy_pinyin(name[length:], style=Style.NORMAL, errors="ignore")
    return lazy_pinyin(name, style=Style.NORMAL, errors="ignore")


def initials_and_full(name):
    """("zs", "zhangsan") for 张三."""
    syllables = [s.lower() for s in name_pinyin(name) if s]
    return "".join(s[0] for s in syllables), "".join(syllables)
